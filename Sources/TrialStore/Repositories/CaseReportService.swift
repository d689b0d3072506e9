import FluentKit
import FluentSQL
import Foundation
import TrialCore

/// Saving and correcting case report forms through the audited store. TrialCore decides: each form's own
/// check (hard errors refuse, soft findings save and are returned as queries to raise) and the edit checks
/// over the whole casebook (a save that introduces a hard finding is refused). This type loads the
/// casebook inside the write lock, so the checks see exactly what the save will join.
public struct CaseReportService: Sendable {
    public let store: TrialStore
    public let study: StudyDefinition
    public let dictionary: CtcaeDictionary
    public let timeZone: TimeZone

    /// Today in the hospital's time zone, by the store's clock (which tests can set).
    public var today: CalendarDate { CalendarDate(localDayOf: store.now(), in: timeZone) }

    public init(store: TrialStore, study: StudyDefinition, dictionary: CtcaeDictionary, timeZone: TimeZone = .current) {
        self.store = store
        self.study = study
        self.dictionary = dictionary
        self.timeZone = timeZone
    }

    /// What a save returns: the record, its version, the form's soft findings and the edit-check findings
    /// the save introduced (both are queries for the site to answer).
    public struct SaveOutcome: Codable, Sendable {
        public var id: UUID
        public var form: CaseReportForm
        public var version: Int64
        public var softFindings: [FieldError]
        public var newFindings: [EditCheckFinding]

        public init(id: UUID, form: CaseReportForm, version: Int64, softFindings: [FieldError], newFindings: [EditCheckFinding]) {
            self.id = id
            self.form = form
            self.version = version
            self.softFindings = softFindings
            self.newFindings = newFindings
        }
    }

    /// A participant's whole casebook as saved now.
    public func casebook(participantID: String, on database: (any Database)? = nil) async throws -> (ParticipantRecord, Casebook) {
        try await Self.casebook(participantID: participantID, on: database ?? store.database)
    }

    static func casebook(participantID: String, on db: any Database) async throws -> (ParticipantRecord, Casebook) {
        let (participant, casebook, _) = try await readCasebook(participantID: participantID, on: db)
        return (participant, casebook)
    }

    /// The participant and casebook a save or correction starts from: as an earlier write of this process carried
    /// them to this head (`KeptCasebooks`), or read. Also the latest time a form of the casebook was created.
    static func casebookForWrite(participantID: String, in tx: StoreTransaction) async throws -> (ParticipantRecord, Casebook, latestCreatedAt: String?) {
        if let kept = tx.keptCasebook(of: participantID) {
            return (kept.participantForWrite, kept.casebook, kept.latestCreatedAt)
        }
        return try await readCasebook(participantID: participantID, on: tx.database)
    }

    private static func readCasebook(participantID: String, on db: any Database) async throws -> (ParticipantRecord, Casebook, latestCreatedAt: String?) {
        guard let participant = try await ParticipantRecord.read(participantID: participantID, on: db) else {
            throw StoreError.notFound(entity: "participant", id: participantID)
        }
        let records = try await CaseReportFormRecord.read(participantID: participantID, on: db)
        return (participant, try casebook(of: participant, records: records), records.map(\.createdAt).max())
    }

    /// The casebook made of forms already read (in the order they were saved), so that a reader that needs the
    /// records too reads them once.
    public static func casebook(of participant: ParticipantRecord, records: [CaseReportFormRecord]) throws -> Casebook {
        var casebook = Casebook(participantId: participant.participantID, armCode: participant.arm,
                                randomizationDate: participant.randomizedOn.flatMap(CalendarDate.init(iso8601:)))
        for record in records where record.participantID == participant.participantID {
            casebook.place(try record.casebookEntry(), id: record.auditEntityID)
        }
        return casebook
    }

    /// The casebooks of many participants from one query of the forms (the analysis reads every casebook;
    /// one query per participant would dominate its time).
    public func casebooks(of participants: [ParticipantRecord], on database: (any Database)? = nil) async throws -> [String: Casebook] {
        let db = database ?? store.database
        var books: [String: Casebook] = [:]
        for participant in participants {
            books[participant.participantID] = Casebook(
                participantId: participant.participantID, armCode: participant.arm,
                randomizationDate: participant.randomizedOn.flatMap(CalendarDate.init(iso8601:)))
        }
        // A few participants' forms by their IDs; many (the analysis) in one read of the table.
        let ids = participants.map(\.participantID)
        let records = try await CaseReportFormRecord.read(on: db) { select in
            (participants.count <= 200 ? select.where("participant_id", .in, SQLBind.group(ids)) : select).orderBy("created_at")
        }
        for record in records where books[record.participantID] != nil {
            books[record.participantID]!.place(try record.entry(), id: record.auditEntityID)
        }
        return books
    }

