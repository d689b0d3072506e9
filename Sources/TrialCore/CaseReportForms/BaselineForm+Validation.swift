import Foundation

extension BaselineForm {
    /// Usual adult range for age; outside it the value is a typing error. The form page bounds its input by it.
    public static let plausibleAge = 18...110
    /// ECOG performance status runs from 0 (fully active) to 5 (dead).
    public static let ecogScale = 0...5
    /// Prior lines of systemic therapy are counted from none.
    public static let fewestPriorLines = 0

    /// Checks the baseline form. Hard rules: values in range, lab units that fit the test, lesion
    /// identifiers unique, the stated measurability and RECIST roles valid under RECIST 1.1's
    /// selection rules (the RECIST evaluator's own baseline checks), SULpeak only and the PERCIST
    /// baseline valid with a PET/CT. Soft: labs outside safe limits for a percutaneous procedure,
    /// a baseline outside its visit window, no lesion planned for implantation.
    public func check(in context: CaseReportContext) -> FormCheckResult {
        var result = FormCheckResult()
        result.checkDate(assessmentDate, field: "assessmentDate", context: context, notBeforeRandomization: false)
        if !Self.plausibleAge.contains(ageYears) {
            result.refuse("ageYears", RuleMessage("baseline.ageOutOfRange", "{age} is outside {minimum}-{maximum} years; the trial enrols adults",
                                                  ["age": "\(ageYears)", "minimum": "\(Self.plausibleAge.lowerBound)",
                                                   "maximum": "\(Self.plausibleAge.upperBound)"]))
        }
        result.requireText(primaryTumourSite, field: "primaryTumourSite",
                           RuleMessage("baseline.required.primaryTumourSite", "is required: name the primary tumour's site (for example lung)"))
        result.requireText(histology, field: "histology",
                           RuleMessage("baseline.required.histology", "is required: give the histology (for example adenocarcinoma)"))
        if priorLinesOfTherapy < Self.fewestPriorLines {
            result.refuse("priorLinesOfTherapy", RuleMessage("baseline.priorLinesNegative", "must be 0 or more ({lines})",
                                                             ["lines": "\(priorLinesOfTherapy)"]))
        }
        if !Self.ecogScale.contains(ecog) {
            result.refuse("ecog", RuleMessage("baseline.ecogOutOfRange", "ECOG performance status is 0 to 5 ({ecog})", ["ecog": "\(ecog)"]))
        } else if ecog > 2 {
            result.query("ecog", RuleMessage("baseline.ecogAboveProtocol", "ECOG {ecog} is above the protocol's 0-2; confirm the participant was eligible",
                                             ["ecog": "\(ecog)"]))
        }
        checkLabs(into: &result)
        checkLesions(into: &result, settings: recistSettings(context.recistSettings), percist: context.percistSettings)

        if let randomized = context.casebook.randomizationDate,
           let window = context.study.scheduledVisits.first(where: { $0.forms.contains(.baseline) }) {
            let day = randomized.days(until: assessmentDate)
            if !window.windowContains(day: day) {
                result.query("assessmentDate", RuleMessage("baseline.outsideWindow", "day {day} from randomization is outside the baseline window (days {earliest} to {latest})",
                                                           ["day": "\(day)", "earliest": "\(window.earliestDay)", "latest": "\(window.latestDay)"]))
            }
        }
        return result
    }

