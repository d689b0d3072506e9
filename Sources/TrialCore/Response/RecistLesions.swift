import Foundation

/// A target lesion chosen at baseline that passed RECIST 1.1's selection rules.
public struct RecistTargetLesion: Hashable, Sendable, Codable {
    public var id: String
    public var organ: String
    public var nodal: Bool
    /// Longest diameter, or short axis for a lymph node.
    public var baselineSize: Millimetres

    public init(id: String, organ: String, nodal: Bool, baselineSize: Millimetres) {
        self.id = id
        self.organ = organ
        self.nodal = nodal
        self.baselineSize = baselineSize
    }
}

/// A non-target lesion recorded at baseline and followed qualitatively.
public struct RecistNonTargetLesion: Hashable, Sendable, Codable {
    public var id: String
    public var organ: String
    public var nodal: Bool

    public init(id: String, organ: String, nodal: Bool) {
        self.id = id
        self.organ = organ
        self.nodal = nodal
    }
}

/// A target lesion's reading at a follow-up, after validation.
public enum RecistTargetMeasurement: Hashable, Sendable {
    /// Measured; 0 mm when the lesion has disappeared. A node too small to measure whose short axis
    /// was still given is recorded here with that short axis (RECIST 1.1: nodes keep their actual size).
    case measured(Millimetres)
    /// Present but too small to measure, with no measurement given: counts as the default (5 mm).
    case tooSmallToMeasure
    case notAssessed

    /// The value that enters the sum of diameters; nil when the lesion was not assessed.
    public func sizeForSum(settings: RecistSettings) -> Millimetres? {
        switch self {
        case .measured(let size): return size
        case .tooSmallToMeasure: return settings.tooSmallToMeasureDefault
        case .notAssessed: return nil
        }
    }
}

/// One follow-up scan's readings after validation, in the baseline order of the lesions.
public struct RecistTimepointReadings: Hashable, Sendable {
    public var date: CalendarDate
    /// One entry per baseline target lesion, in baseline order.
    public var targets: [RecistTargetMeasurement]
    /// One entry per baseline non-target lesion, in baseline order.
    public var nonTargets: [NonTargetStatus]
    public var newLesions: NewLesionFinding

    public init(date: CalendarDate, targets: [RecistTargetMeasurement], nonTargets: [NonTargetStatus], newLesions: NewLesionFinding) {
        self.date = date
        self.targets = targets
        self.nonTargets = nonTargets
        self.newLesions = newLesions
    }
}

/// A participant's validated RECIST 1.1 record: the baseline selection, every follow-up, and the
/// settings in force (the study's, with the overrides the record carried).
///
/// Made only by `RecistEvaluationRequest.validated(settings:)`, which guarantees one reading per
/// baseline lesion at every follow-up, in baseline order, and dates in order.
public struct RecistAssessmentRecord: Hashable, Sendable {
    public let baselineDate: CalendarDate
    public let targets: [RecistTargetLesion]
    public let nonTargets: [RecistNonTargetLesion]
    public let followUps: [RecistTimepointReadings]
    public let settings: RecistSettings

    init(
        baselineDate: CalendarDate, targets: [RecistTargetLesion], nonTargets: [RecistNonTargetLesion],
        followUps: [RecistTimepointReadings], settings: RecistSettings
    ) {
        self.baselineDate = baselineDate
        self.targets = targets
        self.nonTargets = nonTargets
        self.followUps = followUps
        self.settings = settings
    }

    /// RECIST 1.1 baseline sum of diameters: longest diameters of non-nodal targets plus short axes of
    /// nodal targets; nil when no target lesion was chosen.
    public var baselineSum: Millimetres? {
        targets.isEmpty ? nil : targets.map(\.baselineSize).total()
    }
}
