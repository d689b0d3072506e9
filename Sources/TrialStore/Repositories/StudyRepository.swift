import FluentKit
import FluentSQL
import Foundation
import TrialCore
import TrialStudyFile

/// The study in force: installed once (an audited write, normally the chain's first event), then amended by
/// new versions kept beside the first (`study_versions`), and read back from the YAML kept in the database,
/// so that every process applies exactly the same rules.
public struct StudyRepository: Sendable {
    public let store: TrialStore
    /// The calendar in which an amendment's effective date is taken (the hospital's, as for clinical dates).
    public let timeZone: TimeZone

    public init(store: TrialStore, timeZone: TimeZone = .current) {
        self.store = store
        self.timeZone = timeZone
    }

    public struct InstalledStudy: Sendable {
        public var definition: StudyDefinition
        public var yaml: String
        public var sha256: String
        public var freshlyInstalled: Bool
    }

    /// One stored version, as the version list shows it.
    public struct VersionSummary: Sendable, Hashable, Codable {
        public var ordinal: Int
        public var version: String
        public var effectiveOn: CalendarDate
        public var installedAt: String
        public var installedBy: String
        public var reason: String
        public var definitionSHA256: String

        public init(ordinal: Int, version: String, effectiveOn: CalendarDate, installedAt: String, installedBy: String, reason: String,
                    definitionSHA256: String) {
            self.ordinal = ordinal
            self.version = version
            self.effectiveOn = effectiveOn
            self.installedAt = installedAt
            self.installedBy = installedBy
            self.reason = reason
            self.definitionSHA256 = definitionSHA256
        }
    }

    /// The version in force (the latest installed), or nil before the first start.
    public func current() async throws -> InstalledStudy? {
        if let latest = try await StudyVersionRecord.query(on: store.database).sort(\.$ordinal, .descending).first() {
            let definition = try StudyDefinitionFile.parse(yaml: latest.definitionYAML, source: "stored study \(latest.protocolID) version \(latest.version)")
            return InstalledStudy(definition: definition, yaml: latest.definitionYAML, sha256: latest.definitionSHA256, freshlyInstalled: false)
        }
        guard let record = try await StudyRecord.query(on: store.database).first() else { return nil }
        let definition = try StudyDefinitionFile.parse(yaml: record.definitionYAML, source: "stored study \(record.protocolID)")
        return InstalledStudy(definition: definition, yaml: record.definitionYAML, sha256: record.definitionSHA256, freshlyInstalled: false)
    }

    /// Every stored version, oldest first.
    public func versions(on database: (any Database)? = nil) async throws -> [VersionSummary] {
        try await StudyVersionRecord.query(on: database ?? store.database).sort(\.$ordinal).all().map { record in
            guard let effectiveOn = CalendarDate(iso8601: record.effectiveOn) else {
                throw StoreError.conflict(RuleMessage("store.studyUnreadable", "the study could not be read back after installation"))
            }
            return VersionSummary(ordinal: record.ordinal, version: record.version, effectiveOn: effectiveOn,
                                  installedAt: record.installedAt, installedBy: record.installedBy, reason: record.reason,
                                  definitionSHA256: record.definitionSHA256)
        }
    }

    /// Every stored version with its definition and effective date (which version governs a date or a visit).
    public func history(on database: (any Database)? = nil) async throws -> StudyVersionHistory? {
        let records = try await StudyVersionRecord.query(on: database ?? store.database).sort(\.$ordinal).all()
        let versions = try records.map { record in
            guard let effective = CalendarDate(iso8601: record.effectiveOn) else {
                throw StoreError.conflict(RuleMessage("store.studyUnreadable", "the study could not be read back after installation"))
            }
            return StudyVersion(version: record.version, effectiveOn: effective,
                                definition: try StudyDefinitionFile.parse(yaml: record.definitionYAML, source: "stored study version \(record.version)"))
        }
        return StudyVersionHistory(versions)
    }

