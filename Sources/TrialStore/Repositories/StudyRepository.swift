import FluentKit
import Foundation
import TrialCore
import TrialStudyFile

/// The study in force: installed once (an audited write, normally the chain's first event) and read back
/// from the YAML kept in the database, so that every process applies exactly the same rules.
public struct StudyRepository: Sendable {
    public let store: TrialStore

    public init(store: TrialStore) {
        self.store = store
    }

    public struct InstalledStudy: Sendable {
        public var definition: StudyDefinition
        public var yaml: String
        public var sha256: String
        public var freshlyInstalled: Bool
    }

    /// The installed study, or nil before the first start.
    public func current() async throws -> InstalledStudy? {
        guard let record = try await StudyRecord.query(on: store.database).first() else { return nil }
        let definition = try StudyDefinitionFile.parse(yaml: record.definitionYAML, source: "stored study \(record.protocolID)")
        return InstalledStudy(definition: definition, yaml: record.definitionYAML, sha256: record.definitionSHA256, freshlyInstalled: false)
    }

    /// Installs the study from YAML when none is installed yet; otherwise returns the installed one.
    /// Concurrent first starts (several processes on one PostgreSQL) install it once: the write lock
    /// orders them and the second finds the first's study.
    public func installIfNeeded(yaml: String, source: String) async throws -> InstalledStudy {
        let definition = try StudyDefinitionFile.parse(yaml: yaml, source: source)
        let installed = try await store.write(as: .system) { tx -> Bool in
            if try await StudyRecord.query(on: tx.database).first() != nil { return false }
            let record = StudyRecord(protocolID: definition.protocolId, title: definition.title.en, definitionYAML: yaml,
                                     loadedAt: tx.occurredAt)
            try await tx.create(record, action: "install-study")
            for site in definition.sites {
                try await tx.create(SiteRecord(code: site.code, name: site.name.en, city: site.city.en), action: "install-site")
            }
            return true
        }
        if installed {
            return InstalledStudy(definition: definition, yaml: yaml, sha256: AuditChain.sha256Hex(yaml), freshlyInstalled: true)
        }
        guard let current = try await current() else { throw StoreError.conflict(RuleMessage("store.studyUnreadable", "the study could not be read back after installation")) }
        return current
    }
}
