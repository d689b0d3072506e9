import Foundation
import Testing
import TrialCore

@Suite struct EditChecksTests {
    typealias F = CaseReportFixture

    func findings(_ change: (inout Casebook) -> Void = { _ in }) -> [EditCheckFinding] {
        var casebook = F.casebook
        change(&casebook)
        return EditChecks.run(on: casebook, study: F.study)
    }

    func checks(_ change: (inout Casebook) -> Void) -> [EditCheck] {
        findings(change).map(\.check)
    }

    static let death = RecordedForm(id: "D", form: DeathForm(date: F.day(100), cause: .progression))
    static let end = RecordedForm(id: "E", form: EndOfStudyForm(date: F.day(100), reason: .death))

    @Test func a_clean_casebook_raises_no_finding() {
        #expect(findings() == [])
        #expect(EditChecks.run(on: PercistFixture.casebook, study: F.study) == [])
    }

    @Test func check_identifiers_are_stable_and_unique() {
        #expect(EditCheck.dateBeforeRandomization.rawValue == "EC01")
        #expect(EditCheck.investigatorReadingDisagrees.rawValue == "EC07")
        #expect(Set(EditCheck.allCases.map(\.rawValue)).count == EditCheck.allCases.count)
        #expect(EditCheck.allCases.allSatisfy { !$0.title.isEmpty })
    }

