import Foundation

/// One way a participant's first progression showed itself, for the registration's exploratory
/// objective "descriptive analyses of patterns of disease progression". A progression can show
/// several at once (target growth and a new lesion on the same scan).
///
/// The raw value is the parameter code of the ADPROG dataset.
public enum ProgressionPattern: String, Hashable, Sendable, Codable, CaseIterable {
    /// RECIST 1.1: the target response is PD (sum of diameters up by at least 20% and 5 mm over the nadir).
    case targetGrowth = "TARGET"
    /// RECIST 1.1 or PERCIST 1.0: unequivocal progression of non-target lesions.
    case nonTargetProgression = "NONTGT"
    /// RECIST 1.1: an unequivocal new lesion, or an equivocal one that a later scan confirmed.
    case newLesion = "NEWLES"
    /// PERCIST 1.0: a new FDG-avid lesion typical of cancer.
    case newFDGAvidLesion = "NEWFDG"
    /// PERCIST 1.0: SULpeak up by more than 30% and at least 0.8 SUL units from baseline.
    case metabolicIncrease = "SULPEAK"
    /// Implanted participants: a 125I-treated lesion progressed in field, and nothing else did.
    case inFieldOnly = "INFIELD"
    /// Implanted participants: only untreated lesions (or new lesions) progressed.
    case outOfFieldOnly = "OUTFIELD"
    /// Implanted participants: a treated lesion progressed in field and untreated disease progressed too.
    case inAndOutOfField = "INOUTFLD"

    /// The patterns that say how disease progressed (every participant with a progression has one or more).
    public static let diseasePatterns: [ProgressionPattern] = [
        .targetGrowth, .nonTargetProgression, .newLesion, .newFDGAvidLesion, .metabolicIncrease,
    ]
    /// The patterns that say where, relative to the 125I-treated lesions (implanted participants only, one each).
    public static let fieldPatterns: [ProgressionPattern] = [.inFieldOnly, .outOfFieldOnly, .inAndOutOfField]

    /// The ADaM parameter label (upper case, as the other datasets' labels).
    public var parameterLabel: String {
        switch self {
        case .targetGrowth: return "TARGET LESION GROWTH"
        case .nonTargetProgression: return "UNEQUIVOCAL NON-TARGET PROGRESSION"
        case .newLesion: return "NEW LESION"
        case .newFDGAvidLesion: return "NEW FDG-AVID LESION"
        case .metabolicIncrease: return "SULPEAK INCREASE"
        case .inFieldOnly: return "IN-FIELD PROGRESSION ONLY"
        case .outOfFieldOnly: return "OUT-OF-FIELD PROGRESSION ONLY"
        case .inAndOutOfField: return "IN-FIELD AND OUT-OF-FIELD PROGRESSION"
        }
    }
}

/// How one participant's first progression showed itself: the scan, the criterion that read it, its
/// patterns, the organs of new lesions and, for implanted participants, whether it was in field.
public struct FirstProgressionPattern: Hashable, Sendable, Codable {
    public var participantId: String
    /// The tumour assessment that showed the first progression (record id and date).
    public var assessmentId: String
    public var date: CalendarDate
    /// Days from randomization to `date`.
    public var day: Int
    public var criterion: ResponseCriterion
    /// In `ProgressionPattern.allCases` order; the disease patterns first, then at most one field pattern.
    public var patterns: [ProgressionPattern]
    /// Organs of the new lesions seen on the progression scan, sorted, each once.
    public var newLesionOrgans: [String]
    /// The 125I-treated lesions that had progressed in field by the progression date (implanted participants).
    public var inFieldLesionIds: [String]

    public init(participantId: String, assessmentId: String, date: CalendarDate, day: Int, criterion: ResponseCriterion,
                patterns: [ProgressionPattern], newLesionOrgans: [String], inFieldLesionIds: [String]) {
        self.participantId = participantId
        self.assessmentId = assessmentId
        self.date = date
        self.day = day
        self.criterion = criterion
        self.patterns = patterns
        self.newLesionOrgans = newLesionOrgans
        self.inFieldLesionIds = inFieldLesionIds
    }