    private func checkLabs(into result: inout FormCheckResult) {
        var seen: Set<BaselineLabTest> = []
        for (index, lab) in labs.enumerated() {
            let field = "labs[\(index)]"
            if !seen.insert(lab.test).inserted {
                // The test's raw value (platelets, inr, ...) has a `ruleValue.` translation in each page language.
                result.refuse("\(field).test", RuleMessage("baseline.labEnteredTwice", "{test} is entered twice; keep the result closest to the procedure",
                                                           ["test": lab.test.rawValue]))
            }
            guard let value = lab.standardValue else {
                let allowed = lab.test.allowedUnits.map(\.rawValue).joined(separator: ", ")
                result.refuse("\(field).unit", RuleMessage("baseline.labUnitNotAllowed", "{unit} is not a unit for {test}; use {allowed}",
                                                           ["unit": lab.unit.rawValue, "test": lab.test.rawValue, "allowed": allowed]))
                continue
            }
            if lab.value <= 0 {
                result.refuse("\(field).value", RuleMessage("baseline.labValueNotPositive", "must be more than 0 ({value} {unit})",
                                                            ["value": "\(lab.value)", "unit": lab.unit.rawValue]))
                continue
            }
            let limits = lab.test.procedureSafetyLimits
            let unit = lab.test.standardUnit.rawValue
            if let lower = limits.lower, value < lower {
                result.query("\(field).value", RuleMessage("baseline.labBelowSafeLimit", "{test} {value} {unit} is below {limit} {unit}, the usual safe limit for a percutaneous procedure",
                                                           ["test": lab.test.rawValue, "value": "\(value)", "unit": unit, "limit": "\(lower)"]))
            }
            if let upper = limits.upper, value > upper {
                result.query("\(field).value", RuleMessage("baseline.labAboveSafeLimit", "{test} {value} {unit} is above {limit} {unit}, the usual safe limit for a percutaneous procedure",
                                                           ["test": lab.test.rawValue, "value": "\(value)", "unit": unit, "limit": "\(upper)"]))
            }
        }
        for test in [BaselineLabTest.platelets, .inr] where !seen.contains(test) {
            result.query("labs", RuleMessage("baseline.labMissing", "no {test} result: bleeding risk must be known before a percutaneous implantation",
                                             ["test": test.rawValue]))
        }
    }

    private func checkLesions(into result: inout FormCheckResult, settings: RecistSettings, percist: PercistSettings) {
        if let thickness = sliceThicknessMm, thickness <= 0 {
            result.refuse("sliceThicknessMm", RuleMessage("baseline.sliceThicknessNotPositive", "must be more than 0 mm ({thickness})",
                                                          ["thickness": "\(thickness)"]))
        }
        var seen: Set<String> = []
        for (index, lesion) in lesions.enumerated() {
            let field = "lesions[\(index)]"
            let id = lesion.id.trimmingCharacters(in: .whitespacesAndNewlines)
            if !id.isEmpty && !seen.insert(id).inserted {
                result.refuse("\(field).id", RuleMessage("baseline.lesionIdDuplicate", "'{lesionId}' is already used by another lesion; each lesion needs its own identifier",
                                                         ["lesionId": id]))
            }
            if lesion.location.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                result.refuse("\(field).location", RuleMessage("baseline.required.lesionLocation", "is required: describe where in the organ the lesion lies (segment, lobe)"))
            }
            // Target sizes are checked by the RECIST evaluator below; non-targets need a size too.
            if lesion.role == .nonTarget && (Millimetres(exactly: lesion.sizeMm) == nil || lesion.sizeMm <= 0) {
                result.refuse("\(field).sizeMm", RuleMessage("baseline.nonTargetSizeInvalid", "must be a length of more than 0 mm with at most one decimal ({size})",
                                                             ["size": "\(lesion.sizeMm)"]))
            }
            if let size = Millimetres(exactly: lesion.sizeMm), lesion.sizeMm > 0 {
                let measurability = RecistLesionMeasurability.classify(nodal: lesion.nodal, size: size, settings: settings)
                if measurability == .normalNode {
                    result.refuse("\(field).sizeMm", RuleMessage("baseline.normalLymphNode", "a lymph node with a short axis under {threshold} mm is normal (RECIST 1.1); remove it from the inventory",
                                                                 ["threshold": "\(settings.pathologicalNodeShortAxis.decimalValue)"]))
                } else if lesion.measurable != (measurability == .measurable) {
                    result.refuse("\(field).measurable", measurabilityMismatch(nodal: lesion.nodal, measurable: measurability == .measurable,
                                                                               size: "\(lesion.sizeMm)"))
                }
            }
            switch (imagingModality, lesion.sulPeak) {
            case (.ct, .some):
                result.refuse("\(field).sulPeak", RuleMessage("baseline.sulPeakNeedsPetCt", "a SULpeak needs a PET/CT baseline; this baseline is CT"))
            case (.petCt, .some(let sul)) where sul <= 0:
                result.refuse("\(field).sulPeak", RuleMessage("baseline.sulPeakNotPositive", "must be more than 0 ({sulPeak})", ["sulPeak": "\(sul)"]))
            default:
                break
            }
        }
        if !lesions.contains(where: \.plannedForImplantation) {
            result.query("lesions", RuleMessage("baseline.noLesionPlannedForImplantation", "no lesion is planned for 125I implantation; mark the lesions the implantation would treat"))
        }

