import Foundation

/// Whole two-arm trials simulated many times, to check a design's power and type I error without its
/// approximations: uniform accrual of `participants` over `accrualMonths`, arms of fixed size in random
/// order (experimental : control = allocationRatio, rounded to whole participants), exponential
/// progression-free survival and dropout in each arm, and one analysis when `eventsAtAnalysis`
/// progression events have been observed (or at the last event when fewer ever are). The analysis is
/// TrialStats' log-rank test; the hazard ratio is estimated as exp((O - E) / V) of the experimental arm
/// (the one-step estimate from the log-rank score and its variance). One-sided rejection is in the
/// direction of a lower experimental hazard: z = (E - O) / sqrt(V) >= z(1 - alpha / sided), and for a
/// two-sided test |z| >= z(1 - alpha / 2). No stratification and no interim analysis.
public struct SurvivalTrialSimulation: Sendable {
    public let participants: Int
    public let allocationRatio: Double
    public let controlHazard: Double
    public let hazardRatio: Double
    public let accrualMonths: Double
    public let dropoutRatePerYear: Double
    public let eventsAtAnalysis: Int
    public let alpha: Double
    public let sided: Int

    public init(participants: Int, allocationRatio: Double = 1, controlMedianMonths: Double, hazardRatio: Double,
                accrualMonths: Double, dropoutRatePerYear: Double = 0, eventsAtAnalysis: Int,
                alpha: Double = 0.025, sided: Int = 1) throws {
        try DesignError.checkAlphaAndSides(alpha: alpha, sided: sided)
        try DesignError.require(participants >= 4 && participants <= 100_000, "participants",
                                "must be between 4 and 100000")
        try DesignError.require(allocationRatio.isFinite && allocationRatio > 0, "allocationRatio", "must be > 0")
        try DesignError.require(controlMedianMonths.isFinite && controlMedianMonths > 0, "controlMedianMonths",
                                "must be > 0")
        try DesignError.require(hazardRatio.isFinite && hazardRatio > 0, "hazardRatio", "must be > 0")
        try DesignError.require(accrualMonths.isFinite && accrualMonths > 0, "accrualMonths", "must be > 0")
        try DesignError.require(dropoutRatePerYear.isFinite && dropoutRatePerYear >= 0 && dropoutRatePerYear < 1,
                                "dropoutRatePerYear", "must be >= 0 and < 1")
        try DesignError.require(eventsAtAnalysis >= 2 && eventsAtAnalysis <= participants, "eventsAtAnalysis",
                                "must be between 2 and participants")
        let experimental = Int((Double(participants) * allocationRatio / (1 + allocationRatio)).rounded())
        try DesignError.require(experimental >= 1 && experimental < participants, "allocationRatio",
                                "must leave at least one participant in each arm")
        self.participants = participants
        self.allocationRatio = allocationRatio
        self.controlHazard = M_LN2 / controlMedianMonths
        self.hazardRatio = hazardRatio
        self.accrualMonths = accrualMonths
        self.dropoutRatePerYear = dropoutRatePerYear
        self.eventsAtAnalysis = eventsAtAnalysis
        self.alpha = alpha
        self.sided = sided
    }

    /// A proportion with its Monte-Carlo standard error, or a mean with its standard deviation and error.
    public struct Estimate: Sendable, Codable, Equatable {
        public let value: Double
        public let standardDeviation: Double
        public let monteCarloStandardError: Double
    }

    public struct Result: Sendable, Codable, Equatable {
        public let trials: Int
        public let seed: UInt64
        /// The share of trials that reject H0.
        public let rejectionRate: Estimate
        /// Calendar month of the analysis from the first enrolment.
        public let analysisMonth: Estimate
        public let analysisMonthQuantiles: [Double]
        /// The estimated hazard ratio: its median and quartiles, and the mean of its logarithm.
        public let hazardRatioQuantiles: [Double]
        public let logHazardRatio: Estimate
        /// Trials in which fewer events than planned ever occurred (analysed at their last event).
        public let trialsShortOfEvents: Int
        public let seconds: Double
    }

    struct TrialOutcome {
        var rejected: Bool
        var analysisMonth: Double
        var logHazardRatio: Double
        var shortOfEvents: Bool
    }

