import Foundation

/// One term found by a dictionary search.
public struct CtcaeSearchMatch: Hashable, Sendable {
    public let term: CtcaeTerm
    /// How closely the text matched; lower is better (see `CtcaeSearch.Rank`).
    public let rank: CtcaeSearch.Rank
    /// The synonym or Chinese label that matched, when it was not the term itself.
    public let matchedText: String?
}
