import Foundation
import TrialCore
import Vapor

/// The texts of the pages in the request's language. A key missing from the catalogue shows as the key
/// itself and is reported (a warning in the server's log; the page tests collect them and fail on any).
struct PageText: Sendable {
    let catalogue: Catalogue
    var reportMissing: @Sendable (String) -> Void = { _ in }

    var language: Language { catalogue.language }

    subscript(_ key: String) -> String {
        if let text = catalogue.texts[key] { return text }
        reportMissing(key)
        return key
    }

    /// A text with `{name}` placeholders filled in.
    func format(_ key: String, _ values: [String: String]) -> String {
        values.reduce(self[key]) { text, pair in text.replacingOccurrences(of: "{\(pair.key)}", with: pair.value) }
    }

    /// A rule's message in the page language: the catalogue's `rule.<code>` template filled with the rule's
    /// values, each value itself translated when the catalogue has `ruleValue.<value>`. English pages show
    /// the sentence the rule wrote (the English wording lives once, with the rule, in TrialCore). A coded
    /// rule without a template is remembered as a missing key, so the page tests fail on it.
    func message(_ error: FieldError) -> String {
        message(rule: error.rule, english: error.message)
    }

    /// The rule is read only for another language: a stored rule is JSON, and decoding it for every row of an
    /// English query inbox was a tenth of the page.
    func message(rule: @autoclosure () -> RuleMessage?, english: String) -> String {
        guard language != .english, let rule = rule() else { return english }
        let key = "rule.\(rule.code)"
        guard let template = catalogue.texts[key] else {
            reportMissing(key)
            return english
        }
        // A rule read back from JSON keeps its code but not its values: its English sentence is all there is.
        guard RuleMessage.placeholders(in: template).isSubset(of: rule.arguments.keys) else { return english }
        let values = rule.arguments.mapValues { value in catalogue.texts["ruleValue.\(value)"] ?? value }
        return RuleMessage.fill(template, with: values)
    }

    /// The error with its message in the page language (for answers the page's script shows).
    func translated(_ error: FieldError) -> FieldError {
        FieldError(field: error.field, message: message(error))
    }

    /// An error shown away from its field: "field: message".
    func labelled(_ error: FieldError) -> String {
        error.field.isEmpty ? message(error) : "\(error.field): \(message(error))"
    }

    /// A CTCAE term as the page shows it: on a Chinese page the dictionary's Chinese name with the English
    /// CTCAE term (the stored, coded value) after it.
    func ctcaeTerm(_ term: String, dictionary: CtcaeDictionary) -> String {
        guard language != .english, let chinese = dictionary.term(named: term)?.zh else { return term }
        return "\(chinese)（\(term)）"
    }

    /// A unit the study file writes (`years`, `lesions`, `10^9/L`) in the page language: words have a
    /// catalogue entry `unit.<word>`, symbols stay as they are.
    func unit(_ unit: String) -> String {
        catalogue.texts["unit.\(unit)"] ?? unit
    }

    /// A study text (arm, visit, criterion, site) in the page language.
    func study(_ text: LocalizedText) -> String {
        language == .english ? text.en : text.zhHans
    }

    /// A calendar date (`2026-11-25`) in the language's date format; the text itself when it is no date.
    func date(_ iso: String?) -> String {
        guard let iso, let day = CalendarDate(iso8601: iso) else { return iso ?? "" }
        return date(day)
    }

    func date(_ day: CalendarDate) -> String {
        let instant = Date(timeIntervalSince1970: TimeInterval(day.daysSinceEpoch) * 86_400)
        return catalogue.format(instant, timeZone: TimeZone(identifier: "UTC") ?? .current)
    }

    /// A UTC instant (`2026-11-25T20:00:00.000Z`) as date and minute, marked UTC.
    func instant(_ text: String?) -> String {
        guard let text, let instant = UTCTimestamp.date(from: text) else { return text ?? "" }
        // The shared formatters: making one per instant shown was 3% of the monitor's dashboard.
        let utc = TimeZone(identifier: "UTC") ?? .current
        let time = DateFormatters.shared.string(from: instant, locale: "en_US_POSIX", timeZone: utc, format: "HH:mm")
        return "\(catalogue.format(instant, timeZone: utc)) \(time) UTC"
    }
}

extension Request {
    var texts: PageText { PageText(catalogue: catalogue, reportMissing: application.missingTextReport) }
}

extension Application {
    private struct MissingTextReportKey: StorageKey {
        typealias Value = @Sendable (String) -> Void
    }

    /// Told of each catalogue key a page asked for that neither catalogue holds: an untranslated label is
    /// a defect, logged as a warning unless someone (the page tests) listens instead.
    var missingTextReport: @Sendable (String) -> Void {
        get {
            storage[MissingTextReportKey.self] ?? { [logger] key in logger.warning("no page text for the catalogue key \(key)") }
        }
        set { storage[MissingTextReportKey.self] = newValue }
    }
}
