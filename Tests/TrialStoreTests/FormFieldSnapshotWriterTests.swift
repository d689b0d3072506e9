import FluentKit
import Foundation
import Testing
import TrialCore
@testable import TrialStore

/// The audit texts of a form's fields were always written by Foundation (`referenceAuditSnapshot`), and the
/// chain holds those bytes; the fast writer must give the same bytes wherever it answers.
@Suite struct FormFieldSnapshotWriterTests {
    static func reference(_ json: String) -> [String: String]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return nil }
        return object.mapValues { value in
            String(decoding: (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])) ?? Data(),
                   as: UTF8.self)
        }
    }

    static let keyAlphabet = Array("aAbBqQzZ0123456789")
    static let textAlphabet: [String] = ["a", "B", " ", "-", "/", ":", "é", "中", "病灶", "🙂", "e\u{301}", "0", "9", "'"]

    /// Values of every kind a form holds, written with unsorted keys the way a hand or another encoder might.
    static func randomValue(_ generator: inout SystemRandomNumberGenerator, depth: Int = 0) -> String {
        switch Int.random(in: 0...(depth > 2 ? 4 : 6), using: &generator) {
        case 0: return "\"" + (0..<Int.random(in: 0...6, using: &generator)).map { _ in textAlphabet.randomElement(using: &generator)! }.joined() + "\""
        case 1: return String(Int.random(in: -100_000...100_000, using: &generator))
        case 2:
            let value = Double(Int.random(in: -1_000_000...1_000_000, using: &generator)) / [10.0, 100.0, 1000.0].randomElement(using: &generator)!
            let text = value.description
            return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        case 3: return ["true", "false", "null"].randomElement(using: &generator)!
        case 4: return "\(Double.random(in: 0...1, using: &generator))"
        case 5: return "[" + (0..<Int.random(in: 0...3, using: &generator)).map { _ in randomValue(&generator, depth: depth + 1) }.joined(separator: ",") + "]"
        default:
            let keys = Set((0..<Int.random(in: 0...5, using: &generator)).map { _ in
                String((0..<Int.random(in: 1...4, using: &generator)).map { _ in keyAlphabet.randomElement(using: &generator)! })
            })
            return "{" + keys.map { "\"\($0)\":" + randomValue(&generator, depth: depth + 1) }.joined(separator: ",") + "}"
        }
    }

    /// A form's JSON: fields named field0...field40, each with a generated value.
    static func randomForm(_ generator: inout SystemRandomNumberGenerator, fields: ClosedRange<Int> = 1...6) -> String {
        let keys = Set((0..<Int.random(in: fields, using: &generator)).map { _ in "field\(Int.random(in: 0...40, using: &generator))" })
        return "{" + keys.map { "\"\($0)\":" + randomValue(&generator) }.joined(separator: ",") + "}"
    }

    @Test func generated_values_are_written_as_foundation_writes_them() {
        var generator = SystemRandomNumberGenerator()
        var answered = 0
        let rounds = 4_000
        for _ in 0..<rounds {
            let json = Self.randomForm(&generator)
            guard let fast = FormFieldSnapshotWriter.topLevelFields(of: json) else { continue }
            answered += 1
            #expect(fast == Self.reference(json), "differs for \(json)")
        }
        // The fast path must carry most values, or the comparison above proves little.
        #expect(answered > rounds / 2, "the fast path answered only \(answered) of \(rounds)")
    }

    /// Values already written as Foundation writes them (the stored forms' usual case) are taken as they are
    /// stored; the same values with white space or keys out of order are written again: both give Foundation's bytes.
    @Test func values_stored_as_foundation_writes_them_are_taken_whole_and_others_written_again() {
        var generator = SystemRandomNumberGenerator()
        var answered = 0
        for _ in 0..<2_000 {
            let json = Self.randomForm(&generator)
            guard FormFieldSnapshotWriter.topLevelFields(of: json) != nil, let reference = Self.reference(json) else { continue }
            answered += 1
            let canonical = "{" + reference.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
            #expect(FormFieldSnapshotWriter.topLevelFields(of: canonical) == reference, "differs for \(canonical)")
            // The generated texts hold no comma, so spaces around every comma fall between elements only.
            let spaced = "{ " + reference.map { "\"\($0.key)\" : \($0.value.replacingOccurrences(of: ",", with: " , "))" }.joined(separator: " , ") + " }"
            #expect(FormFieldSnapshotWriter.topLevelFields(of: spaced) == Self.reference(spaced), "differs for \(spaced)")
        }
        #expect(answered > 500)
    }

    /// A record's snapshot is built in place: the given fields, then each form field under the prefix (the
    /// keys as Chinese and emoji too), equal to the reference's fields renamed; a key repeated in the form
    /// still leaves the fast path.
    @Test func prefixed_fields_are_added_to_the_given_ones() throws {
        let json = #"{"b":[1,2],"a":"x","病灶":{"d":1},"🙂":null}"#
        let base = ["participantID": "960-0001", "form": "baseline"]
        let reference = try #require(Self.reference(json))
        let expected = base.merging(reference.map { ("form.\($0.key)", $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(FormFieldSnapshotWriter.topLevelFields(of: json, keyPrefix: "form.", adding: base) == expected)
        #expect(FormFieldSnapshotWriter.topLevelFields(of: #"{"a":1,"a":2}"#, keyPrefix: "form.", adding: base) == nil)
        #expect(FormFieldSnapshotWriter.topLevelFields(of: "{}", keyPrefix: "form.", adding: base) == base)
    }

    @Test func keys_sort_as_foundation_sorts_them() {
        let json = #"{"x":{"q10":1,"q2":2,"Qa":3,"qb":4,"q1":5,"d90Gy":6,"d9Gy":7,"v100Percent":8,"PF2":9,"pf10":10,"a":11}}"#
        #expect(FormFieldSnapshotWriter.topLevelFields(of: json) == Self.reference(json))
        #expect(FormFieldSnapshotWriter.topLevelFields(of: json)?["x"]?.hasPrefix(#"{"a":11,"d9Gy":7,"d90Gy":6,"PF2":9,"pf10":10,"q1":5,"q2":2,"q10":1"#) == true)
    }

    @Test func what_it_cannot_vouch_for_is_left_to_foundation() {
        for json in [
            #"{"x":{"a":1,"A":2}}"#,          // keys equal but for case
            #"{"x":{"a01":1}}"#,              // a digit run with a leading zero
            #"{"x":{"a_b":1}}"#,              // punctuation in a key
            #"{"x":"line\nbreak"}"#,          // an escape
            #"{"x":1.50}"#, #"{"x":1e3}"#, #"{"x":-0}"#, #"{"x":1234567890123456}"#, // numbers Foundation rewrites
            #"{"x":1,"x":2}"#, #"["x"]"#, #"{"x":tru}"#, #"{"x":1"#, #"{"x":1} 2"#,
        ] {
            #expect(FormFieldSnapshotWriter.topLevelFields(of: json) == nil, "\(json)")
        }
        // Declining never changes the snapshot: the record falls back to the reference writer.
        let record = CaseReportFormRecord()
        record.participantID = "960-0001"; record.siteCode = "960"; record.form = "baseline"; record.createdAt = "2026-01-01T00:00:00Z"
        record.payloadJSON = #"{"note":"a\nb","size":1.50}"#
        #expect(record.auditSnapshot == record.referenceAuditSnapshot)
        #expect(record.auditSnapshot["form.size"] == "1.5")
    }

    @Test func every_form_of_a_demo_trial_is_written_by_the_fast_path_with_the_same_bytes() async throws {
        try await withStoreDatabase { db in
            _ = try await DemoTrialLoader(database: db.database, seed: 11, participants: 16, today: CalendarDate(iso8601: "2026-11-25")!,
                                          timeZone: TimeZone(identifier: "Asia/Shanghai")!, passwordHash: "x").load()
            let forms = try await CaseReportFormRecord.query(on: db.database).all()
            #expect(forms.count > 100)
            for form in forms {
                #expect(FormFieldSnapshotWriter.topLevelFields(of: form.payloadJSON) != nil, "\(form.form): \(form.payloadJSON)")
                #expect(form.auditSnapshot == form.referenceAuditSnapshot, "\(form.form): \(form.payloadJSON)")
            }
            // `audit verify` compares each form with its history without building the snapshot: every demo form
            // equals its own snapshot that way, and none equals it with one field changed, added or removed.
            let columns = try await CaseReportFormRecord.auditColumnsForVerification(on: db.database).map(\.columns)
            for form in columns {
                let snapshot = form.auditSnapshot
                #expect(form.auditSnapshotEquals(snapshot), "\(form.form): \(form.payloadJSON)")
                for field in snapshot.keys {
                    var changed = snapshot
                    changed[field] = snapshot[field]! + " "
                    var removed = snapshot
                    removed[field] = nil
                    #expect(!form.auditSnapshotEquals(changed) && !form.auditSnapshotEquals(removed), "\(field) of \(form.form)")
                }
                var added = snapshot
                added["form.extra"] = "1"
                #expect(!form.auditSnapshotEquals(added))
            }
        }
    }

    /// The field-by-field comparison answers as comparing the built snapshot does, or declines: on generated
    /// forms, with control fields set and unset, against their own snapshot and against a changed one.
    @Test func comparing_as_stored_agrees_with_comparing_the_snapshot() {
        var generator = SystemRandomNumberGenerator()
        var agreed = 0
        for round in 0..<2_000 {
            let json = Self.randomForm(&generator, fields: 0...6)
            let form = FormAuditColumns(participantID: "960-0001", siteCode: "960", form: "baseline", createdAt: "2026-01-01T00:00:00Z",
                                        payloadJSON: json, verifiedBy: round % 2 == 0 ? nil : "monitor", verifiedAt: round % 3 == 0 ? nil : "2026-01-02",
                                        lockedBy: nil, computedJSON: round % 5 == 0 ? "{}" : nil, acknowledgedBy: nil, acknowledgedAt: nil, studyVersion: "1.0")
            let snapshot = form.auditSnapshot
            var other = snapshot
            if let field = snapshot.keys.randomElement(using: &generator) { other[field] = Bool.random(using: &generator) ? nil : "changed" }
            for expected in [snapshot, other] where form.auditSnapshotEquals(expected) {
                // It may decline (then the snapshot is compared), but never says equal when they are not.
                #expect(expected == snapshot, "\(json)")
                agreed += 1
            }
        }
        // It must answer for most forms, or it saves nothing.
        #expect(agreed > 1_000, "the comparison answered only \(agreed) times")
    }
}