    /// What saving (or correcting) `entry` would answer, without writing anything: the same checks as
    /// `save` and `correct` (the form's own rules, then the edit checks over the casebook with the form in
    /// place), so a page's live check cannot say "no problems" when the save would refuse or raise a query.
    public struct FormCheck: Sendable {
        public var errors: [FieldError]
        public var softFindings: [FieldError]
        public var newFindings: [EditCheckFinding]
    }

    public func check(_ entry: CaseReportEntry, participantID: String, formID: String?) async throws -> FormCheck {
        let (_, before) = try await casebook(participantID: participantID)
        if formID == nil, entry.isSingleton, before.contains(kind: entry.kind) {
            return FormCheck(errors: [FieldError(field: "", RuleMessage("store.singletonFormExists", "participant {participant} already has a {form} form: correct that one instead",
                                                                        ["participant": participantID, "form": entry.kind.rawValue]))],
                             softFindings: [], newFindings: [])
        }
        do {
            let (soft, findings, _) = try checks(entry, id: formID ?? UUID().uuidString.lowercased(), before: before)
            return FormCheck(errors: [], softFindings: soft, newFindings: findings)
        } catch let failure as ValidationFailure {
            return FormCheck(errors: failure.errors, softFindings: [], newFindings: [])
        }
    }

    /// Saves a new form for a participant.
    public func save(_ entry: CaseReportEntry, participantID: String, by actor: AuditActor) async throws -> SaveOutcome {
        try await store.write(as: actor) { tx in
            let (participant, before, latestCreatedAt) = try await Self.casebookForWrite(participantID: participantID, in: tx)
            if entry.isSingleton, before.contains(kind: entry.kind) {
                throw StoreError.conflict(RuleMessage("store.singletonFormExists", "participant {participant} already has a {form} form: correct that one instead", ["participant": participantID, "form": entry.kind.rawValue]))
            }
            let record = CaseReportFormRecord()
            record.id = UUID()
            // A new form is validated under, and records, the version in force when it is saved.
            let history = try await tx.studyHistory()
            record.studyVersion = history?.latest.version
            let (soft, findings, resolved) = try checks(entry, id: record.auditEntityID, before: before, under: history?.latest.definition)
            try await RecordControlService.prepareChange(in: tx, participant: participant, form: nil)
            record.participantID = participantID
            record.siteCode = participant.siteCode
            record.form = entry.kind.rawValue
            record.payloadJSON = try entry.canonicalJSON()
            record.createdAt = tx.occurredAt
            var after = before
            after.place(entry, id: record.auditEntityID)
            let responses = Self.responsesToStore(after: after, changed: entry)
            if let responses { record.computedJSON = try Self.responseJSON(responses[record.auditEntityID]) }
            try await tx.create(record, action: "save-\(entry.kind.rawValue)")
            if let responses {
                try await storeResponses(responses, in: tx, participantID: participantID, changedID: record.auditEntityID, changedKind: entry.kind)
            }
            try await raiseAutomaticQueries(in: tx, participant: participant, formID: record.auditEntityID, soft: soft, findings: findings)
            try await DataQueryService.closeResolved(in: tx, participantID: participantID, resolved: resolved, by: record.auditEntityID)
            if ParticipantVisitSchedule.isMoved(byForm: entry.kind) {
                try await PlannedVisits.refresh(participantID: participantID, siteCode: participant.siteCode, casebook: after, study: study, on: tx.database,
                                                history: history)
            }
            try await SeriousAdverseEventRecord.refresh(formID: try record.requireID(), participantID: participantID, siteCode: participant.siteCode,
                                                        entry: entry, newForm: true, on: tx.database)
            // The casebook as reading it back would give: the form as stored, listed last when it is the latest.
            if let latest = KeptCasebook.latest(after: latestCreatedAt, adding: record.createdAt) {
                var left = before
                left.place(try record.casebookEntry(), id: record.auditEntityID)
                tx.leave(KeptCasebook(participant: participant, casebook: left, latestCreatedAt: latest))
            }
            return SaveOutcome(id: try record.requireID(), form: entry.kind, version: try await Self.version(of: record, in: tx),
                               softFindings: soft, newFindings: findings)
        }
    }

