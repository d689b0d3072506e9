import Foundation
import Testing
import TrialCore

/// The first progression classified from the casebook of `CaseReportFixture` (CT, implantation arm, L1 and L2
/// implanted on day 7; day 56 SD, day 112 PR with sum 56 mm: L1 20, L2 10, L3 10, N1 16), with a day-168 scan.
@Suite struct ProgressionPatternTests {
    typealias F = CaseReportFixture

    /// The day-168 scan: targets (L1, L2, L3, N1) in mm, B1's status, new lesions and the treated-lesion readings.
    static func scan(_ sizes: [String], bone: NonTargetStatus = .present, newLesions: [NewLesionEntry] = [],
                     l1: TreatedLesionReading.InFieldStatus = .controlled, day: Int = 168) -> TumourAssessmentForm {
        let targets = F.targets(sizes)
        return TumourAssessmentForm(
            date: F.day(day), modality: .ct, targets: targets, nonTargets: [.init(id: "B1", status: bone)], newLesions: newLesions,
            treatedLesions: [TreatedLesionReading(lesionId: "L1", status: l1, mm: targets[0].mm, reason: l1 == .progression ? "growth" : nil),
                             TreatedLesionReading(lesionId: "L2", status: .controlled, mm: targets[1].mm)])
    }

    static func classify(_ scans: [TumourAssessmentForm], implanted: Bool = true, at day: Int = 168) throws -> FirstProgressionPattern? {
        var casebook = F.casebook
        if !implanted {
            casebook.armCode = "SYS"
            casebook.implantations = []
            for index in casebook.assessments.indices { casebook.assessments[index].form.treatedLesions = [] }
        }
        for (index, form) in scans.enumerated() {
            var form = form
            if !implanted { form.treatedLesions = [] }
            casebook.assessments.append(RecordedForm(id: "A\(index + 3)", form: form))
        }
        return try FirstProgressionPattern.classify(casebook, progressionDate: F.day(day))
    }

    @Test func growth_of_an_untreated_target_is_target_growth_out_of_field() throws {
        // Sum 76 over the nadir 56 (+35.7%, +20 mm); L3 grew from 10 to 30, the treated L1 and L2 did not.
        let pattern = try #require(try Self.classify([Self.scan(["20", "10", "30", "16"])]))
        #expect(pattern.patterns == [.targetGrowth, .outOfFieldOnly])
        #expect(pattern.criterion == .recist11 && pattern.day == 168 && pattern.assessmentId == "A3")
        #expect(pattern.inFieldLesionIds.isEmpty && pattern.newLesionOrgans.isEmpty)
    }

    @Test func growth_of_a_treated_target_alone_is_in_field() throws {
        // L1 from its nadir 20 to 35 mm (+75%, +15 mm): target PD (sum 71) and in-field progression of L1.
        let pattern = try #require(try Self.classify([Self.scan(["35", "10", "10", "16"], l1: .progression)]))
        #expect(pattern.patterns == [.targetGrowth, .inFieldOnly])
        #expect(pattern.inFieldLesionIds == ["L1"])
        #expect(pattern.fieldPattern == .inFieldOnly)
    }

