import FluentKit
import FluentSQL
import Foundation
import Logging
import Testing
import TrialCore
@testable import TrialStore

/// `audit verify` reads every audited record as a plain row and replays the chain from the new values alone;
/// both must see exactly what Fluent's reads and the full changes reader see, and a record changed behind the
/// application's back must still be named with the same message.
@Suite(.serialized) struct AuditVerifyReadTests {
    static let cutoff = CalendarDate(iso8601: "2026-11-25")!

    static func loadDemo(_ db: StoreTestDatabase) async throws {
        _ = try await DemoTrialLoader(database: db.database, seed: 11, participants: 12, today: cutoff,
                                      timeZone: TimeZone(identifier: "Asia/Shanghai")!, passwordHash: "x").load()
    }

    /// Every record of the kind, by id, with its audit snapshot: the plain read and Fluent's read.
    static func snapshots<R: AuditedRecord>(_ type: R.Type, on database: any Database) async throws -> (plain: [String: AuditSnapshot], fluent: [String: AuditSnapshot]) {
        let plain = try await R.allForVerification(on: database)
        let fluent = try await R.query(on: database).all()
        return (Dictionary(uniqueKeysWithValues: plain.map { ($0.auditEntityID, $0.auditSnapshot) }),
                Dictionary(uniqueKeysWithValues: fluent.map { ($0.auditEntityID, $0.auditSnapshot) }))
    }

    @Test func every_audited_kind_read_as_plain_rows_equals_fluents_read_of_a_demo() async throws {
        try await withStoreDatabase { db in
            try await Self.loadDemo(db)
            // A token, a revoked one, and a user with every optional column set, so that no kind is read empty.
            let users = UserDirectory(store: db.store)
            let account = try await users.addUser(username: "monitor9", passwordHash: "hash", role: .monitor, siteCode: "960", by: .system)
            _ = try await users.issueToken(for: account, lifetime: 3600, actor: .system)
            let (_, revoked) = try await users.issueToken(for: account, lifetime: 3600, actor: .system)
            try await users.revoke(revoked, actor: .system)
            #expect(try await AuditVerifier(database: db.database).verify().isIntact)
            // Set behind the chain (the demo's users never set them), only to read every column.
            try await db.sql.raw("UPDATE users SET language = 'zh-Hans', session_epoch = 3, must_change_password = \(bind: true) WHERE username = 'monitor9'").run()

            var kinds = 0
            for type in StoreSchema.auditedRecordTypes {
                func check<R: AuditedRecord>(_ type: R.Type) async throws {
                    let (plain, fluent) = try await Self.snapshots(type, on: db.database)
                    #expect(!fluent.isEmpty, "the demo has no \(R.auditEntityType)")
                    #expect(plain == fluent, "\(R.auditEntityType) read as plain rows differs from Fluent's read")
                    kinds += 1
                }
                try await check(type)
            }
            #expect(kinds == StoreSchema.auditedRecordTypes.count)
            // What the verifier compares (forms read as plain values, the other kinds as plain records) is
            // Fluent's read too, snapshot and reference alike.
            let current = try await AuditVerifier.currentRecords(of: StoreSchema.auditedRecordTypes, on: db.database)
            #expect(current.map(\.entityType) == StoreSchema.auditedRecordTypes.map { $0.auditEntityType })
            for records in current {
                func fluentRead<R: AuditedRecord>(_ type: R.Type) async throws -> (snapshots: [String: AuditSnapshot], references: [String: AuditSnapshot]) {
                    let all = try await R.query(on: db.database).all()
                    return (Dictionary(uniqueKeysWithValues: all.map { ($0.auditEntityID, $0.auditSnapshot) }),
                            Dictionary(uniqueKeysWithValues: all.map { ($0.auditEntityID, $0.referenceAuditSnapshot) }))
                }
                let type = try #require(StoreSchema.auditedRecordTypes.first { $0.auditEntityType == records.entityType })
                let fluent = try await fluentRead(type)
                #expect(Dictionary(uniqueKeysWithValues: records.entries.map { ($0.id, $0.snapshot) }) == fluent.snapshots, "\(records.entityType)")
                #expect(Dictionary(uniqueKeysWithValues: records.entries.map { ($0.id, $0.reference()) }) == fluent.references, "\(records.entityType)")
            }
            let setup = try #require(try await RandomizationSetupRecord.query(on: db.database).first())
            let plainSlots = try await AllocationSlotRecord.read(listVersion: setup.listVersion, on: db.database)
            let fluentSlots = try await AllocationSlotRecord.query(on: db.database).filter(\.$listVersion == setup.listVersion).all()
            func describe(_ slots: [AllocationSlotRecord]) -> [String] {
                slots.map { "\($0.id!) \($0.listVersion) \($0.stratum) \($0.slotNumber) \($0.blockNumber) \($0.blockSize) \($0.arm) \($0.participantID ?? "-") \($0.assignedAt ?? "-")" }.sorted()
            }
            #expect(!fluentSlots.isEmpty && describe(plainSlots) == describe(fluentSlots))
        }
    }

