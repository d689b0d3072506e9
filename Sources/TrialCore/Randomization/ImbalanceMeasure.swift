import Foundation

/// How minimization measures the imbalance of one factor level across the arms (Pocock and Simon, 1975).
///
/// Both act on ratio-adjusted counts n_a / w_a (w_a the arm's reduced ratio weight), so that a 2:1 design
/// counts two patients on the first arm as balanced against one on the second.
public enum ImbalanceMeasure: String, Hashable, Sendable, Codable, CaseIterable {
    /// max - min of the adjusted counts: |n_A - n_B| for two arms at 1:1.
    case range
    /// Sample variance (divisor k - 1) of the adjusted counts: (n_A - n_B)^2 / 2 for two arms at 1:1.
    case variance

    /// The measure of `adjustedCounts` (at least two values).
    public func imbalance(of adjustedCounts: [Double]) -> Double {
        switch self {
        case .range:
            var low = adjustedCounts[0], high = adjustedCounts[0]
            for value in adjustedCounts.dropFirst() {
                low = Swift.min(low, value)
                high = Swift.max(high, value)
            }
            return high - low
        case .variance:
            var sum = 0.0
            for value in adjustedCounts { sum += value }
            let mean = sum / Double(adjustedCounts.count)
            var squares = 0.0
            for value in adjustedCounts { squares += (value - mean) * (value - mean) }
            return squares / Double(adjustedCounts.count - 1)
        }
    }
}
