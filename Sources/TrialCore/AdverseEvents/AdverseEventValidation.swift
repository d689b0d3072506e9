import Foundation

/// Checks an adverse event record against CTCAE v5.0 and ICH E2A, reporting every problem at once.
public enum AdverseEventValidation {
    /// A site may learn of an event late on the evening before its onset date in UTC terms (sites east of UTC),
    /// so awareness is only rejected when its UTC day is more than this many days before onset.
    static let awarenessClockToleranceDays = 1

    /// - Throws: `ValidationFailure` with one `FieldError` per broken rule; fields are the record's property names,
    ///   prefixed by `fieldPrefix` (e.g. `adverseEvents[2].`).
    public static func validate(
        _ record: AdverseEventRecord, dictionary: CtcaeDictionary,
        exposure: AdverseEventTreatmentExposure = .procedureAndSystemicTherapy, fieldPrefix: String = ""
    ) throws {
        try ValidationFailure.throwIfAny(errors(record, dictionary: dictionary, exposure: exposure, fieldPrefix: fieldPrefix))
    }

    public static func errors(
        _ record: AdverseEventRecord, dictionary: CtcaeDictionary,
        exposure: AdverseEventTreatmentExposure = .procedureAndSystemicTherapy, fieldPrefix: String = ""
    ) -> [FieldError] {
        var errors: [FieldError] = []
        func fail(_ field: String, _ message: String) {
            errors.append(FieldError(field: fieldPrefix + field, message: message))
        }

        // The term must be in the dictionary, and the grade must exist for it (CTCAE: not every term has every grade).
        let termName = record.term.trimmingCharacters(in: .whitespacesAndNewlines)
        let term = dictionary.term(named: termName)
        if termName.isEmpty {
            fail("term", "is required: choose a CTCAE v\(dictionary.version) term")
        } else if term == nil {
            fail("term", "'\(termName)' is not a CTCAE v\(dictionary.version) term; search the dictionary by name, synonym or Chinese label")
        }
        if !(1...5).contains(record.grade) {
            fail("grade", "must be a CTCAE grade from 1 to 5")
        } else if let term, !term.hasGrade(record.grade) {
            let allowed = term.existingGrades.map(String.init).joined(separator: ", ")
            fail("grade", "grade \(record.grade) does not exist for '\(term.term)'; its grades are \(allowed)")
        }

        // "Other, specify" terms carry the event's name as free text; other terms must not.
        let specify = record.specify?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if let term {
            if term.otherSpecify && specify.isEmpty {
                fail("specify", "is required for '\(term.term)': name the event in free text")
            } else if !term.otherSpecify && !specify.isEmpty {
                fail("specify", "is only for an 'Other, specify' term; '\(term.term)' takes no free text")
            }
        }

        // CTCAE grade 5 is death related to the event: it goes with a fatal outcome and the ICH E2A death criterion.
        if record.grade == 5 {
            if record.outcome != .fatal {
                fail("outcome", "must be fatal for a grade 5 event (grade 5 is death related to the event)")
            }
            if !record.seriousnessCriteria.contains(.death) {
                fail("seriousnessCriteria", "must include death for a grade 5 event")
            }
        } else {
            if record.outcome == .fatal {
                if let term, !term.hasGrade(5) {
                    fail("outcome", "cannot be fatal for '\(term.term)', which has no grade 5; record the event that caused death")
                } else {
                    fail("grade", "must be 5 when the outcome is fatal (death related to the event is grade 5)")
                }
            }
            if record.seriousnessCriteria.contains(.death) {
                fail("seriousnessCriteria", "death applies only to an event that caused death, which is grade 5")
            }
        }

        // Dates: onset not after resolution; an ended event has an end date, an ongoing one has none.
        if let resolution = record.resolutionDate {
            if resolution < record.onsetDate {
                fail("resolutionDate", "must not be before onsetDate (\(record.onsetDate.iso8601))")
            }
            if !record.outcome.hasEnded {
                fail("resolutionDate", "must be empty while the outcome is \(record.outcome.rawValue); change the outcome when the event ends")
            }
        } else if record.outcome.hasEnded {
            fail("resolutionDate", "is required when the outcome is \(record.outcome.rawValue)")
        }

        // Attribution is recorded separately for each study treatment the participant has had.
        checkAttribution(record.procedureAttribution, exposed: exposure.procedure, field: "procedureAttribution",
                         treatment: "the 125I seed procedure", fail: fail)
        checkAttribution(record.systemicTherapyAttribution, exposed: exposure.systemicTherapy,
                         field: "systemicTherapyAttribution", treatment: "systemic therapy", fail: fail)

        // ICH E2A: a serious event must reach the sponsor within 24 hours of the site learning of it.
        if record.isSerious {
            if let aware = record.siteAwareAt {
                let awareDay = CalendarDate(utcDayOf: aware)
                if awareDay < record.onsetDate.adding(days: -awarenessClockToleranceDays) {
                    fail("siteAwareAt", "must not be before onsetDate (\(record.onsetDate.iso8601)): the site cannot learn of an event before it starts")
                }
            } else {
                fail("siteAwareAt", "is required for a serious adverse event: the 24-hour report to the sponsor runs from it")
            }
        }
        return errors
    }

    private static func checkAttribution(
        _ attribution: AdverseEventAttribution?, exposed: Bool, field: String, treatment: String,
        fail: (String, String) -> Void
    ) {
        let allowed = AdverseEventAttribution.allCases.map(\.rawValue).joined(separator: ", ")
        if exposed && attribution == nil {
            fail(field, "is required: attribution to \(treatment) is one of \(allowed)")
        } else if !exposed && attribution != nil {
            fail(field, "must be empty: the participant has not received \(treatment)")
        }
    }
}
