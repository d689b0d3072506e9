import Foundation

extension BaselineForm {
    /// Usual adult range for age; outside it the value is a typing error.
    static let plausibleAge = 18...110

    /// Checks the baseline form. Hard rules: values in range, lab units that fit the test, lesion
    /// identifiers unique, the stated measurability and RECIST roles valid under RECIST 1.1's
    /// selection rules (the RECIST evaluator's own baseline checks), SULpeak only and the PERCIST
    /// baseline valid with a PET/CT. Soft: labs outside safe limits for a percutaneous procedure,
    /// a baseline outside its visit window, no lesion planned for implantation.
    public func check(in context: CaseReportContext) -> FormCheckResult {
        var result = FormCheckResult()
        result.checkDate(assessmentDate, field: "assessmentDate", context: context, notBeforeRandomization: false)
        if !Self.plausibleAge.contains(ageYears) {
            result.refuse("ageYears", "\(ageYears) is outside \(Self.plausibleAge.lowerBound)-\(Self.plausibleAge.upperBound) years; the trial enrols adults")
        }
        result.requireText(primaryTumourSite, field: "primaryTumourSite", what: "name the primary tumour's site (for example lung)")
        result.requireText(histology, field: "histology", what: "give the histology (for example adenocarcinoma)")
        if priorLinesOfTherapy < 0 {
            result.refuse("priorLinesOfTherapy", "must be 0 or more (\(priorLinesOfTherapy))")
        }
        if !(0...5).contains(ecog) {
            result.refuse("ecog", "ECOG performance status is 0 to 5 (\(ecog))")
        } else if ecog > 2 {
            result.query("ecog", "ECOG \(ecog) is above the protocol's 0-2; confirm the participant was eligible")
        }
        checkLabs(into: &result)
        checkLesions(into: &result, settings: recistSettings(context.recistSettings), percist: context.percistSettings)

        if let randomized = context.casebook.randomizationDate,
           let window = context.study.scheduledVisits.first(where: { $0.forms.contains(.baseline) }) {
            let day = randomized.days(until: assessmentDate)
            if !window.windowContains(day: day) {
                result.query("assessmentDate", "day \(day) from randomization is outside the baseline window (days \(window.earliestDay) to \(window.latestDay))")
            }
        }
        return result
    }

    private func checkLabs(into result: inout FormCheckResult) {
        var seen: Set<BaselineLabTest> = []
        for (index, lab) in labs.enumerated() {
            let field = "labs[\(index)]"
            if !seen.insert(lab.test).inserted {
                result.refuse("\(field).test", "\(lab.test.rawValue) is entered twice; keep the result closest to the procedure")
            }
            guard let value = lab.standardValue else {
                let allowed = lab.test.allowedUnits.map(\.rawValue).joined(separator: ", ")
                result.refuse("\(field).unit", "\(lab.unit.rawValue) is not a unit for \(lab.test.rawValue); use \(allowed)")
                continue
            }
            if lab.value <= 0 {
                result.refuse("\(field).value", "must be more than 0 (\(lab.value) \(lab.unit.rawValue))")
                continue
            }
            let limits = lab.test.procedureSafetyLimits
            let unit = lab.test.standardUnit.rawValue
            if let lower = limits.lower, value < lower {
                result.query("\(field).value", "\(lab.test.rawValue) \(value) \(unit) is below \(lower) \(unit), the usual safe limit for a percutaneous procedure")
            }
            if let upper = limits.upper, value > upper {
                result.query("\(field).value", "\(lab.test.rawValue) \(value) \(unit) is above \(upper) \(unit), the usual safe limit for a percutaneous procedure")
            }
        }
        for test in [BaselineLabTest.platelets, .inr] where !seen.contains(test) {
            result.query("labs", "no \(test.rawValue) result: bleeding risk must be known before a percutaneous implantation")
        }
    }

    private func checkLesions(into result: inout FormCheckResult, settings: RecistSettings, percist: PercistSettings) {
        if let thickness = sliceThicknessMm, thickness <= 0 {
            result.refuse("sliceThicknessMm", "must be more than 0 mm (\(thickness))")
        }
        var seen: Set<String> = []
        for (index, lesion) in lesions.enumerated() {
            let field = "lesions[\(index)]"
            let id = lesion.id.trimmingCharacters(in: .whitespacesAndNewlines)
            if !id.isEmpty && !seen.insert(id).inserted {
                result.refuse("\(field).id", "'\(id)' is already used by another lesion; each lesion needs its own identifier")
            }
            if lesion.location.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                result.refuse("\(field).location", "is required: describe where in the organ the lesion lies (segment, lobe)")
            }
            // Target sizes are checked by the RECIST evaluator below; non-targets need a size too.
            if lesion.role == .nonTarget && (Millimetres(exactly: lesion.sizeMm) == nil || lesion.sizeMm <= 0) {
                result.refuse("\(field).sizeMm", "must be a length of more than 0 mm with at most one decimal (\(lesion.sizeMm))")
            }
            if let size = Millimetres(exactly: lesion.sizeMm), lesion.sizeMm > 0 {
                let measurability = RecistLesionMeasurability.classify(nodal: lesion.nodal, size: size, settings: settings)
                if measurability == .normalNode {
                    result.refuse("\(field).sizeMm", "a lymph node with a short axis under \(settings.pathologicalNodeShortAxis.decimalValue) mm is normal (RECIST 1.1); remove it from the inventory")
                } else if lesion.measurable != (measurability == .measurable) {
                    let truth = measurability == .measurable ? "measurable" : "not measurable"
                    result.refuse("\(field).measurable", "a \(lesion.nodal ? "node with a short axis" : "lesion with a longest diameter") of \(lesion.sizeMm) mm is \(truth) under RECIST 1.1; correct the size or the flag")
                }
            }
            switch (imagingModality, lesion.sulPeak) {
            case (.ct, .some):
                result.refuse("\(field).sulPeak", "a SULpeak needs a PET/CT baseline; this baseline is CT")
            case (.petCt, .some(let sul)) where sul <= 0:
                result.refuse("\(field).sulPeak", "must be more than 0 (\(sul))")
            default:
                break
            }
        }
        if !lesions.contains(where: \.plannedForImplantation) {
            result.query("lesions", "no lesion is planned for 125I implantation; mark the lesions the implantation would treat")
        }

        // RECIST 1.1 selection rules, by the RECIST evaluator's own baseline checks.
        do {
            _ = try RecistEvaluationRequest(baseline: recistBaseline, followUps: []).validated(settings: settings)
        } catch let failure as ValidationFailure {
            for error in failure.errors {
                result.refuse(inventoryPath(error.field), error.message)
            }
        } catch {
            result.refuse("lesions", "\(error)")
        }

        if imagingModality == .petCt {
            if petReference == nil {
                result.refuse("petReference", "is required with a PET/CT baseline: PERCIST needs the liver (or blood pool) reference")
            }
            do {
                _ = try PercistEvaluationRequest(baseline: percistBaseline, followUps: []).validated(settings: percist)
            } catch let failure as ValidationFailure {
                for error in failure.errors {
                    result.refuse(percistPath(error.field), error.message)
                }
            } catch {
                result.refuse("lesions", "\(error)")
            }
        } else if petReference != nil {
            result.refuse("petReference", "applies to a PET/CT baseline only; this baseline is CT")
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
