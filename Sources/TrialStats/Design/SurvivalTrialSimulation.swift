import Foundation

/// Who is enrolled into which arm and stratum, in enrolment order. TrialStats draws the arms itself only
/// in `RandomOrderAllocation`; a study's own randomization scheme comes from the layer that knows it
/// (TrialReports' `StudyRandomizationAllocation` runs TrialCore's permuted blocks).
public protocol TrialAllocation: Sendable {
    /// Strata are 0..<strataCount.
    var strataCount: Int { get }
    /// Writes the arm (1 experimental, 0 control) and stratum of participants 0..<arms.count, in the
    /// order they enrol, drawing only from `generator`.
    func allocate(using generator: inout SeededGenerator, arms: inout [Int], strata: inout [Int])
}

/// Arms of fixed size (experimental : control = allocation ratio, rounded to whole participants) in
/// random order, one stratum: a completely randomized design.
public struct RandomOrderAllocation: TrialAllocation {
    public let experimentalCount: Int
    public var strataCount: Int { 1 }

    public init(experimentalCount: Int) {
        self.experimentalCount = experimentalCount
    }

    public func allocate(using generator: inout SeededGenerator, arms: inout [Int], strata: inout [Int]) {
        for i in arms.indices {
            arms[i] = i < experimentalCount ? 1 : 0
            strata[i] = 0
        }
        arms.shuffle(using: &generator)
    }
}

/// When a simulated trial is analysed.
public enum SimulatedAnalysis: Sendable, Equatable {
    /// When this many progression events have been observed (the last analysis of a sequential design;
    /// its interim looks at the information fractions of it).
    case events(Int)
    /// At this calendar month from the first enrolment.
    case calendarMonth(Double)
}

/// Whole two-arm trials simulated many times, to check a design's power and type I error without its
/// approximations: accrual of `participants` at random times (uniform, or piecewise as `Accrual`), arms
/// and strata from a `TrialAllocation` in enrolment order, exponential or piecewise-exponential
/// progression-free survival in each arm (experimental hazards = HR x control's) and exponential dropout,
/// analysed when the planned events are observed (or at the last event when fewer ever are) or at a
/// calendar month. Each analysis is TrialStats' stratified log-rank test; one-sided rejection is in the
/// direction of a lower experimental hazard, z = (E - O) / sqrt(V) >= c, two-sided |z| >= c. With a
/// group-sequential design the trial is looked at when the information fraction t_k of the planned
/// events is observed (round(t_k D) events) and stops at the first look with z >= c_k (efficacy) or
/// z <= f_k (non-binding futility, obeyed here). The hazard ratio is estimated at the stopping look by
/// TrialStats' Cox model with the arm as covariate, stratified as the log-rank test (Efron ties).
public struct SurvivalTrialSimulation: Sendable {
    public let participants: Int
    public let allocationRatio: Double
    public let controlSurvival: PiecewiseExponential
    /// The control hazard of the first interval (the only one when exponential).
    public var controlHazard: Double { controlSurvival.hazards[0] }
    public let hazardRatio: Double
    public let accrual: Accrual
    public var accrualMonths: Double { accrual.endMonth }
    public let dropoutRatePerYear: Double
    public let analysis: SimulatedAnalysis
    /// The planned events of the (last) analysis; 0 for an analysis at a calendar month.
    public var eventsAtAnalysis: Int {
        if case .events(let events) = analysis { return events }
        return 0
    }
    public let sequential: GroupSequentialDesign?
    public let allocation: any TrialAllocation
    public let alpha: Double
    public let sided: Int

    /// This trial's simplest form: exponential survival from the control median, uniform accrual, arms in
    /// random order, one analysis at `eventsAtAnalysis` events.
    public init(participants: Int, allocationRatio: Double = 1, controlMedianMonths: Double, hazardRatio: Double,
                accrualMonths: Double, dropoutRatePerYear: Double = 0, eventsAtAnalysis: Int,
                alpha: Double = 0.025, sided: Int = 1) throws {
        try DesignError.require(controlMedianMonths.isFinite && controlMedianMonths > 0, "controlMedianMonths",
                                "must be > 0")
        try self.init(participants: participants, allocationRatio: allocationRatio,
                      controlSurvival: .exponential(hazard: M_LN2 / controlMedianMonths), hazardRatio: hazardRatio,
                      accrual: Accrual.uniform(months: accrualMonths), dropoutRatePerYear: dropoutRatePerYear,
                      analysis: .events(eventsAtAnalysis), alpha: alpha, sided: sided)
    }