    @Test func a_treated_target_growing_with_a_new_lesion_is_in_and_out_of_field() throws {
        let pattern = try #require(try Self.classify([Self.scan(
            ["35", "10", "10", "16"], newLesions: [NewLesionEntry(site: "lung", finding: .unequivocal), NewLesionEntry(site: "adrenal", finding: .unequivocal)],
            l1: .progression)]))
        #expect(pattern.patterns == [.targetGrowth, .newLesion, .inAndOutOfField])
        #expect(pattern.newLesionOrgans == ["adrenal", "lung"])
    }

    @Test func unequivocal_non_target_progression_of_an_untreated_lesion_is_out_of_field() throws {
        let pattern = try #require(try Self.classify([Self.scan(["20", "10", "10", "16"], bone: .unequivocalProgression)]))
        #expect(pattern.patterns == [.nonTargetProgression, .outOfFieldOnly])
    }

    @Test func a_new_lesion_alone_is_out_of_field_with_its_organ() throws {
        let pattern = try #require(try Self.classify([Self.scan(["20", "10", "10", "16"], newLesions: [NewLesionEntry(site: "brain", finding: .unequivocal)])]))
        #expect(pattern.patterns == [.newLesion, .outOfFieldOnly])
        #expect(pattern.newLesionOrgans == ["brain"])
    }

    @Test func an_equivocal_new_lesion_is_a_new_lesion_from_the_scan_that_first_showed_it_once_a_later_scan_confirms_it() throws {
        // Equivocal on day 168, unequivocal on day 224. RECIST 1.1 dates the progression back to day 168, the scan
        // where the lesion first appeared, and the endpoints read it there (AssessmentResponses.endpointResponses).
        let scans = [
            Self.scan(["20", "10", "10", "16"], newLesions: [NewLesionEntry(site: "liver", finding: .equivocal)]),
            Self.scan(["20", "10", "10", "16"], newLesions: [NewLesionEntry(site: "liver", finding: .unequivocal)], day: 224),
        ]
        let confirmed = try #require(try Self.classify(scans, at: 168))
        #expect(confirmed.patterns == [.newLesion, .outOfFieldOnly] && confirmed.newLesionOrgans == ["liver"])
        #expect(confirmed.assessmentId == "A3" && confirmed.day == F.day(0).days(until: F.day(168)))
        // Before the confirming scan exists, the equivocal reading alone is not progression.
        #expect(try Self.classify(Array(scans.prefix(1)), at: 168) == nil)
        let resolved = try Self.classify([
            Self.scan(["20", "10", "10", "16"], newLesions: [NewLesionEntry(site: "liver", finding: .equivocal)]),
            Self.scan(["20", "10", "10", "16"], day: 224),
        ])
        #expect(resolved == nil)
    }

    @Test func a_participant_without_treated_lesions_has_no_field_pattern() throws {
        let pattern = try #require(try Self.classify([Self.scan(["20", "10", "30", "16"], newLesions: [NewLesionEntry(site: "liver", finding: .unequivocal)])],
                                                     implanted: false))
        #expect(pattern.patterns == [.targetGrowth, .newLesion])
        #expect(pattern.fieldPattern == nil)
    }

    @Test func an_in_field_failure_before_the_progression_makes_it_in_and_out_of_field() throws {
        // Day 140: L1 grows to 30 mm (+50%, +10 mm over its nadir 20): local failure, sum 66 < 67.2 is not PD.
        // Day 168: a new lesion, the first overall progression.
        let pattern = try #require(try Self.classify([
            Self.scan(["30", "10", "10", "16"], l1: .progression, day: 140),
            Self.scan(["30", "10", "10", "16"], newLesions: [NewLesionEntry(site: "lung", finding: .unequivocal)], l1: .progression),
        ]))
        #expect(pattern.patterns == [.newLesion, .inAndOutOfField])
        #expect(pattern.inFieldLesionIds == ["L1"])
    }

    @Test func no_progression_on_the_date_gives_no_pattern() throws {
        #expect(try Self.classify([Self.scan(["20", "10", "10", "16"])]) == nil)
    }

    // MARK: PERCIST 1.0

    /// A PET/CT participant in the control arm: baseline SULpeak L1 6.0 (the hottest), L3 4.0.
    static func petCasebook(_ followUp: PercistEvaluationRequest.Scan, newLesions: [NewLesionEntry] = []) -> Casebook {
        var baseline = F.baseline
        baseline.imagingModality = .petCt
        baseline.petReference = PetReferenceUptake(liverMean: 2, liverSD: F.mm("0.3"))
        for index in baseline.lesions.indices {
            baseline.lesions[index].sulPeak = ["L1": F.mm("6.0"), "L3": F.mm("4.0")][baseline.lesions[index].id]
        }
        let scan = TumourAssessmentForm(date: F.day(56), modality: .petCt, targets: F.targets(["30", "20", "15", "18"]),
                                        nonTargets: [.init(id: "B1", status: .present)], newLesions: newLesions, percist: followUp)
        return Casebook(participantId: "960-0002", armCode: "SYS", randomizationDate: F.randomized,
                        baseline: RecordedForm(id: "BL", form: baseline), assessments: [RecordedForm(id: "P1", form: scan)])
    }

    static func pet(_ l1: String, newLesions: Bool = false, nonTarget: Bool = false) -> PercistEvaluationRequest.Scan {
        PercistEvaluationRequest.Scan(date: F.day(56), liverMean: 2, liverSD: F.mm("0.3"),
                                      lesions: [.init(id: "L1", sulPeak: F.mm(l1)), .init(id: "L3", sulPeak: F.mm("4.0"))],
                                      newLesions: newLesions, nonTargetProgression: nonTarget)
    }

    @Test func a_sulpeak_increase_over_the_percist_thresholds_is_metabolic_progression() throws {
        // 6.0 to 8.0: +33% and +2.0 SUL, over the 30% and 0.8 SUL thresholds.
        let pattern = try #require(try FirstProgressionPattern.classify(Self.petCasebook(Self.pet("8.0")), progressionDate: F.day(56)))
        #expect(pattern.criterion == .percist10 && pattern.patterns == [.metabolicIncrease])
    }

    @Test func a_new_fdg_avid_lesion_is_its_own_pattern_with_its_organ() throws {
        let pattern = try #require(try FirstProgressionPattern.classify(
            Self.petCasebook(Self.pet("6.0", newLesions: true), newLesions: [NewLesionEntry(site: "bone", finding: .unequivocal)]),
            progressionDate: F.day(56)))
        #expect(pattern.patterns == [.newFDGAvidLesion] && pattern.newLesionOrgans == ["bone"])
    }

    @Test func an_increase_under_the_threshold_with_non_target_progression_is_non_target_only() throws {
        // 6.0 to 7.5: +25%, under 30%.
        let pattern = try #require(try FirstProgressionPattern.classify(Self.petCasebook(Self.pet("7.5", nonTarget: true)), progressionDate: F.day(56)))
        #expect(pattern.patterns == [.nonTargetProgression])
    }

    @Test func every_pattern_has_its_own_parameter_code_and_label() {
        #expect(Set(ProgressionPattern.allCases.map(\.rawValue)).count == ProgressionPattern.allCases.count)
        #expect(ProgressionPattern.allCases.allSatisfy { $0.rawValue.count <= 8 && !$0.parameterLabel.isEmpty })
        #expect(ProgressionPattern.diseasePatterns.count + ProgressionPattern.fieldPatterns.count == ProgressionPattern.allCases.count)
    }
}
