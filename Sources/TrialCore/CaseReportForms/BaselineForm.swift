import Foundation

public enum Sex: String, Hashable, Sendable, Codable, CaseIterable {
    case female
    case male
}

/// The baseline case report form: who the participant is, their cancer and its treatment so far,
/// fitness for a percutaneous procedure, and the lesion inventory every later form refers to.
public struct BaselineForm: Hashable, Sendable, Codable {
    /// Date of the baseline imaging and examination.
    public var assessmentDate: CalendarDate
    public var ageYears: Int
    public var sex: Sex
    public var primaryTumourSite: String
    public var histology: String
    public var priorLinesOfTherapy: Int
    public var ecog: Int
    public var labs: [LabResult]
    /// CT or PET/CT: decides RECIST 1.1 or PERCIST 1.0 for this participant.
    public var imagingModality: ImagingModality
    /// CT slice thickness of the baseline scan (RECIST measurability above 5 mm slices); nil means 5 mm or less.
    public var sliceThicknessMm: Decimal?
    /// PET/CT baselines only: the reference region.
    public var petReference: PetReferenceUptake?
    public var lesions: [BaselineLesion]

    public init(assessmentDate: CalendarDate, ageYears: Int, sex: Sex, primaryTumourSite: String, histology: String,
                priorLinesOfTherapy: Int, ecog: Int, labs: [LabResult], imagingModality: ImagingModality,
                sliceThicknessMm: Decimal? = nil, petReference: PetReferenceUptake? = nil, lesions: [BaselineLesion]) {
        self.assessmentDate = assessmentDate
        self.ageYears = ageYears
        self.sex = sex
        self.primaryTumourSite = primaryTumourSite
        self.histology = histology
        self.priorLinesOfTherapy = priorLinesOfTherapy
        self.ecog = ecog
        self.labs = labs
        self.imagingModality = imagingModality
        self.sliceThicknessMm = sliceThicknessMm
        self.petReference = petReference
        self.lesions = lesions
    }

    public func lesion(id: String) -> BaselineLesion? { lesions.first { $0.id == id } }

    public var targetLesions: [BaselineLesion] { lesions.filter { $0.role == .target } }
    public var nonTargetLesions: [BaselineLesion] { lesions.filter { $0.role == .nonTarget } }

    /// The inventory as the RECIST 1.1 evaluator's baseline.
    public var recistBaseline: RecistEvaluationRequest.Baseline {
        RecistEvaluationRequest.Baseline(
            date: assessmentDate,
            targets: targetLesions.map { .init(id: $0.id, organ: $0.organ, nodal: $0.nodal, mm: $0.sizeMm) },
            nonTargets: nonTargetLesions.map { .init(id: $0.id, organ: $0.organ, nodal: $0.nodal) })
    }

    /// The baseline PET/CT as the PERCIST 1.0 evaluator's baseline scan: every lesion with a SULpeak.
    public var percistBaseline: PercistEvaluationRequest.Scan {
        let reference = petReference ?? PetReferenceUptake()
        return PercistEvaluationRequest.Scan(
            date: assessmentDate, liverMean: reference.liverMean, liverSD: reference.liverSD,
            bloodPoolMean: reference.bloodPoolMean, bloodPoolSD: reference.bloodPoolSD,
            lesions: lesions.compactMap { lesion in lesion.sulPeak.map { .init(id: lesion.id, sulPeak: $0) } })
    }

    /// The settings RECIST runs with for this participant (the baseline slice thickness).
    func recistSettings(_ base: RecistSettings) -> RecistSettings {
        var settings = base
        if let thickness = sliceThicknessMm.flatMap(Millimetres.init(exactly:)), thickness > settings.sliceThickness {
            settings.sliceThickness = thickness
        }
        return settings
    }
}
