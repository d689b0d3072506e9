import FluentKit
import Foundation
import TrialCore

/// The lists a user reads, with the user's site scope applied here, once: a user bound to one site gets that
/// site's participants, screenings and queries and nothing else, whichever page, API route or command asks.
public struct SiteScopedRecords: Sendable {
    public let store: TrialStore
    public let scope: SiteScope

    public init(store: TrialStore, scope: SiteScope) {
        self.store = store
        self.scope = scope
    }

    /// Which participants: all enrolled, only the randomized, or only those not randomized yet.
    public enum ParticipantStatus: String, Sendable {
        case any, randomized, enrolled
    }

    public func participants(site: String? = nil, arm: String? = nil, id: String? = nil, status: ParticipantStatus = .any,
                             page: ListPage? = nil) async throws -> [ParticipantRecord] {
        var query = ParticipantRecord.query(on: store.database).sort(\.$participantID)
        if let own = scope.siteCode { query = query.filter(\.$siteCode == own) }
        if let site { query = query.filter(\.$siteCode == site) }
        if let arm { query = query.filter(\.$arm == arm) }
        if let id { query = query.filter(\.$participantID == id) }
        switch status {
        case .any: break
        case .randomized: query = query.filter(\.$arm != nil)
        case .enrolled: query = query.filter(\.$arm == nil)
        }
        if let page { query = query.offset(page.offset).limit(page.limit) }
        return try await query.all()
    }

    public func screenings(page: ListPage? = nil) async throws -> [ScreeningRecord] {
        var query = ScreeningRecord.query(on: store.database).sort(\.$screeningNumber)
        if let own = scope.siteCode { query = query.filter(\.$siteCode == own) }
        if let page { query = query.offset(page.offset).limit(page.limit) }
        return try await query.all()
    }

    /// Queries, oldest first (or newest first): of one status (nil: every status), or every one not closed
    /// (the work still to do), of one participant or all.
    public func queries(status: DataQueryStatus? = nil, notClosed: Bool = false, participant: String? = nil, newestFirst: Bool = false,
                        page: ListPage? = nil) async throws -> [DataQueryRecord] {
        var query = DataQueryRecord.query(on: store.database).sort(\.$openedAt, newestFirst ? .descending : .ascending)
        if let own = scope.siteCode { query = query.filter(\.$siteCode == own) }
        if let status { query = query.filter(\.$status == status.rawValue) }
        if notClosed { query = query.filter(\.$status != DataQueryStatus.closed.rawValue) }
        if let participant { query = query.filter(\.$participantID == participant) }
        if let page { query = query.offset(page.offset).limit(page.limit) }
        return try await query.all()
    }
}