    /// The field pattern of an implanted participant; nil without treated lesions.
    public var fieldPattern: ProgressionPattern? {
        patterns.first { ProgressionPattern.fieldPatterns.contains($0) }
    }
}

extension FirstProgressionPattern {
    /// Classifies the first progression of a casebook, seen on the scan(s) dated `progressionDate` (the PFS
    /// event date when the PFS event is progression). Responses are recomputed from the measurements
    /// (`AssessmentResponses.endpointResponses`), and the baseline modality chooses the criterion, as for PFS.
    ///
    /// Rules:
    /// - RECIST 1.1 (CT baseline): target PD is target growth; non-target PD is unequivocal non-target
    ///   progression; an unequivocal new lesion, or an equivocal one confirmed by a directly following run
    ///   of scans ending in an unequivocal reading (RECIST 1.1, new lesions: PD dates from the first scan
    ///   that showed it), is a new lesion.
    /// - PERCIST 1.0 (PET/CT baseline): a new FDG-avid lesion, unequivocal non-target progression, and a
    ///   SULpeak increase meeting the progression thresholds against the baseline peak.
    /// - 125I-treated lesions implanted on or before the progression date decide in field versus out of
    ///   field (local-control rules): in field when a treated lesion had progressed in field by that date
    ///   (local-control evaluator), or when it is what grew (a treated target above its own smallest
    ///   measurement, a treated non-target read as unequivocal progression, a treated hottest lesion with
    ///   the SULpeak increase); out of field when a new lesion appeared (never a treated lesion), or an
    ///   untreated lesion is what grew by the same readings. A progression that names no lesion (PERCIST
    ///   non-target progression) without an in-field failure is out of field.
    ///
    /// - Returns: nil when no scan on `progressionDate` has a progression of the governing criterion.
    /// - Throws: `ValidationFailure` when the responses cannot be computed (as `AssessmentResponses` names it).
    public static func classify(
        _ casebook: Casebook, progressionDate: CalendarDate,
        recistSettings: RecistSettings = RecistSettings(), percistSettings: PercistSettings = PercistSettings(),
        inFieldSettings: InFieldProgressionSettings = InFieldProgressionSettings()
    ) throws -> FirstProgressionPattern? {
        guard let baseline = casebook.baseline?.form, let randomized = casebook.randomizationDate else { return nil }
        let postBaseline = AssessmentResponses.sorted(casebook.assessments.filter { $0.form.date >= randomized })
        let computed = try AssessmentResponses.endpointResponses(
            baseline: baseline, assessments: postBaseline, recistSettings: recistSettings, percistSettings: percistSettings)
        guard let response = computed.first(where: { $0.date == progressionDate && $0.governingEndpointResponse?.isProgression == true }),
              let position = postBaseline.firstIndex(where: { $0.id == response.assessmentId }) else { return nil }
        let scan = postBaseline[position].form
        let later = postBaseline[(position + 1)...].map(\.form)

        var reading = ProgressionReading()
        switch response.criterion {
        case .recist11:
            guard let recist = response.recist else { return nil }
            reading.readRecist(recist, scan: scan, later: later, baseline: baseline, earlier: postBaseline[..<position].map(\.form))
        case .percist10:
            guard let percist = response.percist, let pet = scan.percist else { return nil }
            reading.readPercist(percist, scan: pet, newLesions: scan.newLesions, thresholds: percistSettings.thresholds)
        }

        // Treated lesions: those implanted after randomization and on or before the progression.
        let treated = casebook.treatedLesionFirstImplantation.filter { $0.value >= randomized && $0.value <= progressionDate }
        var inField: [String] = []
        if !treated.isEmpty {
            for record in casebook.treatedLesionRecords where treated[record.id] != nil {
                let control = try TreatedLesionLocalControl(evaluating: record, settings: inFieldSettings)
                if let failure = control.inFieldProgressionDate, failure <= progressionDate { inField.append(record.id) }
            }
            inField = Array(Set(inField).union(reading.grownLesionIds.intersection(treated.keys))).sorted()
        }

        var patterns = ProgressionPattern.diseasePatterns.filter { reading.patterns.contains($0) }
        if !treated.isEmpty {
            let outOfField = reading.newLesionSeen || !reading.grownLesionIds.subtracting(treated.keys).isEmpty
            switch (!inField.isEmpty, outOfField) {
            case (true, true): patterns.append(.inAndOutOfField)
            case (true, false): patterns.append(.inFieldOnly)
            case (false, _): patterns.append(.outOfFieldOnly)
            }
        }
        return FirstProgressionPattern(
            participantId: casebook.participantId, assessmentId: response.assessmentId, date: progressionDate,
            day: randomized.days(until: progressionDate), criterion: response.criterion, patterns: patterns,
            newLesionOrgans: Array(Set(reading.newLesionOrgans)).sorted(), inFieldLesionIds: inField)
    }
}