        // RECIST 1.1 selection rules, by the RECIST evaluator's own baseline checks.
        do {
            _ = try RecistEvaluationRequest(baseline: recistBaseline, followUps: []).validated(settings: settings)
        } catch let failure as ValidationFailure {
            // The evaluator's own error, moved to this form's path; it keeps its code and values.
            for error in failure.errors {
                var moved = error
                moved.field = inventoryPath(error.field)
                result.errors.append(moved)
            }
        } catch {
            result.refuse("lesions", RuleMessage("baseline.recistCheckFailed", "{error}", ["error": "\(error)"]))
        }

        if imagingModality == .petCt {
            if petReference == nil {
                result.refuse("petReference", RuleMessage("baseline.petReferenceRequired", "is required with a PET/CT baseline: PERCIST needs the liver (or blood pool) reference"))
            }
            do {
                _ = try PercistEvaluationRequest(baseline: percistBaseline, followUps: []).validated(settings: percist)
            } catch let failure as ValidationFailure {
                for error in failure.errors {
                    var moved = error
                    moved.field = percistPath(error.field)
                    result.errors.append(moved)
                }
            } catch {
                result.refuse("lesions", RuleMessage("baseline.percistCheckFailed", "{error}", ["error": "\(error)"]))
            }
        } else if petReference != nil {
            result.refuse("petReference", RuleMessage("baseline.petReferenceOnlyWithPetCt", "applies to a PET/CT baseline only; this baseline is CT"))
        }
    }

    /// A measurability flag that RECIST 1.1 contradicts; one code per case, so each language words the
    /// lesion kind and the verdict itself.
    private func measurabilityMismatch(nodal: Bool, measurable: Bool, size: String) -> RuleMessage {
        switch (nodal, measurable) {
        case (true, true):
            return RuleMessage("baseline.nodeIsMeasurable", "a node with a short axis of {size} mm is measurable under RECIST 1.1; correct the size or the flag", ["size": size])
        case (true, false):
            return RuleMessage("baseline.nodeIsNotMeasurable", "a node with a short axis of {size} mm is not measurable under RECIST 1.1; correct the size or the flag", ["size": size])
        case (false, true):
            return RuleMessage("baseline.lesionIsMeasurable", "a lesion with a longest diameter of {size} mm is measurable under RECIST 1.1; correct the size or the flag", ["size": size])
        case (false, false):
            return RuleMessage("baseline.lesionIsNotMeasurable", "a lesion with a longest diameter of {size} mm is not measurable under RECIST 1.1; correct the size or the flag", ["size": size])
        }
    }

    /// Turns the RECIST request's paths (`baseline.targets[1].mm`) into this form's (`lesions[4].sizeMm`).
    func inventoryPath(_ field: String) -> String {
        let targets = lesions.indices.filter { lesions[$0].role == .target }
        let nonTargets = lesions.indices.filter { lesions[$0].role == .nonTarget }
        for (prefix, indices) in [("baseline.targets[", targets), ("baseline.nonTargets[", nonTargets)] where field.hasPrefix(prefix) {
            let rest = field.dropFirst(prefix.count)
            guard let close = rest.firstIndex(of: "]"), let k = Int(rest[..<close]), indices.indices.contains(k) else { continue }
            let tail = String(rest[rest.index(after: close)...])
                .replacingOccurrences(of: ".mm", with: ".sizeMm")
            return "lesions[\(indices[k])]\(tail)"
        }
        return field == "baseline" ? "lesions" : field.replacingOccurrences(of: "baseline.", with: "")
    }

    /// Turns the PERCIST request's paths (`baseline.lesions[0].sulPeak`, `baseline.liverMean`) into this form's.
    func percistPath(_ field: String) -> String {
        let withSul = lesions.indices.filter { lesions[$0].sulPeak != nil }
        let prefix = "baseline.lesions["
        if field.hasPrefix(prefix) {
            let rest = field.dropFirst(prefix.count)
            if let close = rest.firstIndex(of: "]"), let k = Int(rest[..<close]), withSul.indices.contains(k) {
                return "lesions[\(withSul[k])]\(rest[rest.index(after: close)...])"
            }
        }
        if field == "baseline.lesions" { return "lesions" }
        return field.replacingOccurrences(of: "baseline.", with: "petReference.")
    }
}
