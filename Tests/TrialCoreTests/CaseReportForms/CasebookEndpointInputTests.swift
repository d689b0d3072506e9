import Foundation
import PropertyBased
import Testing
import TrialCore

@Suite struct CasebookEndpointInputTests {
    typealias F = CaseReportFixture

    @Test func treated_lesion_records_carry_the_in_field_readings_after_implantation() throws {
        let records = F.casebook.treatedLesionRecords
        #expect(records.map(\.id) == ["L1", "L2"])
        #expect(records[0].implantationDate == F.day(7))
        #expect(records[0].scans.map(\.date) == [F.day(56), F.day(112)])
        #expect(records[0].scans.map(\.mm) == [25, 20])
        #expect(records[0].scans.allSatisfy { $0.radiologistInFieldProgression == false })
        let control = try TreatedLesionLocalControl(evaluating: records[0])
        #expect(control.inFieldProgressionDate == nil)
    }

    @Test func therapy_starts_after_randomization_feed_time_to_next_treatment() {
        var casebook = F.casebook
        var second = F.firstLine
        second.lineNumber = 2
        second.startDate = F.day(115)
        second.startReason = .progression
        casebook.therapyLines.append(RecordedForm(id: "T2", form: second))
        #expect(casebook.endpointTherapyStarts == [EndpointTherapyStart(date: F.day(3), reason: .other),
                                                   EndpointTherapyStart(date: F.day(115), reason: .progression)])
    }

    @Test func mci_and_mbq_entries_of_the_same_activity_are_equal() async {
        await propertyCheck(input: Gen.int(in: 1...10_000)) { thousandths in
            let millicuries = Decimal(thousandths) / 1000
            let entered = SeedActivity(millicuries, .mCi)
            #expect(entered == SeedActivity(millicuries * 37, .MBq))
            #expect(entered.millicuries == millicuries)
        }
    }

    @Test func a_response_never_depends_on_later_assessments() async throws {
        // Whatever a third scan shows, the first two keep the responses computed without it.
        let before = try AssessmentResponses.recomputeAll(baseline: F.baseline, assessments: F.casebook.assessments)
        await propertyCheck(input: Gen.int(in: 0...600).array(of: 4), Gen.int(in: 120...400)) { tenths, day in
            var third = F.secondAssessment
            third.date = F.day(day)
            third.targets = zip(["L1", "L2", "L3", "N1"], tenths).map { .init(id: $0, mm: Decimal($1) / 10) }
            let assessments = F.casebook.assessments + [RecordedForm(id: "A3", form: third)]
            let after = try AssessmentResponses.recomputeAll(baseline: F.baseline, assessments: assessments)
            #expect(Array(after.prefix(2)) == before)
            #expect(after.count == 3)
        }
    }

    /// A closed window is overdue for visits a site can still catch up, and missed for a patient-reported
    /// questionnaire, which cannot be filled in after its window.
    @Test func with_nothing_recorded_a_visit_is_upcoming_due_then_overdue() async {
        await propertyCheck(input: Gen.int(in: -30...400)) { today in
            let schedule = ParticipantVisitSchedule(participantId: "P", study: F.study, armCode: "SYS", randomizationDate: F.randomized,
                                                    completed: [], today: F.day(today))
            for visit in schedule.visits {
                let closed: VisitStatus = visit.visit.forms == [.qlqC30] ? .missed : .overdue
                let expected: VisitStatus = today < visit.visit.earliestDay ? .upcoming : today <= visit.visit.latestDay ? .due : closed
                #expect(visit.status == expected)
            }
        }
    }
}
