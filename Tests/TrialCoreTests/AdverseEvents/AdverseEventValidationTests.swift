import Foundation
import Testing
@testable import TrialCore

private let onset = CalendarDate(iso8601: "2026-03-10")!

/// A valid, non-serious grade 2 pneumothorax in the experimental arm.
private func pneumothorax() -> AdverseEventRecord {
    AdverseEventRecord(
        term: "Pneumothorax", grade: 2, onsetDate: onset, resolutionDate: onset.adding(days: 4), outcome: .recovered,
        procedureAttribution: .definite, systemicTherapyAttribution: .unrelated)
}

private func errors(
    _ record: AdverseEventRecord, exposure: AdverseEventTreatmentExposure = .procedureAndSystemicTherapy
) throws -> [FieldError] {
    AdverseEventValidation.errors(record, dictionary: try CtcaeDictionary.bundled(), exposure: exposure)
}

@Test func a_complete_record_passes() throws {
    #expect(try errors(pneumothorax()).isEmpty)
    try AdverseEventValidation.validate(pneumothorax(), dictionary: try CtcaeDictionary.bundled())
}

@Test func an_unknown_or_empty_term_is_rejected() throws {
    var record = pneumothorax()
    record.term = "Hemoptysis"
    #expect(try errors(record) == [FieldError(
        field: "term",
        message: "'Hemoptysis' is not a CTCAE v5.0 term; search the dictionary by name, synonym or Chinese label")])
    record.term = "  "
    #expect(try errors(record) == [FieldError(field: "term", message: "is required: choose a CTCAE v5.0 term")])
}

@Test(arguments: [
    ("Alopecia", 3, "grade 3 does not exist for 'Alopecia'; its grades are 1, 2"),
    ("Fatigue", 4, "grade 4 does not exist for 'Fatigue'; its grades are 1, 2, 3"),
    ("Neutrophil count decreased", 5, "grade 5 does not exist for 'Neutrophil count decreased'; its grades are 1, 2, 3, 4"),
    ("Febrile neutropenia", 2, "grade 2 does not exist for 'Febrile neutropenia'; its grades are 3, 4, 5"),
])
func a_grade_the_term_does_not_have_is_rejected(term: String, grade: Int, message: String) throws {
    var record = pneumothorax()
    record.term = term
    record.grade = grade
    let found = try errors(record)
    #expect(found.contains(FieldError(field: "grade", message: message)))
}

@Test func a_grade_outside_1_to_5_is_rejected() throws {
    for grade in [0, 6, -1] {
        var record = pneumothorax()
        record.grade = grade
        #expect(try errors(record) == [FieldError(field: "grade", message: "must be a CTCAE grade from 1 to 5")])
    }
}

@Test func other_specify_needs_free_text_and_other_terms_take_none() throws {
    var record = pneumothorax()
    record.term = "Injury, poisoning and procedural complications - Other, specify"
    #expect(try errors(record) == [FieldError(
        field: "specify",
        message: "is required for 'Injury, poisoning and procedural complications - Other, specify': name the event in free text")])
    record.specify = "   "
    #expect(try errors(record).map(\.field) == ["specify"])
    record.specify = "Seed migration to the right lower lobe"
    #expect(try errors(record).isEmpty)

    var plain = pneumothorax()
    plain.specify = "left apex"
    #expect(try errors(plain) == [FieldError(
        field: "specify", message: "is only for an 'Other, specify' term; 'Pneumothorax' takes no free text")])
}

@Test func grade_5_needs_a_fatal_outcome_and_the_death_criterion() throws {
    var record = pneumothorax()
    record.grade = 5
    #expect(try errors(record) == [
        FieldError(field: "outcome", message: "must be fatal for a grade 5 event (grade 5 is death related to the event)"),
        FieldError(field: "seriousnessCriteria", message: "must include death for a grade 5 event"),
    ])

    record.outcome = .fatal
    record.seriousnessCriteria = [.death]
    record.siteAwareAt = onset.adding(days: 2).startOfDayUTC
    #expect(try errors(record).isEmpty)
}

@Test func a_fatal_outcome_needs_grade_5_and_a_term_that_can_be_fatal() throws {
    var record = pneumothorax()
    record.outcome = .fatal
    record.seriousnessCriteria = [.hospitalization]
    record.siteAwareAt = onset.startOfDayUTC
    #expect(try errors(record) == [FieldError(
        field: "grade", message: "must be 5 when the outcome is fatal (death related to the event is grade 5)")])

    record.term = "Fatigue"
    #expect(try errors(record) == [FieldError(
        field: "outcome",
        message: "cannot be fatal for 'Fatigue', which has no grade 5; record the event that caused death")])
}

@Test func the_death_criterion_is_only_for_grade_5() throws {
    var record = pneumothorax()
    record.grade = 4
    record.seriousnessCriteria = [.death, .lifeThreatening]
    record.siteAwareAt = onset.startOfDayUTC
    #expect(try errors(record) == [FieldError(
        field: "seriousnessCriteria", message: "death applies only to an event that caused death, which is grade 5")])
}