/// What the progression scan shows: the patterns, which baseline lesions grew, and the new lesions.
private struct ProgressionReading {
    var patterns: Set<ProgressionPattern> = []
    /// Baseline lesions that grew: targets above their own smallest earlier measurement (baseline
    /// included), non-targets read as unequivocal progression, the hottest lesion of a SULpeak increase.
    var grownLesionIds: Set<String> = []
    var newLesionOrgans: [String] = []
    var newLesionSeen = false

    mutating func readRecist(_ result: RecistTimepointResult, scan: TumourAssessmentForm, later: [TumourAssessmentForm],
                             baseline: BaselineForm, earlier: [TumourAssessmentForm]) {
        if result.target == .progressiveDisease {
            patterns.insert(.targetGrowth)
            // The sum grew by 20% and 5 mm over its nadir, so at least one target measures more than
            // its own smallest measurement so far: those are the lesions that grew.
            for reading in scan.targets {
                guard let now = reading.mm, let atBaseline = baseline.lesions.first(where: { $0.id == reading.id })?.sizeMm else { continue }
                let before = earlier.compactMap { $0.targets.first { $0.id == reading.id }?.mm }
                if now > (before + [atBaseline]).min()! { grownLesionIds.insert(reading.id) }
            }
        }
        if result.nonTarget == .progressiveDisease {
            patterns.insert(.nonTargetProgression)
            grownLesionIds.formUnion(scan.nonTargets.filter { $0.status == .unequivocalProgression }.map(\.id))
        }
        // RECIST 1.1: an unequivocal new lesion is PD; an equivocal one is PD from the scan where it was first
        // seen once a directly following run of equivocal readings ends in an unequivocal one.
        let unequivocal = scan.newLesions.filter { $0.finding == .unequivocal }
        if !unequivocal.isEmpty {
            recordNewLesions(unequivocal)
        } else if scan.newLesionFinding == .equivocal,
                  later.first(where: { $0.newLesionFinding != .equivocal })?.newLesionFinding == .unequivocal {
            recordNewLesions(scan.newLesions)
        }
    }

    mutating func readPercist(_ result: PercistTimepointResult, scan: PercistEvaluationRequest.Scan, newLesions: [NewLesionEntry],
                              thresholds: PercistChangeThresholds) {
        // PERCIST 1.0: PMD by a new FDG-avid lesion, by unequivocal non-target progression, or by the
        // hottest lesion's SULpeak rising by more than 30% and 0.8 SUL units against the baseline peak.
        if scan.newLesions == true {
            patterns.insert(.newFDGAvidLesion)
            newLesionSeen = true
            newLesionOrgans += newLesions.map(\.site)
        }
        if scan.nonTargetProgression == true {
            patterns.insert(.nonTargetProgression)
        }
        if let peak = result.peak, let change = result.changeAbs,
           thresholds.isMetabolicProgression(reference: peak - change, followUp: peak) {
            patterns.insert(.metabolicIncrease)
            if let hottest = scan.lesions.max(by: { $0.sulPeak < $1.sulPeak }) { grownLesionIds.insert(hottest.id) }
        }
    }

    private mutating func recordNewLesions(_ lesions: [NewLesionEntry]) {
        patterns.insert(.newLesion)
        newLesionSeen = true
        newLesionOrgans += lesions.map(\.site)
    }
}
