import Foundation

/// How much one request may carry. A trial's real input is small: a form is a few KB, a reason or a
/// query a few sentences, a list of lesions a few dozen rows. Anything far larger is a mistake or an
/// attack; it is refused before it costs the server time, and before it reaches the audit trail, which
/// keeps every byte it is given for the life of the trial. Every entry point (pages, API, CLI) and the
/// OpenAPI document read these numbers from here.
public enum InputLimits {
    /// Usernames (the sign-in form, tokens, accounts).
    public static let usernameCharacters = UsernameRule.maximumLength
    /// One free-text value: a reason for a change, a query's text, a comment, a regimen's name.
    public static let textCharacters = 4_000
    /// A whole study definition file sent to the API (an amendment): the default study is about 13,000
    /// characters; a trial with many sites, criteria and code lists stays well below this.
    public static let studyFileCharacters = 200_000
    /// Rows of one list in a form (lesions, readings, drugs, answers). The default study allows at most
    /// 10 metastatic lesions; with non-target and new lesions a real form stays well below this.
    public static let rowsPerList = 60
    /// Keys of one JSON object (the QLQ-C30's 30 answers, the screening checklist's fields and criteria).
    public static let keysPerObject = 200
    /// Nesting of a JSON body: a form is an object of lists of objects, a few levels deep.
    public static let jsonDepth = 16
    /// A JSON request body.
    public static let jsonBodyBytes = 256 * 1024
    /// A page form's body (`application/x-www-form-urlencoded`).
    public static let pageFormBytes = 256 * 1024
    /// Fields of a page form: the largest form (a baseline with every lesion row filled) has a few hundred.
    public static let pageFormFields = 2_000
    /// The sign-in form and the token request: a username and a password.
    public static let signInBytes = 4 * 1024
    /// A page of a long list (audit events, queries, screenings, participants): the default and the largest.
    public static let listPageDefault = 500
    public static let listPageMaximum = 5_000
    /// Rows a list page shows at a time (participants, screenings, queries, audit events); the next ones are
    /// a page further, so a page's size does not grow with the trial.
    public static let rowsPerScreen = 100

    /// A text value longer than `textCharacters`, as the error for `field`; nil when it fits.
    public static func textProblem(_ text: String, field: String, maximum: Int = textCharacters) -> FieldError? {
        // Count Unicode scalars: a Chinese character is one, and counting is linear without grapheme breaking.
        let length = text.unicodeScalars.count
        guard length > maximum else { return nil }
        return FieldError(field: field, RuleMessage("input.textTooLong", "is {length} characters long; at most {maximum} are accepted",
                                                    ["length": String(length), "maximum": String(maximum)]))
    }

    /// A row index of a list, read from text that arrived with a request (`lesions[7]`): nil when it is not a
    /// plain non-negative number below `rowsPerList`. Never traps, however long the digits.
    public static func rowIndex(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 4, text.allSatisfy({ $0.isASCII && $0.isNumber }), let row = Int(text),
              row < rowsPerList else { return nil }
        return row
    }

    /// The error for a row beyond the last one a list may have.
    public static func rowProblem(field: String) -> FieldError {
        FieldError(field: field, RuleMessage("input.rowOutOfRange", "names a row outside 0-{last}: a list has at most {maximum} rows",
                                             ["last": String(rowsPerList - 1), "maximum": String(rowsPerList)]))
    }
}

/// A page of a long list, as a request asks for it (`limit`, `offset`): checked against `InputLimits`, so a
/// negative, zero or enormous value is refused with the field it came in rather than read as "everything".
public struct ListPage: Hashable, Sendable {
    public var limit: Int
    public var offset: Int

    public init(limit: Int? = nil, offset: Int? = nil, defaultLimit: Int = InputLimits.listPageDefault) throws {
        var errors: [FieldError] = []
        let limit = limit ?? defaultLimit
        let offset = offset ?? 0
        if !(1...InputLimits.listPageMaximum).contains(limit) {
            errors.append(FieldError(field: "limit", RuleMessage("input.limitOutOfRange", "must be between 1 and {maximum}",
                                                                 ["maximum": String(InputLimits.listPageMaximum)])))
        }
        if offset < 0 || offset > Int(Int32.max) {
            errors.append(FieldError(field: "offset", RuleMessage("input.offsetOutOfRange", "must be between 0 and {maximum}", ["maximum": String(Int32.max)])))
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        self.limit = limit
        self.offset = offset
    }

    /// The `number`th screen of a page's list (1 for the first; a number below 1 or beyond the list bounds is
    /// refused naming `page`).
    public static func screen(_ number: Int?) throws -> ListPage {
        let number = number ?? 1
        guard number >= 1, number <= Int(Int32.max) / InputLimits.rowsPerScreen else {
            throw ValidationFailure([FieldError(field: "page", RuleMessage("input.pageOutOfRange", "must be a page number from 1 to {maximum}",
                                                                           ["maximum": String(Int(Int32.max) / InputLimits.rowsPerScreen)]))])
        }
        return try ListPage(limit: InputLimits.rowsPerScreen, offset: (number - 1) * InputLimits.rowsPerScreen)
    }

    /// The screen number this page is (1 for the first).
    public var screenNumber: Int { offset / max(limit, 1) + 1 }

    /// Reads the query's text values; a value that is not a whole number is refused naming its field.
    public init(limitText: String?, offsetText: String?, defaultLimit: Int = InputLimits.listPageDefault) throws {
        var errors: [FieldError] = []
        func number(_ text: String?, field: String) -> Int? {
            guard let text else { return nil }
            guard text.count <= 12, let value = Int(text) else {
                errors.append(FieldError(field: field, RuleMessage("input.wholeNumber", "must be a whole number")))
                return nil
            }
            return value
        }
        let limit = number(limitText, field: "limit")
        let offset = number(offsetText, field: "offset")
        if !errors.isEmpty { throw ValidationFailure(errors) }
        try self.init(limit: limit, offset: offset, defaultLimit: defaultLimit)
    }
}
