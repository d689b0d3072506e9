import Foundation

/// A data query: a question about one field of a participant's data, raised by a monitor or data manager
/// (or automatically by an edit check or a form's soft rule), answered by the site, closed or re-opened by
/// the data-cleaning side.
public enum DataQueryStatus: String, Codable, Sendable, Hashable, CaseIterable {
    case open
    case answered
    case closed
}

public enum DataQueryAction: String, Codable, Sendable, Hashable, CaseIterable {
    case answer
    case close
    case reopen
}

/// Who may do what to a query, and from which status: the rule lives here, every entry point asks it.
public enum DataQueryLifecycle {
    /// Roles that raise, close and re-open queries.
    public static let cleaningRoles: Set<Role> = [.monitor, .dataManager]
    /// Roles that answer queries for their site.
    public static let siteRoles: Set<Role> = [.investigator, .coordinator]

    public static func canRaise(_ role: Role) -> Bool { cleaningRoles.contains(role) }

    /// The status after `action`, or the field error that says why it is not allowed.
    public static func transition(from status: DataQueryStatus, _ action: DataQueryAction, by role: Role, text: String?) -> Result<DataQueryStatus, FieldError> {
        let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        switch action {
        case .answer:
            guard siteRoles.contains(role) else {
                return .failure(FieldError(field: "role", RuleMessage("query.answerBySiteOnly", "only the site (investigator or coordinator) answers a query")))
            }
            guard status == .open else {
                return .failure(FieldError(field: "status", RuleMessage("query.answerOnlyOpen", "only an open query can be answered; this one is {status}",
                                                                      ["status": status.rawValue])))
            }
            guard !trimmed.isEmpty else {
                return .failure(FieldError(field: "text", RuleMessage("query.answerTextRequired", "is required: the answer to the query")))
            }
            return .success(.answered)
        case .close:
            guard cleaningRoles.contains(role) else {
                return .failure(FieldError(field: "role", RuleMessage("query.closeByCleaningOnly", "only a monitor or data manager closes a query")))
            }
            guard status != .closed else {
                return .failure(FieldError(field: "status", RuleMessage("query.alreadyClosed", "the query is already closed")))
            }
            return .success(.closed)
        case .reopen:
            guard cleaningRoles.contains(role) else {
                return .failure(FieldError(field: "role", RuleMessage("query.reopenByCleaningOnly", "only a monitor or data manager re-opens a query")))
            }
            guard status != .open else {
                return .failure(FieldError(field: "status", RuleMessage("query.alreadyOpen", "the query is already open")))
            }
            guard !trimmed.isEmpty else {
                return .failure(FieldError(field: "text", RuleMessage("query.reopenReasonRequired", "is required: say why the query is re-opened")))
            }
            return .success(.open)
        }
    }

    /// The checks on a new query's text and field.
    public static func problems(raisingOn field: String, text: String) -> [FieldError] {
        var errors: [FieldError] = []
        if field.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError(field: "field", RuleMessage("query.fieldRequired", "is required: the field the query is about")))
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.append(FieldError(field: "text", RuleMessage("query.questionRequired", "is required: the question for the site")))
        }
        return errors
    }
}