    /// Every stored version as a history, parsed once per set of versions (the pages that show a schedule).
    public func storedHistory() async throws -> StudyVersionHistory? {
        try await StoredStudyHistory.load(on: store.database)
    }

    /// Installs the study from YAML when none is installed yet; otherwise returns the installed one.
    /// Concurrent first starts (several processes on one PostgreSQL) install it once: the write lock
    /// orders them and the second finds the first's study.
    /// `amendments` (whole study files, oldest first, each stating its reason in its `amendment` section) are
    /// installed after it in the same write, so that a new trial starts at the latest version with every
    /// earlier one on record.
    public func installIfNeeded(yaml: String, source: String, amendments: [(source: String, yaml: String)] = []) async throws -> InstalledStudy {
        let definition = try StudyDefinitionFile.parse(yaml: yaml, source: source)
        let amended = try amendments.map { amendment in
            (amendment, try StudyDefinitionFile.parse(yaml: amendment.yaml, source: amendment.source))
        }
        let timeZone = self.timeZone
        let installed = try await store.write(as: .system) { tx -> Bool in
            if try await StudyRecord.query(on: tx.database).first() != nil { return false }
            let record = StudyRecord(protocolID: definition.protocolId, title: definition.title.en, definitionYAML: yaml,
                                     loadedAt: tx.occurredAt)
            try await tx.create(record, action: "install-study")
            try await tx.create(StudyVersionRecord(ordinal: 1, protocolID: definition.protocolId, version: definition.version,
                                                   definitionYAML: yaml, installedAt: tx.occurredAt, installedBy: tx.actor.username,
                                                   effectiveOn: CalendarDate(localDayOf: tx.now, in: timeZone),
                                                   reason: "installed at first start from \(source)"),
                                action: "install-study-version")
            for site in definition.sites {
                try await tx.create(SiteRecord(code: site.code, name: site.name.en, city: site.city.en), action: "install-site")
            }
            for (file, proposed) in amended {
                let reason = proposed.amendment?.reason ?? "amendment shipped with the study (\(file.source))"
                _ = try await install(proposed, yaml: file.yaml, source: file.source, reason: reason, tx: tx)
            }
            return true
        }
        if installed {
            let (latest, latestYAML) = amended.last.map { ($0.1, $0.0.yaml) } ?? (definition, yaml)
            return InstalledStudy(definition: latest, yaml: latestYAML, sha256: AuditChain.sha256Hex(latestYAML), freshlyInstalled: true)
        }
        guard let current = try await current() else { throw StoreError.conflict(RuleMessage("store.studyUnreadable", "the study could not be read back after installation")) }
        return current
    }

    // MARK: Amendments

    /// What an amendment would do, or did: the readable diff, whose schedules move, and the stored version.
    public struct AmendmentOutcome: Sendable {
        public var definition: StudyDefinition
        public var diff: StudyAmendmentDiff
        public var scheduleMoves: [ScheduleMove]
        public var effectiveOn: CalendarDate
        /// Nil for a dry run.
        public var installed: VersionSummary?
        /// The allocation lists' extension when the amendment raised the target enrollment beyond them.
        public var listExtension: EnrollmentService.ListExtension?
    }

    /// Checks a new version of the study definition against the version in force and the data already
    /// recorded (`StudyAmendmentCheck`), and unless `dryRun` installs it beside the earlier versions in one
    /// audited write (who, when and `reason` in the chain). A refused amendment throws
    /// `StudyDefinitionFileError` naming every problem by line and field of `yaml`.
    /// `auditKey` unseals the randomization seed when an amendment raises the target enrollment beyond the
    /// allocation lists (they are extended in the same write).
    public func amend(yaml: String, source: String, reason: String, by actor: AuditActor, dryRun: Bool = false,
                      auditKey: AuditSigningKey? = nil) async throws -> AmendmentOutcome {
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !why.isEmpty else {
            throw StoreError.validation([FieldError(field: "reason", message: "an amendment needs the reason it is made (it is kept with the version in the audit trail)")])
        }
        let proposed = try StudyDefinitionFile.parse(yaml: yaml, source: source)
        if dryRun {
            return try await checkedAmendment(proposed, yaml: yaml, source: source, effectiveOn: CalendarDate(localDayOf: store.now(), in: timeZone),
                                              on: store.database)
        }
        return try await store.write(as: actor, reason: why) { tx in
            try await install(proposed, yaml: yaml, source: source, reason: why, tx: tx, auditKey: auditKey)
        }
    }