    /// `allocation` nil: arms of fixed size in random order (`RandomOrderAllocation`). `sequential`
    /// requires an analysis at a number of events and the same alpha and sides.
    public init(participants: Int, allocationRatio: Double = 1, controlSurvival: PiecewiseExponential,
                hazardRatio: Double, accrual: Accrual, dropoutRatePerYear: Double = 0, analysis: SimulatedAnalysis,
                sequential: GroupSequentialDesign? = nil, allocation: (any TrialAllocation)? = nil,
                alpha: Double = 0.025, sided: Int = 1) throws {
        try DesignError.checkAlphaAndSides(alpha: alpha, sided: sided)
        try DesignError.require(participants >= 4 && participants <= 100_000, "participants",
                                "must be between 4 and 100000")
        try DesignError.require(allocationRatio.isFinite && allocationRatio > 0, "allocationRatio", "must be > 0")
        try DesignError.require(hazardRatio.isFinite && hazardRatio > 0, "hazardRatio", "must be > 0")
        try DesignError.require(dropoutRatePerYear.isFinite && dropoutRatePerYear >= 0 && dropoutRatePerYear < 1,
                                "dropoutRatePerYear", "must be >= 0 and < 1")
        switch analysis {
        case .events(let events):
            try DesignError.require(events >= 2 && events <= participants, "eventsAtAnalysis",
                                    "must be between 2 and participants")
        case .calendarMonth(let month):
            try DesignError.require(month.isFinite && month > 0, "analysisMonth", "must be > 0")
            try DesignError.require(sequential == nil, "informationFractions",
                                    "need an analysis at a number of events (eventsAtAnalysis), not at a month")
        }
        if let sequential {
            try DesignError.require(sequential.alpha == alpha && sequential.sided == sided, "alpha",
                                    "must equal the group-sequential design's alpha and sides")
        }
        let experimental = Int((Double(participants) * allocationRatio / (1 + allocationRatio)).rounded())
        try DesignError.require(experimental >= 1 && experimental < participants, "allocationRatio",
                                "must leave at least one participant in each arm")
        self.participants = participants
        self.allocationRatio = allocationRatio
        self.controlSurvival = controlSurvival
        self.hazardRatio = hazardRatio
        self.accrual = accrual
        self.dropoutRatePerYear = dropoutRatePerYear
        self.analysis = analysis
        self.sequential = sequential
        self.allocation = allocation ?? RandomOrderAllocation(experimentalCount: experimental)
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
        /// Progression events at the analysis the trial stopped at.
        public let eventsAtAnalysis: Estimate
        /// Sequential designs: the share of trials rejecting, and stopping for futility, at each look.
        public let rejectPerStage: [Estimate]
        public let futilityPerStage: [Estimate]
        public let seconds: Double
    }

    struct TrialOutcome {
        var rejected: Bool
        var analysisMonth: Double
        var logHazardRatio: Double
        var shortOfEvents: Bool
        var events: Int = 0
        /// The look the trial stopped at (0-based) and whether for futility.
        var stage: Int = 0
        var futility: Bool = false
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
        var stratum: [Int]
        var eventTime: [Double]
        var dropoutTime: [Double]
        var calendarEvents: [Double]
        var times: [Double]
        var events: [Int]
        var groups: [Int]
        var strata: [Int]
        init(participants n: Int) {
            entry = [Double](repeating: 0, count: n)
            arm = [Int](repeating: 0, count: n)
            stratum = arm
            eventTime = entry; dropoutTime = entry; calendarEvents = []; times = entry
            events = arm; groups = arm; strata = arm
        }
    }

    /// The looks: events at each (sequential: round(t_k D), at least one more than the look before).
    var plannedLookEvents: [Int] {
        guard case .events(let total) = analysis else { return [] }
        guard let sequential, sequential.informationFractions.count > 1 else { return [total] }
        var looks: [Int] = []
        for t in sequential.informationFractions {
            let events = max(Int((t * Double(total)).rounded()), (looks.last ?? 1) + 1)
            looks.append(min(events, total))
        }
        return looks
    }

    func simulateOne(_ generator: inout SeededGenerator, _ b: inout TrialBuffers) -> TrialOutcome {
        let n = participants
        allocation.allocate(using: &generator, arms: &b.arm, strata: &b.stratum)
        let dropoutHazard = -log1p(-dropoutRatePerYear) / 12
        let experimentalSurvival = controlSurvival.scaled(by: hazardRatio)
        // Entry times in enrolment order: sorted uniform draws spread by the accrual's intensities.
        for i in 0..<n { b.entry[i] = generator.nextUniform() }
        b.entry.sort()
        b.calendarEvents.removeAll(keepingCapacity: true)
        for i in 0..<n {
            b.entry[i] = accrual.isUniform ? accrualMonths * b.entry[i] : accrual.month(enrolledShare: b.entry[i])
            let unitExponential = generator.nextExponential(rate: 1)
            b.eventTime[i] = (b.arm[i] == 1 ? experimentalSurvival : controlSurvival).time(atCumulativeHazard: unitExponential)
            b.dropoutTime[i] = dropoutHazard > 0 ? generator.nextExponential(rate: dropoutHazard) : .infinity
            if b.eventTime[i] <= b.dropoutTime[i] { b.calendarEvents.append(b.entry[i] + b.eventTime[i]) }
        }
        b.calendarEvents.sort()
        let looks: [(month: Double, short: Bool)]
        switch analysis {
        case .calendarMonth(let month):
            looks = [(month, false)]
        case .events:
            guard let last = b.calendarEvents.last else {
                return TrialOutcome(rejected: false, analysisMonth: .nan, logHazardRatio: .nan, shortOfEvents: true)
            }
            looks = plannedLookEvents.map { events in
                events <= b.calendarEvents.count ? (b.calendarEvents[events - 1], false) : (last, true)
            }
        }
        let lastLook = looks.count - 1
        for (k, look) in looks.enumerated() {
            let count = collect(at: look.month, &b)
            let z = count > 0 ? logRankZ(count, &b) : nil
            let critical = sequential?.criticalValues[k] ?? Normal.quantile(1 - alpha / Double(sided))
            var rejected = false, futility = false
            if let z {
                rejected = sided == 2 ? abs(z) >= critical : z >= critical
                if !rejected, let sequential, sided == 1, k < sequential.futilityBounds.count,
                   sequential.futilityBounds[k] > -6, z <= sequential.futilityBounds[k] {
                    futility = true
                }
            }
            // The last planned look, or the last event when the events run out before it.
            if rejected || futility || k == lastLook || look.short {
                let events = b.events[0..<count].reduce(0, +)
                return TrialOutcome(rejected: rejected, analysisMonth: look.month,
                                    logHazardRatio: coxLogHazardRatio(count, &b), shortOfEvents: look.short,
                                    events: events, stage: k, futility: futility)
            }
        }
        return TrialOutcome(rejected: false, analysisMonth: .nan, logHazardRatio: .nan, shortOfEvents: true)
    }

