import FluentKit
import FluentSQL
import Foundation
import TrialCore

/// Reads the audit trail for the people allowed to read it. A reader bound to one site sees the events
/// made at that site only: another site's screening values and form contents are in its events, and a
/// monitor of site 961 has no business reading site 960's.
public struct AuditTrailReader: Sendable {
    public let store: TrialStore

    public init(store: TrialStore) {
        self.store = store
    }

    public enum Order: Sendable {
        case oldestFirst, newestFirst
    }

    /// The events of one record (or of every record when `entityType` and `entityID` are nil), in `order`,
    /// one page of them, limited to what `scope` may see.
    public func events(scope: SiteScope, entityType: String? = nil, entityID: String? = nil, order: Order = .oldestFirst,
                       page: ListPage) async throws -> [AuditEventRecord] {
        try await AuditEventRecord.read(on: store.database) { select in
            var chosen = select
            if let site = scope.siteCode { chosen = chosen.where("site", .equal, SQLBind(site)) }
            if let entityType { chosen = chosen.where("entity_type", .equal, SQLBind(entityType)) }
            if let entityID { chosen = chosen.where("entity_id", .equal, SQLBind(entityID)) }
            return chosen.orderBy("sequence", order == .oldestFirst ? .ascending : .descending).offset(page.offset).limit(page.limit)
        }
    }
}
