import Foundation

extension TumourAssessmentForm {
    /// Checks a tumour assessment. Hard rules: a saved baseline, a date after randomization and the
    /// baseline, not in the future nor after death, not the date of another assessment; the RECIST 1.1
    /// readings valid for the baseline's lesions (the evaluator's own checks); PERCIST readings present
    /// exactly with a PET/CT and valid against the baseline PET/CT; treated-lesion readings only for
    /// lesions implanted before this date, with a reason for in-field progression. Soft: outside the
    /// imaging window, a target not measured, a treated lesion without a reading, a CT-only assessment
    /// for a PERCIST participant, the investigator's reading differing from the computed response.
    public func check(in context: CaseReportContext, recordId: String? = nil) -> FormCheckResult {
        var result = FormCheckResult()
        let casebook = context.casebook
        result.checkDate(date, field: "date", context: context)
        let others = casebook.assessments.filter { $0.id != recordId }
        if others.contains(where: { $0.form.date == date }) {
            result.refuse("date", RuleMessage("assessment.dateTaken", "another assessment is recorded on {date}; correct that one instead",
                                              ["date": date.iso8601]))
        }
        guard let baseline = casebook.baseline?.form else {
            result.refuse("date", RuleMessage("assessment.baselineMissing", "the baseline form with the lesion inventory must be saved before a tumour assessment"))
            return result
        }
        if date <= baseline.assessmentDate {
            result.refuse("date", RuleMessage("assessment.notAfterBaseline", "must be after the baseline imaging on {baselineDate}",
                                              ["baselineDate": baseline.assessmentDate.iso8601]))
        }
        checkRecistReadings(baseline: baseline, settings: baseline.recistSettings(context.recistSettings), into: &result)
        checkPercistReadings(baseline: baseline, settings: context.percistSettings, into: &result)
        for (index, lesion) in newLesions.enumerated() {
            result.requireText(lesion.site, field: "newLesions[\(index)].site",
                               RuleMessage("assessment.required.newLesionSite", "is required: say where the new lesion is"))
        }
        checkTreatedLesions(casebook: casebook, into: &result)

        if let randomized = casebook.randomizationDate, date >= randomized,
           context.study.visit(of: context.study.imaging.visit, randomizedOn: randomized, windowContaining: date) == nil {
            result.query("date", RuleMessage("assessment.outsideImagingWindow", "day {day} from randomization is outside every imaging visit window",
                                             ["day": "\(randomized.days(until: date))"]))
        }
        if result.isSavable {
            let entry = RecordedForm(id: recordId ?? "new", form: self)
            if let computed = try? AssessmentResponses.response(
                baseline: baseline, assessments: others + [entry], asOf: date,
                recistSettings: context.recistSettings, percistSettings: context.percistSettings) {
                result.softFindings += computed.disagreements(with: self)
            }
        }
        return result
    }

    private func checkRecistReadings(baseline: BaselineForm, settings: RecistSettings, into result: inout FormCheckResult) {
        do {
            _ = try RecistEvaluationRequest(baseline: baseline.recistBaseline, followUps: [recistFollowUp]).validated(settings: settings)
        } catch let failure as ValidationFailure {
            // The date order is this form's own rule (checked against the baseline date above).
            for error in failure.errors where error.field != "followUps[0].date" {
                if error.field.hasPrefix("followUps[0].") {
                    // The evaluator's own error on this form's path; it keeps its code and values.
                    var moved = error
                    moved.field = String(error.field.dropFirst("followUps[0].".count))
                    result.errors.append(moved)
                } else {
                    // What is wrong is said on the baseline form itself (its own check gives the same error
                    // in the page language); here only where, as the baseline form's field.
                    result.refuse("date", RuleMessage("assessment.baselineInventoryInvalid", "the baseline lesion inventory is not valid under RECIST 1.1 (baseline field {field}); correct the baseline form first",
                                                      ["field": baseline.inventoryPath(error.field)]))
                }
            }
        } catch {
            result.refuse("targets", RuleMessage("assessment.recistCheckFailed", "{error}", ["error": "\(error)"]))
        }
        for (index, reading) in targets.enumerated() where reading.mm == nil && reading.tooSmall != true {
            result.query("targets[\(index)].mm", RuleMessage("assessment.targetNotMeasured", "target lesion '{lesionId}' was not measured: the time point is not evaluable unless progression is shown otherwise",
                                                             ["lesionId": reading.id]))
        }
    }

