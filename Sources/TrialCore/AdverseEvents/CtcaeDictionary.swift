import Foundation

/// The CTCAE v5.0 dictionary the trial grades adverse events with, read from the bundled `ctcae-v5.json`.
///
/// The resource carries every term this trial is expected to meet (procedure and systemic-therapy toxicities)
/// and the "Other, specify" term of each of the 26 system organ classes; names, MedDRA codes, organ classes and
/// existing grades follow NCI CTCAE v5.0, grade descriptions are paraphrased.
public struct CtcaeDictionary: Sendable, Codable {
    public let version: String
    /// Remarks on how terms without a CTCAE entry are recorded (hemoptysis, immune-related hepatitis, seed migration).
    public let note: String?
    public let systemOrganClasses: [CtcaeSystemOrganClass]
    public let terms: [CtcaeTerm]

    private let indexByKey: [String: Int]
    private let indexByCode: [Int: Int]
    /// Normalized names, synonyms and labels, computed once so that searches do not repeat the work.
    let searchEntries: [CtcaeSearch.Entry]

    public init(version: String, note: String? = nil, systemOrganClasses: [CtcaeSystemOrganClass], terms: [CtcaeTerm]) {
        self.version = version
        self.note = note
        self.systemOrganClasses = systemOrganClasses
        self.terms = terms
        var byKey: [String: Int] = [:]
        var byCode: [Int: Int] = [:]
        for (index, term) in terms.enumerated() {
            byKey[CtcaeDictionary.lookupKey(term.term)] = byKey[CtcaeDictionary.lookupKey(term.term)] ?? index
            byCode[term.meddraCode] = byCode[term.meddraCode] ?? index
        }
        self.indexByKey = byKey
        self.indexByCode = byCode
        self.searchEntries = terms.map(CtcaeSearch.Entry.init(term:))
    }

    enum CodingKeys: String, CodingKey {
        case version, note, systemOrganClasses, terms
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            version: try container.decode(String.self, forKey: .version),
            note: try container.decodeIfPresent(String.self, forKey: .note),
            systemOrganClasses: try container.decode([CtcaeSystemOrganClass].self, forKey: .systemOrganClasses),
            terms: try container.decode([CtcaeTerm].self, forKey: .terms)
        )
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encodeIfPresent(note, forKey: .note)
        try container.encode(systemOrganClasses, forKey: .systemOrganClasses)
        try container.encode(terms, forKey: .terms)
    }

    /// The term spelled exactly as CTCAE does, ignoring case and surrounding spaces.
    public func term(named name: String) -> CtcaeTerm? {
        indexByKey[CtcaeDictionary.lookupKey(name)].map { terms[$0] }
    }

    public func term(meddraCode code: Int) -> CtcaeTerm? {
        indexByCode[code].map { terms[$0] }
    }

    /// The "Other, specify" term of a system organ class.
    public func otherSpecifyTerm(soc: String) -> CtcaeTerm? {
        terms.first { $0.otherSpecify && $0.soc == soc }
    }

    public func terms(inSystemOrganClass soc: String) -> [CtcaeTerm] {
        terms.filter { $0.soc == soc }
    }

    static func lookupKey(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// Name of the bundled resource (without extension).
    public static let resourceName = "ctcae-v5"

    /// Reads a dictionary from JSON in the resource's shape.
    public static func decode(from data: Data) throws -> CtcaeDictionary {
        try JSONDecoder().decode(CtcaeDictionary.self, from: data)
    }

    /// The dictionary shipped with TrialCore, read once.
    public static func bundled() throws -> CtcaeDictionary {
        try bundledResult.get()
    }

    private static let bundledResult: Result<CtcaeDictionary, Error> = Result {
        guard let url = Bundle.module.url(forResource: resourceName, withExtension: "json") else {
            throw CtcaeDictionaryError.resourceMissing(resourceName + ".json")
        }
        return try decode(from: Data(contentsOf: url))
    }
}

public enum CtcaeDictionaryError: Error, Sendable, CustomStringConvertible {
    case resourceMissing(String)

    public var description: String {
        switch self {
        case .resourceMissing(let name): return "the CTCAE dictionary resource \(name) is missing from the TrialCore bundle"
        }
    }
}
