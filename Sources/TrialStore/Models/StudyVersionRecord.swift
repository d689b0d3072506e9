import FluentKit
import FluentSQL
import Foundation
import TrialCore
import TrialStudyFile

/// One version of the study definition (the installed study, then each amendment), kept beside the others:
/// nothing is overwritten. The YAML is kept as it was installed, with its SHA-256, who installed it, when,
/// why, and the calendar date from which it governs screenings, forms and not-yet-due visits.
public final class StudyVersionRecord: Model, AuditedRecord, @unchecked Sendable {
    public static let schema = "study_versions"
    public static let auditEntityType = "study-version"

    @ID(key: .id) public var id: UUID?
    /// 1 for the installed study, then 2, 3, ... in the order the amendments were installed.
    @Field(key: "ordinal") public var ordinal: Int
    @Field(key: "protocol_id") public var protocolID: String
    /// The definition's own `version` (e.g. `1.1`).
    @Field(key: "version") public var version: String
    @Field(key: "definition_yaml") public var definitionYAML: String
    @Field(key: "definition_sha256") public var definitionSHA256: String
    @Field(key: "installed_at") public var installedAt: String
    @Field(key: "installed_by") public var installedBy: String
    @Field(key: "effective_on") public var effectiveOn: String
    @Field(key: "reason") public var reason: String

    public init() {}

    public init(ordinal: Int, protocolID: String, version: String, definitionYAML: String, installedAt: String,
                installedBy: String, effectiveOn: CalendarDate, reason: String) {
        self.id = UUID()
        self.ordinal = ordinal
        self.protocolID = protocolID
        self.version = version
        self.definitionYAML = definitionYAML
        self.definitionSHA256 = AuditChain.sha256Hex(definitionYAML)
        self.installedAt = installedAt
        self.installedBy = installedBy
        self.effectiveOn = effectiveOn.iso8601
        self.reason = reason
    }

    public var auditSnapshot: AuditSnapshot {
        // The YAML is represented by its hash, as for the installed study: any edit of the text changes it.
        ["ordinal": String(ordinal), "protocolID": protocolID, "version": version,
         "definitionSHA256": AuditChain.sha256Hex(definitionYAML), "installedAt": installedAt, "installedBy": installedBy,
         "effectiveOn": effectiveOn, "reason": reason]
    }
}

/// Adds `study_versions`. A database that already holds a trial gets its installed study as the first
/// version, through an audited write (TrialDesk as the actor, the reason saying what happened), so that
/// `audit verify` finds the row's history like any other.
struct CreateStudyVersions: AsyncMigration {
    static let firstVersionReason = "the study installed at first start, recorded as the first version of its definition when versions were introduced"

    func prepare(on database: any Database) async throws {
        try await database.schema(StudyVersionRecord.schema)
            .id()
            .field("ordinal", .int, .required)
            .field("protocol_id", .string, .required)
            .field("version", .string, .required)
            .field("definition_yaml", .string, .required)
            .field("definition_sha256", .string, .required)
            .field("installed_at", .string, .required)
            .field("installed_by", .string, .required)
            .field("effective_on", .string, .required)
            .field("reason", .string, .required)
            .unique(on: "ordinal")
            .unique(on: "protocol_id", "version")
            .create()
        guard let installed = try await StudyRecord.query(on: database).first() else { return }
        let definition = try StudyDefinitionFile.parse(yaml: installed.definitionYAML, source: "stored study \(installed.protocolID)")
        let installedOn = UTCTimestamp.date(from: installed.loadedAt).map { CalendarDate(utcDayOf: $0) }
            ?? CalendarDate(iso8601: String(installed.loadedAt.prefix(10)))
        guard let installedOn else {
            throw StoreError.invalidConfiguration("the installed study's time '\(installed.loadedAt)' is not a UTC timestamp")
        }
        try await TrialStore(database: database).write(as: .system, reason: Self.firstVersionReason) { tx in
            let record = StudyVersionRecord(ordinal: 1, protocolID: installed.protocolID, version: definition.version,
                                            definitionYAML: installed.definitionYAML, installedAt: installed.loadedAt,
                                            installedBy: AuditActor.system.username, effectiveOn: installedOn,
                                            reason: Self.firstVersionReason)
            try await tx.create(record, action: "record-study-version")
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StudyVersionRecord.schema).delete()
    }
}
