import Foundation

/// The combination of factor levels a participant is randomized in; permuted-block lists
/// are kept one per stratum.
public struct Stratum: Codable, Sendable, Hashable, CustomStringConvertible {
    public struct FactorLevel: Codable, Sendable, Hashable {
        public var factor: String
        public var level: String

        public init(factor: String, level: String) {
            self.factor = factor
            self.level = level
        }
    }

    /// One entry per stratification factor, in the study's factor order.
    public var levels: [FactorLevel]

    public init(levels: [FactorLevel]) {
        self.levels = levels
    }

    /// A stable key such as `lesionCount=6-7` (factors joined by `;`), or `all` when the
    /// study is not stratified. Stored with each allocation.
    public var key: String {
        levels.isEmpty ? "all" : levels.map { "\($0.factor)=\($0.level)" }.joined(separator: ";")
    }

    public func level(ofFactor code: String) -> String? {
        levels.first { $0.factor == code }?.level
    }

    public var description: String { key }
}
