import Foundation

/// A new lesion seen at an assessment, with how certain the reader is (RECIST 1.1: an equivocal new
/// lesion is PD only once confirmed).
public struct NewLesionEntry: Hashable, Sendable, Codable {
    public var site: String
    public var finding: Certainty

    public enum Certainty: String, Hashable, Sendable, Codable, CaseIterable {
        case equivocal
        case unequivocal
    }

    public init(site: String, finding: Certainty) {
        self.site = site
        self.finding = finding
    }
}

/// A 125I-treated lesion's state at an assessment: its size and uptake, and the reader's in-field call.
public struct TreatedLesionReading: Hashable, Sendable, Codable {
    public var lesionId: String
    public var status: InFieldStatus
    public var mm: Decimal?
    public var sulPeak: Decimal?
    /// Why the reader calls in-field progression; required with `progression`.
    public var reason: String?

    public enum InFieldStatus: String, Hashable, Sendable, Codable, CaseIterable {
        case controlled
        case progression
        case notAssessed
    }

    public init(lesionId: String, status: InFieldStatus, mm: Decimal? = nil, sulPeak: Decimal? = nil, reason: String? = nil) {
        self.lesionId = lesionId
        self.status = status
        self.mm = mm
        self.sulPeak = sulPeak
        self.reason = reason
    }

    /// This reading as a scan of the local-control evaluator's record.
    public func localControlScan(date: CalendarDate) -> TreatedLesionRecord.Scan {
        TreatedLesionRecord.Scan(date: date, mm: mm, sulPeak: sulPeak,
                                 radiologistInFieldProgression: status == .notAssessed ? nil : status == .progression,
                                 reason: reason)
    }
}

/// A tumour assessment at an imaging visit, read with the criterion the baseline modality chose.
public struct TumourAssessmentForm: Hashable, Sendable, Codable {
    public var date: CalendarDate
    public var modality: ImagingModality
    /// One reading per baseline target lesion (RECIST 1.1 request type: `mm` null = not assessed).
    public var targets: [RecistEvaluationRequest.TargetReading]
    public var nonTargets: [RecistEvaluationRequest.NonTargetReading]
    public var newLesions: [NewLesionEntry]
    /// PET/CT assessments: the PERCIST 1.0 scan readings (its date is this assessment's date).
    public var percist: PercistEvaluationRequest.Scan?
    public var treatedLesions: [TreatedLesionReading]
    /// The investigator's own overall RECIST 1.1 reading.
    public var investigatorRecist: RecistResponse?
    /// The investigator's own PERCIST 1.0 reading (PET/CT assessments).
    public var investigatorPercist: PercistResponse?

    public init(date: CalendarDate, modality: ImagingModality, targets: [RecistEvaluationRequest.TargetReading],
                nonTargets: [RecistEvaluationRequest.NonTargetReading] = [], newLesions: [NewLesionEntry] = [],
                percist: PercistEvaluationRequest.Scan? = nil, treatedLesions: [TreatedLesionReading] = [],
                investigatorRecist: RecistResponse? = nil, investigatorPercist: PercistResponse? = nil) {
        self.date = date
        self.modality = modality
        self.targets = targets
        self.nonTargets = nonTargets
        self.newLesions = newLesions
        self.percist = percist
        self.treatedLesions = treatedLesions
        self.investigatorRecist = investigatorRecist
        self.investigatorPercist = investigatorPercist
    }

    /// The RECIST 1.1 new-lesion finding: unequivocal if any new lesion is, equivocal if any is, else none.
    public var newLesionFinding: NewLesionFinding {
        if newLesions.contains(where: { $0.finding == .unequivocal }) { return .unequivocal }
        if newLesions.contains(where: { $0.finding == .equivocal }) { return .equivocal }
        return .noneSeen
    }

    /// This assessment as a RECIST 1.1 follow-up.
    public var recistFollowUp: RecistEvaluationRequest.FollowUp {
        RecistEvaluationRequest.FollowUp(date: date, targets: targets, nonTargets: nonTargets, newLesions: newLesionFinding)
    }
}
