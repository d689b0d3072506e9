import Foundation

/// One participant's casebook as the site keeps it at the end of the trial: every record with its values as
/// saved, and the history of each (who changed what from what to what, when and why), read from the audit
/// trail. Plain values: the store fills them (`StoredSiteArchive`), `CasebookArchivePage` prints them.
public struct ArchivedCasebook: Sendable, Hashable {
    public var participantID: String
    public var siteCode: String
    public var enrolledOn: String
    public var randomizedOn: String?
    public var arm: String?
    public var stratum: String?
    public var lockedBy: String?
    public var signature: ArchivedSignature?
    public var forms: [ArchivedForm]
    public var queries: [ArchivedQuery]
    /// The participant record's own history: enrollment, randomization, locks and signatures.
    public var history: [ArchivedEvent]

    public init(participantID: String, siteCode: String, enrolledOn: String, randomizedOn: String?, arm: String?, stratum: String?,
                lockedBy: String?, signature: ArchivedSignature?, forms: [ArchivedForm], queries: [ArchivedQuery], history: [ArchivedEvent]) {
        self.participantID = participantID
        self.siteCode = siteCode
        self.enrolledOn = enrolledOn
        self.randomizedOn = randomizedOn
        self.arm = arm
        self.stratum = stratum
        self.lockedBy = lockedBy
        self.signature = signature
        self.forms = forms
        self.queries = queries
        self.history = history
    }
}

public struct ArchivedSignature: Sendable, Hashable {
    public var signedBy: String
    public var signedAt: String
    public var meaning: String

    public init(signedBy: String, signedAt: String, meaning: String) {
        self.signedBy = signedBy
        self.signedAt = signedAt
        self.meaning = meaning
    }
}

/// One saved form: its kind, its fields as stored (top-level field name and its JSON text), its source data
/// verification and lock, and its history.
public struct ArchivedForm: Sendable, Hashable {
    public var id: String
    public var kind: String
    public var createdAt: String
    public var fields: [ArchivedField]
    public var verifiedBy: String?
    public var verifiedAt: String?
    public var lockedBy: String?
    public var history: [ArchivedEvent]

    public init(id: String, kind: String, createdAt: String, fields: [ArchivedField], verifiedBy: String?, verifiedAt: String?,
                lockedBy: String?, history: [ArchivedEvent]) {
        self.id = id
        self.kind = kind
        self.createdAt = createdAt
        self.fields = fields
        self.verifiedBy = verifiedBy
        self.verifiedAt = verifiedAt
        self.lockedBy = lockedBy
        self.history = history
    }
}

public struct ArchivedField: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A data query with its conversation: the question, the answer, and its history.
public struct ArchivedQuery: Sendable, Hashable {
    public var id: String
    public var formID: String?
    public var field: String
    public var text: String
    public var status: String
    public var openedBy: String
    public var openedAt: String
    public var answer: String?
    public var answeredBy: String?
    public var history: [ArchivedEvent]

    public init(id: String, formID: String?, field: String, text: String, status: String, openedBy: String, openedAt: String,
                answer: String?, answeredBy: String?, history: [ArchivedEvent]) {
        self.id = id
        self.formID = formID
        self.field = field
        self.text = text
        self.status = status
        self.openedBy = openedBy
        self.openedAt = openedAt
        self.answer = answer
        self.answeredBy = answeredBy
        self.history = history
    }
}

/// One audit event of a record, as the casebook prints it.
public struct ArchivedEvent: Sendable, Hashable {
    public struct Change: Sendable, Hashable {
        public var field: String
        public var old: String?
        public var new: String?

        public init(field: String, old: String?, new: String?) {
            self.field = field
            self.old = old
            self.new = new
        }
    }

    public var sequence: Int64
    public var occurredAt: String
    public var user: String
    public var role: String
    public var action: String
    public var changes: [Change]
    public var reason: String?

    public init(sequence: Int64, occurredAt: String, user: String, role: String, action: String, changes: [Change], reason: String?) {
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.user = user
        self.role = role
        self.action = action
        self.changes = changes
        self.reason = reason
    }

    /// A correction: a change to data already saved, which carries its reason.
    public var isCorrection: Bool { changes.contains { $0.old != nil } }
}
