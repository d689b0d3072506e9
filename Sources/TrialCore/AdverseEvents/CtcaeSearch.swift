import Foundation

/// One term found by a dictionary search.
public struct CtcaeSearchMatch: Hashable, Sendable {
    public let term: CtcaeTerm
    /// How closely the text matched; lower is better (see `CtcaeSearch.Rank`).
    public let rank: CtcaeSearch.Rank
    /// The synonym or Chinese label that matched, when it was not the term itself.
    public let matchedText: String?
}

/// Finds CTCAE terms from what a user types: English in any case and with any punctuation, British spellings,
/// whole words or word beginnings, synonyms (e.g. "hemoptysis"), and Simplified Chinese labels.
public enum CtcaeSearch {
    /// Match quality, best first.
    public enum Rank: Int, Comparable, Sendable, Codable {
        /// The text is the term itself.
        case exactTerm = 0
        /// The text is a synonym or the Chinese label of the term.
        case exactSynonym = 1
        /// The term begins with the text.
        case termPrefix = 2
        /// Every word of the text begins a word of the term ("neut dec" -> "Neutrophil count decreased").
        case termWordPrefixes = 3
        /// The text occurs inside the term, or inside its Chinese label.
        case termSubstring = 4
        /// The text begins, or begins the words of, or occurs inside a synonym.
        case synonym = 5

        public static func < (lhs: Rank, rhs: Rank) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Ranked matches: by rank, then shorter terms first (the closer fit), then alphabetically.
    public static func search(_ text: String, in dictionary: CtcaeDictionary, limit: Int? = nil) -> [CtcaeSearchMatch] {
        let query = normalize(text)
        guard !query.isEmpty else { return [] }
        var matches: [CtcaeSearchMatch] = []
        for term in dictionary.terms {
            if let match = bestMatch(query: query, term: term) {
                matches.append(match)
            }
        }
        matches.sort {
            if $0.rank != $1.rank { return $0.rank < $1.rank }
            if $0.term.term.count != $1.term.term.count { return $0.term.term.count < $1.term.term.count }
            return $0.term.term < $1.term.term
        }
        if let limit, limit >= 0, matches.count > limit {
            return Array(matches.prefix(limit))
        }
        return matches
    }

    private static func bestMatch(query: String, term: CtcaeTerm) -> CtcaeSearchMatch? {
        let name = normalize(term.term)
        if name == query { return CtcaeSearchMatch(term: term, rank: .exactTerm, matchedText: nil) }
        let alternatives = term.synonyms + (term.zh.map { [$0] } ?? [])
        for alternative in alternatives where normalize(alternative) == query {
            return CtcaeSearchMatch(term: term, rank: .exactSynonym, matchedText: alternative)
        }
        if name.hasPrefix(query) { return CtcaeSearchMatch(term: term, rank: .termPrefix, matchedText: nil) }
        if wordPrefixesMatch(query: query, candidate: name) {
            return CtcaeSearchMatch(term: term, rank: .termWordPrefixes, matchedText: nil)
        }
        if contains(name, query) { return CtcaeSearchMatch(term: term, rank: .termSubstring, matchedText: nil) }
        if let zh = term.zh, contains(normalize(zh), query) {
            return CtcaeSearchMatch(term: term, rank: .termSubstring, matchedText: zh)
        }
        for synonym in term.synonyms {
            let candidate = normalize(synonym)
            if candidate.hasPrefix(query) || wordPrefixesMatch(query: query, candidate: candidate) || contains(candidate, query) {
                return CtcaeSearchMatch(term: term, rank: .synonym, matchedText: synonym)
            }
        }
        return nil
    }

    /// Substring match that also ignores the spaces left by punctuation ("maculopapular" in "maculo papular").
    private static func contains(_ candidate: String, _ query: String) -> Bool {
        if candidate.contains(query) { return true }
        let compactQuery = query.replacingOccurrences(of: " ", with: "")
        return !compactQuery.isEmpty && candidate.replacingOccurrences(of: " ", with: "").contains(compactQuery)
    }

    /// True when each query word begins a distinct word of the candidate, in any order.
    static func wordPrefixesMatch(query: String, candidate: String) -> Bool {
        var words = candidate.split(separator: " ")
        for queryWord in query.split(separator: " ") {
            guard let index = words.firstIndex(where: { $0.hasPrefix(queryWord) }) else { return false }
            words.remove(at: index)
        }
        return true
    }

    /// British spellings mapped to the American ones CTCAE uses.
    static let spellingVariants: [(String, String)] = [
        ("haem", "hem"), ("anaem", "anem"), ("oedema", "edema"), ("oesoph", "esoph"), ("diarrhoea", "diarrhea"),
        ("dyspnoea", "dyspnea"), ("tumour", "tumor"), ("leukaem", "leukem"), ("ischaem", "ischem"),
        ("oestr", "estr"), ("paediatric", "pediatric"), ("localis", "localiz"), ("generalis", "generaliz"),
    ]

    /// Lower case, accents folded, every run of punctuation and spaces reduced to one space, British spellings
    /// mapped to American. Chinese characters pass through unchanged; full-width punctuation becomes a space.
    public static func normalize(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .lowercased()
        var result = ""
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                if pendingSpace && !result.isEmpty { result.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingSpace = true
            }
        }
        for (british, american) in spellingVariants {
            result = result.replacingOccurrences(of: british, with: american)
        }
        return result
    }
}
