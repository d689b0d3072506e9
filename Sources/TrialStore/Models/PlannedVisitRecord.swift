import FluentKit
import FluentSQL
import Foundation
import TrialCore
import TrialStudyFile

/// One planned visit of a randomized participant with the days its status changes (`VisitStatusCalendar`).
/// Derived data: rewritten in the same transaction as every change of the participant's casebook or
/// randomization (`PlannedVisits.refresh`), so that the work lists and the overdue list read any day's
/// statuses with one query instead of rebuilding every casebook. It holds nothing the audited records do not
/// determine, so it carries no audit history of its own; `PlannedVisits.rebuildAll` recomputes it.
final class PlannedVisitRecord: Model, @unchecked Sendable {
    static let schema = "planned_visits"

    @ID(key: .id) var id: UUID?
    @Field(key: "participant_id") var participantID: String
    @Field(key: "site_code") var siteCode: String
    @Field(key: "visit_code") var visitCode: String
    /// The visit's place in the participant's schedule.
    @Field(key: "position") var position: Int
    @Field(key: "earliest") var earliest: String
    @Field(key: "due") var due: String
    @Field(key: "latest") var latest: String
    @Field(key: "due_from") var dueFrom: String
    @OptionalField(key: "overdue_from") var overdueFrom: String?
    @OptionalField(key: "missed_from") var missedFrom: String?
    @OptionalField(key: "done_on") var doneOn: String?
    /// The protocol version whose schedule the visit comes from (`StudyVersionHistory`).
    @OptionalField(key: "protocol_version") var protocolVersion: String?

    /// The fields above, listed: Fluent otherwise finds them by reflection on every query, row and save, and
    /// this model is read and written on every save (`ModelFieldListTests` holds the list to what reflection finds).
    var properties: [any AnyProperty] { [$id, $participantID, $siteCode, $visitCode, $position, $earliest, $due, $latest, $dueFrom, $overdueFrom, $missedFrom, $doneOn, $protocolVersion] }

    init() {}
}

/// Whether a participant's casebook holds recorded data (what the investigator's signature attests),
/// kept beside the planned visits and derived the same way.
final class CasebookStateRecord: Model, @unchecked Sendable {
    static let schema = "casebook_states"

    @ID(custom: "participant_id", generatedBy: .user) var id: String?
    @Field(key: "site_code") var siteCode: String
    @Field(key: "holds_data") var holdsData: Bool

    /// The fields above, listed: Fluent otherwise finds them by reflection on every query, row and save, and
    /// this model is read and written on every save (`ModelFieldListTests` holds the list to what reflection finds).
    var properties: [any AnyProperty] { [$id, $siteCode, $holdsData] }

    init() {}
}

/// A planned visit as the work lists read it.
public struct PlannedVisitRow: Sendable, Hashable {
    public var participantID: String
    public var siteCode: String
    public var visitCode: String
    public var position: Int
    public var earliest: CalendarDate
    public var due: CalendarDate
    public var latest: CalendarDate
    public var calendar: VisitStatusCalendar
    /// The protocol version whose schedule the visit comes from.
    public var protocolVersion: String?

    /// The visit as the schedule shows it on `today`, with its definition from the study. A visit that the
    /// version in force no longer schedules (kept from an earlier version because it was already due) is
    /// shown from the stored window under its own code.
    public func visit(in study: [String: ScheduledVisit], today: CalendarDate) -> ParticipantVisit? {
        let offset = randomizationOffset
        let definition = study[visitCode] ?? ScheduledVisit(
            code: visitCode, definitionCode: String(visitCode.split(separator: "-").first ?? Substring(visitCode)), occurrence: nil,
            label: LocalizedText(en: visitCode, zhHans: visitCode), targetDay: offset.target, earliestDay: offset.earliest,
            latestDay: offset.latest, forms: [], arms: nil)
        return ParticipantVisit(visit: definition, earliestDate: earliest, dueDate: due, latestDate: latest, calendar: calendar, today: today,
                                protocolVersion: protocolVersion)
    }

    /// The window as days relative to the due date (the randomization date is not stored with the visit).
    private var randomizationOffset: (target: Int, earliest: Int, latest: Int) {
        (0, due.days(until: earliest), due.days(until: latest))
    }
}

