import Foundation

/// Interval arithmetic for checking stratification levels against the values eligibility
/// allows: is a level empty, outside the eligible values, overlapping another, and which
/// eligible values fall in no level.
///
/// Whole-number fields are mapped onto the real line with n -> [n - 0.5, n + 0.5), so that
/// levels `6-7` and `8-10` of a lesion count touch (no gap) while `6-7` and `9-10` leave 8 out.
struct ValueCoverage {
    let wholeNumbers: Bool

    /// The rule as a real interval to compare; nil when it holds no possible value.
    func interval(_ rule: NumericRule) -> NumericRule? {
        if wholeNumbers {
            guard let range = rule.wholeNumbers else { return nil }
            return NumericRule(
                lower: range.lowest.map { NumericRule.Bound(Double($0) - 0.5, inclusive: true) },
                upper: range.highest.map { NumericRule.Bound(Double($0) + 0.5, inclusive: false) })
        }
        return rule.isEmpty ? nil : rule
    }

    /// Whether two rules share a possible value.
    func overlap(_ a: NumericRule, _ b: NumericRule) -> Bool {
        guard let a = interval(a), let b = interval(b) else { return false }
        return !a.intersection(b).isEmpty
    }

    /// The parts of `domain` that no rule in `rules` covers, in ascending order, each
    /// written back as a rule in the field's own terms (`between 8 and 9`, `>= 11`).
    func uncovered(_ domain: NumericRule, by rules: [NumericRule]) -> [NumericRule] {
        guard let domain = interval(domain) else { return [] }
        let pieces = rules.compactMap(interval).map { $0.intersection(domain) }.filter { !$0.isEmpty }
            .sorted { a, b in
                let av = a.lower?.value ?? -.infinity
                let bv = b.lower?.value ?? -.infinity
                if av != bv { return av < bv }
                return (a.lower?.isInclusive ?? true) && !(b.lower?.isInclusive ?? true)
            }
        // Everything up to `covered` (itself included when `coveredIncludesValue`) is accounted for.
        var covered = domain.lower?.value ?? -.infinity
        var coveredIncludesValue = !(domain.lower?.isInclusive ?? true)
        var gaps: [NumericRule] = []
        func gap(upTo value: Double, upperInclusive: Bool) -> NumericRule {
            NumericRule(
                lower: covered == -.infinity ? nil : NumericRule.Bound(covered, inclusive: !coveredIncludesValue),
                upper: value == .infinity ? nil : NumericRule.Bound(value, inclusive: upperInclusive))
        }
        for piece in pieces {
            let start = piece.lower?.value ?? -.infinity
            let startInclusive = piece.lower?.isInclusive ?? false
            if start > covered || (start == covered && start.isFinite && !coveredIncludesValue && !startInclusive) {
                gaps.append(gap(upTo: start, upperInclusive: !startInclusive))
            }
            let end = piece.upper?.value ?? .infinity
            let endInclusive = piece.upper?.isInclusive ?? false
            if end > covered || (end == covered && endInclusive && !coveredIncludesValue) {
                covered = end
                coveredIncludesValue = endInclusive
            }
        }
        let end = domain.upper?.value ?? .infinity
        let endInclusive = domain.upper?.isInclusive ?? false
        if end > covered || (end == covered && end.isFinite && endInclusive && !coveredIncludesValue) {
            gaps.append(gap(upTo: end, upperInclusive: endInclusive))
        }
        return gaps.filter { !$0.isEmpty }.map(inFieldTerms)
    }

    /// Undoes the whole-number mapping for messages.
    private func inFieldTerms(_ gap: NumericRule) -> NumericRule {
        guard wholeNumbers else { return gap }
        return NumericRule(
            lower: gap.lower.map { NumericRule.Bound(($0.value + 0.5).rounded(), inclusive: true) },
            upper: gap.upper.map { NumericRule.Bound(($0.value - 0.5).rounded(), inclusive: true) })
    }
}
