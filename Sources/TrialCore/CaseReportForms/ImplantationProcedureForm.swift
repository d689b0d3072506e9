import Foundation

public enum ImplantationGuidance: String, Hashable, Sendable, Codable, CaseIterable {
    case ct
    case ctWithPetCtFusion
}

public enum Anaesthesia: String, Hashable, Sendable, Codable, CaseIterable {
    case local
    case localWithSedation
    case general
}

/// One lesion treated in a procedure: the seeds placed and the dose planned and achieved.
public struct ImplantedLesion: Hashable, Sendable, Codable {
    /// A lesion of the baseline inventory.
    public var lesionId: String
    public var seeds: Int
    /// Prescribed (matched peripheral) dose in Gy.
    public var prescribedDoseGy: Decimal
    /// Post-implant dosimetry: dose covering 90% of the target volume, in Gy, where done.
    public var d90Gy: Decimal?
    /// Post-implant dosimetry: percent of the target volume receiving the prescribed dose, where done.
    public var v100Percent: Decimal?

    public init(lesionId: String, seeds: Int, prescribedDoseGy: Decimal, d90Gy: Decimal? = nil, v100Percent: Decimal? = nil) {
        self.lesionId = lesionId
        self.seeds = seeds
        self.prescribedDoseGy = prescribedDoseGy
        self.d90Gy = d90Gy
        self.v100Percent = v100Percent
    }
}

/// A 125I seed implantation procedure (experimental arm only; repeat procedures allowed).
public struct ImplantationProcedureForm: Hashable, Sendable, Codable {
    public var date: CalendarDate
    public var lesions: [ImplantedLesion]
    public var guidance: ImplantationGuidance
    public var activityPerSeed: SeedActivity
    public var anaesthesia: Anaesthesia
    public var operatorName: String
    /// Identifiers of adverse event records caused by the procedure.
    public var complicationAdverseEventIds: [String]

    public init(date: CalendarDate, lesions: [ImplantedLesion], guidance: ImplantationGuidance, activityPerSeed: SeedActivity,
                anaesthesia: Anaesthesia, operatorName: String, complicationAdverseEventIds: [String] = []) {
        self.date = date
        self.lesions = lesions
        self.guidance = guidance
        self.activityPerSeed = activityPerSeed
        self.anaesthesia = anaesthesia
        self.operatorName = operatorName
        self.complicationAdverseEventIds = complicationAdverseEventIds
    }
}
