import Foundation

/// The order of a grouping variable's levels, as R's factor() gives it: numerically when every label
/// is a number (so "10" follows "9"), otherwise by text. The first level is the reference.
public enum FactorLevels {
    public static func sorted(_ labels: [String]) -> [String] {
        let distinct = Array(Set(labels))
        let numbers = distinct.map { Double($0) }
        if numbers.allSatisfy({ $0 != nil }) {
            return zip(distinct, numbers).sorted { ($0.1!, $0.0) < ($1.1!, $1.0) }.map(\.0)
        }
        return distinct.sorted()
    }
}
