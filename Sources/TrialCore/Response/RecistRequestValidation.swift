import Foundation

extension RecistEvaluationRequest {
    /// Checks the record against RECIST 1.1's rules and the input's own consistency, and returns it
    /// validated; throws `ValidationFailure` listing every problem, each with its JSON path
    /// (`followUps[1].targets[0].mm`).
    public func validated(settings baseSettings: RecistSettings = RecistSettings()) throws -> RecistAssessmentRecord {
        var errors: [FieldError] = []
        let settings = effectiveSettings(baseSettings, errors: &errors)
        let selection = RecistBaselineSelection.check(baseline, settings: settings, errors: &errors)

        ResponseInputChecks.checkDateOrder(
            followUps.map(\.date), baseline: baseline.date, baselineField: "baseline.date",
            field: { "followUps[\($0)].date" }, errors: &errors)

        var readings: [RecistTimepointReadings] = []
        for (index, followUp) in followUps.enumerated() {
            if let reading = validatedFollowUp(followUp, at: "followUps[\(index)]", selection: selection, errors: &errors) {
                readings.append(reading)
            }
        }
        try ValidationFailure.throwIfAny(errors)
        return RecistAssessmentRecord(
            baselineDate: baseline.date, targets: selection.targets, nonTargets: selection.nonTargets,
            followUps: readings, settings: settings)
    }

    private func effectiveSettings(_ base: RecistSettings, errors: inout [FieldError]) -> RecistSettings {
        var settings = base
        if let days = minimumSDDays {
            if days < 0 {
                errors.append(FieldError(field: "minimumSDDays", RuleMessage("recist.minimumSDDaysNegative", "must be 0 or more days from baseline ({days})", ["days": "\(days)"])))
            } else {
                settings.minimumStableDiseaseDays = days
            }
        }
        if let thickness = sliceThicknessMm {
            if thickness == 0 {
                errors.append(FieldError(field: "sliceThicknessMm", RuleMessage("recist.sliceThicknessZero", "must be more than 0 mm")))
            } else if let slice = ResponseInputChecks.millimetres(thickness, field: "sliceThicknessMm", errors: &errors) {
                settings.sliceThickness = slice
            }
        }
        return settings
    }

    private func validatedFollowUp(
        _ followUp: FollowUp, at path: String, selection: RecistBaselineSelection, errors: inout [FieldError]
    ) -> RecistTimepointReadings? {
        let errorCount = errors.count
        let targetIndex = Dictionary(uniqueKeysWithValues: selection.targetIDs.enumerated().map { ($1, $0) })
        let nonTargetIndex = Dictionary(uniqueKeysWithValues: selection.nonTargetIDs.enumerated().map { ($1, $0) })

        var targets: [RecistTargetMeasurement?] = Array(repeating: nil, count: selection.targetIDs.count)
        var seenTargets: [String: String] = [:]
        for (position, reading) in followUp.targets.enumerated() {
            let field = "\(path).targets[\(position)]"
            guard let id = ResponseInputChecks.lesionIdentifier(reading.id, field: "\(field).id", seen: &seenTargets, errors: &errors) else { continue }
            guard let index = targetIndex[id] else {
                errors.append(FieldError(field: "\(field).id", unknownTargetRule(
                    id, known: selection.targetIDs, isNonTarget: nonTargetIndex[id] != nil)))
                continue
            }
            targets[index] = measurement(reading, nodal: selection.targetIsNodal[index], field: field, errors: &errors)
        }
        for id in selection.targetIDs where seenTargets[id] == nil {
            errors.append(FieldError(
                field: "\(path).targets",
                RuleMessage("recist.targetReadingMissing", "target lesion '{lesion}' is missing; record it with mm null when it was not assessed", ["lesion": id])))
        }

        var nonTargets: [NonTargetStatus?] = Array(repeating: nil, count: selection.nonTargetIDs.count)
        var seenNonTargets: [String: String] = [:]
        for (position, reading) in followUp.nonTargets.enumerated() {
            let field = "\(path).nonTargets[\(position)]"
            guard let id = ResponseInputChecks.lesionIdentifier(reading.id, field: "\(field).id", seen: &seenNonTargets, errors: &errors) else { continue }
            guard let index = nonTargetIndex[id] else {
                errors.append(FieldError(field: "\(field).id", unknownNonTargetRule(
                    id, known: selection.nonTargetIDs, isTarget: targetIndex[id] != nil)))
                continue
            }
            nonTargets[index] = reading.status
        }
        for id in selection.nonTargetIDs where seenNonTargets[id] == nil {
            errors.append(FieldError(
                field: "\(path).nonTargets",
                RuleMessage("recist.nonTargetReadingMissing", "non-target lesion '{lesion}' is missing; record it with status notAssessed when it was not assessed",
                            ["lesion": id])))
        }

        guard errors.count == errorCount else { return nil }
        return RecistTimepointReadings(
            date: followUp.date, targets: targets.compactMap { $0 }, nonTargets: nonTargets.compactMap { $0 },
            newLesions: followUp.newLesions)
    }

