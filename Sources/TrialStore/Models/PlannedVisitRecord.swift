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

    init() {}
}

/// Whether a participant's casebook holds recorded data (what the investigator's signature attests),
/// kept beside the planned visits and derived the same way.
final class CasebookStateRecord: Model, @unchecked Sendable {
    static let schema = "casebook_states"

    @ID(custom: "participant_id", generatedBy: .user) var id: String?
    @Field(key: "site_code") var siteCode: String
    @Field(key: "holds_data") var holdsData: Bool

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

    /// The visit as the schedule shows it on `today`, with its definition from the study.
    public func visit(in study: [String: ScheduledVisit], today: CalendarDate) -> ParticipantVisit? {
        guard let definition = study[visitCode] else { return nil }
        return ParticipantVisit(visit: definition, earliestDate: earliest, dueDate: due, latestDate: latest, calendar: calendar, today: today)
    }
}

/// Keeps `planned_visits` and `casebook_states` equal to what the casebooks determine.
enum PlannedVisits {
    /// Rewrites one participant's planned visits from their casebook, inside the caller's transaction.
    static func refresh(participantID: String, siteCode: String, casebook: Casebook, study: StudyDefinition, on database: any Database) async throws {
        try await PlannedVisitRecord.query(on: database).filter(\.$participantID == participantID).delete()
        try await CasebookStateRecord.query(on: database).filter(\.$id == participantID).delete()
        if let randomized = casebook.randomizationDate,
           let schedule = ParticipantVisitSchedule(casebook: casebook, study: study, today: randomized) {
            let rows = schedule.visits.enumerated().map { position, visit -> PlannedVisitRecord in
                let row = PlannedVisitRecord()
                row.id = UUID()
                row.participantID = participantID
                row.siteCode = siteCode
                row.visitCode = visit.visit.code
                row.position = position
                row.earliest = visit.earliestDate.iso8601
                row.due = visit.dueDate.iso8601
                row.latest = visit.latestDate.iso8601
                row.dueFrom = visit.calendar.dueFrom.iso8601
                row.overdueFrom = visit.calendar.overdueFrom?.iso8601
                row.missedFrom = visit.calendar.missedFrom?.iso8601
                row.doneOn = visit.calendar.doneOn?.iso8601
                return row
            }
            if !rows.isEmpty { try await rows.create(on: database) }
        }
        let state = CasebookStateRecord()
        state.id = participantID
        state.siteCode = siteCode
        state.holdsData = casebook.holdsRecordedData
        try await state.create(on: database)
    }

    /// Recomputes every participant's planned visits (after the migration that adds the tables).
    static func rebuildAll(study: StudyDefinition, on database: any Database) async throws {
        let participants = try await ParticipantRecord.query(on: database).all()
        let service = CaseReportService(store: TrialStore(database: database), study: study, dictionary: try CtcaeDictionary.bundled())
        let casebooks = try await service.casebooks(of: participants, on: database)
        for participant in participants {
            guard let casebook = casebooks[participant.participantID] else { continue }
            try await refresh(participantID: participant.participantID, siteCode: participant.siteCode, casebook: casebook, study: study, on: database)
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
            try await PlannedVisits.rebuildAll(study: study, on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CasebookStateRecord.schema).delete()
        try await database.schema(PlannedVisitRecord.schema).delete()
    }
}
