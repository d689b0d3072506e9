import Foundation

extension AdverseEventRecord {
    /// The study treatments the participant had received by `date`: an implantation or a therapy
    /// line started on or before it.
    public static func exposure(in casebook: Casebook, on date: CalendarDate) -> AdverseEventTreatmentExposure {
        AdverseEventTreatmentExposure(
            procedure: casebook.implantations.contains { $0.form.date <= date },
            systemicTherapy: casebook.therapyLines.contains { $0.form.startDate <= date })
    }

    /// Checks an adverse event in the participant's casebook. Hard rules: CTCAE v5.0 and ICH E2A by
    /// `AdverseEventValidation` (the term exists, the grade exists for it, grade 5 is fatal, dates in
    /// order, attribution to each treatment the participant had received by the onset and to no
    /// other); onset and resolution not in the future nor after death. Soft: onset before
    /// randomization (a baseline condition belongs in the history), a grade 5 event resolving on a
    /// day other than the recorded death.
    public func check(in context: CaseReportContext, dictionary: CtcaeDictionary) -> FormCheckResult {
        var result = FormCheckResult(errors: AdverseEventValidation.errors(
            self, dictionary: dictionary, exposure: Self.exposure(in: context.casebook, on: onsetDate)))
        result.checkDate(onsetDate, field: "onsetDate", context: context, notBeforeRandomization: false)
        if let resolutionDate {
            result.checkDate(resolutionDate, field: "resolutionDate", context: context, notBeforeRandomization: false)
        }
        if let randomized = context.casebook.randomizationDate, onsetDate < randomized {
            result.query("onsetDate", RuleMessage("adverseEvent.onsetBeforeRandomization", "{onsetDate} is before randomization on {randomized}; a condition present at baseline belongs in the medical history",
                                                 ["onsetDate": onsetDate.iso8601, "randomized": randomized.iso8601]))
        }
        if isFatal, let death = context.casebook.deathDate, let resolutionDate, resolutionDate != death {
            result.query("resolutionDate", RuleMessage("adverseEvent.fatalResolutionNotOnDeath", "a grade 5 event ends with the death; the death is recorded on {death}",
                                                      ["death": death.iso8601]))
        }
        return result
    }
}