    /// Checks and installs one amendment inside the caller's write.
    private func install(_ proposed: StudyDefinition, yaml: String, source: String, reason: String,
                         tx: StoreTransaction, auditKey: AuditSigningKey? = nil) async throws -> AmendmentOutcome {
        let effectiveOn = CalendarDate(localDayOf: tx.now, in: timeZone)
        var outcome = try await checkedAmendment(proposed, yaml: yaml, source: source, effectiveOn: effectiveOn, on: tx.database)
        let ordinal = (try await StudyVersionRecord.query(on: tx.database).max(\.$ordinal) ?? 0) + 1
        let record = StudyVersionRecord(ordinal: ordinal, protocolID: proposed.protocolId, version: proposed.version,
                                        definitionYAML: yaml, installedAt: tx.occurredAt, installedBy: tx.actor.username,
                                        effectiveOn: effectiveOn, reason: reason)
        try await tx.create(record, action: "amend-study")
        // Visits not yet due move to the new schedule (derived data, rewritten in the same write).
        try await PlannedVisits.rebuildAll(study: proposed, on: tx.database)
        // A site the amendment adds can recruit from its effective date; sites are never deleted.
        let known = Set(try await SiteRecord.query(on: tx.database).all().map(\.code))
        for site in proposed.sites where !known.contains(site.code) {
            try await tx.create(SiteRecord(code: site.code, name: site.name.en, city: site.city.en), action: "install-site")
        }
        // A raised target enrollment extends every stratum's list to it, from the same seed (docs/randomization.md).
        if let setup = try await RandomizationSetupRecord.query(on: tx.database).filter(\.$listVersion == EnrollmentService.currentListVersion).first(),
           setup.scheme == "permutedBlocks", proposed.targetEnrollment > (setup.listLength ?? proposed.targetEnrollment) {
            outcome.listExtension = try await EnrollmentService(store: TrialStore(database: tx.database, now: { tx.now }), study: proposed,
                                                                timeZone: timeZone, auditKey: auditKey)
                .extendAllocationLists(to: proposed.targetEnrollment, in: tx)
        }
        outcome.installed = VersionSummary(ordinal: ordinal, version: proposed.version, effectiveOn: effectiveOn, installedAt: tx.occurredAt,
                                           installedBy: tx.actor.username, reason: reason, definitionSHA256: record.definitionSHA256)
        return outcome
    }

    private func checkedAmendment(_ proposed: StudyDefinition, yaml: String, source: String, effectiveOn: CalendarDate,
                                  on database: any Database) async throws -> AmendmentOutcome {
        guard let history = try await history(on: database) else {
            throw StoreError.conflict(RuleMessage("store.noStudyToAmend", "no study is installed yet: a study is installed at first start, then amended"))
        }
        let data = try await dataInUse(on: database, installedVersions: history.versions.map(\.version))
        let problems = StudyAmendmentCheck(current: history.latest.definition, proposed: proposed, data: data).problems()
        if !problems.isEmpty { throw StudyDefinitionFile.locate(problems, inYAML: yaml, source: source) }
        let participants = try await ParticipantRecord.query(on: database).filter(\.$arm != nil).all().compactMap { record -> RandomizedParticipantSchedule? in
            guard let arm = record.arm, let date = record.randomizedOn.flatMap(CalendarDate.init(iso8601:)) else { return nil }
            return RandomizedParticipantSchedule(participantID: record.participantID, armCode: arm, randomizedOn: date)
        }
        return AmendmentOutcome(definition: proposed, diff: StudyAmendmentDiff(from: history.latest.definition, to: proposed),
                                scheduleMoves: history.scheduleMoves(of: participants, amendment: proposed, effectiveOn: effectiveOn),
                                effectiveOn: effectiveOn, installed: nil)
    }

