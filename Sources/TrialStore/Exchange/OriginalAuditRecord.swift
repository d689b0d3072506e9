import Foundation

/// Who changed a value, where, when and why, as an ODM `AuditRecord` says it. An export writes it from the
/// audit event; an import writes it into the reason of the event it appends (the chain's own time and actor
/// are the import's), and a later export reads it back from there, so that export, import and export again
/// give the same audit records.
public struct OriginalAuditRecord: Codable, Hashable, Sendable {
    public var user: String
    public var location: String?
    public var time: String
    public var reason: String?
    /// The audit event the value came from in the system that first recorded it (`audit-event:<sequence>`).
    public var source: String

    public init(user: String, location: String?, time: String, reason: String?, source: String) {
        self.user = user
        self.location = location
        self.time = time
        self.reason = reason
        self.source = source
    }

    static let importMarker = "; original AuditRecord "

    /// The reason of an imported change: the file and the original record, readable and machine-readable.
    public func importReason(fileName: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
        return "imported from ODM file \(fileName)\(Self.importMarker)\(json)"
    }

    /// The audit record of an event: the original one when the event is an import, else the event's own.
    public init(event: AuditEventRecord) {
        if let reason = event.reason, reason.hasPrefix("imported from ODM file "), let marker = reason.range(of: Self.importMarker),
           let original = try? JSONDecoder().decode(OriginalAuditRecord.self, from: Data(reason[marker.upperBound...].utf8)) {
            self = original
            return
        }
        self = OriginalAuditRecord(user: event.actor, location: event.site, time: event.occurredAt, reason: event.reason, source: "audit-event:\(event.sequence)")
    }
}
