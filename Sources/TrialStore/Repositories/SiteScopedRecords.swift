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

    /// Refuses a record of another site to a user bound to one site: every single-record read below and
    /// every write a site-bound user asks for goes through here.
    public func requireSite(_ siteCode: String) throws {
        guard scope.covers(siteCode: siteCode) else { throw StoreError.outsideSite(site: siteCode, scope: scope.description) }
    }

    public func screening(id: UUID) async throws -> ScreeningRecord {
        guard let record = try await ScreeningRecord.find(id, on: store.database) else {
            throw StoreError.notFound(entity: "screening", id: id.uuidString.lowercased())
        }
        try requireSite(record.siteCode)
        return record
    }

    public func participant(id: String) async throws -> ParticipantRecord {
        guard let record = try await ParticipantRecord.query(on: store.database).filter(\.$participantID == id).first() else {
            throw StoreError.notFound(entity: "participant", id: id)
        }
        try requireSite(record.siteCode)
        return record
    }

    public func query(id: UUID) async throws -> DataQueryRecord {
        guard let record = try await DataQueryRecord.find(id, on: store.database) else {
            throw StoreError.notFound(entity: "query", id: id.uuidString.lowercased())
        }
        try requireSite(record.siteCode)
        return record
    }

    /// A participant's forms in the order they were first saved.
    public func forms(of participant: ParticipantRecord) async throws -> [CaseReportFormRecord] {
        try requireSite(participant.siteCode)
        return try await CaseReportFormRecord.query(on: store.database).filter(\.$participantID == participant.participantID)
            .sort(\.$createdAt).all()
    }

    /// One form of a participant, of the kind the page or route names (404 for any other).
    public func form(id: UUID, of participant: ParticipantRecord, kind: CaseReportForm) async throws -> CaseReportFormRecord {
        try requireSite(participant.siteCode)
        guard let record = try await CaseReportFormRecord.find(id, on: store.database),
              record.participantID == participant.participantID, record.form == kind.rawValue else {
            throw StoreError.notFound(entity: "\(kind.rawValue) form of \(participant.participantID)", id: id.uuidString.lowercased())
        }
        return record
    }

    /// The forms with these IDs that the user may read (a query list names the form each query is about).
    public func forms(ids: Set<UUID>) async throws -> [CaseReportFormRecord] {
        guard !ids.isEmpty else { return [] }
        var query = CaseReportFormRecord.query(on: store.database).filter(\.$id ~~ Array(ids))
        if let own = scope.siteCode { query = query.filter(\.$siteCode == own) }
        return try await query.all()
    }

    /// The screening entry a participant was enrolled from.
    public func screening(of participant: ParticipantRecord) async throws -> ScreeningRecord {
        try await screening(id: participant.screeningID)
    }

    /// Which participants: all enrolled, only the randomized, or only those not randomized yet.
    public enum ParticipantStatus: String, Sendable {
        case any, randomized, enrolled
    }

    /// - Parameter idContaining: a search by part of the study ID, whatever the letter case.
    public func participants(site: String? = nil, arm: String? = nil, id: String? = nil, idContaining: String? = nil,
                             status: ParticipantStatus = .any, page: ListPage? = nil) async throws -> [ParticipantRecord] {
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
        let found = try await query.all()
        guard let idContaining else { return found }
        return found.filter { $0.participantID.localizedCaseInsensitiveContains(idContaining) }
    }

    public func screenings(page: ListPage? = nil) async throws -> [ScreeningRecord] {
        var query = ScreeningRecord.query(on: store.database).sort(\.$screeningNumber)
        if let own = scope.siteCode { query = query.filter(\.$siteCode == own) }
        if let page { query = query.offset(page.offset).limit(page.limit) }
        return try await query.all()
    }

    /// Queries, oldest first (or newest first): of one status (nil: every status), or every one not closed
    /// (the work still to do), of one participant or all.
    public func queries(status: DataQueryStatus? = nil, notClosed: Bool = false, participant: String? = nil, formID: String? = nil,
                        newestFirst: Bool = false, page: ListPage? = nil) async throws -> [DataQueryRecord] {
        var query = DataQueryRecord.query(on: store.database).sort(\.$openedAt, newestFirst ? .descending : .ascending)
        if let own = scope.siteCode { query = query.filter(\.$siteCode == own) }
        if let status { query = query.filter(\.$status == status.rawValue) }
        if notClosed { query = query.filter(\.$status != DataQueryStatus.closed.rawValue) }
        if let participant { query = query.filter(\.$participantID == participant) }
        if let formID { query = query.filter(\.$formID == formID) }
        if let page { query = query.offset(page.offset).limit(page.limit) }
        return try await query.all()
    }
}