    /// Everyone enrolled by `month`, followed to their event, dropout or `month`: written to the first
    /// rows of times/events/groups/strata; returns their number.
    func collect(at month: Double, _ b: inout TrialBuffers) -> Int {
        var count = 0
        for i in 0..<participants where b.entry[i] < month {
            let available = month - b.entry[i]
            b.times[count] = min(b.eventTime[i], b.dropoutTime[i], available)
            b.events[count] = b.eventTime[i] <= min(b.dropoutTime[i], available) ? 1 : 0
            b.groups[count] = b.arm[i]
            b.strata[count] = b.stratum[i]
            count += 1
        }
        return count
    }

    /// The stratified log-rank z statistic, positive when the experimental arm has fewer events than
    /// expected; nil when the test is undefined (no events, one arm).
    func logRankZ(_ count: Int, _ b: inout TrialBuffers) -> Double? {
        guard let test = try? LogRankTest.test(
            times: Array(b.times[0..<count]), events: Array(b.events[0..<count]),
            groupIndices: Array(b.groups[0..<count]), levels: ["control", "experimental"],
            strataIndices: allocation.strataCount > 1 ? Array(b.strata[0..<count]) : nil,
            strataCount: allocation.strataCount),
            test.chisq > 0, test.groups.count == 2 else { return nil }
        let difference = test.groups[1].observed - test.groups[1].expected
        return (difference > 0 ? -1 : 1) * test.chisq.squareRoot()
    }

    /// Cox's log hazard ratio of the experimental arm, stratified as the log-rank test; NaN when it cannot
    /// be estimated (no events in an arm, no convergence).
    func coxLogHazardRatio(_ count: Int, _ b: inout TrialBuffers) -> Double {
        let strata = allocation.strataCount > 1 ? b.strata[0..<count].map { Self.stratumLabels[min($0, 63)] } : nil
        guard count > 1, let data = try? CoxData(times: Array(b.times[0..<count]), events: Array(b.events[0..<count]),
                                                 covariates: [b.groups[0..<count].map(Double.init)],
                                                 names: ["experimental"], strata: strata) else { return .nan }
        let fit = CoxProportionalHazards.fit(data)
        guard fit.converged, let coefficient = fit.coefficients.first, coefficient.isFinite, abs(coefficient) < 20
        else { return .nan }
        return coefficient
    }

    /// Stratum labels for the Cox model, numbered so that their sorted order is the strata's.
    static let stratumLabels = (0..<64).map { String(format: "%02d", $0) }

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
        func proportion(_ count: Int) -> Estimate {
            let p = Double(count) / Double(trials)
            let sd = (p * (1 - p)).squareRoot()
            return Estimate(value: p, standardDeviation: sd, monteCarloStandardError: sd / Double(trials).squareRoot())
        }
        let stages = sequential.map { Array($0.informationFractions.indices) } ?? []
        return Result(
            trials: trials, seed: seed,
            rejectionRate: Estimate(value: rate, standardDeviation: rateSD,
                                    monteCarloStandardError: rateSD / Double(trials).squareRoot()),
            analysisMonth: estimate(months), analysisMonthQuantiles: quantiles(months),
            hazardRatioQuantiles: quantiles(logHazardRatios).map { exp($0) }, logHazardRatio: estimate(logHazardRatios),
            trialsShortOfEvents: outcomes.filter(\.shortOfEvents).count,
            eventsAtAnalysis: estimate(outcomes.filter { $0.analysisMonth.isFinite }.map { Double($0.events) }),
            rejectPerStage: stages.map { k in proportion(outcomes.filter { $0.rejected && $0.stage == k }.count) },
            futilityPerStage: stages.dropLast().map { k in
                proportion(outcomes.filter { $0.futility && $0.stage == k }.count) },
            seconds: seconds)
    }
}