    @Test func the_replay_reads_the_new_values_the_full_reader_reads() throws {
        let changes: [[AuditFieldChange]] = [
            [],
            [AuditFieldChange(field: "name", old: nil, new: "The 960th Hospital")],
            [AuditFieldChange(field: "a", old: "x", new: nil), AuditFieldChange(field: "b", old: nil, new: "")],
            [AuditFieldChange(field: "form.note", old: "said \"no\"\\ then\n\tleft /", new: "病灶 🙂 e\u{301} \u{1}\u{1f}"),
             AuditFieldChange(field: "form.lesions", old: #"[{"id":"T1","mm":12.5}]"#, new: #"[{"id":"T1","mm":10}]"#)],
            [AuditFieldChange(field: "long.field.name.beyond.fifteen.bytes", old: String(repeating: "o", count: 300), new: String(repeating: "n", count: 300))],
        ]
        for list in changes {
            let json = AuditChain.canonicalChanges(list)
            let full = try #require(AuditChangesReader.read(json), "the full reader declines \(json)")
            #expect(full == list.sorted { $0.field < $1.field })
            var values: [(field: String, new: String?)] = [("stale", "left from an earlier event")]
            #expect(AuditChangesReader.newValues(json, into: &values))
            #expect(values.map(\.field) == full.map(\.field) && values.map(\.new) == full.map(\.new), "\(json)")
        }
        // Escapes written by hand (as another encoder might) read alike by both.
        let escaped = #"[{"field":"f","new":"\u00e9\ud83d\ude42\/x","old":"\b\f\r\u0041"}]"#
        var values: [(field: String, new: String?)] = []
        #expect(AuditChangesReader.newValues(escaped, into: &values))
        #expect(values.first?.new == "é🙂/x" && AuditChangesReader.read(escaped)?.first?.old == "\u{8}\u{c}\rA")
        // Whatever the full reader declines (another shape, or a malformed old value the replay never keeps),
        // the replay's reader declines too, so both fall back to the decoder alike.
        for malformed in [#"[{"field":"f","old":null,"new":"x"}]"#, #"[{"field":"f","new":"x","old":"\q"}]"#,
                          #"[{"field":"f","new":"x","old":"\ud800"}]"#, "[{\"field\":\"f\",\"new\":\"x\",\"old\":\"a\u{1}\"}]",
                          #"[{"field":"f","new":"x","old":"a"}"#, #" [{"field":"f","new":"x","old":"a"}]"#, #"[{"field":"f","new":"x","old":nul}]"#] {
            #expect(AuditChangesReader.read(malformed) == nil, "\(malformed)")
            #expect(!AuditChangesReader.newValues(malformed, into: &values), "\(malformed)")
        }
    }

    @Test func changes_of_another_shape_replay_through_the_decoder() {
        // Keys in another order: the fast readers decline, the decoder reads them, and the replay takes its new values.
        let json = #"[{"old":"a","field":"f","new":"b"},{"new":null,"field":"g","old":"c"}]"#
        let row = ChainRow(content: AuditChain.HashedContent(sequence: 1, occurredAt: "2026-11-25T00:00:00Z", actor: "a", role: "r", site: nil,
                                                              action: "update", entityType: "site", entityID: "x", changes: json, reason: nil),
                           previousHash: AuditChain.genesisHash, hash: "")
        var values: [(field: String, new: String?)] = []
        row.newValues(into: &values)
        #expect(values.map(\.field) == ["f", "g"] && values.map(\.new) == ["b", nil])
        #expect(row.changes.map(\.new) == ["b", nil])
    }

    @Test func records_changed_behind_the_application_are_named_with_the_same_messages() async throws {
        try await withStoreDatabase { db in
            try await Self.loadDemo(db)
            let participant = try #require(try await ParticipantRecord.query(on: db.database).filter(\.$arm != nil).sort(\.$participantID).first())
            let arm = try #require(participant.arm)
            let otherArm = arm == "I125" ? "SYS" : "I125"
            let form = try #require(try await CaseReportFormRecord.query(on: db.database).sort(\.$createdAt).first())
            let screening = try #require(try await ScreeningRecord.query(on: db.database).sort(\.$screeningNumber).first())
            let query = try #require(try await DataQueryRecord.query(on: db.database).first())
            try await db.sql.raw("UPDATE participants SET arm = \(bind: otherArm) WHERE id = \(bind: try #require(participant.id))").run()
            try await db.sql.raw("UPDATE case_report_forms SET verified_by = 'mallory', payload_json = '{\"tampered\":1,' || substr(payload_json, 2) WHERE id = \(bind: try #require(form.id))").run()
            try await db.sql.raw("UPDATE screenings SET verdict = 'eligible-by-hand' WHERE id = \(bind: try #require(screening.id))").run()
            try await db.sql.raw("UPDATE data_queries SET status = 'gone' WHERE id = \(bind: try #require(query.id))").run()

            let report = try await AuditVerifier(database: db.database).verify()
            let messages = report.problems.map(\.message)
            let behind = "it was changed behind the application's back"
            let expected = [
                "participant \(participant.auditEntityID) field arm is '\(otherArm)' but its audit history says '\(arm)': \(behind)",
                "case-report-form \(form.auditEntityID) field form.tampered is '1' but its audit history says null: \(behind)",
                "case-report-form \(form.auditEntityID) field verifiedBy is 'mallory' but its audit history says \(form.verifiedBy.map { "'\($0)'" } ?? "null"): \(behind)",
                "screening \(screening.auditEntityID) field verdict is 'eligible-by-hand' but its audit history says '\(screening.verdict)': \(behind)",
                "query \(query.auditEntityID) field status is 'gone' but its audit history says '\(query.status)': \(behind)",
            ]
            for message in expected { #expect(messages.contains(message), "missing: \(message) in \(messages)") }
            #expect(report.problems.filter { $0.kind == .recordDiffersFromHistory }.count == expected.count, "\(messages)")
            // The arm read for the comparison is the arm the randomization check holds to the allocated slot.
            #expect(report.problems.contains { $0.kind == .randomizationDiffers && $0.message.hasPrefix("participant \(participant.participantID) has arm \(otherArm)") },
                    "\(messages)")
            #expect(report.firstBrokenLink == nil)
            // Records read through another database handle give the same report.
            let records = try #require(db.databases.database(logger: Logger(label: "records"), on: db.database.eventLoop.next()))
            let again = try await AuditVerifier(database: db.database, recordsDatabase: records).verify()
            #expect(again.problems == report.problems && again.recordsChecked == report.recordsChecked)
        }
    }
}