    private func measurement(
        _ reading: TargetReading, nodal: Bool, field: String, errors: inout [FieldError]
    ) -> RecistTargetMeasurement? {
        let tooSmall = reading.tooSmall ?? false
        guard let value = reading.mm else {
            return tooSmall ? .tooSmallToMeasure : .notAssessed
        }
        guard let size = ResponseInputChecks.millimetres(value, field: "\(field).mm", errors: &errors) else { return nil }
        if tooSmall {
            // RECIST 1.1: a lesion too small to measure is recorded as 5 mm; a node keeps its actual short
            // axis when one is given. A measured non-nodal lesion is not "too small to measure".
            if !nodal {
                errors.append(FieldError(
                    field: "\(field).tooSmall",
                    RuleMessage("recist.tooSmallAndMeasured", "a non-nodal lesion too small to measure counts as the default size; give either mm (it was measured) or tooSmall with mm null, not both")))
                return nil
            }
            if size == .zero {
                errors.append(FieldError(
                    field: "\(field).mm",
                    RuleMessage("recist.tooSmallAtZero", "a lesion too small to measure is still present, so it cannot be 0 mm; record a disappeared lesion as mm 0 without tooSmall")))
                return nil
            }
        }
        return .measured(size)
    }

    /// A follow-up target reading whose identifier is no baseline target: either it was a non-target at
    /// baseline (wrong list), or it is unknown (a new lesion belongs in newLesions, RECIST 1.1).
    private func unknownTargetRule(_ id: String, known: [String], isNonTarget: Bool) -> RuleMessage {
        if isNonTarget {
            return RuleMessage("recist.readingIsNonTarget", "'{lesion}' is a non-target lesion at baseline; record it under nonTargets", ["lesion": id])
        }
        if known.isEmpty {
            return RuleMessage("recist.unknownTargetNoneAtBaseline", "no baseline target lesion '{lesion}' (baseline target lesions: there are none); new lesions go in newLesions",
                               ["lesion": id])
        }
        return RuleMessage("recist.unknownTarget", "no baseline target lesion '{lesion}' (baseline target lesions: {known}); new lesions go in newLesions",
                           ["lesion": id, "known": known.joined(separator: ", ")])
    }

    /// The same for a non-target reading.
    private func unknownNonTargetRule(_ id: String, known: [String], isTarget: Bool) -> RuleMessage {
        if isTarget {
            return RuleMessage("recist.readingIsTarget", "'{lesion}' is a target lesion at baseline; record it under targets", ["lesion": id])
        }
        if known.isEmpty {
            return RuleMessage("recist.unknownNonTargetNoneAtBaseline", "no baseline non-target lesion '{lesion}' (baseline non-target lesions: there are none); new lesions go in newLesions",
                               ["lesion": id])
        }
        return RuleMessage("recist.unknownNonTarget", "no baseline non-target lesion '{lesion}' (baseline non-target lesions: {known}); new lesions go in newLesions",
                           ["lesion": id, "known": known.joined(separator: ", ")])
    }
}