    /// Corrects a saved form: a reason is required and the edit must start from the current version.
    public func correct(
        formID: UUID, participantID: String, _ entry: CaseReportEntry, reason: String?, expectedVersion: Int64?, by actor: AuditActor
    ) async throws -> SaveOutcome {
        try await store.write(as: actor, reason: reason) { tx in
            guard let record = try await CaseReportFormRecord.stored(id: formID, on: tx.database), record.participantID == participantID else {
                throw StoreError.notFound(entity: "form", id: formID.uuidString)
            }
            guard record.form == entry.kind.rawValue else {
                throw ValidationFailure(field: "form", RuleMessage("store.formKindDiffers", "form {id} is a {kind} form, not {expected}",
                                                                ["id": formID.uuidString.lowercased(), "kind": record.form, "expected": entry.kind.rawValue]))
            }
            let (participant, before, latestCreatedAt) = try await Self.casebookForWrite(participantID: participantID, in: tx)
            // A correction keeps the rules of the version the form was first saved under (docs/study-definition.md).
            let history = try await tx.studyHistory()
            let governing = try Self.governingVersion(of: record, in: history)
            let (soft, findings, resolved) = try checks(entry, id: record.auditEntityID, before: before, under: governing?.definition)
            try await RecordControlService.prepareChange(in: tx, participant: participant, form: record)
            record.payloadJSON = try entry.canonicalJSON()
            var after = before
            after.place(entry, id: record.auditEntityID)
            let responses = Self.responsesToStore(after: after, changed: entry)
            if let responses { record.computedJSON = try Self.responseJSON(responses[record.auditEntityID]) }
            try await tx.update(record, action: "correct-\(entry.kind.rawValue)", expectedVersion: expectedVersion)
            if let responses {
                try await storeResponses(responses, in: tx, participantID: participantID, changedID: record.auditEntityID, changedKind: entry.kind)
            }
            try await raiseAutomaticQueries(in: tx, participant: participant, formID: record.auditEntityID, soft: soft, findings: findings)
            try await DataQueryService.closeResolved(in: tx, participantID: participantID, resolved: resolved, by: record.auditEntityID)
            if ParticipantVisitSchedule.isMoved(byForm: entry.kind) {
                try await PlannedVisits.refresh(participantID: participantID, siteCode: participant.siteCode, casebook: after, study: study, on: tx.database,
                                                history: history)
            }
            try await SeriousAdverseEventRecord.refresh(formID: formID, participantID: participantID, siteCode: participant.siteCode,
                                                        entry: entry, on: tx.database)
            // A corrected form keeps its place (its creation time).
            var left = before
            left.place(try record.casebookEntry(), id: record.auditEntityID)
            tx.leave(KeptCasebook(participant: participant, casebook: left, latestCreatedAt: latestCreatedAt))
            return SaveOutcome(id: formID, form: entry.kind, version: try await Self.version(of: record, in: tx),
                               softFindings: soft, newFindings: findings)
        }
    }

    /// The protocol version a saved form is validated under: the one it records, or the first version for a form
    /// saved before versions were recorded; nil when no version is stored (a store without a study).
    static func governingVersion(of record: CaseReportFormRecord, in history: StudyVersionHistory?) throws -> StudyVersion? {
        guard let history else { return nil }
        guard let recorded = record.studyVersion else { return history.versions[0] }
        guard let version = history.versions.first(where: { $0.version == recorded }) else {
            throw StoreError.conflict(RuleMessage("store.unknownStudyVersion", "form {id} was saved under protocol version {version}, which is not installed",
                                                  ["id": record.auditEntityID, "version": recorded]))
        }
        return version
    }

    /// Re-validates a saved form under the version in force, as the data manager decides after an amendment:
    /// the form's data must pass that version's checks unchanged; it then records that version (an audited
    /// change with the reason). Later corrections validate under it.
    public func revalidate(formID: UUID, participantID: String, reason: String?, role: Role, by actor: AuditActor) async throws -> SaveOutcome {
        guard RecordControl.mayLock(role) else {
            throw ValidationFailure(field: "role", RuleMessage("store.revalidatorRole", "only a data manager re-validates a form under a new protocol version"))
        }
        return try await store.write(as: actor, reason: reason) { tx in
            guard let record = try await CaseReportFormRecord.stored(id: formID, on: tx.database), record.participantID == participantID else {
                throw StoreError.notFound(entity: "form", id: formID.uuidString)
            }
            guard let history = try await tx.studyHistory() else {
                throw StoreError.conflict(RuleMessage("store.noStudyToAmend", "no study is installed yet: a study is installed at first start, then amended"))
            }
            let entry = try record.entry()
            let (_, before) = try await casebook(participantID: participantID, on: tx.database)
            // The form's own rules and the edit checks of the new version, on the data as saved.
            let (soft, findings, _) = try checks(entry, id: record.auditEntityID, before: before, under: history.latest.definition)
            record.studyVersion = history.latest.version
            try await tx.update(record, action: "revalidate-\(entry.kind.rawValue)")
            return SaveOutcome(id: formID, form: entry.kind, version: try await Self.version(of: record, in: tx),
                               softFindings: soft, newFindings: findings)
        }
    }