    private func checkPercistReadings(baseline: BaselineForm, settings: PercistSettings, into result: inout FormCheckResult) {
        switch (modality, percist) {
        case (.ct, .some):
            result.refuse("percist", RuleMessage("assessment.percistNeedsPetCt", "PERCIST readings need a PET/CT; this assessment is CT"))
        case (.petCt, .none):
            if baseline.imagingModality == .petCt {
                result.refuse("percist", RuleMessage("assessment.percistRequired", "is required for a PET/CT assessment of a participant read by PERCIST: the reference region and the hottest lesions' SULpeak"))
            }
        case (.petCt, .some(let scan)):
            if scan.date != date {
                result.refuse("percist.date", RuleMessage("assessment.percistDateMismatch", "must be the assessment date ({date})", ["date": date.iso8601]))
            }
            if baseline.imagingModality == .petCt {
                var followUp = scan
                followUp.date = max(date, baseline.assessmentDate.adding(days: 1))
                do {
                    _ = try PercistEvaluationRequest(baseline: baseline.percistBaseline, followUps: [followUp]).validated(settings: settings)
                } catch let failure as ValidationFailure {
                    for error in failure.errors where error.field.hasPrefix("followUps[0].") {
                        var moved = error
                        moved.field = "percist." + error.field.dropFirst("followUps[0].".count)
                        result.errors.append(moved)
                    }
                } catch {
                    result.refuse("percist", RuleMessage("assessment.percistCheckFailed", "{error}", ["error": "\(error)"]))
                }
            } else {
                result.query("percist", RuleMessage("assessment.percistNotEvaluated", "this participant's baseline is CT, so progression is read by RECIST 1.1 and these PERCIST values are not evaluated"))
            }
        case (.ct, .none):
            if baseline.imagingModality == .petCt {
                result.query("modality", RuleMessage("assessment.ctCannotGivePercist", "this participant's progression is read by PERCIST (PET/CT baseline), which a CT alone cannot give"))
            }
        }
        if investigatorPercist != nil && percist == nil {
            result.refuse("investigatorPercist", RuleMessage("assessment.percistReadingWithoutValues", "a PERCIST reading needs the PET/CT values of this assessment"))
        }
    }

    private func checkTreatedLesions(casebook: Casebook, into result: inout FormCheckResult) {
        let implanted = casebook.treatedLesionFirstImplantation
        var seen: Set<String> = []
        for (index, reading) in treatedLesions.enumerated() {
            let field = "treatedLesions[\(index)]"
            if !seen.insert(reading.lesionId).inserted {
                result.refuse("\(field).lesionId", RuleMessage("assessment.treatedLesionReadTwice", "'{lesionId}' is read twice", ["lesionId": reading.lesionId]))
            }
            if let implantedOn = implanted[reading.lesionId] {
                if implantedOn >= date {
                    result.refuse("\(field).lesionId", RuleMessage("assessment.treatedLesionImplantedLater", "'{lesionId}' was implanted on {implanted}, not before this assessment",
                                                                   ["lesionId": reading.lesionId, "implanted": implantedOn.iso8601]))
                }
            } else {
                result.refuse("\(field).lesionId", RuleMessage("assessment.treatedLesionNotImplanted", "'{lesionId}' has not been treated with 125I; in-field status is read for implanted lesions only",
                                                               ["lesionId": reading.lesionId]))
            }
            if let mm = reading.mm, mm < 0 {
                result.refuse("\(field).mm", RuleMessage("assessment.treatedLesionSizeNegative", "must be 0 mm or more ({mm})", ["mm": "\(mm)"]))
            }
            if let sul = reading.sulPeak, sul < 0 {
                result.refuse("\(field).sulPeak", RuleMessage("assessment.treatedLesionSulPeakNegative", "must be 0 or more ({sulPeak})", ["sulPeak": "\(sul)"]))
            }
            let reason = reading.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if reading.status == .progression && reason.isEmpty {
                result.refuse("\(field).reason", RuleMessage("assessment.required.inFieldProgressionReason", "is required with in-field progression: say what shows it (growth, new uptake)"))
            }
        }
        for (lesionId, implantedOn) in implanted.sorted(by: { $0.key < $1.key }) where implantedOn < date && !seen.contains(lesionId) {
            result.query("treatedLesions", RuleMessage("assessment.treatedLesionWithoutReading", "treated lesion '{lesionId}' has no in-field reading at this assessment",
                                                       ["lesionId": lesionId]))
        }
    }
}
