import FluentKit
import Foundation
import TrialCore

/// Source data verification, locking and the investigator's signature, each an audited change.
/// Who may do which is `RecordControl`'s rule.
public struct RecordControlService: Sendable {
    public let store: TrialStore

    public init(store: TrialStore) {
        self.store = store
    }

    public enum FormControl: String, Sendable, CaseIterable { case verify, lock, unlock }
    public enum CasebookControl: String, Sendable, CaseIterable { case lock, unlock }

    public func control(_ control: FormControl, formID: UUID, participantID: String, reason: String?, role: Role, by actor: AuditActor) async throws {
        switch control {
        case .verify:
            guard RecordControl.mayVerifySource(role) else { throw ValidationFailure(field: "role", RuleMessage("store.verifierRole", "only a monitor verifies source data")) }
        case .lock, .unlock:
            guard RecordControl.mayLock(role) else { throw ValidationFailure(field: "role", RuleMessage("store.lockerRole", "only a data manager locks and unlocks")) }
        }
        if control == .unlock { try ValidationFailure.throwIfAny(RecordControl.unlockProblems(reason: reason)) }
        try await store.write(as: actor, reason: reason ?? "\(control.rawValue) form") { tx in
            guard let form = try await CaseReportFormRecord.stored(id: formID, on: tx.database), form.participantID == participantID else {
                throw StoreError.notFound(entity: "form", id: formID.uuidString)
            }
            switch control {
            case .verify:
                form.verifiedBy = actor.username
                form.verifiedAt = tx.occurredAt
            case .lock:
                guard form.lockedBy == nil else { throw StoreError.conflict(RuleMessage("store.formAlreadyLocked", "the form is already locked")) }
                form.lockedBy = actor.username
            case .unlock:
                guard form.lockedBy != nil else { throw StoreError.conflict(RuleMessage("store.formNotLocked", "the form is not locked")) }
                form.lockedBy = nil
            }
            try await tx.update(form, action: "\(control.rawValue)-form")
        }
    }

    public func control(_ control: CasebookControl, participantID: String, reason: String?, role: Role, by actor: AuditActor) async throws {
        guard RecordControl.mayLock(role) else { throw ValidationFailure(field: "role", RuleMessage("store.lockerRole", "only a data manager locks and unlocks")) }
        if control == .unlock { try ValidationFailure.throwIfAny(RecordControl.unlockProblems(reason: reason)) }
        try await store.write(as: actor, reason: reason ?? "\(control.rawValue) casebook") { tx in
            guard let participant = try await ParticipantRecord.read(participantID: participantID, on: tx.database) else {
                throw StoreError.notFound(entity: "participant", id: participantID)
            }
            switch control {
            case .lock:
                guard participant.lockedBy == nil else { throw StoreError.conflict(RuleMessage("store.casebookAlreadyLocked", "the casebook is already locked")) }
                participant.lockedBy = actor.username
            case .unlock:
                guard participant.lockedBy != nil else { throw StoreError.conflict(RuleMessage("store.casebookNotLocked", "the casebook is not locked")) }
                participant.lockedBy = nil
            }
            try await tx.update(participant, action: "\(control.rawValue)-casebook")
        }
    }

    /// The investigator signs the casebook (the password was checked by the caller, who re-asked for it).
    public func sign(participantID: String, role: Role, by actor: AuditActor) async throws {
        guard RecordControl.maySign(role) else { throw ValidationFailure(field: "role", RuleMessage("store.signerRole", "only an investigator signs a casebook")) }
        try await store.write(as: actor, reason: "casebook signed") { tx in
            guard let participant = try await ParticipantRecord.read(participantID: participantID, on: tx.database) else {
                throw StoreError.notFound(entity: "participant", id: participantID)
            }
            participant.signedBy = actor.username
            participant.signedAt = tx.occurredAt
            participant.signatureMeaning = RecordControl.signatureMeaning
            try await tx.update(participant, action: "sign-casebook")
        }
    }

    /// Before a form of `participant` changes: refuses when locked; afterwards the caller saves. Voids the
    /// signature (a signed casebook whose data change is no longer signed) and says so in the trail.
    static func prepareChange(in tx: StoreTransaction, participant: ParticipantRecord, form: CaseReportFormRecord?) async throws {
        if let refusal = RecordControl.editRefusal(RecordControlState(formLocked: form?.lockedBy != nil, participantLocked: participant.lockedBy != nil)) {
            throw StoreError.conflict(refusal.rule ?? RuleMessage("store.editRefused", "the record is locked and cannot change"))
        }
        if let signer = participant.signedBy, let at = participant.signedAt {
            participant.signedBy = nil
            participant.signedAt = nil
            participant.signatureMeaning = nil
            try await tx.update(participant, action: "void-signature",
                                reason: "signature of \(signer) at \(at) voided: signed data changed")
        }
        // Data that change after source data verification are no longer verified.
        if let form, form.verifiedBy != nil {
            form.verifiedBy = nil
            form.verifiedAt = nil
        }
    }
}
