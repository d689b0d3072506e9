import Foundation
import LeafKit
import Vapor

/// The languages of the pages. Every label, message and date format comes from one catalogue per language.
public enum Language: String, CaseIterable, Sendable, Codable {
    case english = "en"
    case simplifiedChinese = "zh-Hans"

    /// Parses `?lang=` values and Accept-Language tags (`zh-CN`, `zh-Hans-CN`, `en-GB`, ...).
    public init?(tag: String) {
        let folded = tag.trimmingCharacters(in: .whitespaces).lowercased()
        if folded == "zh" || folded.hasPrefix("zh-hans") || folded.hasPrefix("zh-cn") || folded.hasPrefix("zh-sg") {
            self = .simplifiedChinese
        } else if folded == "en" || folded.hasPrefix("en-") {
            self = .english
        } else {
            return nil
        }
    }

    /// The best language for an Accept-Language header (quality values honoured), English by default.
    public static func negotiate(acceptLanguage: String?) -> Language {
        guard let header = acceptLanguage else { return .english }
        let ranked = header.split(separator: ",").compactMap { part -> (Language, Double)? in
            let pieces = part.split(separator: ";")
            guard let language = Language(tag: String(pieces[0])) else { return nil }
            let quality = pieces.dropFirst().first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("q=") }
                .flatMap { Double($0.trimmingCharacters(in: .whitespaces).dropFirst(2)) } ?? 1
            return (language, quality)
        }
        return ranked.max { $0.1 < $1.1 }?.0 ?? .english
    }
}

/// The texts of one language, loaded once from `Resources/Localization/<language>.json`.
public struct Catalogue: Sendable {
    public let language: Language
    public let texts: [String: String]

    public static let all: [Language: Catalogue] = {
        var catalogues: [Language: Catalogue] = [:]
        for language in Language.allCases {
            let url = Bundle.module.url(forResource: language.rawValue, withExtension: "json", subdirectory: "Localization")
            let data = url.flatMap { try? Data(contentsOf: $0) } ?? Data("{}".utf8)
            let texts = (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
            catalogues[language] = Catalogue(language: language, texts: texts)
        }
        return catalogues
    }()

    public static func of(_ language: Language) -> Catalogue {
        all[language] ?? Catalogue(language: language, texts: [:])
    }

    /// The text for `key`; the key itself when missing (a test forbids missing keys).
    public subscript(key: String) -> String {
        texts[key] ?? key
    }

    /// A calendar date in this language's format.
    public func format(_ date: Date, timeZone: TimeZone = .current) -> String {
        DateFormatters.shared.string(from: date, locale: language == .english ? "en_GB" : "zh_Hans_CN", timeZone: timeZone,
                                     format: self["date.format"])
    }
}

/// Date formatters made once per locale, zone and pattern: making one per date shown was a third of the
/// dashboard's time. A formatter is not safe to share between threads, so each use holds the lock.
final class DateFormatters: @unchecked Sendable {
    static let shared = DateFormatters()
    private let lock = NSLock()
    private var formatters: [String: DateFormatter] = [:]

    func string(from date: Date, locale: String, timeZone: TimeZone, format: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        let key = "\(locale)|\(timeZone.identifier)|\(format)"
        if let formatter = formatters[key] { return formatter.string(from: date) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: locale)
        formatter.timeZone = timeZone
        formatter.dateFormat = format
        formatters[key] = formatter
        return formatter.string(from: date)
    }
}

extension Request {
    static let languageSessionKey = "lang"

    /// The page language: `?lang=`, then the choice remembered in the session (copied from the user's saved
    /// preference at sign-in), then the browser's Accept-Language.
    var language: Language {
        if let asked = query[String.self, at: "lang"].flatMap(Language.init(tag:)) { return asked }
        if hasSession, let chosen = session.data[Self.languageSessionKey].flatMap(Language.init(rawValue:)) {
            return chosen
        }
        return Language.negotiate(acceptLanguage: headers.first(name: .acceptLanguage))
    }

    var catalogue: Catalogue { Catalogue.of(language) }
}

/// A language's texts as every page's template reads them, built and converted for Leaf once per language:
/// turning some 700 texts into a tree and encoding it for Leaf on every request was a large part of each
/// page's time (the encoder takes `leafData` as it is).
struct PageTextTree: Encodable, LeafDataRepresentable, Sendable {
    let tree: CatalogueTree
    let leafData: LeafData

    init(_ texts: [String: String]) {
        tree = CatalogueTree(texts)
        leafData = tree.leafData
    }

    static let byLanguage: [Language: PageTextTree] = Dictionary(uniqueKeysWithValues: Language.allCases.map {
        ($0, PageTextTree(Catalogue.of($0).texts))
    })

    static func of(_ language: Language) -> PageTextTree {
        byLanguage[language] ?? PageTextTree(Catalogue.of(language).texts)
    }

    func encode(to encoder: any Encoder) throws {
        try tree.encode(to: encoder)
    }
}

/// A catalogue's flat keys (`nav.signOut`) as nested objects, so that templates read `#(page.t.nav.signOut)`.
indirect enum CatalogueTree: Encodable, Sendable {
    case text(String)
    case branch([String: CatalogueTree])

    init(_ texts: [String: String]) {
        var root: [String: CatalogueTree] = [:]
        for (key, value) in texts {
            CatalogueTree.insert(value, at: key.split(separator: ".").map(String.init)[...], into: &root)
        }
        self = .branch(root)
    }

    private static func insert(_ value: String, at path: ArraySlice<String>, into node: inout [String: CatalogueTree]) {
        guard let head = path.first else { return }
        if path.count == 1 {
            node[head] = .text(value)
            return
        }
        var child: [String: CatalogueTree] = [:]
        if case .branch(let existing) = node[head] { child = existing }
        insert(value, at: path.dropFirst(), into: &child)
        node[head] = .branch(child)
    }

    /// The same values as `encode(to:)` gives Leaf's encoder.
    var leafData: LeafData {
        switch self {
        case .text(let text): return .string(text)
        case .branch(let children): return .dictionary(children.mapValues(\.leafData))
        }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .text(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .branch(let children):
            var container = encoder.singleValueContainer()
            try container.encode(children)
        }
    }
}
