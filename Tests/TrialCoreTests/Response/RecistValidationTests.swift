import Foundation
import Testing
@testable import TrialCore

private typealias F = ResponseFixtures

/// Every way a RECIST record is rejected, each naming the JSON path of the field.
struct RecistValidationTests {
    /// A valid record: two targets (liver, mediastinal node), one non-target, two follow-ups.
    static func validRequest() -> RecistEvaluationRequest {
        F.request(
            targets: [F.target("T1", "liver", "20"), F.target("N1", "mediastinum", "16", nodal: true)],
            nonTargets: [.init(id: "B1", organ: "bone", nodal: false)],
            followUps: [["18", "14"], ["17", "12"]])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let field: String
        let messageContains: String
        let change: @Sendable (inout RecistEvaluationRequest) -> Void
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no lesion at all", field: "baseline", messageContains: "at least one target or non-target") {
            $0.baseline.targets = []
            $0.baseline.nonTargets = []
            $0.followUps = []
        },
        Case(name: "empty lesion id", field: "baseline.targets[0].id", messageContains: "must not be empty") {
            $0.baseline.targets[0].id = "  "
        },
        Case(name: "duplicate lesion id across targets and non-targets", field: "baseline.nonTargets[0].id", messageContains: "already used by baseline.targets[0]") {
            $0.baseline.nonTargets[0].id = "T1"
        },
        Case(name: "empty organ", field: "baseline.targets[0].organ", messageContains: "name the organ") {
            $0.baseline.targets[0].organ = ""
        },
        Case(name: "empty non-target organ", field: "baseline.nonTargets[0].organ", messageContains: "name the organ") {
            $0.baseline.nonTargets[0].organ = ""
        },
        Case(name: "negative baseline size", field: "baseline.targets[0].mm", messageContains: "must not be negative") {
            $0.baseline.targets[0].mm = -20
        },
        Case(name: "implausibly large size", field: "baseline.targets[0].mm", messageContains: "at most 1000 mm") {
            $0.baseline.targets[0].mm = 1500
        },
        Case(name: "finer than a tenth of a millimetre", field: "baseline.targets[0].mm", messageContains: "0.1 mm") {
            $0.baseline.targets[0].mm = F.decimal("20.05")
        },
        Case(name: "non-nodal target under 10 mm", field: "baseline.targets[0].mm", messageContains: "at least 10 mm") {
            $0.baseline.targets[0].mm = F.decimal("9.9")
        },
        Case(name: "target node of 10 to 15 mm", field: "baseline.targets[1].mm", messageContains: "pathological but not measurable") {
            $0.baseline.targets[1].mm = F.decimal("14.9")
        },
        Case(name: "target node under 10 mm", field: "baseline.targets[1].mm", messageContains: "not pathological") {
            $0.baseline.targets[1].mm = F.decimal("9.9")
        },
        Case(name: "thick slices raise the measurable diameter", field: "baseline.targets[0].mm", messageContains: "twice the 8 mm slice thickness") {
            $0.sliceThicknessMm = 8
            $0.baseline.targets[0].mm = F.decimal("15.9")
        },
        Case(name: "slice thickness of 0", field: "sliceThicknessMm", messageContains: "more than 0") {
            $0.sliceThicknessMm = 0
        },
        Case(name: "negative minimum SD duration", field: "minimumSDDays", messageContains: "0 or more days") {
            $0.minimumSDDays = -1
        },
        Case(name: "follow-up before baseline", field: "followUps[0].date", messageContains: "after baseline.date (2026-01-05)") {
            $0.followUps[0].date = F.day(-3)
        },
        Case(name: "follow-up on the baseline date", field: "followUps[0].date", messageContains: "after baseline.date") {
            $0.followUps[0].date = F.baselineDate
        },
        Case(name: "follow-ups out of order", field: "followUps[1].date", messageContains: "after followUps[0].date") {
            $0.followUps[1].date = F.day(10)
        },
        Case(name: "unknown target lesion", field: "followUps[1].targets[0].id", messageContains: "no baseline target lesion 'T9'") {
            $0.followUps[1].targets[0].id = "T9"
        },
        Case(name: "non-target recorded under targets", field: "followUps[0].targets[1].id", messageContains: "non-target lesion at baseline; record it under nonTargets") {
            $0.followUps[0].targets[1].id = "B1"
        },
        Case(name: "target recorded twice", field: "followUps[0].targets[1].id", messageContains: "already used") {
            $0.followUps[0].targets[1].id = "T1"
        },
        Case(name: "target missing from a follow-up", field: "followUps[0].targets", messageContains: "'N1' is missing; record it with mm null") {
            $0.followUps[0].targets.removeLast()
        },
        Case(name: "negative follow-up size", field: "followUps[1].targets[0].mm", messageContains: "must not be negative") {
            $0.followUps[1].targets[0].mm = F.decimal("-0.1")
        },
        Case(name: "non-nodal lesion both measured and too small", field: "followUps[0].targets[0].tooSmall", messageContains: "not both") {
            $0.followUps[0].targets[0].tooSmall = true
        },
        Case(name: "node too small to measure at 0 mm", field: "followUps[0].targets[1].mm", messageContains: "cannot be 0 mm") {
            $0.followUps[0].targets[1] = F.reading("N1", "0", tooSmall: true)
        },
        Case(name: "unknown non-target lesion", field: "followUps[0].nonTargets[0].id", messageContains: "no baseline non-target lesion 'B7'") {
            $0.followUps[0].nonTargets[0].id = "B7"
        },
        Case(name: "target recorded under non-targets", field: "followUps[0].nonTargets[0].id", messageContains: "a target lesion at baseline; record it under targets") {
            $0.followUps[0].nonTargets[0].id = "T1"
        },
        Case(name: "non-target missing from a follow-up", field: "followUps[1].nonTargets", messageContains: "'B1' is missing; record it with status notAssessed") {
            $0.followUps[1].nonTargets = []
        },
    ]

    @Test(arguments: cases)
    func rejected_input_names_the_field_and_the_rule(_ testCase: Case) {
        var request = Self.validRequest()
        #expect(F.recistErrors(request).isEmpty)
        testCase.change(&request)
        let errors = F.recistErrors(request)
        let match = errors.first { $0.field == testCase.field }
        #expect(match != nil, "expected an error on \(testCase.field), got \(errors)")
        #expect(match?.message.contains(testCase.messageContains) == true, "\(match?.message ?? "-")")
    }

    @Test func measurability_boundaries_accept_exactly_10mm_and_nodes_of_15mm() {
        var request = Self.validRequest()
        request.baseline.targets[0].mm = 10
        request.baseline.targets[1].mm = 15
        #expect(F.recistErrors(request).isEmpty)
        request.sliceThicknessMm = 8
        request.baseline.targets[0].mm = 16
        #expect(F.recistErrors(request).isEmpty)
    }

    @Test func the_sixth_target_is_rejected_and_five_are_accepted() {
        let organs = ["liver", "lung", "adrenal", "spleen", "kidney", "bone"]
        let five = F.request(targets: organs.prefix(5).enumerated().map { F.target("T\($0)", $1, "20") }, followUps: [])
        #expect(F.recistErrors(five).isEmpty)
        let six = F.request(targets: organs.enumerated().map { F.target("T\($0)", $1, "20") }, followUps: [])
        let errors = F.recistErrors(six)
        #expect(errors.map(\.field) == ["baseline.targets[5]"])
        #expect(errors.first?.message.contains("at most 5 target lesions") == true)
    }

    @Test func the_third_target_in_one_organ_is_rejected_and_two_are_accepted() {
        let two = F.request(targets: [F.target("T1", "liver", "20"), F.target("T2", "Liver ", "20")], followUps: [])
        #expect(F.recistErrors(two).isEmpty)
        let three = F.request(
            targets: [F.target("T1", "liver", "20"), F.target("T2", "Liver ", "20"), F.target("T3", "LIVER", "20")],
            followUps: [])
        let errors = F.recistErrors(three)
        #expect(errors.map(\.field) == ["baseline.targets[2].organ"])
        #expect(errors.first?.message.contains("already has T1, T2") == true)
    }

    @Test func lymph_nodes_at_any_site_count_as_one_organ() {
        let nodes = F.request(
            targets: [
                F.target("N1", "neck", "20", nodal: true), F.target("N2", "mediastinum", "20", nodal: true),
                F.target("N3", "retroperitoneum", "20", nodal: true),
            ],
            followUps: [])
        let errors = F.recistErrors(nodes)
        #expect(errors.map(\.field) == ["baseline.targets[2].organ"])
        #expect(errors.first?.message.contains("lymph nodes") == true)
    }

    @Test func every_problem_is_reported_at_once() {
        var request = Self.validRequest()
        request.baseline.targets[0].mm = 5
        request.followUps[1].targets[0].mm = -1
        request.followUps[1].date = F.day(1)
        #expect(Set(F.recistErrors(request).map(\.field)) == ["baseline.targets[0].mm", "followUps[1].targets[0].mm", "followUps[1].date"])
    }

    @Test func evaluation_throws_the_validation_failure() {
        var request = Self.validRequest()
        request.followUps[0].targets[0].id = "X"
        #expect(throws: ValidationFailure.self) { try RecistEvaluation(evaluating: request) }
    }
}

