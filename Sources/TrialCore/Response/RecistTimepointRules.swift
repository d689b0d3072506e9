import Foundation

/// RECIST 1.1's responses at one time point: target, non-target and overall.
///
/// The functions are pure; what they need from earlier time points (the nadir, whether the targets
/// have already responded, whether the last evaluable overall response was CR) is passed in.
public enum RecistTimepointRules {
    /// What a time point's target response depends on from earlier time points.
    public struct TargetHistory: Hashable, Sendable {
        public var baselineSum: Millimetres
        /// The smallest complete sum before this time point, baseline included.
        public var nadir: Millimetres
        /// A target PR or CR was assigned earlier and no target PD since.
        public var hasRespondedSinceLastProgression: Bool
        /// The most recent overall response other than NE was CR.
        public var followsOverallCompleteResponse: Bool

        public init(baselineSum: Millimetres, nadir: Millimetres, hasRespondedSinceLastProgression: Bool = false, followsOverallCompleteResponse: Bool = false) {
            self.baselineSum = baselineSum
            self.nadir = nadir
            self.hasRespondedSinceLastProgression = hasRespondedSinceLastProgression
            self.followsOverallCompleteResponse = followsOverallCompleteResponse
        }
    }

    /// The target response and the sum of diameters (nil when a target was not assessed).
    public struct TargetAssessment: Hashable, Sendable {
        public var response: RecistResponse
        public var sum: Millimetres?
    }

    public static func targetAssessment(
        lesions: [RecistTargetLesion], measurements: [RecistTargetMeasurement],
        history: TargetHistory, settings: RecistSettings
    ) -> TargetAssessment {
        precondition(lesions.count == measurements.count, "one measurement per baseline target lesion")
        if lesions.isEmpty { return TargetAssessment(response: .noDisease, sum: nil) }

        let sizes = measurements.map { $0.sizeForSum(settings: settings) }
        let assessed = zip(lesions, sizes).compactMap { lesion, size in size.map { (lesion, $0) } }
        let assessedSum = assessed.map(\.1).total()
        // RECIST FAQ ("Does a new lesion always result in PD?"): after an overall CR, any lesion that
        // reappears is PD by itself: a non-nodal target above 0 mm, or a target node back at 10 mm or more.
        let reappearedAfterCompleteResponse = history.followsOverallCompleteResponse && assessed.contains { lesion, size in
            lesion.nodal ? size >= settings.pathologicalNodeShortAxis : size > .zero
        }
        let progressed = reappearedAfterCompleteResponse || settings.isProgression(sum: assessedSum, nadir: history.nadir)

        guard assessed.count == lesions.count else {
            // RECIST 1.1: a target not assessed makes the target response NE, unless the lesions that
            // were assessed already add up to PD (a missing lesion can only add to the sum).
            return TargetAssessment(response: progressed ? .progressiveDisease : .notEvaluable, sum: nil)
        }
        let sum = assessedSum
        // CR: every non-nodal target gone and every target node below 10 mm short axis; the sum may stay
        // above 0 because of nodes. Nodes below 10 mm are normal, so their growth under 10 mm is not PD.
        let complete = assessed.allSatisfy { lesion, size in
            lesion.nodal ? size < settings.pathologicalNodeShortAxis : size == .zero
        }
        let response: RecistResponse
        if complete {
            response = .completeResponse
        } else if progressed {
            response = .progressiveDisease
        } else if settings.isPartialResponse(sum: sum, baselineSum: history.baselineSum) {
            response = .partialResponse
        } else if history.hasRespondedSinceLastProgression {
            // RECIST working group FAQ ("Managing PR when TP measurements change slightly over time"):
            // once PR or CR is assigned, the targets stay PR until PD, even when the sum creeps back above
            // -30% of baseline (sums 100, 70, 70, 80, 80: PR at every time point).
            response = .partialResponse
        } else {
            response = .stableDisease
        }
        return TargetAssessment(response: response, sum: sum)
    }

    /// RECIST 1.1 non-target response: PD on unequivocal progression (or, after an overall CR, on any
    /// lesion present again), NE when one was not assessed, CR when all are gone (nodes < 10 mm),
    /// otherwise non-CR/non-PD; ND when there were no non-target lesions at baseline.
    public static func nonTargetResponse(statuses: [NonTargetStatus], followsOverallCompleteResponse: Bool) -> RecistResponse {
        if statuses.isEmpty { return .noDisease }
        if statuses.contains(.unequivocalProgression) { return .progressiveDisease }
        if followsOverallCompleteResponse && statuses.contains(.present) { return .progressiveDisease }
        if statuses.contains(.notAssessed) { return .notEvaluable }
        if statuses.allSatisfy({ $0 == .absent }) { return .completeResponse }
        return .nonCRNonPD
    }

    /// RECIST 1.1 overall response from the target and non-target responses and the new-lesion reading
    /// (Eisenhauer et al. 2009, tables 4 and 5). An equivocal new lesion is not PD at this time point.
    public static func overallResponse(target: RecistResponse, nonTarget: RecistResponse, newLesions: NewLesionFinding) -> RecistResponse {
        if target == .progressiveDisease || nonTarget == .progressiveDisease || newLesions == .unequivocal {
            return .progressiveDisease
        }
        switch target {
        case .noDisease:
            // Only non-target lesions at baseline (table 5): CR, non-CR/non-PD or NE as the non-targets.
            return nonTarget
        case .completeResponse:
            switch nonTarget {
            case .completeResponse, .noDisease: return .completeResponse
            default: return .partialResponse  // non-CR/non-PD or NE
            }
        case .partialResponse:
            return .partialResponse
        case .stableDisease:
            return .stableDisease
        case .notEvaluable, .nonCRNonPD, .progressiveDisease:
            return .notEvaluable
        }
    }
}
