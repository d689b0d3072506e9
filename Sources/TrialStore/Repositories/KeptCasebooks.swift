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

/// The casebook each save or correction left, by the chain head it left, for the next save or correction of the same
/// participant at that head (`ChainHeadMemory` says why one head names one state). A participant's forms are
/// entered one after another (a visit's assessment, questionnaire and adverse events), and each save read the
/// participant and every form of the casebook again: a quarter of a trial's statements.
enum KeptCasebooks {
    /// Off only where a test builds the same trial with and without them to compare the two.
    @TaskLocal static var areKept = true

    private static let byHead = ChainHeadMemory<KeptCasebook>(limit: 64)

    static func casebook(of participantID: String, atHead hash: String) -> KeptCasebook? {
        guard areKept, let kept = byHead.value(atHead: hash), kept.participantID == participantID else { return nil }
        return kept
    }

    static func keep(_ kept: KeptCasebook, atHead hash: String) {
        guard areKept else { return }
        byHead.remember(kept, atHead: hash)
    }
}
