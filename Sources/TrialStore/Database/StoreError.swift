import Foundation
import TrialCore

/// Errors of the store, each with a message that says what to do.
public enum StoreError: Error, Sendable, CustomStringConvertible, Equatable {
    case invalidConfiguration(String)
    /// A change to data already saved needs a reason (audit trail, ICH E6 / 21 CFR 11).
    case reasonRequired(entity: String, id: String)
    case notFound(entity: String, id: String)
    case validation([FieldError])
    /// The data's state refuses the change (already locked, changed since opened, ...): what the rule says,
    /// coded so that a page can phrase it in its language.
    case conflict(RuleMessage)
    case auditChainUninitialised
    /// A user bound to one site asked for (or wrote) a record of another site.
    case outsideSite(site: String, scope: String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let message): return message
        case .reasonRequired(let entity, let id):
            return "changing saved \(entity) \(id) needs a reason: say why the data changed"
        case .notFound(let entity, let id): return "no \(entity) with id \(id)"
        case .validation(let errors): return errors.map(\.description).joined(separator: "; ")
        case .conflict(let rule): return rule.text
        case .auditChainUninitialised: return "the audit chain has no head row: run `trialdesk migrate`"
        case .outsideSite(let site, let scope):
            return "your account is limited to site \(scope); this record belongs to site \(site)"
        }
    }
}
