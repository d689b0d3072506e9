import Foundation

/// How many patients each arm holds at each level of each factor: the state minimization decides from.
///
/// Stored flat: the count of arm a at level l of factor f is `cells[(levelOffsets[f] + l) × armCount + a]`.
public struct MinimizationCounts: Hashable, Sendable, Codable {
    public let armCount: Int
    public let levelOffsets: [Int]
    public private(set) var cells: [Int]

    /// All counts zero: the state before the first patient.
    public init(design: MinimizationDesign) {
        armCount = design.arms.count
        levelOffsets = design.levelOffsets
        cells = [Int](repeating: 0, count: design.factors.reduce(0) { $0 + $1.levels.count } * design.arms.count)
    }

    public func count(factor: Int, level: Int, arm: Int) -> Int {
        cells[(levelOffsets[factor] + level) * armCount + arm]
    }

    /// Adds one patient with the given level indices to arm `armIndex`.
    public mutating func record(levelIndices: [Int], armIndex: Int) {
        for (factor, level) in levelIndices.enumerated() {
            cells[(levelOffsets[factor] + level) * armCount + armIndex] += 1
        }
    }

    /// Adds an allocation already made (by name), e.g. when the store rebuilds the state from its records.
    public mutating func record(levels: [String: String], arm: String, design: MinimizationDesign) throws {
        let indices = try design.levelIndices(for: levels)
        guard let armIndex = design.arms.firstIndex(where: { $0.arm == arm }) else {
            throw ValidationFailure(field: "arm", message: "must be one of \(design.arms.map(\.arm).joined(separator: ", ")), got '\(arm)'")
        }
        record(levelIndices: indices, armIndex: armIndex)
    }
}
