import FluentKit
import FluentSQL
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
        guard let record = try await ParticipantRecord.read(participantID: id, on: store.database) else {
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
        return try await CaseReportFormRecord.read(participantID: participant.participantID, on: store.database)
    }

    /// One form of a participant, of the kind the page or route names (404 for any other).
    public func form(id: UUID, of participant: ParticipantRecord, kind: CaseReportForm) async throws -> CaseReportFormRecord {
        try requireSite(participant.siteCode)
        guard let record = try await CaseReportFormRecord.stored(id: id, on: store.database),
              record.participantID == participant.participantID, record.form == kind.rawValue else {
            throw StoreError.notFound(entity: "\(kind.rawValue) form of \(participant.participantID)", id: id.uuidString.lowercased())
        }
        return record
    }

    /// The forms with these IDs that the user may read (a query list names the form each query is about).
    public func forms(ids: Set<UUID>) async throws -> [CaseReportFormRecord] {
        guard !ids.isEmpty else { return [] }
        // Plain rows: the query inbox names the form of each of its hundred rows.
        return try await CaseReportFormRecord.read(on: store.database) { select in
            let chosen = select.where("id", .in, SQLBind.group(Array(ids)))
            guard let own = scope.siteCode else { return chosen }
            return chosen.where("site_code", .equal, SQLBind(own))
        }
    }

    /// The screening entry a participant was enrolled from.
    public func screening(of participant: ParticipantRecord) async throws -> ScreeningRecord {
        try await screening(id: participant.screeningID)
    }

    /// Planned visits not done whose window opens by `horizon`, by participant and schedule order, from the
    /// stored plan (`PlannedVisits`): what the work lists and the overdue list classify for the day.
    public func openPlannedVisits(through horizon: CalendarDate, site: String? = nil) async throws -> [PlannedVisitRow] {
        guard let sql = store.database as? any SQLDatabase else { return [] }
        return try await plannedVisits(openPlannedVisitsSelect(through: horizon, site: site, on: sql))
    }

    /// The open visits that can be overdue on `today`: a visit is overdue only from its stored `overdue_from`
    /// date (`VisitStatusCalendar.status(on:)`), so the others are left in the index. The rule still decides
    /// each visit's status; at 1,200 participants this reads about a tenth of the open visits.
    public func plannedVisitsPastWindow(on today: CalendarDate, site: String? = nil) async throws -> [PlannedVisitRow] {
        guard let sql = store.database as? any SQLDatabase else { return [] }
        return try await plannedVisits(openPlannedVisitsSelect(through: today, site: site, on: sql)
            .where("overdue_from", .lessThanOrEqual, SQLBind(today.iso8601)))
    }

    private func plannedVisits(_ select: SQLSelectBuilder) async throws -> [PlannedVisitRow] {
        let rows = try await PlainRow.all(select)
        return try rows.map { row in
            func date(_ column: String) throws -> CalendarDate {
                let text = try row.string(column)
                guard let date = CalendarDate(iso8601: text) else {
                    throw StoreError.conflict(RuleMessage("store.unreadablePlannedVisit", "a planned visit holds an unreadable date '{text}' in {column}: run trialdesk migrate",
                                                          ["text": text, "column": column]))
                }
                return date
            }
            func optionalDate(_ column: String) throws -> CalendarDate? {
                try row.optionalString(column).flatMap(CalendarDate.init(iso8601:))
            }
            return PlannedVisitRow(
                participantID: try row.string("participant_id"), siteCode: try row.string("site_code"),
                visitCode: try row.string("visit_code"), position: try row.integer("position"),
                earliest: try date("earliest"), due: try date("due"), latest: try date("latest"),
                calendar: VisitStatusCalendar(dueFrom: try date("due_from"), overdueFrom: try optionalDate("overdue_from"),
                                              missedFrom: try optionalDate("missed_from"), doneOn: try optionalDate("done_on")),
                protocolVersion: try row.optionalString("protocol_version"))
        }
    }

    /// The open visits due by `horizon` in this scope: every column read is in the `planned_visits_open` index
    /// (`WidenOpenVisitIndex`), so the rows come from the index alone.
    func openPlannedVisitsSelect(through horizon: CalendarDate, site: String?, on sql: any SQLDatabase) -> SQLSelectBuilder {
        var select = sql.select()
            .columns(WidenOpenVisitIndex.readColumns.map { SQLIdentifier($0) })
            .from(PlannedVisitRecord.schema)
            .where("done_on", .is, SQLLiteral.null)
            .where("due_from", .lessThanOrEqual, SQLBind(horizon.iso8601))
        if let own = scope.siteCode { select = select.where("site_code", .equal, SQLBind(own)) }
        if let site { select = select.where("site_code", .equal, SQLBind(site)) }
        return select.orderBy("participant_id").orderBy("position")
    }

    /// Each randomized participant's casebook: signed or not, and whether it holds recorded data.
    public func casebookSignatures() async throws -> [(participantId: String, signed: Bool, holdsData: Bool)] {
        guard let sql = store.database as? any SQLDatabase else { return [] }
        var select = sql.select()
            .column(SQLColumn("participant_id", table: ParticipantRecord.schema))
            .column(SQLColumn("signed_by", table: ParticipantRecord.schema))
            .column(SQLColumn("holds_data", table: CasebookStateRecord.schema))
            .from(ParticipantRecord.schema)
            .join(CasebookStateRecord.schema, on: SQLColumn("participant_id", table: CasebookStateRecord.schema), .equal,
                  SQLColumn("participant_id", table: ParticipantRecord.schema))
        if let own = scope.siteCode { select = select.where(SQLColumn("site_code", table: ParticipantRecord.schema), .equal, SQLBind(own)) }
        let rows = try await PlainRow.all(select.orderBy(SQLColumn("participant_id", table: ParticipantRecord.schema)))
        return try rows.map { row in
            (try row.string("participant_id"), try row.optionalString("signed_by") != nil, try row.optionalBool("holds_data") ?? false)
        }
    }

    /// Which participants: all enrolled, only the randomized, or only those not randomized yet.
    public enum ParticipantStatus: String, Sendable {
        case any, randomized, enrolled
    }

    /// - Parameter idContaining: a search by part of the study ID.
    public func participants(site: String? = nil, arm: String? = nil, id: String? = nil, idContaining: String? = nil,
                             status: ParticipantStatus = .any, page: ListPage? = nil) async throws -> [ParticipantRecord] {
        // Plain rows: building a Fluent model by reflection for each of a list's participants was a tenth of the
        // server's time when lists were read between writes.
        try await ParticipantRecord.read(on: store.database) { select in
            var select = participantFilters(select, site: site, arm: arm, id: id, idContaining: idContaining, status: status)
                .orderBy("participant_id")
            if let page { select = select.offset(page.offset).limit(page.limit) }
            return select
        }
    }

    /// How many participants the same filters find (a paged list says "1-100 of 1,200").
    public func participantCount(site: String? = nil, arm: String? = nil, idContaining: String? = nil, status: ParticipantStatus = .any) async throws -> Int {
        guard let sql = store.database as? any SQLDatabase else { throw StoreError.invalidConfiguration("the database does not speak SQL") }
        let select = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "participants").from(ParticipantRecord.schema)
        let rows = try await PlainRow.all(participantFilters(select, site: site, arm: arm, id: nil, idContaining: idContaining, status: status))
        return try rows.first?.integer("participants") ?? 0
    }

    /// The filters of the participants list, which its count applies too: the site scope first, then the
    /// list's own.
    private func participantFilters(_ select: SQLSelectBuilder, site: String?, arm: String?, id: String?, idContaining: String?,
                                    status: ParticipantStatus) -> SQLSelectBuilder {
        var select = select
        if let own = scope.siteCode { select = select.where("site_code", .equal, SQLBind(own)) }
        if let site { select = select.where("site_code", .equal, SQLBind(site)) }
        if let arm { select = select.where("arm", .equal, SQLBind(arm)) }
        if let id { select = select.where("participant_id", .equal, SQLBind(id)) }
        // A search finds the text anywhere in the study ID.
        if let idContaining, !idContaining.isEmpty { select = select.where("participant_id", .like, SQLBind("%" + idContaining + "%")) }
        switch status {
        case .any: break
        case .randomized: select = select.where("arm", .isNot, SQLLiteral.null)
        case .enrolled: select = select.where("arm", .is, SQLLiteral.null)
        }
        return select
    }

    public func screeningCount() async throws -> Int {
        let query = ScreeningRecord.query(on: store.database)
        if let own = scope.siteCode { query.filter(\.$siteCode == own) }
        return try await query.count()
    }

    public func screenings(page: ListPage? = nil) async throws -> [ScreeningRecord] {
        // Plain rows: the screening log API lists every screening.
        try await ScreeningRecord.read(on: store.database) { select in
            var chosen = select
            if let own = scope.siteCode { chosen = chosen.where("site_code", .equal, SQLBind(own)) }
            chosen = chosen.orderBy("screening_number")
            if let page { chosen = chosen.offset(page.offset).limit(page.limit) }
            return chosen
        }
    }

    /// Queries, oldest first (or newest first): of one status (nil: every status), or every one not closed
    /// (the work still to do), of one participant or all.
    public func queries(status: DataQueryStatus? = nil, notClosed: Bool = false, participant: String? = nil, formID: String? = nil,
                        newestFirst: Bool = false, page: ListPage? = nil) async throws -> [DataQueryRecord] {
        // Plain rows with the same conditions as the count: a list page reads a hundred.
        try await DataQueryRecord.read(on: store.database) { select in
            var chosen = select
            if let own = scope.siteCode { chosen = chosen.where("site_code", .equal, SQLBind(own)) }
            if let status { chosen = chosen.where("status", .equal, SQLBind(status.rawValue)) }
            if notClosed { chosen = chosen.where("status", .notEqual, SQLBind(DataQueryStatus.closed.rawValue)) }
            if let participant { chosen = chosen.where("participant_id", .equal, SQLBind(participant)) }
            if let formID { chosen = chosen.where("form_id", .equal, SQLBind(formID)) }
            chosen = chosen.orderBy("opened_at", newestFirst ? .descending : .ascending)
            if let page { chosen = chosen.offset(page.offset).limit(page.limit) }
            return chosen
        }
    }

    public func queryCount(status: DataQueryStatus? = nil, notClosed: Bool = false, participant: String? = nil) async throws -> Int {
        try await queryQuery(status: status, notClosed: notClosed, participant: participant, formID: nil).count()
    }

    private func queryQuery(status: DataQueryStatus?, notClosed: Bool, participant: String?, formID: String?) -> QueryBuilder<DataQueryRecord> {
        let query = DataQueryRecord.query(on: store.database)
        if let own = scope.siteCode { query.filter(\.$siteCode == own) }
        if let status { query.filter(\.$status == status.rawValue) }
        if notClosed { query.filter(\.$status != DataQueryStatus.closed.rawValue) }
        if let participant { query.filter(\.$participantID == participant) }
        if let formID { query.filter(\.$formID == formID) }
        return query
    }
}
