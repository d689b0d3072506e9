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
        func fail(_ field: String, _ rule: RuleMessage) {
            errors.append(FieldError(field: fieldPrefix + field, rule))
        }

        // The term must be in the dictionary, and the grade must exist for it (CTCAE: not every term has every grade).
        let termName = record.term.trimmingCharacters(in: .whitespacesAndNewlines)
        let term = dictionary.term(named: termName)
        if termName.isEmpty {
            fail("term", RuleMessage("adverseEvent.termRequired", "is required: choose a CTCAE v{ctcaeVersion} term", ["ctcaeVersion": dictionary.version]))
        } else if term == nil {
            fail("term", RuleMessage("ctcae.unknownTerm", "'{term}' is not a CTCAE v{ctcaeVersion} term; search the dictionary by name, synonym or Chinese label",
                                    ["term": termName, "ctcaeVersion": dictionary.version]))
        }
        if !AdverseEventRecord.gradeScale.contains(record.grade) {
            fail("grade", RuleMessage("ctcae.gradeOutOfRange", "must be a CTCAE grade from 1 to 5"))
        } else if let term, !term.hasGrade(record.grade) {
            let allowed = term.existingGrades.map(String.init).joined(separator: ", ")
            fail("grade", RuleMessage("ctcae.gradeNotForTerm", "grade {grade} does not exist for '{term}'; its grades are {termGrades}",
                                     ["grade": String(record.grade), "term": term.term, "termGrades": allowed]))
        }

        // "Other, specify" terms carry the event's name as free text; other terms must not.
        let specify = record.specify?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if let term {
            if term.otherSpecify && specify.isEmpty {
                fail("specify", RuleMessage("ctcae.specifyRequired", "is required for '{term}': name the event in free text", ["term": term.term]))
            } else if !term.otherSpecify && !specify.isEmpty {
                fail("specify", RuleMessage("ctcae.specifyNotAllowed", "is only for an 'Other, specify' term; '{term}' takes no free text", ["term": term.term]))
            }
        }

        // CTCAE grade 5 is death related to the event: it goes with a fatal outcome and the ICH E2A death criterion.
        if record.grade == 5 {
            if record.outcome != .fatal {
                fail("outcome", RuleMessage("adverseEvent.grade5NeedsFatalOutcome", "must be fatal for a grade 5 event (grade 5 is death related to the event)"))
            }
            if !record.seriousnessCriteria.contains(.death) {
                fail("seriousnessCriteria", RuleMessage("adverseEvent.grade5NeedsDeathCriterion", "must include death for a grade 5 event"))
            }
        } else {
            if record.outcome == .fatal {
                if let term, !term.hasGrade(5) {
                    fail("outcome", RuleMessage("adverseEvent.fatalTermWithoutGrade5", "cannot be fatal for '{term}', which has no grade 5; record the event that caused death",
                                               ["term": term.term]))
                } else {
                    fail("grade", RuleMessage("adverseEvent.fatalOutcomeNeedsGrade5", "must be 5 when the outcome is fatal (death related to the event is grade 5)"))
                }
            }
            if record.seriousnessCriteria.contains(.death) {
                fail("seriousnessCriteria", RuleMessage("adverseEvent.deathCriterionNeedsGrade5", "death applies only to an event that caused death, which is grade 5"))
            }
        }

        // Dates: onset not after resolution; an ended event has an end date, an ongoing one has none.
        if let resolution = record.resolutionDate {
            if resolution < record.onsetDate {
                fail("resolutionDate", RuleMessage("adverseEvent.resolutionBeforeOnset", "must not be before onsetDate ({onsetDate})",
                                              ["onsetDate": record.onsetDate.iso8601]))
            }
            if !record.outcome.hasEnded {
                // The outcome is passed as its CDISC code; pages translate it through `ruleValue.<outcome>`.
                fail("resolutionDate", RuleMessage("adverseEvent.resolutionWhileOngoing", "must be empty while the outcome is {outcome}; change the outcome when the event ends",
                                                   ["outcome": record.outcome.rawValue]))
            }
        } else if record.outcome.hasEnded {
            fail("resolutionDate", RuleMessage("adverseEvent.resolutionRequired", "is required when the outcome is {outcome}",
                                              ["outcome": record.outcome.rawValue]))
        }

        // Attribution is recorded separately for each study treatment the participant has had.
        // One code per treatment, so that each language names the treatment itself; the attribution
        // terms are spelled in the templates, and a test keeps them equal to `AdverseEventAttribution.allCases`.
        checkAttribution(
            record.procedureAttribution, exposed: exposure.procedure, field: "procedureAttribution",
            required: RuleMessage("adverseEvent.procedureAttributionRequired", "is required: attribution to the 125I seed procedure is one of unrelated, unlikely, possible, probable, definite"),
            notReceived: RuleMessage("adverseEvent.procedureAttributionWithoutProcedure", "must be empty: the participant has not received the 125I seed procedure"),
            fail: fail)
        checkAttribution(
            record.systemicTherapyAttribution, exposed: exposure.systemicTherapy, field: "systemicTherapyAttribution",
            required: RuleMessage("adverseEvent.systemicTherapyAttributionRequired", "is required: attribution to systemic therapy is one of unrelated, unlikely, possible, probable, definite"),
            notReceived: RuleMessage("adverseEvent.systemicTherapyAttributionWithoutTherapy", "must be empty: the participant has not received systemic therapy"),
            fail: fail)

        // ICH E2A: a serious event must reach the sponsor within 24 hours of the site learning of it.
        if record.isSerious {
            if let aware = record.siteAwareAt {
                let awareDay = CalendarDate(utcDayOf: aware)
                if awareDay < record.onsetDate.adding(days: -awarenessClockToleranceDays) {
                    fail("siteAwareAt", RuleMessage("adverseEvent.awareBeforeOnset", "must not be before onsetDate ({onsetDate}): the site cannot learn of an event before it starts",
                                                       ["onsetDate": record.onsetDate.iso8601]))
                }
            } else {
                fail("siteAwareAt", RuleMessage("adverseEvent.awarenessRequired", "is required for a serious adverse event: the 24-hour report to the sponsor runs from it"))
            }
        }
        return errors
    }

    private static func checkAttribution(
        _ attribution: AdverseEventAttribution?, exposed: Bool, field: String,
        required: RuleMessage, notReceived: RuleMessage, fail: (String, RuleMessage) -> Void
    ) {
        if exposed && attribution == nil {
            fail(field, required)
        } else if !exposed && attribution != nil {
            fail(field, notReceived)
        }
    }
}
