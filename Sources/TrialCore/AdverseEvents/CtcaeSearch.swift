import Foundation

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
        let query = Query(text)
        guard !query.normalized.isEmpty else { return [] }
        var matches = dictionary.searchEntries.compactMap { bestMatch(query: query, entry: $0) }
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

    private static func bestMatch(query: Query, entry: Entry) -> CtcaeSearchMatch? {
        let term = entry.term
        let name = entry.name
        if name.normalized == query.normalized { return CtcaeSearchMatch(term: term, rank: .exactTerm, matchedText: nil) }
        for alternative in entry.synonyms + (entry.zh.map { [$0] } ?? []) where alternative.normalized == query.normalized {
            return CtcaeSearchMatch(term: term, rank: .exactSynonym, matchedText: alternative.text)
        }
        if name.normalized.hasPrefix(query.normalized) {
            return CtcaeSearchMatch(term: term, rank: .termPrefix, matchedText: nil)
        }
        if name.wordPrefixesMatch(query) { return CtcaeSearchMatch(term: term, rank: .termWordPrefixes, matchedText: nil) }
        if name.contains(query) { return CtcaeSearchMatch(term: term, rank: .termSubstring, matchedText: nil) }
        if let zh = entry.zh, zh.contains(query) {
            return CtcaeSearchMatch(term: term, rank: .termSubstring, matchedText: zh.text)
        }
        for synonym in entry.synonyms
        where synonym.normalized.hasPrefix(query.normalized) || synonym.wordPrefixesMatch(query) || synonym.contains(query) {
            return CtcaeSearchMatch(term: term, rank: .synonym, matchedText: synonym.text)
        }
        return nil
    }

    /// What the user typed, normalized once per search.
    struct Query {
        let normalized: String
        let compact: String
        let words: [String]

        init(_ text: String) {
            self.normalized = CtcaeSearch.normalize(text)
            self.compact = normalized.replacingOccurrences(of: " ", with: "")
            self.words = normalized.split(separator: " ").map(String.init)
        }
    }

    /// One searchable text (a term name, synonym or label) in the forms the matching needs, computed once
    /// when the dictionary is built.
    struct SearchText: Sendable {
        let text: String
        let normalized: String
        /// Without the spaces that punctuation left, so "maculopapular" finds "maculo papular".
        let compact: String
        let words: [String]

        init(_ text: String) {
            self.text = text
            self.normalized = CtcaeSearch.normalize(text)
            self.compact = normalized.replacingOccurrences(of: " ", with: "")
            self.words = normalized.split(separator: " ").map(String.init)
        }

        func contains(_ query: Query) -> Bool {
            normalized.contains(query.normalized) || (!query.compact.isEmpty && compact.contains(query.compact))
        }

        /// True when each query word begins a distinct word of this text, in any order.
        func wordPrefixesMatch(_ query: Query) -> Bool {
            var remaining = words
            for queryWord in query.words {
                guard let index = remaining.firstIndex(where: { $0.hasPrefix(queryWord) }) else { return false }
                remaining.remove(at: index)
            }
            return true
        }
    }

    /// A term with its searchable texts.
    struct Entry: Sendable {
        let term: CtcaeTerm
        let name: SearchText
        let synonyms: [SearchText]
        let zh: SearchText?

        init(term: CtcaeTerm) {
            self.term = term
            self.name = SearchText(term.term)
            self.synonyms = term.synonyms.map(SearchText.init)
            self.zh = term.zh.map(SearchText.init)
        }
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
