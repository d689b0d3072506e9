import Foundation
import TrialCore
import TrialStats

/// A simulated trial's arms allocated as the study randomizes: the study's permuted-block design
/// (TrialCore's `PermutedBlockDesign`, the blocks drawn as the live lists draw them), one list per stratum
/// of its stratification factors. Each simulated participant falls in a stratum with the stratum's share
/// (equal shares unless given) and takes the next slot of that stratum's list. This is where TrialCore's
/// scheme meets TrialStats' simulation, which knows neither studies nor schemes.
public struct StudyRandomizationAllocation: TrialAllocation {
    public let design: PermutedBlockDesign
    /// The index of the experimental arm in the design's arms; every other arm is control.
    public let experimentalArmIndex: Int
    /// Stratum keys in the study's order, and the cumulative shares used to draw them.
    public let strataKeys: [String]
    let cumulativeShares: [Double]
    public var strataCount: Int { strataKeys.count }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notPermutedBlocks
        case notTwoArms
        case unknownArm(String)
        case stratumShares(String)

        public var description: String {
            switch self {
            case .notPermutedBlocks: "the study randomizes by minimization; simulation runs permuted-block schemes only"
            case .notTwoArms: "the simulation compares two arms; the study has another number"
            case .unknownArm(let code): "\(code) is not an arm of the study"
            case .stratumShares(let rule): rule
            }
        }
    }

    /// - Parameters:
    ///   - experimentalArm: the arm code compared with the other (default: the study's first arm).
    ///   - stratumShares: each stratum's share of participants by `Stratum.key` (default: equal).
    public init(study: StudyDefinition, experimentalArm: String? = nil, stratumShares: [String: Double]? = nil) throws {
        guard let design = try study.permutedBlockDesign() else { throw Problem.notPermutedBlocks }
        guard design.arms.count == 2 else { throw Problem.notTwoArms }
        let code = experimentalArm ?? design.arms[0].arm
        guard let index = design.arms.firstIndex(where: { $0.arm == code }) else { throw Problem.unknownArm(code) }
        let keys = study.allStrata.map(\.key)
        var shares = keys.map { _ in 1.0 / Double(keys.count) }
        if let stratumShares {
            if let unknown = stratumShares.keys.first(where: { !keys.contains($0) }) {
                throw Problem.stratumShares("stratumShares: \(unknown) is not a stratum of the study (\(keys.joined(separator: ", ")))")
            }
            shares = keys.map { stratumShares[$0] ?? 0 }
            guard shares.allSatisfy({ $0.isFinite && $0 >= 0 }), shares.reduce(0, +) > 0 else {
                throw Problem.stratumShares("stratumShares: must be >= 0 and not all 0")
            }
            let total = shares.reduce(0, +)
            shares = shares.map { $0 / total }
        }
        var running = 0.0
        self.cumulativeShares = shares.map { running += $0; return running }
        self.design = design
        self.experimentalArmIndex = index
        self.strataKeys = keys
    }

    public func allocate(using generator: inout SeededGenerator, arms: inout [Int], strata: inout [Int]) {
        // The permuted blocks draw from TrialCore's own generator, seeded from the trial's stream.
        var blocks = Xoshiro256StarStar(state: (generator.next(), generator.next(), generator.next(), generator.next() | 1))
        var pending = [[Int]](repeating: [], count: strataKeys.count)
        var block: [Int] = []
        for i in arms.indices {
            let u = generator.nextUniform()
            let stratum = cumulativeShares.firstIndex { u < $0 } ?? strataKeys.count - 1
            if pending[stratum].isEmpty {
                design.drawBlock(using: &blocks, into: &block)
                pending[stratum] = block.reversed()
            }
            let armIndex = pending[stratum].removeLast()
            arms[i] = armIndex == experimentalArmIndex ? 1 : 0
            strata[i] = stratum
        }
    }
}