    @Test func a_date_before_randomization_is_a_hard_finding() {
        let found = findings { $0.implantations[0].form.date = F.day(-2) }
        #expect(found.contains(EditCheckFinding(check: .dateBeforeRandomization, form: .implantation, recordId: "IMP1", field: "date",
                                                message: "\(F.day(-2).iso8601) is before randomization on \(F.randomized.iso8601)")))
        #expect(found.first { $0.check == .dateBeforeRandomization }?.severity == .hard)
    }

    @Test func dates_after_death_are_hard_findings() {
        let found = findings { $0.death = Self.death; $0.endOfStudy = Self.end }
        // The second assessment (day 112) is after the death on day 100.
        #expect(found.map(\.check) == [.dateAfterDeath])
        #expect(found.first?.recordId == "A2")
        #expect(findings { $0.death = RecordedForm(id: "D", form: DeathForm(date: F.day(112), cause: .progression)); $0.endOfStudy = Self.end } .allSatisfy { $0.check != .dateAfterDeath })
        let lateEvent = checks {
            $0.death = RecordedForm(id: "D", form: DeathForm(date: F.day(112), cause: .progression))
            $0.endOfStudy = Self.end
            $0.adverseEvents = [RecordedForm(id: "AE1", form: AdverseEventRecord(term: "Fatigue", grade: 1, onsetDate: F.day(113), outcome: .notRecovered))]
        }
        #expect(lateEvent == [.dateAfterDeath])
    }

    @Test func an_assessment_outside_its_window_is_a_soft_finding() {
        let found = findings {
            $0.assessments[1].form.date = F.day(121)
        }
        #expect(found.map(\.check) == [.assessmentOutsideWindow])
        #expect(found[0].severity == .soft)
    }

    @Test func a_missing_target_measurement_is_found() {
        #expect(checks { $0.assessments[0].form.targets[1].mm = nil; $0.assessments[0].form.investigatorRecist = .notEvaluable } == [.missingTargetMeasurement])
        #expect(checks { $0.assessments[0].form.targets[1] = .init(id: "L2", mm: nil, tooSmall: true); $0.assessments[0].form.investigatorRecist = nil } == [])
    }

    @Test func a_grade_5_event_without_a_death_record_is_found() {
        let fatal = RecordedForm(id: "AE1", form: F.fatalEvent())
        #expect(checks { $0.adverseEvents = [fatal] } == [.fatalEventWithoutDeath])
        let withDeath = checks {
            $0.adverseEvents = [fatal]
            $0.death = RecordedForm(id: "D", form: DeathForm(date: F.day(9), cause: .adverseEvent, adverseEventId: "AE1"))
            $0.endOfStudy = RecordedForm(id: "E", form: EndOfStudyForm(date: F.day(9), reason: .death))
            $0.assessments = []
            $0.therapyLines = []
        }
        #expect(withDeath == [])
    }

    @Test func a_death_without_an_end_of_study_record_is_found() {
        let found = findings {
            $0.death = RecordedForm(id: "D", form: DeathForm(date: F.day(120), cause: .progression))
        }
        #expect(found.map(\.check) == [.deathWithoutEndOfStudy])
        #expect(found[0].form == .death)
    }

    @Test func the_investigator_reading_disagreeing_with_the_computed_response_raises_a_query() {
        let found = findings { $0.assessments[1].form.investigatorRecist = .completeResponse }
        #expect(found.map(\.check) == [.investigatorReadingDisagrees])
        #expect(found[0].recordId == "A2")
        #expect(found[0].field == "investigatorRecist")
        #expect(found[0].severity == .soft)
        let percist = EditChecks.run(on: { var c = PercistFixture.casebook; c.assessments[0].form.investigatorPercist = .partialMetabolicResponse; return c }(), study: F.study)
        #expect(percist.map(\.check) == [.investigatorReadingDisagrees])
        #expect(percist.first?.field == "investigatorPercist")
    }

    @Test func correcting_an_earlier_assessment_makes_a_later_reading_disagree() {
        // The corrected first scan (sum 45) turns the second scan into PD, which the investigator read as PR.
        let found = findings {
            $0.assessments[0].form.targets = F.targets(["15", "10", "8", "12"])
            $0.assessments[0].form.investigatorRecist = .partialResponse
        }
        #expect(found.map(\.check) == [.investigatorReadingDisagrees])
        #expect(found[0].recordId == "A2")
    }

    @Test func a_therapy_line_starting_before_the_previous_one_stopped_is_found() {
        var second = F.firstLine
        second.lineNumber = 2
        second.startDate = F.day(80)
        second.stopDate = nil
        second.stopReason = nil
        second.startReason = .clinicalDecision
        #expect(checks { $0.therapyLines.append(RecordedForm(id: "T2", form: second)) } == [.therapyLineOverlap])
        second.startDate = F.day(90)
        #expect(checks { $0.therapyLines.append(RecordedForm(id: "T2", form: second)) } == [])
        #expect(checks {
            $0.therapyLines[0].form.stopDate = nil
            $0.therapyLines[0].form.stopReason = nil
            $0.therapyLines.append(RecordedForm(id: "T2", form: second))
        } == [.therapyLineOverlap])
    }

    @Test func a_line_started_for_progression_needs_a_progression_on_or_before_its_start() {
        var second = F.firstLine
        second.lineNumber = 2
        second.startDate = F.day(115)
        second.stopDate = nil
        second.stopReason = nil
        second.startReason = .progression
        let line = RecordedForm(id: "T2", form: second)
        let found = findings { $0.therapyLines.append(line) }
        #expect(found.map(\.check) == [.progressionLineWithoutProgression])
        #expect(found[0].severity == .soft)
        // The corrected first scan makes the day-112 scan PD (read so by the investigator): the line is explained.
        #expect(checks {
            $0.therapyLines.append(line)
            $0.assessments[0].form.targets = F.targets(["15", "10", "8", "12"])
            $0.assessments[0].form.investigatorRecist = .partialResponse
            $0.assessments[1].form.investigatorRecist = .progressiveDisease
        } == [])
        // In-field progression of a treated lesion also explains it.
        #expect(checks {
            $0.therapyLines.append(line)
            $0.assessments[1].form.treatedLesions[0] = TreatedLesionReading(lesionId: "L1", status: .progression, mm: 20, reason: "new rim uptake")
        } == [])
        // A line started for progression on day 110, before the PD on day 112, is not explained by it.
        second.startDate = F.day(110)
        #expect(checks {
            $0.therapyLines.append(RecordedForm(id: "T2", form: second))
            $0.assessments[0].form.targets = F.targets(["15", "10", "8", "12"])
            $0.assessments[0].form.investigatorRecist = .partialResponse
            $0.assessments[1].form.investigatorRecist = .progressiveDisease
        } == [.progressionLineWithoutProgression])
    }

    @Test func therapy_lines_out_of_start_order_are_found() {
        var second = F.firstLine
        second.lineNumber = 3
        second.startDate = F.day(95)
        #expect(checks { $0.therapyLines.append(RecordedForm(id: "T2", form: second)) } == [.therapyLineNumbering])
    }

    @Test func implantation_in_the_control_arm_and_of_unknown_lesions_is_found() {
        #expect(checks { $0.armCode = "SYS" }.contains(.implantationInArmWithout))
        #expect(checks { $0.implantations[0].form.lesions[0].lesionId = "L9" }.contains(.implantedLesionNotInInventory))
    }

    @Test func a_treated_lesion_without_a_reading_is_found() {
        #expect(checks { $0.assessments[1].form.treatedLesions.removeLast() } == [.treatedLesionWithoutReading])
    }

    @Test func a_follow_up_reporting_death_without_a_death_record_is_found() {
        let followUp = RecordedForm(id: "FU1", form: FollowUpForm(date: F.day(120), status: .dead, lastKnownAliveDate: F.day(110)))
        #expect(checks { $0.followUps = [followUp] } == [.reportedDeadWithoutDeath])
    }

    @Test func a_baseline_change_that_breaks_saved_assessments_is_a_hard_finding() {
        let found = findings { $0.baseline?.form.lesions[2].role = .nonTarget }
        #expect(found.map(\.check).contains(.responseNotComputable))
        #expect(found.filter { $0.check == .responseNotComputable }.allSatisfy { $0.severity == .hard && $0.form == .tumourAssessment })
    }

    @Test func a_baseline_that_breaks_recist_is_reported_on_the_baseline_at_its_inventory_path() {
        // Three liver targets: RECIST 1.1 allows two per organ.
        let found = findings { $0.baseline?.form.lesions[2].organ = "liver" }
        #expect(found.filter { $0.form == .baseline }.map(\.field) == ["lesions[2].organ"])
        #expect(found.allSatisfy { $0.check == .responseNotComputable })
    }

    @Test func a_save_is_judged_by_the_findings_it_introduces() {
        let before = findings { $0.assessments[1].form.date = F.day(121) }
        let after = findings {
            $0.assessments[1].form.date = F.day(121)
            $0.implantations[0].form.date = F.day(-2)
        }
        let introduced = EditChecks.introduced(after: after, before: before)
        #expect(introduced.map(\.check) == [.dateBeforeRandomization])
        #expect(EditChecks.introduced(after: before, before: before) == [])
    }

    @Test func findings_encode_their_severity() throws {
        let finding = EditCheckFinding(check: .deathWithoutEndOfStudy, form: .death, recordId: "D", field: "date", message: "m")
        let json = String(decoding: try JSONEncoder().encode(finding), as: UTF8.self)
        #expect(json.contains(#""severity":"soft""#))
        #expect(try JSONDecoder().decode(EditCheckFinding.self, from: Data(json.utf8)) == finding)
    }
    @Test func findings_before_and_after_a_change_are_those_of_two_runs() {
        // Changes of the series (an assessment, the baseline: computed anew for each side) and of other forms
        // (the series computed once for both): each pair must be what two separate runs find.
        let changes: [(String, (inout Casebook) -> Void)] = [
            ("a disagreeing reading", { $0.assessments[1].form.investigatorRecist = .completeResponse }),
            ("an earlier scan corrected", { $0.assessments[0].form.targets = F.targets(["15", "10", "8", "12"]) }),
            ("a baseline that breaks the series", { $0.baseline?.form.lesions[2].role = .nonTarget }),
            ("a scan removed", { $0.assessments.removeLast() }),
            ("a death", { $0.death = Self.death; $0.endOfStudy = Self.end }),
            ("an adverse event", { $0.adverseEvents = [RecordedForm(id: "AE1", form: AdverseEventRecord(term: "Fatigue", grade: 1, onsetDate: F.day(20), outcome: .notRecovered))] }),
        ]
        var disagreeing = F.casebook
        disagreeing.assessments[1].form.investigatorRecist = .completeResponse
        for start in [F.casebook, disagreeing, PercistFixture.casebook] {
            for (name, change) in changes {
                var after = start
                change(&after)
                for (before, later) in [(start, after), (after, start)] {
                    let pair = EditChecks.runBeforeAndAfter(before: before, after: later, study: F.study)
                    #expect(pair.before == EditChecks.run(on: before, study: F.study), "\(name): before")
                    #expect(pair.after == EditChecks.run(on: later, study: F.study), "\(name): after")
                }
            }
        }
        // The pairs differ where the series does: the test would notice a series shared across a change of it.
        let changed = EditChecks.runBeforeAndAfter(before: F.casebook, after: disagreeing, study: F.study)
        #expect(changed.before == [])
        #expect(changed.after.map(\.check) == [.investigatorReadingDisagrees])
    }
}
