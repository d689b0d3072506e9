import Foundation

/// How the efficacy boundary of a group-sequential design is chosen.
public enum GroupSequentialBoundary: Sendable, Equatable {
    /// c_k = C / sqrt(t_k), C solved for the level (O'Brien & Fleming 1979, Biometrics 35:549-556, in the
    /// Wang & Tsiatis form with Delta = 0 on the given information fractions).
    case obrienFleming
    /// c_k = C at every stage, C solved for the level (Pocock 1977, Biometrika 64:191-199).
    case pocock
    /// Each stage spends alpha(t_k) - alpha(t_(k-1)) of the level (Lan & DeMets 1983).
    case alphaSpending(AlphaSpendingFunction)

    /// The codes rpact uses: OF, P, asOF, asP, asKD (with gamma > 0), asHSD (with gamma != 0 allowed).
    public init(code: String, gamma: Double?) throws {
        switch code {
        case "OF": self = .obrienFleming
        case "P": self = .pocock
        case "asOF": self = .alphaSpending(.obrienFlemingLike)
        case "asP": self = .alphaSpending(.pocockLike)
        case "asKD":
            guard let gamma else { throw DesignError(field: "gamma", rule: "is required when type is asKD") }
            try DesignError.require(gamma.isFinite && gamma > 0, "gamma", "must be > 0 for asKD")
            self = .alphaSpending(.kimDeMets(gamma: gamma))
        case "asHSD":
            guard let gamma else { throw DesignError(field: "gamma", rule: "is required when type is asHSD") }
            try DesignError.require(gamma.isFinite && abs(gamma) <= 40, "gamma",
                                    "must be a number between -40 and 40 for asHSD")
            self = .alphaSpending(.hwangShihDeCani(gamma: gamma))
        default:
            throw DesignError(field: "type", rule: "must be one of OF, P, asOF, asP, asKD, asHSD")
        }
    }
}

/// A group-sequential efficacy boundary for a standardized statistic Z_k observed at information
/// fractions t_1 < ... < t_K = 1, rejecting H0 at the first k with Z_k >= c_k (one-sided) or
/// |Z_k| >= c_k (two-sided, symmetric). Optional non-binding futility bounds f_1..f_(K-1) (one-sided
/// designs): the trial may stop for futility at stage k < K when Z_k <= f_k. Non-binding means the
/// efficacy boundaries are computed as if the futility bounds were never obeyed (so the type I error
/// holds whether or not they are), while power, stopping probabilities and expected events count them
/// (rpact's futilityBounds with bindingFutility = FALSE). The crossing probabilities come from
/// the recursive numerical integration of Jennison & Turnbull (2000), chapter 19 (`SequentialIntegration`).
/// Results are named as rpact names them: criticalValues, cumulativeAlphaSpent, stageLevels.
public struct GroupSequentialDesign: Sendable, Equatable {
    public let alpha: Double
    public let sided: Int
    public let informationFractions: [Double]
    public let boundary: GroupSequentialBoundary
    /// c_k on the z scale.
    public let criticalValues: [Double]
    /// Type I error spent up to and including each stage, integrated at the boundaries found.
    public let cumulativeAlphaSpent: [Double]
    /// 1 - Phi(c_k): the one-sided nominal p-value each stage rejects at.
    public let stageLevels: [Double]
    /// Non-binding futility bounds on the z scale for stages 1..K-1; empty when there are none.
    public let futilityBounds: [Double]
    /// 1 - Phi(f_k): the futility bounds as one-sided p-values (rpact's futilityBoundsPValueScale).
    public var futilityBoundsPValueScale: [Double] { futilityBounds.map { Normal.survival($0) } }

    /// Boundaries beyond this are taken as "never reject at this stage" (a spending increment of ~0).
    static let largestCriticalValue = 8.0

