import Foundation

/// The state of a participant's data that governs edits: source data verified, locked, signed.
public struct RecordControlState: Codable, Sendable, Hashable {
    public var formLocked: Bool
    public var participantLocked: Bool

    public init(formLocked: Bool, participantLocked: Bool) {
        self.formLocked = formLocked
        self.participantLocked = participantLocked
    }
}

/// Rules for source data verification, locking and the investigator's signature.
public enum RecordControl {
    /// Why data may not change now, or nil: a locked form or casebook changes only after a data manager
    /// unlocks it with a reason.
    public static func editRefusal(_ state: RecordControlState) -> FieldError? {
        if state.participantLocked {
            return FieldError(field: "participant", RuleMessage("control.casebookLocked", "the casebook is locked: a data manager must unlock it, with a reason, before data change"))
        }
        if state.formLocked {
            return FieldError(field: "form", RuleMessage("control.formLocked", "the form is locked: a data manager must unlock it, with a reason, before it changes"))
        }
        return nil
    }

    public static func mayVerifySource(_ role: Role) -> Bool { role == .monitor }
    public static func mayLock(_ role: Role) -> Bool { role == .dataManager }
    public static func maySign(_ role: Role) -> Bool { role == .investigator }

    /// The meaning a signature states (21 CFR 11.50: the printed name, date and time, and meaning).
    public static let signatureMeaning = "I have reviewed the data in this casebook and confirm that they are complete and accurate to the best of my knowledge."

    public static func unlockProblems(reason: String?) -> [FieldError] {
        (reason?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true)
            ? [FieldError(field: "reason", RuleMessage("control.unlockReasonRequired", "is required: say why the locked data must change"))] : []
    }
}