@Test func onset_may_equal_but_not_follow_resolution() throws {
    var record = pneumothorax()
    record.resolutionDate = onset
    #expect(try errors(record).isEmpty)
    record.resolutionDate = onset.adding(days: -1)
    #expect(try errors(record) == [FieldError(field: "resolutionDate", message: "must not be before onsetDate (2026-03-10)")])
}

@Test func ended_outcomes_need_a_resolution_date_and_ongoing_ones_must_not_have_one() throws {
    var record = pneumothorax()
    record.resolutionDate = nil
    #expect(try errors(record) == [FieldError(field: "resolutionDate", message: "is required when the outcome is recovered")])
    record.outcome = .notRecovered
    #expect(try errors(record).isEmpty)
    record.resolutionDate = onset.adding(days: 3)
    #expect(try errors(record) == [FieldError(
        field: "resolutionDate",
        message: "must be empty while the outcome is notRecovered; change the outcome when the event ends")])
}

@Test func attribution_is_required_for_each_treatment_received_and_absent_otherwise() throws {
    var record = pneumothorax()
    record.procedureAttribution = nil
    record.systemicTherapyAttribution = nil
    #expect(try errors(record) == [
        FieldError(field: "procedureAttribution",
                   message: "is required: attribution to the 125I seed procedure is one of unrelated, unlikely, possible, probable, definite"),
        FieldError(field: "systemicTherapyAttribution",
                   message: "is required: attribution to systemic therapy is one of unrelated, unlikely, possible, probable, definite"),
    ])

    // Control arm: no procedure, so no procedure attribution.
    var control = pneumothorax()
    control.procedureAttribution = .possible
    #expect(try errors(control, exposure: .systemicTherapyOnly) == [FieldError(
        field: "procedureAttribution", message: "must be empty: the participant has not received the 125I seed procedure")])
    control.procedureAttribution = nil
    #expect(try errors(control, exposure: .systemicTherapyOnly).isEmpty)

    let none = AdverseEventTreatmentExposure(procedure: false, systemicTherapy: false)
    #expect(try errors(pneumothorax(), exposure: none).map(\.field) == ["procedureAttribution", "systemicTherapyAttribution"])
}

@Test func a_serious_event_needs_the_time_the_site_learned_of_it() throws {
    var record = pneumothorax()
    record.seriousnessCriteria = [.hospitalization]
    #expect(try errors(record) == [FieldError(
        field: "siteAwareAt", message: "is required for a serious adverse event: the 24-hour report to the sponsor runs from it")])
    // Learning of it the evening before the onset date in UTC is possible for a site east of UTC.
    record.siteAwareAt = onset.adding(days: -1).startOfDayUTC.addingTimeInterval(23 * 3600)
    #expect(try errors(record).isEmpty)
    record.siteAwareAt = onset.adding(days: -2).startOfDayUTC
    #expect(try errors(record) == [FieldError(
        field: "siteAwareAt",
        message: "must not be before onsetDate (2026-03-10): the site cannot learn of an event before it starts")])
}

@Test func every_problem_is_reported_at_once_with_the_field_prefix() throws {
    let record = AdverseEventRecord(
        term: "Alopecia", specify: "x", grade: 5, onsetDate: onset, resolutionDate: onset.adding(days: -3),
        outcome: .recovering)
    let found = AdverseEventValidation.errors(
        record, dictionary: try CtcaeDictionary.bundled(), fieldPrefix: "adverseEvents[1].")
    #expect(found.map(\.field) == [
        "adverseEvents[1].grade", "adverseEvents[1].specify", "adverseEvents[1].outcome",
        "adverseEvents[1].seriousnessCriteria", "adverseEvents[1].resolutionDate", "adverseEvents[1].resolutionDate",
        "adverseEvents[1].procedureAttribution", "adverseEvents[1].systemicTherapyAttribution",
    ])
    #expect(throws: ValidationFailure.self) {
        try AdverseEventValidation.validate(record, dictionary: try CtcaeDictionary.bundled())
    }
}

@Test func a_record_round_trips_through_json() throws {
    var record = pneumothorax()
    record.seriousnessCriteria = [.hospitalization, .lifeThreatening]
    record.siteAwareAt = Date(timeIntervalSince1970: 1_773_100_800)
    let data = try JSONEncoder().encode(record)
    #expect(try JSONDecoder().decode(AdverseEventRecord.self, from: data) == record)
}

@Test func every_existing_grade_of_every_term_validates_and_every_other_grade_is_rejected() throws {
    let dictionary = try CtcaeDictionary.bundled()
    for term in dictionary.terms {
        for grade in 1...5 {
            let fatal = grade == 5
            let record = AdverseEventRecord(
                term: term.term, specify: term.otherSpecify ? "described event" : nil, grade: grade,
                onsetDate: onset, resolutionDate: onset.adding(days: 1), outcome: fatal ? .fatal : .recovered,
                procedureAttribution: .possible, systemicTherapyAttribution: .unlikely,
                seriousnessCriteria: fatal ? [.death] : [], siteAwareAt: onset.startOfDayUTC)
            let found = AdverseEventValidation.errors(record, dictionary: dictionary)
            if term.hasGrade(grade) {
                #expect(found.isEmpty, "\(term.term) grade \(grade): \(found)")
            } else {
                #expect(found.map(\.field).contains("grade"), "\(term.term) grade \(grade) was accepted")
            }
        }
    }
}
