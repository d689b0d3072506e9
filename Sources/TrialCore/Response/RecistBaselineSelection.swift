import Foundation

/// The baseline lesion selection checked against RECIST 1.1: every target measurable, at most
/// 5 targets in total and 2 per organ, identifiers unique, at least one lesion recorded.
struct RecistBaselineSelection {
    /// Identifiers of the baseline targets (including those that failed a check, so that follow-up
    /// readings of them are not also reported as unknown lesions).
    var targetIDs: [String] = []
    var targetIsNodal: [Bool] = []
    var nonTargetIDs: [String] = []
    /// The validated lesions; complete only when no error was found.
    var targets: [RecistTargetLesion] = []
    var nonTargets: [RecistNonTargetLesion] = []

    /// The per-organ limit groups lesions by organ. RECIST working group FAQ ("paired organs", and its
    /// clarification on lymph nodes): all lymph nodes together count as one organ, whatever their site.
    static func organKey(organ: String, nodal: Bool) -> String {
        nodal ? "lymph nodes" : organ.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    static func check(
        _ baseline: RecistEvaluationRequest.Baseline, settings: RecistSettings, errors: inout [FieldError]
    ) -> RecistBaselineSelection {
        var selection = RecistBaselineSelection()
        var seen: [String: String] = [:]
        var targetsByOrgan: [String: [String]] = [:]

        if baseline.targets.isEmpty && baseline.nonTargets.isEmpty {
            errors.append(FieldError(
                field: "baseline",
                RuleMessage("recist.noBaselineLesion", "no lesion recorded: RECIST 1.1 needs at least one target or non-target lesion at baseline")))
        }

        for (index, target) in baseline.targets.enumerated() {
            let field = "baseline.targets[\(index)]"
            let id = ResponseInputChecks.lesionIdentifier(target.id, field: "\(field).id", seen: &seen, errors: &errors)
            if let id {
                selection.targetIDs.append(id)
                selection.targetIsNodal.append(target.nodal)
            }
            let organ = target.organ.trimmingCharacters(in: .whitespacesAndNewlines)
            if organ.isEmpty {
                errors.append(FieldError(field: "\(field).organ", RuleMessage("recist.organRequired", "must not be empty; name the organ (for example liver, lung, lymph node)")))
            }
            let size = ResponseInputChecks.millimetres(target.mm, field: "\(field).mm", errors: &errors)
            if index >= settings.maximumTargets {
                errors.append(FieldError(
                    field: field,
                    RuleMessage("recist.tooManyTargets", "RECIST 1.1 allows at most {maximum} target lesions; record this lesion as a non-target lesion",
                                ["maximum": "\(settings.maximumTargets)"])))
            } else if !organ.isEmpty {
                let key = organKey(organ: organ, nodal: target.nodal)
                let already = targetsByOrgan[key, default: []]
                if already.count >= settings.maximumTargetsPerOrgan {
                    // RECIST working group FAQ: all lymph nodes count as one organ, so the sentence says so.
                    let rule = target.nodal
                        ? RuleMessage("recist.tooManyNodalTargets", "RECIST 1.1 allows at most {maximum} target lesions per organ and lymph nodes (all sites count as one organ) already has {lesions}; record this lesion as a non-target lesion",
                                      ["maximum": "\(settings.maximumTargetsPerOrgan)", "lesions": already.joined(separator: ", ")])
                        : RuleMessage("recist.tooManyTargetsPerOrgan", "RECIST 1.1 allows at most {maximum} target lesions per organ and '{organ}' already has {lesions}; record this lesion as a non-target lesion",
                                      ["maximum": "\(settings.maximumTargetsPerOrgan)", "organ": organ, "lesions": already.joined(separator: ", ")])
                    errors.append(FieldError(field: "\(field).organ", rule))
                } else {
                    targetsByOrgan[key, default: []].append(id ?? "baseline.targets[\(index)]")
                }
            }
            if let size, let problem = measurabilityProblem(nodal: target.nodal, size: size, settings: settings) {
                errors.append(FieldError(field: "\(field).mm", problem))
            }
            if let id, let size, !organ.isEmpty {
                selection.targets.append(RecistTargetLesion(id: id, organ: organ, nodal: target.nodal, baselineSize: size))
            }
        }

        for (index, nonTarget) in baseline.nonTargets.enumerated() {
            let field = "baseline.nonTargets[\(index)]"
            let id = ResponseInputChecks.lesionIdentifier(nonTarget.id, field: "\(field).id", seen: &seen, errors: &errors)
            let organ = nonTarget.organ.trimmingCharacters(in: .whitespacesAndNewlines)
            if organ.isEmpty {
                errors.append(FieldError(field: "\(field).organ", RuleMessage("recist.organRequired", "must not be empty; name the organ (for example liver, lung, lymph node)")))
            }
            if let id {
                selection.nonTargetIDs.append(id)
                if !organ.isEmpty {
                    selection.nonTargets.append(RecistNonTargetLesion(id: id, organ: organ, nodal: nonTarget.nodal))
                }
            }
        }
        return selection
    }

    /// Why a lesion of this size cannot be a target lesion, or nil when it can.
    static func measurabilityProblem(nodal: Bool, size: Millimetres, settings: RecistSettings) -> RuleMessage? {
        let measured = "\(size.decimalValue)"
        switch RecistLesionMeasurability.classify(nodal: nodal, size: size, settings: settings) {
        case .measurable:
            return nil
        case .nonMeasurable:
            // RECIST 1.1: with slices thicker than 5 mm the minimum is twice the slice thickness, so say why.
            if settings.sliceThickness * 2 > settings.minimumNonNodalDiameter {
                return RuleMessage("recist.targetBelowSliceMinimum", "a non-nodal target lesion needs a longest diameter of at least {minimum} mm (twice the {sliceThickness} mm slice thickness) to be measurable (RECIST 1.1); {size} mm is not: record it as a non-target lesion",
                                   ["minimum": "\(settings.measurableNonNodalDiameter.decimalValue)",
                                    "sliceThickness": "\(settings.sliceThickness.decimalValue)", "size": measured])
            }
            return RuleMessage("recist.targetBelowMinimum", "a non-nodal target lesion needs a longest diameter of at least {minimum} mm to be measurable (RECIST 1.1); {size} mm is not: record it as a non-target lesion",
                               ["minimum": "\(settings.measurableNonNodalDiameter.decimalValue)", "size": measured])
        case .pathologicalNonMeasurableNode:
            return RuleMessage("recist.nodeNotMeasurable", "a lymph node target needs a short axis of at least {minimum} mm (RECIST 1.1); a node of {pathological} to under {minimum} mm ({size} mm) is pathological but not measurable: record it as a non-target lesion",
                               ["minimum": "\(settings.measurableNodeShortAxis.decimalValue)",
                                "pathological": "\(settings.pathologicalNodeShortAxis.decimalValue)", "size": measured])
        case .normalNode:
            return RuleMessage("recist.nodeNotPathological", "a lymph node with a short axis under {pathological} mm ({size} mm) is not pathological (RECIST 1.1): do not record it as a lesion",
                               ["pathological": "\(settings.pathologicalNodeShortAxis.decimalValue)", "size": measured])
        }
    }
}