    public init(alpha: Double, sided: Int = 1, informationFractions: [Double],
                boundary: GroupSequentialBoundary, futilityBounds: [Double] = []) throws {
        try DesignError.checkAlphaAndSides(alpha: alpha, sided: sided)
        try Self.checkFractions(informationFractions)
        if !futilityBounds.isEmpty {
            try DesignError.require(sided == 1, "futilityBounds", "are supported for one-sided designs only")
            try DesignError.require(futilityBounds.count == informationFractions.count - 1, "futilityBounds",
                                    "must give one bound for each stage but the last")
            try DesignError.require(futilityBounds.allSatisfy { $0.isFinite && $0 >= -6 }, "futilityBounds",
                                    "must be numbers >= -6 on the z scale (-6: no futility stop at that stage)")
        }
        self.alpha = alpha
        self.sided = sided
        self.informationFractions = informationFractions
        self.boundary = boundary
        let integration = SequentialIntegration(fractions: informationFractions, drift: 0)
        let values: [Double]
        switch boundary {
        case .obrienFleming:
            values = Self.constantShape(alpha: alpha, sided: sided, integration: integration) { 1 / $0.squareRoot() }
        case .pocock:
            values = Self.constantShape(alpha: alpha, sided: sided, integration: integration) { _ in 1 }
        case .alphaSpending(let function):
            values = Self.spending(function, alpha: alpha, sided: sided, integration: integration)
        }
        criticalValues = values
        let probabilities = integration.crossingProbabilities(
            lower: values.map { sided == 2 ? -$0 : -.infinity }, upper: values)
        var cumulative: [Double] = []
        var total = 0.0
        for k in values.indices {
            total += probabilities.upper[k] + (sided == 2 ? probabilities.lower[k] : 0)
            cumulative.append(total)
        }
        cumulativeAlphaSpent = cumulative
        stageLevels = values.map { Normal.survival($0) }
        for (k, bound) in futilityBounds.enumerated() where bound >= values[k] {
            throw DesignError(field: "futilityBounds",
                              rule: "must be below the efficacy boundary at each stage (stage \(k + 1): below \(values[k]))")
        }
        self.futilityBounds = futilityBounds
    }

    /// Information fractions: 1 to 20 stages, strictly increasing, the first > 0 and the last exactly 1.
    static func checkFractions(_ t: [Double]) throws {
        try DesignError.require(!t.isEmpty && t.count <= 20, "informationFractions", "must list 1 to 20 stages")
        try DesignError.require(t.allSatisfy { $0.isFinite } && t[0] > 0, "informationFractions",
                                "must be > 0")
        try DesignError.require(zip(t, t.dropFirst()).allSatisfy { $0 < $1 }, "informationFractions",
                                "must increase strictly")
        try DesignError.require(t[t.count - 1] == 1, "informationFractions", "must end with 1")
    }

    /// c_k = C shape(t_k): C solved so that the total probability of rejecting under H0 is alpha.
    private static func constantShape(alpha: Double, sided: Int, integration: SequentialIntegration,
                                      shape: (Double) -> Double) -> [Double] {
        let shapes = integration.fractions.map(shape)
        func bounds(_ scale: Double) -> [Double] { shapes.map { min(scale * $0, largestCriticalValue) } }
        // The size lies between the last stage's alone, Phi(-C min shape), and the Bonferroni sum
        // K Phi(-C min shape) (per side), which brackets C; the log of the size is nearly linear in C.
        let perSide = alpha / Double(sided)
        let smallest = shapes.min()!
        let lower = Normal.quantile(1 - perSide) / smallest
        let upper = Normal.quantile(1 - perSide / Double(shapes.count)) / smallest
        let scale = MonotoneRoot.solve(lower: lower, upper: upper) { scale in
            let upper = bounds(scale)
            let p = integration.crossingProbabilities(lower: upper.map { sided == 2 ? -$0 : -.infinity }, upper: upper)
            let size = p.upper.reduce(0, +) + (sided == 2 ? p.lower.reduce(0, +) : 0)
            return log(max(size, .leastNormalMagnitude) / alpha)
        }
        return bounds(scale)
    }

