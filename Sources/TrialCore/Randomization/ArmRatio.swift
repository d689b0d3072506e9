import Foundation

/// One arm and its share of the allocation ratio (1:1 is two arms of weight 1; 2:1 gives the first arm weight 2).
public struct ArmRatio: Hashable, Sendable, Codable {
    public var arm: String
    public var weight: Int

    public init(arm: String, weight: Int = 1) {
        self.arm = arm
        self.weight = weight
    }

    /// The field errors of an arm list: at least two arms, non-empty unique codes, positive whole weights.
    static func validate(_ arms: [ArmRatio], field: String = "arms") -> [FieldError] {
        var errors: [FieldError] = []
        if arms.count < 2 {
            errors.append(FieldError(field: field, message: "needs at least 2 arms to randomize between, got \(arms.count)"))
        }
        var seen: Set<String> = []
        for (index, arm) in arms.enumerated() {
            if arm.arm.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(FieldError(field: "\(field)[\(index)].arm", message: "must not be empty"))
            } else if !seen.insert(arm.arm).inserted {
                errors.append(FieldError(
                    field: "\(field)[\(index)].arm", message: "repeats arm '\(arm.arm)'; each arm code may appear once"))
            }
            if arm.weight < 1 {
                errors.append(FieldError(
                    field: "\(field)[\(index)].weight",
                    message: "must be a whole number of at least 1 (the arm's share of the allocation ratio), got \(arm.weight)"))
            }
        }
        return errors
    }

    /// The weights divided by their greatest common divisor, so that 2:2 is treated as the ratio 1:1.
    static func reducedWeights(_ arms: [ArmRatio]) -> [Int] {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let divisor = arms.map(\.weight).reduce(0, gcd)
        return arms.map { divisor > 0 ? $0.weight / divisor : $0.weight }
    }

    /// "1:1", "2:1": the ratio as written in protocols.
    static func ratioText(_ weights: [Int]) -> String {
        weights.map(String.init).joined(separator: ":")
    }
}
