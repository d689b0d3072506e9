import Foundation
import Testing
@testable import TrialStore

/// The verifier's fast path writes and reads the chain's canonical JSON itself; these hold it to the
/// encoder's bytes and the decoder's reading on strings with every character class a record can hold.
@Suite struct CanonicalEventJSONTests {
    static let alphabet: [String] = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
        + ["é", "中", "文", "病灶", "🙂", "\u{2028}", "\u{2029}", "\u{0085}", "\u{FEFF}", "\u{10FFFF}", "\u{D7FF}", "\u{E000}", "𝄞", "e\u{301}"]

    static func randomText(_ generator: inout SystemRandomNumberGenerator, maximum: Int = 24) -> String {
        (0..<Int.random(in: 0...maximum, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
    }

    @Test func the_fast_event_hash_equals_the_encoders_on_every_kind_of_character() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<3_000 {
            let changes = AuditChain.canonicalChanges((0..<Int.random(in: 0...3, using: &generator)).map { _ in
                AuditFieldChange(field: Self.randomText(&generator, maximum: 8), old: Bool.random(using: &generator) ? nil : Self.randomText(&generator),
                                 new: Bool.random(using: &generator) ? nil : Self.randomText(&generator))
            })
            let content = AuditChain.HashedContent(
                sequence: Int64(round) * 7_919 + Int64.random(in: 0...1_000_000, using: &generator), occurredAt: Self.randomText(&generator),
                actor: Self.randomText(&generator), role: Self.randomText(&generator),
                site: Bool.random(using: &generator) ? nil : Self.randomText(&generator), action: Self.randomText(&generator),
                entityType: Self.randomText(&generator), entityID: Self.randomText(&generator), changes: changes,
                reason: Bool.random(using: &generator) ? nil : Self.randomText(&generator))
            let previous = AuditChain.genesisHash
            #expect(AuditChain.hash(of: content, previousHash: previous) == AuditChain.referenceHash(of: content, previousHash: previous),
                    "differs for \(content)")
        }
    }

    @Test func the_changes_reader_reads_what_the_decoder_reads() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let changes = (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                AuditFieldChange(field: Self.randomText(&generator, maximum: 8), old: Bool.random(using: &generator) ? nil : Self.randomText(&generator),
                                 new: Bool.random(using: &generator) ? nil : Self.randomText(&generator))
            }
            let json = AuditChain.canonicalChanges(changes)
            let decoded = try JSONDecoder().decode([AuditFieldChange].self, from: Data(json.utf8))
            #expect(AuditChangesReader.read(json) == decoded, "differs for \(json)")
        }
        // Escapes the encoder does not write are still read; anything not of the canonical shape is left to the decoder.
        #expect(AuditChangesReader.read(#"[{"field":"a\/b","new":"\u4e2d\ud83d\ude42","old":null}]"#) == [AuditFieldChange(field: "a/b", old: nil, new: "中🙂")])
        for other in [#"[{"old":null,"field":"a","new":"b"}]"#, #"[{"field":"a","new":1,"old":null}]"#, "[", "", #"[] "#, #"{"field":"a"}"#] {
            #expect(AuditChangesReader.read(other) == nil, "\(other)")
        }
    }

    @Test func digests_are_lower_case_hex() {
        #expect(AuditChain.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(AuditChain.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

/// `audit verify` checks a batch's hashes on every core; the split must give each event its own answer.
@Suite struct ChainHashCheckTests {
    @Test func hashes_checked_in_parallel_flag_exactly_the_altered_events() async {
        var previous = AuditChain.genesisHash
        var rows: [ChainRow] = []
        for sequence in 1...301 {
            let content = AuditChain.HashedContent(
                sequence: Int64(sequence), occurredAt: "2026-01-01T00:00:00Z", actor: "coordinator", role: "coordinator", site: "960",
                action: "update", entityType: "case-report-form", entityID: "id-\(sequence)",
                changes: AuditChain.canonicalChanges([AuditFieldChange(field: "form.note", old: nil, new: "n\(sequence)")]), reason: nil)
            let hash = AuditChain.hash(of: content, previousHash: previous)
            rows.append(ChainRow(content: content, previousHash: previous, hash: hash))
            previous = hash
        }
        for altered in [0, 150, 151, 300] {
            rows[altered].content = AuditChain.HashedContent(
                sequence: rows[altered].content.sequence, occurredAt: rows[altered].content.occurredAt, actor: "someone else",
                role: rows[altered].content.role, site: rows[altered].content.site, action: rows[altered].content.action,
                entityType: rows[altered].content.entityType, entityID: rows[altered].content.entityID,
                changes: rows[altered].content.changes, reason: rows[altered].content.reason)
        }
        var batch = ChainBatch()
        for row in rows { batch.append(row) }
        let expected = (0..<rows.count).map { ![0, 150, 151, 300].contains($0) }
        #expect(await batch.hashesMatch(eventsPerTask: 7) == expected)
        #expect(await batch.hashesMatch() == expected)
        #expect(rows.map(\.hashMatches) == expected)
    }
}