    /// Runs `trials` trials on `workers` threads; trial i draws from its own generator seeded from
    /// `seed` and i, so the result does not depend on the number of workers.
    public func run(trials: Int, seed: UInt64, workers: Int = ProcessInfo.processInfo.activeProcessorCount) -> Result {
        let start = Date()
        let workerCount = max(1, min(workers, trials))
        let chunk = (trials + workerCount - 1) / workerCount
        let outcomes = UnsafeMutableBufferPointer<TrialOutcome>.allocate(capacity: trials)
        defer { outcomes.deallocate() }
        nonisolated(unsafe) let shared = outcomes
        DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
            let lower = worker * chunk, upper = min(trials, lower + chunk)
            if lower >= upper { return }
            var buffers = TrialBuffers(participants: participants)
            for trial in lower..<upper {
                var generator = Self.generator(seed: seed, trial: trial)
                (shared.baseAddress! + trial).initialize(to: simulateOne(&generator, &buffers))
            }
        }
        let all = Array(outcomes)
        return summarize(all, seed: seed, seconds: Date().timeIntervalSince(start))
    }

    /// Trial i's generator starts from the i-th output of a generator seeded with `seed`, a scrambled
    /// and effectively random point of SplitMix64's cycle. (Seeding with seed + i gamma would give trial
    /// i + 1 the stream of trial i shifted by one draw: overlapping, correlated trials.)
    static func generator(seed: UInt64, trial: Int) -> SeededGenerator {
        var start = SeededGenerator(seed: seed &+ UInt64(trial) &* 0x9E37_79B9_7F4A_7C15)
        return SeededGenerator(seed: start.next() ^ 0xD1B5_4A32_D192_ED03)
    }

    struct TrialBuffers {
        var entry: [Double]
        var arm: [Int]
        var eventTime: [Double]
        var dropoutTime: [Double]
        var calendarEvents: [Double]
        var times: [Double]
        var events: [Int]
        init(participants n: Int) {
            entry = [Double](repeating: 0, count: n)
            arm = [Int](repeating: 0, count: n)
            eventTime = entry; dropoutTime = entry; calendarEvents = []; times = entry
            events = arm
        }
    }

    func simulateOne(_ generator: inout SeededGenerator, _ b: inout TrialBuffers) -> TrialOutcome {
        let n = participants
        let experimentalCount = Int((Double(n) * allocationRatio / (1 + allocationRatio)).rounded())
        for i in 0..<n { b.arm[i] = i < experimentalCount ? 1 : 0 }
        b.arm.shuffle(using: &generator)
        let dropoutHazard = -log1p(-dropoutRatePerYear) / 12
        b.calendarEvents.removeAll(keepingCapacity: true)
        for i in 0..<n {
            b.entry[i] = accrualMonths * generator.nextUniform()
            b.eventTime[i] = generator.nextExponential(rate: b.arm[i] == 1 ? controlHazard * hazardRatio : controlHazard)
            b.dropoutTime[i] = dropoutHazard > 0 ? generator.nextExponential(rate: dropoutHazard) : .infinity
            if b.eventTime[i] <= b.dropoutTime[i] { b.calendarEvents.append(b.entry[i] + b.eventTime[i]) }
        }
        b.calendarEvents.sort()
        let shortOfEvents = b.calendarEvents.count < eventsAtAnalysis
        guard let analysis = shortOfEvents ? b.calendarEvents.last : b.calendarEvents[eventsAtAnalysis - 1] else {
            return TrialOutcome(rejected: false, analysisMonth: .nan, logHazardRatio: .nan, shortOfEvents: true)
        }
        // Everyone enrolled by the analysis, followed to their event, dropout or the analysis.
        var count = 0
        var groups: [Int] = []
        groups.reserveCapacity(n)
        for i in 0..<n where b.entry[i] < analysis {
            let available = analysis - b.entry[i]
            let observed = min(b.eventTime[i], b.dropoutTime[i], available)
            b.times[count] = observed
            b.events[count] = b.eventTime[i] <= min(b.dropoutTime[i], available) ? 1 : 0
            groups.append(b.arm[i])
            count += 1
        }
        let times = Array(b.times[0..<count]), events = Array(b.events[0..<count])
        guard let test = try? LogRankTest.test(times: times, events: events, groupIndices: groups,
                                               levels: ["control", "experimental"]),
              test.chisq > 0, test.groups.count == 2 else {
            return TrialOutcome(rejected: false, analysisMonth: analysis, logHazardRatio: .nan,
                                shortOfEvents: shortOfEvents)
        }
        let experimental = test.groups[1]
        let difference = experimental.observed - experimental.expected
        let variance = difference * difference / test.chisq
        let z = -difference / variance.squareRoot()
        let critical = Normal.quantile(1 - alpha / Double(sided))
        let rejected = sided == 2 ? abs(z) >= critical : z >= critical
        return TrialOutcome(rejected: rejected, analysisMonth: analysis, logHazardRatio: difference / variance,
                            shortOfEvents: shortOfEvents)
    }

    func summarize(_ outcomes: [TrialOutcome], seed: UInt64, seconds: Double) -> Result {
        let trials = outcomes.count
        let rejections = outcomes.filter(\.rejected).count
        let rate = Double(rejections) / Double(trials)
        func estimate(_ values: [Double]) -> Estimate {
            let m = Double(values.count)
            let mean = values.reduce(0, +) / m
            let sd = values.count > 1 ? (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (m - 1)).squareRoot() : 0
            return Estimate(value: mean, standardDeviation: sd, monteCarloStandardError: sd / m.squareRoot())
        }
        func quantiles(_ values: [Double]) -> [Double] {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return [] }
            return [0.25, 0.5, 0.75].map { p in sorted[min(sorted.count - 1, Int(p * Double(sorted.count - 1)))] }
        }
        let months = outcomes.map(\.analysisMonth).filter(\.isFinite)
        let logHazardRatios = outcomes.map(\.logHazardRatio).filter(\.isFinite)
        let rateSD = (rate * (1 - rate)).squareRoot()
        return Result(
            trials: trials, seed: seed,
            rejectionRate: Estimate(value: rate, standardDeviation: rateSD,
                                    monteCarloStandardError: rateSD / Double(trials).squareRoot()),
            analysisMonth: estimate(months), analysisMonthQuantiles: quantiles(months),
            hazardRatioQuantiles: quantiles(logHazardRatios).map { exp($0) }, logHazardRatio: estimate(logHazardRatios),
            trialsShortOfEvents: outcomes.filter(\.shortOfEvents).count, seconds: seconds)
    }
}
