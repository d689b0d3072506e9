import Foundation

extension StudyDefinition {
    func validateVisits(_ check: inout StudyProblemCollector) {
        if visits.isEmpty {
            check.add("visits", .missingField, "list at least one visit")
        }
        let armCodes = arms.map(\.code)
        for (i, visit) in visits.enumerated() {
            let path = StudyFieldPath("visits").index(i)
            check.checkCodeCharacters(visit.code, at: path.key("code"), allowUnderscore: true)
            check.requireText(visit.label, at: path.key("label"))
            check.checkReason(visit.studyTeamSetting, at: path)
            switch (visit.day, visit.repeat) {
            case (nil, nil):
                check.add(path, .missingField, "visit '\(visit.code)' needs a day (single visit) or a repeat (series)")
            case (.some, .some):
                check.add(path.key("repeat"), .invalidRepeat, "give either day or repeat, not both")
            case (nil, .some(let series)):
                if series.everyDays <= 0 {
                    check.add(path.key("repeat").key("everyDays"), .invalidRepeat,
                              "the interval must be a positive number of days; found \(series.everyDays)")
                }
                if series.lastDay < series.firstDay {
                    check.add(path.key("repeat").key("lastDay"), .invalidRepeat,
                              "lastDay \(series.lastDay) is before firstDay \(series.firstDay)")
                }
            case (.some, nil):
                break
            }
            if visit.windowMinusDays < 0 {
                check.add(path.key("windowMinusDays"), .invalidWindow, "must be 0 or more days; found \(visit.windowMinusDays)")
            }
            if visit.windowPlusDays < 0 {
                check.add(path.key("windowPlusDays"), .invalidWindow, "must be 0 or more days; found \(visit.windowPlusDays)")
            }
            if visit.forms.isEmpty {
                check.add(path.key("forms"), .missingField, "list the forms due at this visit")
            }
            if let arms = visit.arms {
                if arms.isEmpty {
                    check.add(path.key("arms"), .invalidValue, "leave arms out for every arm, or name at least one arm")
                }
                for (k, code) in arms.enumerated() where !armCodes.contains(code) {
                    check.add(path.key("arms").index(k), .unknownArmCode,
                              "'\(code)' is not an arm code; use one of \(armCodes.joined(separator: ", "))")
                }
            }
        }
        check.checkUnique(visits.map(\.code), noun: "visit code") { StudyFieldPath("visits").index($0).key("code") }
        validateExpandedSchedule(&check)
        validateImaging(&check)
    }

    /// Two visits that collect the same form for the same arm must not have overlapping
    /// windows: a form recorded on a day inside both could belong to either visit.
    private func validateExpandedSchedule(_ check: inout StudyProblemCollector) {
        let definitionIndex = Dictionary(visits.enumerated().map { ($0.element.code, $0.offset) },
                                         uniquingKeysWith: { first, _ in first })
        // Visit codes hold no "-", so the occurrence codes of a series (IMG-1, IMG-2) cannot collide.
        let expanded = visits.flatMap(\.scheduledVisits)
        var reportedPairs = Set<[Int]>()
        for (a, first) in expanded.enumerated() {
            for second in expanded[(a + 1)...] {
                guard let firstIndex = definitionIndex[first.definitionCode],
                      let secondIndex = definitionIndex[second.definitionCode] else { continue }
                let shared = first.forms.filter(second.forms.contains)
                guard !shared.isEmpty, shareArm(first, second),
                      first.earliestDay <= second.latestDay, second.earliestDay <= first.latestDay else { continue }
                let pair = [min(firstIndex, secondIndex), max(firstIndex, secondIndex)]
                guard reportedPairs.insert(pair).inserted else { continue }
                let overlapStart = max(first.earliestDay, second.earliestDay)
                check.add(StudyFieldPath("visits").index(pair[1]), .overlappingVisitWindows,
                          "\(first.code) (days \(first.earliestDay) to \(first.latestDay)) and \(second.code) "
                          + "(days \(second.earliestDay) to \(second.latestDay)) both collect "
                          + "\(shared.map(\.rawValue).joined(separator: ", ")) in overlapping windows; a form recorded "
                          + "on day \(overlapStart) could belong to either. Narrow the windows or space the visits apart")
            }
        }
    }

    private func shareArm(_ a: ScheduledVisit, _ b: ScheduledVisit) -> Bool {
        guard let armsA = a.arms, let armsB = b.arms else { return true }
        return !Set(armsA).isDisjoint(with: armsB)
    }

    private func validateImaging(_ check: inout StudyProblemCollector) {
        let path = StudyFieldPath("imaging").key("visit")
        guard let visit = visit(code: imaging.visit) else {
            check.add(path, .unknownVisitCode,
                      "'\(imaging.visit)' is not a visit code; name the repeating visit that schedules tumour assessments")
            return
        }
        if !visit.isRepeating {
            check.add(path, .notRepeatingVisit,
                      "'\(visit.code)' is a single visit; PFS censoring needs the repeating imaging visit (its interval and window)")
        }
        if !visit.forms.contains(.tumourAssessment) {
            check.add(path, .visitMissingForm, "'\(visit.code)' does not collect tumourAssessment")
        }
    }

    func validateEndpoints(_ check: inout StudyProblemCollector) {
        if endpoints.isEmpty {
            check.add("endpoints", .missingField, "list the trial's endpoints, with exactly one primary")
        }
        for (i, endpoint) in endpoints.enumerated() {
            let path = StudyFieldPath("endpoints").index(i)
            check.requireText(endpoint.name, at: path.key("name"))
            check.checkReason(endpoint.studyTeamSetting, at: path)
            if endpoint.timeFrameDays <= 0 {
                check.add(path.key("timeFrameDays"), .nonPositiveTimeFrame,
                          "the time frame must be a positive number of days (365 for 12 months); found \(endpoint.timeFrameDays)")
            }
        }
        check.checkUnique(endpoints.map(\.code.rawValue), noun: "endpoint code") {
            StudyFieldPath("endpoints").index($0).key("code")
        }
        let primaries = endpoints.filter { $0.role == .primary }.count
        if !endpoints.isEmpty && primaries != 1 {
            check.add("endpoints", .primaryEndpointCount, "exactly one endpoint must have role primary; found \(primaries)")
        }
    }

    func validateQualityOfLife(_ check: inout StudyProblemCollector) {
        let path = StudyFieldPath("qualityOfLife")
        check.requireText(qualityOfLife.instrument, at: path.key("instrument"))
        check.checkReason(qualityOfLife.studyTeamSetting, at: path)
        if qualityOfLife.timepoints.isEmpty {
            check.add(path.key("timepoints"), .missingField, "list the visits at which the questionnaire is due")
        }
        for (k, code) in qualityOfLife.timepoints.enumerated() {
            guard let visit = visit(code: code) else {
                check.add(path.key("timepoints").index(k), .unknownVisitCode, "'\(code)' is not a visit code")
                continue
            }
            if !visit.forms.contains(.qlqC30) {
                check.add(path.key("timepoints").index(k), .visitMissingForm,
                          "visit '\(code)' does not collect qlqC30; add it to the visit's forms")
            }
        }
        if !(qualityOfLife.responderThresholdPoints > 0) {
            check.add(path.key("responderThresholdPoints"), .invalidValue,
                      "must be a positive number of scale points (10 is usual)")
        }
    }
}
