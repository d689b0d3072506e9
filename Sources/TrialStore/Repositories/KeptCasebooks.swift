import Foundation
import TrialCore

/// A participant and their casebook as a form save or correction left them.
struct KeptCasebook: @unchecked Sendable {
    /// Never handed out: each write gets its own copy, since a write changes its participant in place (a signature
    /// voided by changed data).
    private let participant: ParticipantRecord
    let participantID: String
    /// The participant record's ID in the audit trail.
    let participantEntityID: String
    let casebook: Casebook
    /// The latest `created_at` of the participant's forms. A casebook lists the forms in that order, so a new form
    /// goes at the end only when it is strictly later.
    let latestCreatedAt: String?

    init(participant: ParticipantRecord, casebook: Casebook, latestCreatedAt: String?) {
        self.participant = participant.copied()
        self.participantID = participant.participantID
        self.participantEntityID = participant.auditEntityID
        self.casebook = casebook
        self.latestCreatedAt = latestCreatedAt
    }

    /// A copy of the participant for one write.
    var participantForWrite: ParticipantRecord { participant.copied() }

    /// Where a new form created at `createdAt` places the casebook's latest form, or nil when reading the forms
    /// back might not list it last: a form created at the same instant as another (or earlier, the clock having
    /// gone back) sorts among them in an order the database chooses. Timestamps of one form compare as text,
    /// as the database orders them.
    static func latest(after previous: String?, adding createdAt: String) -> String? {
        guard let previous else { return createdAt }
        return createdAt.utf8.count == previous.utf8.count && createdAt > previous ? createdAt : nil
    }
}

/// The casebooks saves and corrections of this process left, for a later save or correction of the same participant.
///
/// They are kept along the chain: the set a write finds under the head it locked is carried to the head it leaves,
/// less the casebooks it changed (a participant record or a form of theirs, as its own create, update and delete
/// say), plus the one it leaves itself. The head's hash covers every audited change, and a casebook is made of
/// audited records only, so a casebook found under the head a write locked is what reading it would give. A write
/// of another process moves the head where this process did not carry anything: every casebook is read again.
/// A participant's forms are entered one after another, and each save read the participant and all of their
/// forms again: a quarter of a trial's statements.
enum KeptCasebooks {
    /// Off only where a test builds the same trial with and without them to compare the two, or stands for a
    /// write of another process.
    @TaskLocal static var areKept = true

    /// Participants kept along one chain; past it, every casebook of that chain is read again.
    static let participantsLimit = 4_096

    /// Each chain's casebooks under its latest head. A server has one chain; the tests write hundreds of databases
    /// at once, and a chain forgotten while its test still writes would only be read again.
    private static let byHead = ChainHeadMemory<[String: KeptCasebook]>(limit: 256)

    static func casebook(of participantID: String, atHead hash: String) -> KeptCasebook? {
        guard areKept else { return nil }
        return byHead.value(atHead: hash)?[participantID]
    }

    /// Carries the casebooks kept at `locked` to `left`, the head a write leaves: without those of the participants
    /// in `changed` (every one when nil), with the casebook the write leaves. Writes of one chain come one at a
    /// time (the head's lock), so nothing else carries the same chain meanwhile.
    static func advance(from locked: String, to leftHead: String, changed: Set<String>?, left kept: KeptCasebook?) {
        guard areKept else { return }
        var casebooks = byHead.take(atHead: locked) ?? [:]
        if let changed {
            for participantID in changed { casebooks[participantID] = nil }
        } else {
            casebooks.removeAll()
        }
        if let kept { casebooks[kept.participantID] = kept }
        guard !casebooks.isEmpty, casebooks.count <= participantsLimit else { return }
        byHead.remember(casebooks, atHead: leftHead)
    }
}
