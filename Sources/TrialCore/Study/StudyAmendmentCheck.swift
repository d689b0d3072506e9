import Foundation

/// What the running trial has already recorded, as far as an amendment of its study definition can touch it.
/// The store gathers it inside the amendment's write transaction; the rule below only reads it.
public struct StudyDataInUse: Sendable, Hashable {
    /// Participants who hold an allocation.
    public var randomizedParticipants: Int
    /// Screening fields with at least one recorded value.
    public var screeningFieldsWithValues: Set<String>
    /// The category words recorded per category screening field.
    public var recordedCategories: [String: Set<String>]
    /// The kinds of case report form saved for at least one participant.
    public var formsWithData: Set<CaseReportForm>
    /// Protocol versions already installed (the amendment must add a new one).
    public var installedVersions: [String]
    /// Sites that have screened at least one patient.
    public var sitesWithData: Set<String>

    public init(randomizedParticipants: Int = 0, screeningFieldsWithValues: Set<String> = [],
                recordedCategories: [String: Set<String>] = [:], formsWithData: Set<CaseReportForm> = [],
                installedVersions: [String] = [], sitesWithData: Set<String> = []) {
        self.randomizedParticipants = randomizedParticipants
        self.screeningFieldsWithValues = screeningFieldsWithValues
        self.recordedCategories = recordedCategories
        self.formsWithData = formsWithData
        self.installedVersions = installedVersions
        self.sitesWithData = sitesWithData
    }
}

/// Decides whether a new version of the study definition may replace the one in force in a running trial.
/// Every refusal names the field of the new definition it concerns (a removed item names the list it was
/// removed from), so that a file reader can give its line as `study check` does.
///
/// The rules (docs/study-definition.md, "Amendments"):
/// - the protocol ID stays, and the version is one not installed before;
/// - arms, allocation ratio, stratification factors and the randomization scheme are frozen once anyone is
///   randomized (changing them mid-trial breaks the allocation lists and the analysis by stratum; that
///   needs a new study);
/// - a site, a screening field, a category word or a form kind that already holds data cannot be removed, and a
///   field holding data cannot change its kind.
/// What an amendment may change freely (visits, windows, criteria, sites, new fields) applies from its
/// effective date: screenings and forms saved before keep the version they were saved under.
public struct StudyAmendmentCheck: Sendable {
    public let current: StudyDefinition
    public let proposed: StudyDefinition
    public let data: StudyDataInUse

    public init(current: StudyDefinition, proposed: StudyDefinition, data: StudyDataInUse) {
        self.current = current
        self.proposed = proposed
        self.data = data
    }

    /// Every reason the amendment is refused; empty when it may be installed.
    public func problems() -> [StudyDefinitionProblem] {
        var check = StudyProblemCollector()
        checkIdentity(&check)
        if data.randomizedParticipants > 0 { checkRandomizationFrozen(&check) }
        checkScreeningFields(&check)
        checkForms(&check)
        checkSites(&check)
        return check.problems
    }

