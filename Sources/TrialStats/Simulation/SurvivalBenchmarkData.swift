import Foundation

/// A generated two-arm trial for timing the survival methods: 1:1 arms, three standard-normal covariates,
/// exponential event times with hazard 0.1 * exp(-0.4 arm + 0.3 x1 - 0.2 x2 + 0 x3) and independent
/// exponential censoring at rate 0.034, which censors 30% of patients (E[c / (lambda + c)] = 0.300).
/// Deterministic for a given seed.
public struct SurvivalBenchmarkData: Sendable {
    public let times: [Double]
    public let events: [Int]
    /// Arm 0 or 1 per patient.
    public let arms: [Int]
    /// x1, x2, x3, one array per covariate.
    public let covariates: [[Double]]

    public static let covariateNames = ["x1", "x2", "x3"]

    public static func generate(count: Int, seed: UInt64 = 20_261_125) -> SurvivalBenchmarkData {
        var generator = SeededGenerator(seed: seed)
        var times = [Double](repeating: 0, count: count)
        var events = [Int](repeating: 0, count: count)
        var arms = [Int](repeating: 0, count: count)
        var covariates = [[Double]](repeating: [Double](repeating: 0, count: count), count: 3)
        for index in 0..<count {
            let arm = index % 2
            let x1 = generator.nextStandardNormal(), x2 = generator.nextStandardNormal(), x3 = generator.nextStandardNormal()
            let rate = 0.1 * exp(-0.4 * Double(arm) + 0.3 * x1 - 0.2 * x2)
            let eventTime = generator.nextExponential(rate: rate)
            let censorTime = generator.nextExponential(rate: 0.034)
            times[index] = min(eventTime, censorTime)
            events[index] = eventTime <= censorTime ? 1 : 0
            arms[index] = arm
            covariates[0][index] = x1
            covariates[1][index] = x2
            covariates[2][index] = x3
        }
        return SurvivalBenchmarkData(times: times, events: events, arms: arms, covariates: covariates)
    }

    /// The data as CSV (time,status,arm,x1,x2,x3), numbers printed so that they read back exactly.
    public func csvText() -> String {
        var text = "time,status,arm,x1,x2,x3\n"
        text.reserveCapacity(times.count * 90)
        for index in times.indices {
            text += "\(times[index]),\(events[index]),\(arms[index]),\(covariates[0][index]),\(covariates[1][index]),\(covariates[2][index])\n"
        }
        return text
    }
}