/// Keeps `planned_visits` and `casebook_states` equal to what the casebooks determine.
enum PlannedVisits {
    /// Rewrites one participant's planned visits from their casebook, inside the caller's transaction.
    /// The schedule follows the protocol versions on record (`StudyVersionHistory`): each visit comes from the
    /// version in force at randomization or from a later amendment, and keeps that version.
    /// `versioned` is false only for the migration that ran before versions were stored.
    /// `history` is the caller's, when it has read it already in the same transaction.
    static func refresh(participantID: String, siteCode: String, casebook: Casebook, study: StudyDefinition, on database: any Database,
                        versioned: Bool = true, history known: StudyVersionHistory? = nil) async throws {
        guard let sql = database as? any SQLDatabase else { throw StoreError.invalidConfiguration("the database does not speak SQL") }
        // Plain statements, not models: this runs in every write that can move a schedule, and building a
        // model per visit by reflection cost more than the rows.
        try await sql.delete(from: PlannedVisitRecord.schema).where("participant_id", .equal, SQLBind(participantID)).run()
        var history: StudyVersionHistory?
        if versioned { history = if let known { known } else { try await StoredStudyHistory.load(on: database) } }
        let built: ParticipantVisitSchedule?
        if let randomized = casebook.randomizationDate {
            built = history.flatMap { ParticipantVisitSchedule(casebook: casebook, history: $0, today: randomized) }
                ?? ParticipantVisitSchedule(casebook: casebook, study: study, today: randomized)
        } else {
            built = nil
        }
        if let schedule = built, !schedule.visits.isEmpty {
            let insert = sql.insert(into: PlannedVisitRecord.schema)
                .columns("id", "participant_id", "site_code", "visit_code", "position", "earliest", "due", "latest", "due_from",
                         "overdue_from", "missed_from", "done_on", "protocol_version")
            for (position, visit) in schedule.visits.enumerated() {
                insert.values(SQLBind(UUID()), SQLBind(participantID), SQLBind(siteCode), SQLBind(visit.visit.code), SQLBind(position),
                              SQLBind(visit.earliestDate.iso8601), SQLBind(visit.dueDate.iso8601), SQLBind(visit.latestDate.iso8601),
                              SQLBind(visit.calendar.dueFrom.iso8601), SQLBind(visit.calendar.overdueFrom?.iso8601),
                              SQLBind(visit.calendar.missedFrom?.iso8601), SQLBind(visit.calendar.doneOn?.iso8601), SQLBind(visit.protocolVersion))
            }
            try await insert.run()
        }
        // One statement whether or not the participant has a state yet.
        try await sql.insert(into: CasebookStateRecord.schema)
            .columns("participant_id", "site_code", "holds_data")
            .values(SQLBind(participantID), SQLBind(siteCode), SQLBind(casebook.holdsRecordedData))
            .onConflict(with: ["participant_id"]) { $0.set(excludedValueOf: "site_code").set(excludedValueOf: "holds_data") }
            .run()
    }

    /// Recomputes every participant's planned visits (after the migration that adds the tables, and when an
    /// amendment moves the visits not yet due).
    static func rebuildAll(study: StudyDefinition, on database: any Database, versioned: Bool = true) async throws {
        let participants = try await ParticipantRecord.query(on: database).all()
        // Nothing to plan before the first participant (and an empty IN list is not SQL PostgreSQL accepts).
        guard !participants.isEmpty else { return }
        let service = CaseReportService(store: TrialStore(database: database), study: study, dictionary: try CtcaeDictionary.bundled())
        let casebooks = try await service.casebooks(of: participants, on: database)
        for participant in participants {
            guard let casebook = casebooks[participant.participantID] else { continue }
            try await refresh(participantID: participant.participantID, siteCode: participant.siteCode, casebook: casebook, study: study, on: database,
                              versioned: versioned)
        }
    }
}

struct CreatePlannedVisits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlannedVisitRecord.schema)
            .id()
            .field("participant_id", .string, .required)
            .field("site_code", .string, .required)
            .field("visit_code", .string, .required)
            .field("position", .int, .required)
            .field("earliest", .string, .required)
            .field("due", .string, .required)
            .field("latest", .string, .required)
            .field("due_from", .string, .required)
            .field("overdue_from", .string)
            .field("missed_from", .string)
            .field("done_on", .string)
            .create()
        try await database.schema(CasebookStateRecord.schema)
            .field("participant_id", .string, .identifier(auto: false))
            .field("site_code", .string, .required)
            .field("holds_data", .bool, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "planned_visits_participant").on(PlannedVisitRecord.schema).column("participant_id").run()
            try await sql.create(index: "planned_visits_open").on(PlannedVisitRecord.schema).column("done_on").column("due_from").run()
        }
        // A database that already holds a trial gets its planned visits now.
        if let record = try await StudyRecord.query(on: database).first() {
            let study = try StudyDefinitionFile.parse(yaml: record.definitionYAML, source: "stored study \(record.protocolID)")
            try await PlannedVisits.rebuildAll(study: study, on: database, versioned: false)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CasebookStateRecord.schema).delete()
        try await database.schema(PlannedVisitRecord.schema).delete()
    }
}

/// The open visits' index holds every column the work lists read, so that the overdue list and the dashboard
/// read the index alone. At 1,200 participants the narrow index (done_on, due_from) left a table lookup for
/// each of some 800 open visits, two thirds of the overdue list's time in SQLite; a site's list also
/// looked up every other site's visits before leaving them out.
struct WidenOpenVisitIndex: AsyncMigration {
    static let readColumns = ["done_on", "due_from", "site_code", "participant_id", "position", "visit_code", "earliest", "due", "latest",
                              "overdue_from", "missed_from", "protocol_version"]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "planned_visits_open").run()
        var index = sql.create(index: "planned_visits_open").on(PlannedVisitRecord.schema)
        for column in Self.readColumns { index = index.column(column) }
        try await index.run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "planned_visits_open").run()
        try await sql.create(index: "planned_visits_open").on(PlannedVisitRecord.schema).column("done_on").column("due_from").run()
    }
}