    /// Stage by stage, c_k solved so that the probability of rejecting first at stage k under H0 equals
    /// alpha(t_k) - alpha(t_(k-1)); the continuation density of the stages before is fixed by then.
    private static func spending(_ function: AlphaSpendingFunction, alpha: Double, sided: Int,
                                 integration: SequentialIntegration) -> [Double] {
        var values: [Double] = []
        var density: SequentialIntegration.WeightedDensity?
        var spentBefore = 0.0
        for (k, t) in integration.fractions.enumerated() {
            let spent = function.spent(alpha: alpha, sided: sided, at: t)
            let target = spent - spentBefore
            let c: Double
            if k == 0 {
                c = min(Normal.quantile(1 - spent / Double(sided)), largestCriticalValue)
            } else if target <= 0 {
                c = largestCriticalValue
            } else {
                // Crossing first at stage k is rarer than Z_k >= c alone, so c <= z(1 - target / sided).
                let previous = density
                let upper = min(Normal.quantile(1 - target / Double(sided)), largestCriticalValue)
                c = MonotoneRoot.solve(lower: 0, upper: upper) { c in
                    var p = integration.upperCrossing(after: previous, stage: k, bound: c)
                    if sided == 2 { p += integration.lowerCrossing(after: previous, stage: k, bound: -c) }
                    return log(max(p, .leastNormalMagnitude) / target)
                }
            }
            values.append(c)
            spentBefore = spent
            if k < integration.fractions.count - 1 {
                let lower = sided == 2 ? -c : -Double.infinity
                density = k == 0 ? integration.firstStage(lower: lower, upper: c)
                    : integration.nextStage(density!, stage: k, lower: lower, upper: c)
            }
        }
        return values
    }

    /// The lower end of each stage's continuation region: the futility bound (the last stage has none),
    /// the mirrored efficacy boundary of a two-sided design, or -infinity.
    var continuationLowerBounds: [Double] {
        criticalValues.indices.map { k in
            if sided == 2 { return -criticalValues[k] }
            // -6 is rpact's "no futility stop at this stage".
            return k < futilityBounds.count && futilityBounds[k] > -6 ? futilityBounds[k] : -.infinity
        }
    }

    /// What happens at each stage when the drift (the mean of Z at full information) is `drift`, with
    /// the futility bounds obeyed: rpact's rejectPerStage, futilityPerStage and earlyStop.
    public struct StoppingProbabilities: Sendable, Equatable {
        /// P(reject H0 first at stage k); both sides for a two-sided design.
        public let rejectPerStage: [Double]
        /// P(stop for futility at stage k), stages 1..K-1 (empty without futility bounds).
        public let futilityPerStage: [Double]
        /// P(stop at an interim, for efficacy or futility).
        public var earlyStop: Double {
            rejectPerStage.dropLast().reduce(0, +) + futilityPerStage.reduce(0, +)
        }
        public var overallReject: Double { rejectPerStage.reduce(0, +) }
    }

    public func stoppingProbabilities(drift: Double, upperSideOnly: Bool = false) -> StoppingProbabilities {
        let integration = SequentialIntegration(fractions: informationFractions, drift: drift)
        let p = integration.crossingProbabilities(lower: continuationLowerBounds, upper: criticalValues)
        let reject = zip(p.upper, p.lower).map { $0 + (sided == 2 && !upperSideOnly ? $1 : 0) }
        let futility = futilityBounds.isEmpty ? [] : Array(p.lower.prefix(futilityBounds.count))
        return StoppingProbabilities(rejectPerStage: reject, futilityPerStage: futility)
    }

    /// Probability of rejecting H0 at each stage when the drift (the mean of Z at full information) is
    /// `drift`, the futility bounds obeyed; for two-sided designs both sides count unless `upperSideOnly`.
    public func rejectionProbabilities(drift: Double, upperSideOnly: Bool = false) -> [Double] {
        stoppingProbabilities(drift: drift, upperSideOnly: upperSideOnly).rejectPerStage
    }
}
