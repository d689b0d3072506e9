import Foundation

/// Minimization over a sequence of patients, drawing its uniforms from the seed: allocation number s uses the
/// doubles number 2s-1 (u1, tie break) and 2s (u2, coin) of `seed.stream("minimization/allocations")`.
///
/// Because the uniforms depend only on the seed and the allocation number, the store can allocate without
/// keeping generator state (`uniforms(seed:allocationNumber:)`), and `replay` reproduces every decision.
public struct MinimizationAllocator: Sendable {
    public let design: MinimizationDesign
    public private(set) var counts: MinimizationCounts
    public private(set) var draws: [MinimizationDraw] = []
    private var stream: Xoshiro256StarStar

    public init(design: MinimizationDesign, seed: RandomizationSeed) {
        self.design = design
        self.counts = MinimizationCounts(design: design)
        self.stream = seed.stream(RandomizationStreamLabel.minimization)
    }

    /// Allocates the next patient, records the draw and updates the counts.
    public mutating func assign(levels: [String: String]) throws -> MinimizationDraw {
        let indices = try design.levelIndices(for: levels)
        let tieBreak = stream.unitDouble()
        let coin = stream.unitDouble()
        let draw = try design.allocate(
            levels: levels, counts: counts, allocationNumber: draws.count + 1, tieBreakUniform: tieBreak, coinUniform: coin)
        let armIndex = design.arms.firstIndex { $0.arm == draw.assignedArm }!
        counts.record(levelIndices: indices, armIndex: armIndex)
        draws.append(draw)
        return draw
    }

    /// (u1, u2) of allocation number `allocationNumber` (1-based), without any other state.
    public static func uniforms(seed: RandomizationSeed, allocationNumber: Int) throws -> (tieBreak: Double, coin: Double) {
        guard allocationNumber >= 1 else {
            throw ValidationFailure(field: "allocationNumber", message: "must be 1 or more (the first allocation is 1), got \(allocationNumber)")
        }
        var stream = seed.stream(RandomizationStreamLabel.minimization)
        for _ in 0..<(2 * (allocationNumber - 1)) { _ = stream.next() }
        return (stream.unitDouble(), stream.unitDouble())
    }

    /// Every decision for patients arriving in the given order (factor name -> level each).
    /// Field names: `patients[i].levels.<factor>`.
    public static func replay(design: MinimizationDesign, seed: RandomizationSeed, patients: [[String: String]]) throws -> [MinimizationDraw] {
        var allocator = MinimizationAllocator(design: design, seed: seed)
        for (index, levels) in patients.enumerated() {
            do {
                _ = try allocator.assign(levels: levels)
            } catch let failure as ValidationFailure {
                throw ValidationFailure(failure.errors.map { $0.moved(to: "patients[\(index)].\($0.field)") })
            }
        }
        return allocator.draws
    }
}
