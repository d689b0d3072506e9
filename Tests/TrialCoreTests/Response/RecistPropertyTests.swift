import Foundation
import PropertyBased
import Testing
@testable import TrialCore

private typealias F = ResponseFixtures

/// Invariants of the RECIST course over random but valid records.
struct RecistPropertyTests {
    /// Builds a valid record from random numbers: 1-3 targets of 10.0-99.9 mm in different organs, an
    /// optional non-target, 1-8 follow-ups with sizes 0-120 mm, some not assessed or too small, and
    /// random new-lesion and non-target readings.
    static func course(from numbers: [Int]) -> RecistEvaluationRequest {
        var next = numbers.makeIterator()
        func draw() -> Int { next.next() ?? 0 }
        let organs = ["liver", "lung", "adrenal"]
        let targetCount = 1 + draw() % 3
        let targets = (0..<targetCount).map { index in
            RecistEvaluationRequest.BaselineTarget(
                id: "T\(index + 1)", organ: organs[index], nodal: false,
                mm: Decimal(100 + draw() % 900) / 10)
        }
        let hasNonTarget = draw() % 2 == 0
        let followUpCount = 1 + draw() % 8
        var followUps: [RecistEvaluationRequest.FollowUp] = []
        var day = 0
        for _ in 0..<followUpCount {
            day += 20 + draw() % 60
            let readings = targets.map { target -> RecistEvaluationRequest.TargetReading in
                let value = draw() % 1300
                switch value {
                case 1250...: return .init(id: target.id, mm: nil)
                case 1200..<1250: return .init(id: target.id, mm: nil, tooSmall: true)
                default: return .init(id: target.id, mm: Decimal(value) / 10)
                }
            }
            let statuses: [NonTargetStatus] = [.present, .present, .absent, .notAssessed, .unequivocalProgression]
            let findings: [NewLesionFinding] = [.noneSeen, .noneSeen, .noneSeen, .equivocal, .unequivocal]
            followUps.append(.init(
                date: F.day(day), targets: readings,
                nonTargets: hasNonTarget ? [.init(id: "B1", status: statuses[draw() % statuses.count])] : [],
                newLesions: findings[draw() % findings.count]))
        }
        return RecistEvaluationRequest(
            baseline: .init(date: F.baselineDate, targets: targets, nonTargets: hasNonTarget ? [.init(id: "B1", organ: "bone")] : []),
            followUps: followUps)
    }

    static let numbers = Gen.int(in: 0...100_000).array(of: 60)

    @Test func a_sum_is_never_below_zero() async {
        await propertyCheck(input: Self.numbers) { numbers in
            let evaluation = try RecistEvaluation(evaluating: Self.course(from: numbers))
            for timepoint in evaluation.timepoints {
                #expect((timepoint.sum ?? .zero) >= .zero)
                #expect((timepoint.nadir ?? .zero) >= .zero)
            }
        }
    }

    @Test func the_nadir_is_never_above_any_earlier_sum() async {
        await propertyCheck(input: Self.numbers) { numbers in
            let evaluation = try RecistEvaluation(evaluating: Self.course(from: numbers))
            var earlierSums = [evaluation.baselineSum!]
            for timepoint in evaluation.timepoints {
                let nadir = try #require(timepoint.nadir)
                #expect(earlierSums.allSatisfy { nadir <= $0 })
                #expect(earlierSums.contains(nadir), "the nadir is one of the earlier sums")
                if let sum = timepoint.sum { earlierSums.append(sum) }
            }
        }
    }

    @Test func once_progression_is_reached_its_date_never_changes_when_time_points_are_added() async {
        await propertyCheck(input: Self.numbers) { numbers in
            let full = Self.course(from: numbers)
            var reached: CalendarDate?
            for count in 0...full.followUps.count {
                var prefix = full
                prefix.followUps = Array(full.followUps.prefix(count))
                let date = try RecistEvaluation(evaluating: prefix).progressionDate
                if let reached {
                    #expect(date == reached, "after \(count) follow-ups")
                } else {
                    reached = date
                }
            }
        }
    }

    @Test func the_progression_date_is_a_time_point_whose_overall_response_is_PD_with_none_before() async {
        await propertyCheck(input: Self.numbers) { numbers in
            let evaluation = try RecistEvaluation(evaluating: Self.course(from: numbers))
            if let date = evaluation.progressionDate {
                let index = try #require(evaluation.timepoints.firstIndex { $0.date == date })
                #expect(evaluation.timepoints[index].overall == .progressiveDisease)
                #expect(!evaluation.timepoints[..<index].contains { $0.overall == .progressiveDisease })
            } else {
                #expect(!evaluation.timepoints.contains { $0.overall == .progressiveDisease })
                #expect(evaluation.bestOverallResponse != .progressiveDisease)
            }
        }
    }

    @Test func each_time_point_of_the_whole_series_is_the_last_of_its_own_prefix() async {
        // What lets AssessmentResponses evaluate a series once instead of once per assessment: a time point
        // depends only on those before it, except the PD a confirmed equivocal new lesion dates back, whose
        // own responses the evaluation keeps.
        await propertyCheck(input: Self.numbers) { numbers in
            let request = Self.course(from: numbers)
            let whole = try RecistEvaluation(evaluating: request)
            for count in 1...request.followUps.count {
                var prefix = request
                prefix.followUps = Array(request.followUps.prefix(count))
                var own = whole.timepoints[count - 1]
                if let before = whole.overallBeforeDatingBack[count - 1] { own.overall = before }
                #expect(try RecistEvaluation(evaluating: prefix).timepoints.last == own)
            }
            for (index, before) in whole.overallBeforeDatingBack {
                #expect(whole.timepoints[index].overall == .progressiveDisease && before != .progressiveDisease)
                #expect(request.followUps[index].newLesions == .equivocal)
            }
        }
    }

    @Test func partial_response_threshold_is_exact_for_every_baseline() async {
        // For any baseline of b tenths, a sum of s tenths is at least 30% below it exactly when 10 s <= 7 b,
        // checked here against exact decimal arithmetic rather than the implementation's own formula.
        await propertyCheck(input: Gen.int(in: 1...10_000), Gen.int(in: 0...10_000)) { baseline, sum in
            let exact = Decimal(sum) <= Decimal(baseline) * F.decimal("0.7")
            #expect(RecistSettings().isPartialResponse(sum: Millimetres(tenths: sum), baselineSum: Millimetres(tenths: baseline)) == exact)
        }
    }
}