    private func checkIdentity(_ check: inout StudyProblemCollector) {
        if proposed.protocolId != current.protocolId {
            check.add("protocolId", .protocolIdChanged,
                      "is '\(proposed.protocolId)' but the running trial is '\(current.protocolId)'; an amendment keeps the protocol ID (another protocol is another study)")
        }
        if let note = proposed.amendment, note.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            check.add(StudyFieldPath("amendment").key("reason"), .missingReason, "an amendment states why it is made")
        }
        if let note = proposed.amendment, note.amends != current.version {
            check.add(StudyFieldPath("amendment").key("amends"), .amendsAnotherVersion,
                      "the file amends version '\(note.amends)' but the version in force is '\(current.version)'; amend the version in force")
        }
        if data.installedVersions.contains(proposed.version) {
            check.add("version", .versionAlreadyInstalled,
                      "version '\(proposed.version)' is already installed; give the amendment a new version number (installed: \(data.installedVersions.joined(separator: ", ")))")
        }
    }

    private func checkRandomizationFrozen(_ check: inout StudyProblemCollector) {
        let why = "cannot change once participants are randomized (\(data.randomizedParticipants) so far): their allocations and the lists in use depend on it; that change needs a new study"
        if proposed.arms.map(\.code) != current.arms.map(\.code) {
            check.add("arms", .randomizationFrozen,
                      "the arms \(proposed.arms.map(\.code).joined(separator: ", ")) differ from \(current.arms.map(\.code).joined(separator: ", ")): the arms \(why)")
        }
        if proposed.allocationRatio != current.allocationRatio {
            check.add("allocationRatio", .randomizationFrozen, "the allocation ratio \(why)")
        }
        if proposed.stratification != current.stratification {
            let index = zip(proposed.stratification, current.stratification).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            let path: StudyFieldPath = index.map { StudyFieldPath("stratification").index($0) } ?? "stratification"
            check.add(path, .randomizationFrozen, "the stratification factors \(why)")
        }
        if !sameScheme(proposed.randomization, current.randomization) {
            check.add("randomization", .randomizationFrozen, "the randomization scheme \(why)")
        }
    }

    /// The scheme's settings decide the allocations; its reason text does not.
    private func sameScheme(_ a: RandomizationScheme, _ b: RandomizationScheme) -> Bool {
        switch (a, b) {
        case (.permutedBlocks(let x), .permutedBlocks(let y)): return x.blockSizes == y.blockSizes
        case (.minimization(let x), .minimization(let y)):
            return x.factorWeights == y.factorWeights && x.biasedCoinProbability == y.biasedCoinProbability
                && x.imbalanceMeasure == y.imbalanceMeasure
        default: return false
        }
    }

    private func checkScreeningFields(_ check: inout StudyProblemCollector) {
        for field in current.screeningFields where data.screeningFieldsWithValues.contains(field.name) {
            guard let index = proposed.screeningFields.firstIndex(where: { $0.name == field.name }) else {
                check.add("screeningFields", .removesRecordedData,
                          "screening field '\(field.name)' is removed but screenings already hold its values; keep the field (it may stop being asked by no longer being read by a criterion)")
                continue
            }
            let amended = proposed.screeningFields[index]
            let path = StudyFieldPath("screeningFields").index(index)
            if amended.kind != field.kind {
                check.add(path.key("kind"), .changesRecordedType,
                          "'\(field.name)' is \(field.kind.rawValue) and screenings already hold its values; it cannot become \(amended.kind.rawValue) (add a new field instead)")
                continue
            }
            let recorded = data.recordedCategories[field.name] ?? []
            let removed = recorded.subtracting(amended.categories ?? []).sorted()
            if field.kind == .category, !removed.isEmpty {
                check.add(path.key("categories"), .removesRecordedData,
                          "\(removed.map { "'\($0)'" }.joined(separator: ", ")) \(removed.count == 1 ? "is" : "are") recorded for '\(field.name)' and cannot be removed from its categories")
            }
        }
    }

    /// A site code is the first part of its participants' IDs and the scope of its users' accounts.
    private func checkSites(_ check: inout StudyProblemCollector) {
        let remaining = Set(proposed.sites.map(\.code))
        for site in current.sites where data.sitesWithData.contains(site.code) && !remaining.contains(site.code) {
            check.add("sites", .removesRecordedData,
                      "site \(site.code) is removed but has already screened patients; keep it (a site that stops recruiting stays in the list)")
        }
    }

    /// A form kind with saved data must stay collected by some visit; the unscheduled forms (death, end of
    /// study, deviation) are collected without a visit and cannot be removed.
    private func checkForms(_ check: inout StudyProblemCollector) {
        let scheduledBefore = Set(current.visits.flatMap(\.forms))
        let scheduledAfter = Set(proposed.visits.flatMap(\.forms))
        let removed = scheduledBefore.subtracting(scheduledAfter).intersection(data.formsWithData)
        for form in CaseReportForm.allCases where removed.contains(form) {
            check.add("visits", .removesRecordedData,
                      "no visit collects \(form.rawValue) any more, but participants already have \(form.rawValue) forms; keep it in at least one visit")
        }
    }
}
