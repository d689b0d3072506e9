import FluentKit
import Foundation

/// The study definition in force, kept as the YAML it was loaded from (and its SHA-256) so that the
/// exact text behind every rule is on record.
public final class StudyRecord: Model, AuditedRecord, @unchecked Sendable {
    public static let schema = "studies"
    public static let auditEntityType = "study"

    @ID(key: .id) public var id: UUID?
    @Field(key: "protocol_id") public var protocolID: String
    @Field(key: "title") public var title: String
    @Field(key: "definition_yaml") public var definitionYAML: String
    @Field(key: "definition_sha256") public var definitionSHA256: String
    @Field(key: "loaded_at") public var loadedAt: String

    public init() {}

    public init(protocolID: String, title: String, definitionYAML: String, loadedAt: String) {
        self.id = UUID()
        self.protocolID = protocolID
        self.title = title
        self.definitionYAML = definitionYAML
        self.definitionSHA256 = AuditChain.sha256Hex(definitionYAML)
        self.loadedAt = loadedAt
    }

    public var auditSnapshot: AuditSnapshot {
        // The YAML itself is represented by its hash: the hash changes with any edit of the text.
        ["protocolID": protocolID, "title": title, "definitionSHA256": AuditChain.sha256Hex(definitionYAML), "loadedAt": loadedAt]
    }
}

public final class SiteRecord: Model, AuditedRecord, @unchecked Sendable {
    public static let schema = "sites"
    public static let auditEntityType = "site"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @Field(key: "city") public var city: String

    public init() {}

    public init(code: String, name: String, city: String) {
        self.id = UUID()
        self.code = code
        self.name = name
        self.city = city
    }

    public var auditSnapshot: AuditSnapshot {
        ["code": code, "name": name, "city": city]
    }
}