    /// The form's own version (its latest audit event), which a later correction must start from; the same
    /// write also records queries and recomputed responses after it, so this is not the write's last event.
    static func version(of record: CaseReportFormRecord, in tx: StoreTransaction) async throws -> Int64 {
        let version = try await tx.version(ofEntity: CaseReportFormRecord.auditEntityType, id: record.auditEntityID)
        return version > 0 ? version : tx.lastSequence
    }

    /// The responses every assessment should carry after a change of the baseline or of an assessment (every
    /// time point is computed from the history up to it, so one change can move later responses); nil when
    /// the change cannot affect them.
    static func responsesToStore(after: Casebook, changed: CaseReportEntry) -> [String: ComputedTimepointResponse]? {
        switch changed {
        case .baseline, .tumourAssessment: return AssessmentResponses.storedResponses(for: after)
        default: return nil
        }
    }

    static func responseJSON(_ response: ComputedTimepointResponse?) throws -> String? {
        guard let response else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(response), as: UTF8.self)
    }

    /// Re-stores the computed response of every other assessment whose response changed, each an audited
    /// update naming the change that caused it (the measurements themselves are untouched, so the SDV mark
    /// and a form lock stay).
    private func storeResponses(_ responses: [String: ComputedTimepointResponse], in tx: StoreTransaction, participantID: String,
                                changedID: String, changedKind: CaseReportForm) async throws {
        let assessments = try await CaseReportFormRecord.read(on: tx.database, CaseReportFormRecord.ofParticipant(participantID, kind: .tumourAssessment))
        for record in assessments where record.auditEntityID != changedID {
            let json = try Self.responseJSON(responses[record.auditEntityID])
            guard json != record.computedJSON else { continue }
            record.computedJSON = json
            try await tx.update(record, action: "recompute-response",
                                reason: "response recomputed: \(changedKind.rawValue) \(changedID) changed")
        }
    }

    /// Soft-rule findings and newly introduced soft edit-check findings open queries in the same write.
    private func raiseAutomaticQueries(in tx: StoreTransaction, participant: ParticipantRecord, formID: String,
                                       soft: [FieldError], findings: [EditCheckFinding]) async throws {
        for finding in soft {
            _ = try await DataQueryService.open(in: tx, participantID: participant.participantID, siteCode: participant.siteCode,
                                                formID: formID, field: finding.field, text: finding.message, origin: "form-rule", rule: finding.rule)
        }
        for finding in findings {
            _ = try await DataQueryService.open(in: tx, participantID: participant.participantID, siteCode: participant.siteCode,
                                                formID: finding.recordId, field: finding.field, text: finding.message,
                                                origin: finding.check.rawValue, rule: finding.rule)
        }
    }

    /// The form's own rules, then the edit checks over the casebook with the form in place; throws the hard
    /// errors and hard findings a save would introduce; returns the soft ones and the findings it resolved.
    private func checks(_ entry: CaseReportEntry, id: String, before: Casebook, under governing: StudyDefinition? = nil) throws -> ([FieldError], [EditCheckFinding], [EditCheckFinding]) {
        let study = governing ?? self.study
        let today = CalendarDate(localDayOf: store.now(), in: timeZone)
        let result = entry.check(in: CaseReportContext(study: study, casebook: before, today: today), recordId: id, dictionary: dictionary)
        try ValidationFailure.throwIfAny(result.errors)
        var after = before
        after.place(entry, id: id)
        let (beforeFindings, afterFindings) = EditChecks.runBeforeAndAfter(before: before, after: after, study: study)
        let introduced = EditChecks.introduced(after: afterFindings, before: beforeFindings)
        // Findings that were there before and are gone now: their automatic queries close with this save.
        let resolved = EditChecks.introduced(after: beforeFindings, before: afterFindings)
        let hard = introduced.filter { $0.severity == .hard }
        // The API reads the check's id before the message; a page phrases the rule's own message.
        try ValidationFailure.throwIfAny(hard.map { finding in
            var error = FieldError(field: finding.field, message: "\(finding.check.rawValue): \(finding.message)")
            error.rule = finding.rule
            return error
        })
        return (result.softFindings, introduced.filter { $0.severity == .soft }, resolved)
    }
}

extension Casebook {
    func contains(kind: CaseReportForm) -> Bool {
        switch kind {
        case .baseline: return baseline != nil
        case .death: return death != nil
        case .endOfStudy: return endOfStudy != nil
        default: return false
        }
    }
}