    /// What the trial has recorded that an amendment could touch (`StudyDataInUse`).
    func dataInUse(on database: any Database, installedVersions: [String]) async throws -> StudyDataInUse {
        guard let sql = database as? any SQLDatabase else { throw StoreError.invalidConfiguration("the database does not speak SQL") }
        var data = StudyDataInUse(installedVersions: installedVersions)
        data.randomizedParticipants = try await ParticipantRecord.query(on: database).filter(\.$arm != nil).count()
        let decoder = JSONDecoder()
        for row in try await PlainRow.all(sql.select().column("site_code").column("values_json").from(ScreeningRecord.schema)) {
            data.sitesWithData.insert(try row.string("site_code"))
            // A screening that cannot be read is not left out silently: the check would miss the values it holds.
            let values = try decoder.decode([String: ScreeningValue].self, from: Data(try row.string("values_json").utf8))
            for (name, value) in values {
                data.screeningFieldsWithValues.insert(name)
                if case .category(let word) = value { data.recordedCategories[name, default: []].insert(word) }
            }
        }
        for row in try await PlainRow.all(sql.select().distinct().column("form").from(CaseReportFormRecord.schema)) {
            if let form = CaseReportForm(rawValue: try row.string("form")) { data.formsWithData.insert(form) }
        }
        return data
    }
}

/// The stored versions as a `StudyVersionHistory`, for the writes that rebuild a participant's planned visits.
/// The versions' hashes and dates are read on every call (one small query); their YAML is parsed only when
/// that list changed, since every form save that moves a schedule needs the history.
enum StoredStudyHistory {
    private static let lock = NSLock()
    /// A few histories at once: several databases open in one process (tests, a restore beside a server)
    /// would otherwise evict each other and parse their YAML inside every write.
    nonisolated(unsafe) private static var cached: [String: StudyVersionHistory] = [:]
    private static let cachedLimit = 16

    /// Histories by the chain head they are known at (`ChainHeadMemory`). Every change of the versions
    /// (installation, amendment, the migration that recorded the first) is an audited write, so a write under the
    /// head's lock reads the table only when no earlier write of this process knew the versions at that head
    /// (`StoreTransaction.studyHistory()`).
    private static let byHead = ChainHeadMemory<StudyVersionHistory>(limit: 256)

    static func history(atHead hash: String) -> StudyVersionHistory? {
        byHead.value(atHead: hash)
    }

    static func remember(_ history: StudyVersionHistory, atHead hash: String) {
        byHead.remember(history, atHead: hash)
    }

    static func load(on database: any Database) async throws -> StudyVersionHistory? {
        guard let sql = database as? any SQLDatabase else { return nil }
        let rows = try await PlainRow.all(sql.select().columns("ordinal", "definition_sha256", "effective_on")
            .from(StudyVersionRecord.schema).orderBy("ordinal"))
        guard !rows.isEmpty else { return nil }
        let key = try rows.map { "\(try $0.integer("ordinal")):\(try $0.string("definition_sha256")):\(try $0.string("effective_on"))" }
            .joined(separator: ",")
        if let hit = lock.withLock({ cached[key] }) { return hit }
        guard let history = try await StudyRepository(store: TrialStore(database: database)).history(on: database) else { return nil }
        lock.withLock {
            if cached.count >= cachedLimit { cached.removeAll() }
            cached[key] = history
        }
        return history
    }
}

/// Adds the protocol version to each planned visit and recomputes the plans, so that a database of an
/// earlier binary shows the version of every visit.
struct AddPlannedVisitVersions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlannedVisitRecord.schema).field("protocol_version", .string).update()
        guard let current = try await StudyRepository(store: TrialStore(database: database)).current() else { return }
        try await PlannedVisits.rebuildAll(study: current.definition, on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlannedVisitRecord.schema).deleteField("protocol_version").update()
    }
}