/// Input that cannot be decoded names the JSON path and what is allowed.
struct RecistDecodingTests {
    static let validJSON = """
        {"baseline":{"date":"2026-01-05","targets":[{"id":"T1","organ":"liver","nodal":false,"mm":20}],"nonTargets":[]},
         "followUps":[{"date":"2026-03-02","targets":[{"id":"T1","mm":18}],"nonTargets":[],"newLesions":"none"}]}
        """

    func decodingError(_ json: String) -> (path: String, message: String)? {
        do {
            _ = try F.decodeJSON(RecistEvaluationRequest.self, json)
            return nil
        } catch let DecodingError.dataCorrupted(context) {
            return (context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined(), context.debugDescription)
        } catch let DecodingError.keyNotFound(key, context) {
            return ((context.codingPath + [key]).map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined(), "is required")
        } catch {
            return ("?", "\(error)")
        }
    }

    @Test func the_issue_input_shape_decodes() throws {
        let request = try F.decodeJSON(RecistEvaluationRequest.self, Self.validJSON)
        #expect(request.followUps[0].targets[0].mm == 18)
        #expect(request.followUps[0].newLesions == .noneSeen)
    }

    @Test func an_unknown_status_lists_the_allowed_ones() {
        let json = Self.validJSON.replacingOccurrences(of: #""nonTargets":[],"newLesions""#, with: #""nonTargets":[{"id":"T1","status":"gone"}],"newLesions""#)
        let error = decodingError(json)
        #expect(error?.path == ".followUps[0].nonTargets[0].status")
        #expect(error?.message == "must be one of present, absent, unequivocalProgression, notAssessed")
    }

    @Test func an_unknown_new_lesion_reading_lists_the_allowed_ones() {
        let error = decodingError(Self.validJSON.replacingOccurrences(of: #""newLesions":"none""#, with: #""newLesions":"maybe""#))
        #expect(error?.path == ".followUps[0].newLesions")
        #expect(error?.message == "must be one of none, equivocal, unequivocal")
    }

    @Test func a_size_that_is_not_a_number_says_so() {
        let error = decodingError(Self.validJSON.replacingOccurrences(of: #""mm":18"#, with: #""mm":"18""#))
        #expect(error?.path == ".followUps[0].targets[0].mm")
        #expect(error?.message.contains("a length in millimetres") == true)
    }

    @Test func a_missing_new_lesion_reading_is_required() {
        let error = decodingError(Self.validJSON.replacingOccurrences(of: #","newLesions":"none""#, with: ""))
        #expect(error?.path == ".followUps[0].newLesions")
    }

    @Test func a_null_size_means_not_assessed() throws {
        let request = try F.decodeJSON(RecistEvaluationRequest.self, Self.validJSON.replacingOccurrences(of: #""mm":18"#, with: #""mm":null"#))
        #expect(request.followUps[0].targets[0].mm == nil)
        let evaluation = try RecistEvaluation(evaluating: request)
        #expect(evaluation.timepoints[0].target == .notEvaluable)
    }
}

/// RECIST 1.1 measurability of a lesion at baseline, on both sides of each threshold.
struct RecistMeasurabilityTests {
    @Test(arguments: [
        ("9.9", false, RecistLesionMeasurability.nonMeasurable),
        ("10", false, .measurable),
        ("9.9", true, .normalNode),
        ("10", true, .pathologicalNonMeasurableNode),
        ("14.9", true, .pathologicalNonMeasurableNode),
        ("15", true, .measurable),
    ])
    func lesion_measurability_thresholds(size: String, nodal: Bool, expected: RecistLesionMeasurability) {
        #expect(RecistLesionMeasurability.classify(nodal: nodal, size: F.mm(size)) == expected)
    }

    @Test func slices_thicker_than_5mm_need_twice_the_slice_thickness() {
        let thick = RecistSettings(sliceThickness: F.mm("7.5"))
        #expect(thick.measurableNonNodalDiameter == F.mm("15"))
        #expect(RecistLesionMeasurability.classify(nodal: false, size: F.mm("14.9"), settings: thick) == .nonMeasurable)
        #expect(RecistLesionMeasurability.classify(nodal: false, size: F.mm("15"), settings: thick) == .measurable)
        #expect(RecistSettings(sliceThickness: F.mm("3")).measurableNonNodalDiameter == F.mm("10"))
    }

    @Test func a_fractional_minimum_sd_duration_is_rejected_when_decoding() throws {
        let json = RecistDecodingTests.validJSON.replacingOccurrences(of: #""nonTargets":[]},"#, with: #""nonTargets":[]},"minimumSDDays":42.5,"#)
        #expect(throws: DecodingError.self) { try F.decodeJSON(RecistEvaluationRequest.self, json) }
        let whole = RecistDecodingTests.validJSON.replacingOccurrences(of: #""nonTargets":[]},"#, with: #""nonTargets":[]},"minimumSDDays":56,"#)
        #expect(try F.decodeJSON(RecistEvaluationRequest.self, whole).minimumSDDays == 56)
    }
}
