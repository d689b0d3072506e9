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
    /// The database refused to store a write because of its storage (disk full, read-only file or
    /// database, I/O error). The transaction was rolled back: nothing of it was saved.
    case storageUnavailable(reason: String)

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
        case .storageUnavailable(let reason):
            return "the database could not store this change (\(reason)); nothing of it was saved and everything saved before is kept. Try again once an administrator has freed disk space or made the database writable"
        }
    }
}

extension StoreError {
    /// The storage failure a database error stands for, if it is one: SQLite's SQLITE_FULL, SQLITE_READONLY
    /// and SQLITE_IOERR, PostgreSQL's disk_full (53100), read_only_sql_transaction (25006) and I/O errors.
    static func storageFailure(in error: any Error) -> StoreError? {
        // Only the drivers' own errors: a refusal by a rule may quote what a user typed.
        let type = String(describing: Swift.type(of: error))
        guard type.hasPrefix("SQLite") || type.hasPrefix("PSQL") || type.hasPrefix("Postgres") else { return nil }
        let text = String(reflecting: error).lowercased()
        let causes: [(needle: String, reason: String)] = [
            ("database or disk is full", "the disk is full"),
            ("no space left on device", "the disk is full"),
            ("53100", "the disk is full"),
            ("readonly database", "the database file is read-only"),
            ("read-only transaction", "the database is read-only"),
            ("25006", "the database is read-only"),
            ("disk i/o error", "a disk I/O error"),
            ("could not write to file", "a disk I/O error"),
        ]
        return causes.first { text.contains($0.needle) }.map { .storageUnavailable(reason: $0.reason) }
    }
}
