import Foundation
import TrialCore

/// One thing that happens to a demo participant on a given day, entered through the same services as real
/// data. `key` names a saved form so that a later step (a therapy line's stop, an alert's acknowledgement)
/// can find it again.
enum DemoStep: Sendable {
    case save(CaseReportEntry, key: String?)
    /// A tumour assessment; the investigator's reading is taken from the computed response when the form is
    /// saved (`disagree` makes it differ, which the edit checks turn into a query, as happens in practice).
    case assessment(TumourAssessmentForm, disagree: Bool)
    case stopTherapyLine(key: String, date: CalendarDate, reason: TherapyStopReason)
    /// A saved form corrected later (an adverse event's resolution once it has resolved).
    case correct(key: String, CaseReportEntry, reason: String)
    case acknowledgeSeriousEvent(key: String)
}

struct DemoTimedStep: Sendable {
    var date: CalendarDate
    var step: DemoStep
}

/// The documented model (docs/demo-data.md) that gives one randomized participant a course from
/// randomization to the data cut-off: baseline and lesion inventory, therapy lines, the implantation (implant
/// arm), imaging every 8 weeks with RECIST 1.1 measurements that show progression on the first scan after
/// the latent progression time, treated-lesion in-field status, adverse events, QLQ-C30, follow-up contacts,
/// death and end of study.
struct DemoParticipantCourse {
    /// Control-arm median progression-free time (about 5 months) and the implant arm's hazard ratio.
    static let controlMedianPFSDays = 150.0
    static let implantHazardRatio = 0.6
    /// Median survival after progression, and the small hazard of death without progression.
    static let postProgressionMedianDays = 270.0
    static let deathWithoutProgressionMedianDays = 2_500.0

    var rng: Xoshiro256StarStar
    let study: StudyDefinition
    let dictionary: CtcaeDictionary
    let armCode: String
    let implantArm: Bool
    let randomized: CalendarDate
    let today: CalendarDate
    let screening: DemoScreeningProfile
    let timeZone: TimeZone

    private(set) var steps: [DemoTimedStep] = []
    /// The day the first therapy line starts: adverse events from then on are attributed to it.
    private var firstTherapyDay = 1
    /// The therapy line that stops because the participant died (stopped after the death form is saved).
    private var lineOngoingAtDeath: String?

    /// Target days of the participant's scans after baseline, from the schedule of the protocol versions in
    /// force for them (the 8-weekly series; the day-365 scan where version 1.1 governs the visit).
    let imagingDays: [Int]

    init(seed: UInt64, study: StudyDefinition, dictionary: CtcaeDictionary, armCode: String, randomized: CalendarDate,
         today: CalendarDate, screening: DemoScreeningProfile, timeZone: TimeZone,
         imagingDays: [Int] = Array(stride(from: 56, through: 364, by: 56))) {
        self.imagingDays = imagingDays
        rng = DemoRandom.generator(seed: seed)
        self.study = study
        self.dictionary = dictionary
        self.armCode = armCode
        implantArm = study.implantationArms.contains(armCode)
        self.randomized = randomized
        self.today = today
        self.screening = screening
        self.timeZone = timeZone
    }

    // MARK: - Random draws

    mutating func uniform() -> Double { rng.unitDouble() }
    mutating func chance(_ p: Double) -> Bool { uniform() < p }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + rng.uniformInt(below: range.count) }
    mutating func exponential(medianDays: Double) -> Double {
        -log(1 - uniform()) * medianDays / log(2)
    }
    mutating func pick<T>(_ items: [T]) -> T { items[rng.uniformInt(below: items.count)] }

    private mutating func add(_ date: CalendarDate, _ step: DemoStep) {
        // Nothing is entered after the data cut-off.
        guard date <= today else { return }
        steps.append(DemoTimedStep(date: date, step: step))
    }

    private func day(_ n: Int) -> CalendarDate { randomized.adding(days: n) }

    // MARK: - The course

    mutating func generate() -> [DemoTimedStep] {
        let baseline = makeBaseline()
        add(baseline.assessmentDate, .save(.baseline(baseline), key: "baseline"))
        if chance(0.95) {
            add(baseline.assessmentDate, .save(.qualityOfLife(questionnaire(date: baseline.assessmentDate, timepoint: "BL", wellbeing: 0)), key: nil))
        }

        // Latent times (days from randomization).
        let hazardScale = implantArm ? Self.implantHazardRatio : 1
        let progressionDay = Int(exponential(medianDays: Self.controlMedianPFSDays / hazardScale).rounded(.up))
        let deathWithoutProgressionDay = Int(exponential(medianDays: Self.deathWithoutProgressionMedianDays).rounded(.up)) + 10
        let withdrawalDay: Int? = chance(0.04) ? int(40...300) : nil
        let lostDay: Int? = chance(0.02) ? int(100...400) : nil
        let stopDay = [withdrawalDay, lostDay].compactMap { $0 }.min()

        // Implantation about a week after randomization (implant arm); a few never have it.
        var implantationDay: Int?
        let planned = baseline.lesions.filter(\.plannedForImplantation)
        if implantArm {
            if chance(0.94) {
                implantationDay = int(3...12)
            } else {
                add(day(14), .save(.deviation(ProtocolDeviationForm(
                    date: day(14), category: .studyTreatment, severity: .major,
                    description: "125I seed implantation not performed: the participant declined the procedure after randomization")), key: nil))
            }
        }

        // Imaging every 56 days to day 365 (and at day 365 once the amendment governs it), the first scan on or
        // after the latent progression time shows it. Sites book the 12-month scan in the week after the
        // anniversary, inside its window of 14 days either side.
        var scans: [(day: Int, progression: Bool)] = []
        var shownProgressionDay: Int?
        for visit in imagingDays {
            let scanDay = visit + (visit >= 365 ? int(0...7) : int(-4...4))
            if let stopDay, scanDay >= stopDay { break }
            if scanDay >= deathWithoutProgressionDay { break }
            // An occasional missed scan (never the one that would show progression).
            if scanDay < progressionDay, visit > 56, chance(0.03) { continue }
            let progressed = scanDay >= progressionDay
            scans.append((scanDay, progressed))
            if progressed { shownProgressionDay = scanDay; break }
        }
        var deathDay: Int? = deathWithoutProgressionDay
        if let shown = shownProgressionDay {
            deathDay = min(deathWithoutProgressionDay, shown + 10 + Int(exponential(medianDays: Self.postProgressionMedianDays)))
        }
        if let stopDay, let death = deathDay, death >= stopDay { deathDay = nil }
        if let death = deathDay, death > 730 { deathDay = nil }
        let lastDay = [deathDay, stopDay, 730].compactMap { $0 }.min()!

        if let implantationDay {
            add(day(implantationDay), .save(.implantation(implantation(date: day(implantationDay), lesions: planned)), key: "implantation"))
        }
        therapyLines(progressionDay: shownProgressionDay, lastDay: lastDay, deathDay: deathDay)
        assessments(baseline: baseline, scans: scans, implantationDay: implantationDay, planned: planned)
        adverseEvents(implantationDay: implantationDay, planned: planned, lastDay: lastDay, deathDay: deathDay)

        // Month 6 questionnaire for those still on study.
        let month6 = 182 + int(-10...10)
        if month6 < lastDay, chance(0.82) {
            let wellbeing = (implantArm ? 0.15 : 0) - (shownProgressionDay.map { $0 < month6 } == true ? 0.4 : 0)
            add(day(month6), .save(.qualityOfLife(questionnaire(date: day(month6), timepoint: "QOL6", wellbeing: wellbeing)), key: nil))
        }

        // Survival contacts every 3 months while alive and on study.
        for contact in stride(from: 91, through: 728, by: 91) {
            let contactDay = contact + int(-7...7)
            guard contactDay < lastDay else { break }
            add(day(contactDay), .save(.followUp(FollowUpForm(date: day(contactDay), status: .alive, lastKnownAliveDate: day(contactDay))), key: nil))
        }

        if let deathDay {
            let cause: DeathCause = shownProgressionDay != nil ? .progression : .other
            add(day(deathDay), .save(.death(DeathForm(date: day(deathDay), cause: cause,
                                                      details: cause == .other ? "cardiovascular event" : nil)), key: nil))
            add(day(deathDay), .save(.endOfStudy(EndOfStudyForm(date: day(deathDay), reason: .death)), key: nil))
            if let line = lineOngoingAtDeath {
                add(day(deathDay), .stopTherapyLine(key: line, date: day(deathDay), reason: .death))
            }
        } else if let withdrawalDay, withdrawalDay == stopDay {
            add(day(withdrawalDay), .save(.endOfStudy(EndOfStudyForm(date: day(withdrawalDay), reason: .withdrewConsent,
                                                                    details: "withdrew consent for further study visits")), key: nil))
        } else if let lostDay, lostDay == stopDay {
            add(day(lostDay + 60), .save(.endOfStudy(EndOfStudyForm(date: day(lostDay), reason: .lostToFollowUp,
                                                                   details: "no contact after three attempts by telephone")), key: nil))
        } else {
            add(day(730), .save(.endOfStudy(EndOfStudyForm(date: day(730), reason: .completed)), key: nil))
        }
        return steps
    }

    // MARK: - Baseline

    static let organs = ["liver", "lung", "bone", "lymph node", "adrenal", "soft tissue", "peritoneum"]

    mutating func makeBaseline() -> BaselineForm {
        var lesions: [BaselineLesion] = []
        var targetsPerOrgan: [String: Int] = [:]
        var targets = 0
        for index in 0..<screening.lesionCount {
            // The first lesions are in implantable organs, so each participant has lesions to plan.
            let organ = index < 2 ? pick(["liver", "lung", "soft tissue"]) : pick(Self.organs)
            let nodal = organ == "lymph node"
            let bone = organ == "bone"
            let size = bone ? int(6...9) : nodal ? int(16...32) : int(12...42)
            let measurable = !bone
            let isTarget = measurable && targets < 5 && targetsPerOrgan[organ, default: 0] < 2
            if isTarget { targets += 1; targetsPerOrgan[organ, default: 0] += 1 }
            lesions.append(BaselineLesion(
                id: "L\(index + 1)", organ: organ, location: location(organ), nodal: nodal, sizeMm: Decimal(size), measurable: measurable,
                role: isTarget ? .target : .nonTarget,
                plannedForImplantation: isTarget && !nodal && index < 3))
        }
        let primary = screening.primaryTumour
        return BaselineForm(
            assessmentDate: day(-int(1...14)), ageYears: screening.age, sex: screening.sex, primaryTumourSite: primary,
            histology: Self.histology[primary] ?? "carcinoma", priorLinesOfTherapy: int(0...2), ecog: screening.ecog,
            labs: [LabResult(test: .platelets, value: Decimal(screening.platelets), unit: .perNanolitre),
                   LabResult(test: .inr, value: Decimal(string: String(format: "%.2f", screening.inr))!, unit: .ratio),
                   LabResult(test: .haemoglobin, value: Decimal(int(98...148)), unit: .gramsPerLitre)],
            imagingModality: .ct, sliceThicknessMm: 5, lesions: lesions)
    }

    mutating func location(_ organ: String) -> String {
        switch organ {
        case "liver": return "segment \(pick(["II", "III", "IVa", "V", "VI", "VII", "VIII"]))"
        case "lung": return pick(["right upper lobe", "right lower lobe", "left upper lobe", "left lower lobe", "middle lobe"])
        case "bone": return pick(["T8 vertebra", "L2 vertebra", "left ilium", "right sixth rib", "sacrum"])
        case "lymph node": return pick(["mediastinal 4R", "subcarinal", "retroperitoneal", "left supraclavicular"])
        case "adrenal": return pick(["left adrenal", "right adrenal"])
        case "peritoneum": return pick(["omentum", "right paracolic gutter"])
        default: return pick(["right gluteal muscle", "anterior abdominal wall", "left paraspinal muscle"])
        }
    }

    static let histology: [String: String] = [
        "lung": "adenocarcinoma", "breast": "invasive ductal carcinoma", "colorectal": "adenocarcinoma",
        "liver": "hepatocellular carcinoma", "gastric": "adenocarcinoma", "oesophageal": "squamous cell carcinoma",
        "pancreatic": "ductal adenocarcinoma", "kidney": "clear cell carcinoma", "other": "carcinoma of unknown primary",
    ]

    static let regimens: [String: (String, [String], TherapyClass)] = [
        "lung": ("carboplatin + pemetrexed", ["carboplatin", "pemetrexed"], .chemotherapy),
        "breast": ("capecitabine", ["capecitabine"], .chemotherapy),
        "colorectal": ("FOLFOX", ["oxaliplatin", "leucovorin", "fluorouracil"], .chemotherapy),
        "liver": ("lenvatinib", ["lenvatinib"], .targeted),
        "gastric": ("XELOX", ["oxaliplatin", "capecitabine"], .chemotherapy),
        "oesophageal": ("paclitaxel + cisplatin", ["paclitaxel", "cisplatin"], .chemotherapy),
        "pancreatic": ("gemcitabine + nab-paclitaxel", ["gemcitabine", "nab-paclitaxel"], .chemotherapy),
        "kidney": ("sunitinib", ["sunitinib"], .targeted),
        "other": ("carboplatin + paclitaxel", ["carboplatin", "paclitaxel"], .chemotherapy),
    ]

    // MARK: - Implantation

    mutating func implantation(date: CalendarDate, lesions: [BaselineLesion]) -> ImplantationProcedureForm {
        let implanted = lesions.map { lesion -> ImplantedLesion in
            let prescribed = Decimal(pick([110, 120, 130, 140]))
            // About one lesion in ten is under-dosed (D90 below the prescription), which opens a query.
            let d90 = prescribed + Decimal(chance(0.1) ? -int(1...6) : int(0...18))
            return ImplantedLesion(lesionId: lesion.id, seeds: max(6, Int(truncating: lesion.sizeMm as NSNumber) + int(-4...8)),
                                   prescribedDoseGy: prescribed, d90Gy: d90, v100Percent: Decimal(int(86...98)))
        }
        return ImplantationProcedureForm(
            date: date, lesions: implanted, guidance: chance(0.2) ? .ctWithPetCtFusion : .ct,
            activityPerSeed: SeedActivity(Decimal(string: pick(["0.5", "0.6", "0.7"]))!, .mCi),
            anaesthesia: chance(0.8) ? .local : .localWithSedation, operatorName: pick(["Dr Li (interventional radiology)", "Dr Zhang (interventional radiology)"]))
    }

    // MARK: - Systemic therapy

    mutating func therapyLines(progressionDay: Int?, lastDay: Int, deathDay: Int?) {
        let regimen = Self.regimens[screening.primaryTumour] ?? Self.regimens["other"]!
        let start = int(1...7)
        firstTherapyDay = start
        add(day(start), .save(.systemicTherapy(SystemicTherapyLineForm(
            lineNumber: 1, regimen: regimen.0, agents: regimen.1, therapyClass: regimen.2, startDate: day(start), startReason: .other)), key: "line1"))
        var line = 1
        var current = "line1"
        var currentStart = start
        // About a third complete induction and continue on maintenance; a few switch for toxicity or by
        // clinical decision before progression.
        let switchPlan = uniform()
        let switchDay = int(100...170)
        if switchPlan < 0.33, switchDay < (progressionDay ?? Int.max), switchDay < lastDay {
            add(day(switchDay), .stopTherapyLine(key: current, date: day(switchDay), reason: .completed))
            line += 1
            current = "line\(line)"
            currentStart = switchDay + 1
            add(day(currentStart), .save(.systemicTherapy(SystemicTherapyLineForm(
                lineNumber: line, regimen: "\(regimen.1.last!) maintenance", agents: [regimen.1.last!], therapyClass: .maintenance,
                startDate: day(currentStart), startReason: .maintenance)), key: current))
        } else if switchPlan < 0.39, switchDay < (progressionDay ?? Int.max), switchDay < lastDay {
            let toxicity = switchPlan < 0.36
            add(day(switchDay), .stopTherapyLine(key: current, date: day(switchDay), reason: toxicity ? .toxicity : .clinicalDecision))
            line += 1
            current = "line\(line)"
            currentStart = switchDay + int(3...10)
            add(day(currentStart), .save(.systemicTherapy(SystemicTherapyLineForm(
                lineNumber: line, regimen: "docetaxel", agents: ["docetaxel"], therapyClass: .chemotherapy,
                startDate: day(currentStart), startReason: toxicity ? .toxicity : .clinicalDecision)), key: current))
        }
        if let progressionDay, progressionDay < lastDay {
            add(day(progressionDay), .stopTherapyLine(key: current, date: day(progressionDay), reason: .progression))
            let nextStart = progressionDay + int(7...28)
            if nextStart < lastDay, chance(0.85) {
                line += 1
                add(day(nextStart), .save(.systemicTherapy(SystemicTherapyLineForm(
                    lineNumber: line, regimen: pick(["nivolumab", "irinotecan", "anlotinib", "gemcitabine"]),
                    agents: [pick(["nivolumab", "irinotecan", "anlotinib", "gemcitabine"])],
                    therapyClass: pick([.immunotherapy, .chemotherapy, .targeted]), startDate: day(nextStart),
                    startReason: .progression)), key: "line\(line)"))
            }
        } else if let deathDay, deathDay > currentStart {
            lineOngoingAtDeath = current
        }
    }

    // MARK: - Imaging

    mutating func assessments(baseline: BaselineForm, scans: [(day: Int, progression: Bool)], implantationDay: Int?, planned: [BaselineLesion]) {
        let targets = baseline.lesions.filter { $0.role == .target }
        let nonTargets = baseline.lesions.filter { $0.role == .nonTarget }
        // Depth of shrinkage reached by the second scan; treated lesions shrink more.
        let depth = implantArm ? 0.1 + 0.35 * uniform() : 0.3 * uniform()
        let treatedIds = Set(implantationDay == nil ? [] : planned.map(\.id))
        var current: [String: Double] = Dictionary(uniqueKeysWithValues: targets.map { ($0.id, Double(truncating: $0.sizeMm as NSNumber)) })
        var nadir = current.values.reduce(0, +)
        let inFieldAtProgression = implantArm && chance(0.3)
        for (index, scan) in scans.enumerated() {
            var newLesions: [NewLesionEntry] = []
            var inField: [String: TreatedLesionReading.InFieldStatus] = [:]
            if scan.progression {
                if chance(0.4) && !inFieldAtProgression {
                    newLesions = [NewLesionEntry(site: pick(["liver", "lung", "bone", "brain"]), finding: .unequivocal)]
                } else {
                    // RECIST 1.1: PD needs +20% and +5 mm over the nadir; grow the sum by at least that.
                    let sum = current.values.reduce(0, +)
                    let wanted = max(nadir * 1.3, nadir + 8)
                    let grow = wanted / max(sum, 1)
                    let grower = inFieldAtProgression ? treatedIds.sorted().first : nil
                    for id in current.keys {
                        current[id] = (current[id]! * (grower == nil ? grow : 1)).rounded(.up)
                    }
                    if let grower {
                        current[grower] = current[grower]! + (wanted - sum).rounded(.up) + 1
                        inField[grower] = .progression
                    }
                }
            } else {
                let fraction = min(1, Double(index + 1) / 2)
                for target in targets {
                    let base = Double(truncating: target.sizeMm as NSNumber)
                    let extra = treatedIds.contains(target.id) ? 0.15 : 0
                    var size = (base * (1 - (depth + extra) * fraction)).rounded()
                    size = min(size, current[target.id]!)
                    current[target.id] = max(size, target.nodal ? 11 : 5)
                }
                nadir = min(nadir, current.values.reduce(0, +))
            }
            let date = day(scan.day)
            let treated: [TreatedLesionReading] = implantationDay.map { implanted in
                guard scan.day > implanted else { return [] }
                return treatedIds.sorted().map { id in
                    TreatedLesionReading(lesionId: id, status: inField[id] ?? .controlled, mm: current[id].map { Decimal($0) },
                                         reason: inField[id] == .progression ? "growth of the lesion at the edge of the seed distribution" : nil)
                }
            } ?? []
            let form = TumourAssessmentForm(
                date: date, modality: .ct,
                targets: targets.map { .init(id: $0.id, mm: Decimal(current[$0.id]!)) },
                nonTargets: nonTargets.map { .init(id: $0.id, status: .present) },
                newLesions: newLesions, treatedLesions: treated)
            add(date, .assessment(form, disagree: chance(0.03)))
        }
    }

    // MARK: - Adverse events

    static let therapyTerms = ["Fatigue", "Nausea", "Anorexia", "Neutrophil count decreased", "Anemia", "Platelet count decreased",
                               "Diarrhea", "Vomiting", "Alanine aminotransferase increased", "Rash maculo-papular",
                               "Peripheral sensory neuropathy", "Fever"]

    mutating func grade(for term: String, upTo maximum: Int) -> Int? {
        guard let entry = dictionary.term(named: term) else { return nil }
        let available = entry.existingGrades.filter { $0 <= maximum }
        guard !available.isEmpty else { return nil }
        // Mostly mild: weight grade 1 and 2 over 3.
        let weights = available.map { $0 == 1 ? 5.0 : $0 == 2 ? 3.0 : 1.0 }
        var draw = uniform() * weights.reduce(0, +)
        for (index, weight) in weights.enumerated() {
            draw -= weight
            if draw <= 0 { return available[index] }
        }
        return available.last
    }

    mutating func adverseEvents(implantationDay: Int?, planned: [BaselineLesion], lastDay: Int, deathDay: Int?) {
        var count = 0
        func attribution(onset: Int, procedure: AdverseEventAttribution?, therapy: AdverseEventAttribution?)
            -> (AdverseEventAttribution?, AdverseEventAttribution?) {
            // Attribution to each treatment received by the onset, and to no other.
            let hadProcedure = implantationDay.map { $0 <= onset } ?? false
            return (hadProcedure ? (procedure ?? .unrelated) : nil, onset >= firstTherapyDay ? (therapy ?? .unlikely) : nil)
        }
        if let implanted = implantationDay {
            if chance(0.45) {
                let onset = implanted + int(0...1)
                if let grade = grade(for: "Pain", upTo: 2) {
                    let (procedure, therapy) = attribution(onset: onset, procedure: .definite, therapy: .unrelated)
                    record(term: "Pain", grade: grade, onset: onset, lastDay: lastDay, deathDay: deathDay,
                           procedure: procedure, therapy: therapy, serious: false, key: "ae\(count)")
                    count += 1
                }
            }
            if planned.contains(where: { $0.organ == "lung" }), chance(0.25) {
                let onset = implanted
                let grade = chance(0.25) ? 3 : int(1...2)
                let (procedure, therapy) = attribution(onset: onset, procedure: .definite, therapy: .unrelated)
                record(term: "Pneumothorax", grade: grade, onset: onset, lastDay: lastDay, deathDay: deathDay,
                       procedure: procedure, therapy: therapy, serious: grade >= 3, key: "ae\(count)")
                count += 1
            }
            if chance(0.04) {
                let onset = implanted + int(20...90)
                let (procedure, therapy) = attribution(onset: onset, procedure: .probable, therapy: .unrelated)
                let event = AdverseEventRecord(
                    term: "Injury, poisoning and procedural complications - Other, specify", specify: "seed migration to the lung",
                    grade: 1, onsetDate: day(onset), outcome: .notRecovered, procedureAttribution: procedure,
                    systemicTherapyAttribution: therapy, actionTaken: .notApplicable)
                if onset < lastDay { add(day(onset), .save(.adverseEvent(event), key: "ae\(count)")) }
                count += 1
            }
        }
        for _ in 0..<int(1...4) {
            let term = pick(Self.therapyTerms)
            let onset = int(9...200)
            guard let grade = grade(for: term, upTo: 3) else { continue }
            let (procedure, therapy) = attribution(onset: onset, procedure: .unrelated, therapy: pick([.possible, .probable, .definite, .unlikely]))
            record(term: term, grade: grade, onset: onset, lastDay: lastDay, deathDay: deathDay, procedure: procedure, therapy: therapy,
                   serious: grade >= 3 && chance(0.35), key: "ae\(count)")
            count += 1
        }
        if chance(0.05) {
            let onset = int(15...150)
            let (procedure, therapy) = attribution(onset: onset, procedure: .unrelated, therapy: .probable)
            record(term: "Febrile neutropenia", grade: 3, onset: onset, lastDay: lastDay, deathDay: deathDay,
                   procedure: procedure, therapy: therapy, serious: true, key: "ae\(count)")
        }
    }

    mutating func record(term: String, grade: Int, onset: Int, lastDay: Int, deathDay: Int?,
                         procedure: AdverseEventAttribution?, therapy: AdverseEventAttribution?, serious: Bool, key: String) {
        guard onset < lastDay else { return }
        let duration = int(3...40)
        let resolved = onset + duration < lastDay && chance(0.85)
        let aware = onset + int(0...1)
        var awareAt: Date?
        if serious {
            // 08:00 on the day the site learns of it, before the event is entered that day.
            awareAt = DemoClock.instant(of: day(aware), hour: 8, in: timeZone)
        }
        var event = AdverseEventRecord(
            term: term, grade: grade, onsetDate: day(onset), outcome: .notRecovered, procedureAttribution: procedure,
            systemicTherapyAttribution: therapy, seriousnessCriteria: serious ? [.hospitalization] : [], siteAwareAt: awareAt,
            actionTaken: Self.action(grade: grade, therapyRelated: therapy?.isRelated ?? false))
        // The site enters the event, still ongoing, on the day it learns of it, and its resolution when it resolves.
        add(day(max(onset, aware)), .save(.adverseEvent(event), key: key))
        if resolved {
            event.resolutionDate = day(onset + duration)
            event.outcome = .recovered
            add(day(onset + duration), .correct(key: key, .adverseEvent(event), reason: "the event resolved on \(day(onset + duration).iso8601)"))
        }
        if serious {
            // The sponsor acknowledges most reports the same day, some two days late; the last few days' reports are
            // still on the alert list at the cut-off.
            // Reports of the last six weeks are acknowledged only half the time by the cut-off.
            let recent = day(aware) >= today.adding(days: -45)
            if day(aware) < today.adding(days: -3), !recent || chance(0.5) {
                add(day(aware + (chance(0.85) ? 0 : 2)), .acknowledgeSeriousEvent(key: key))
            }
        }
    }

    /// Severe therapy-related events interrupt treatment; milder ones leave the dose unchanged; events not
    /// related to systemic therapy have nothing to change.
    static func action(grade: Int, therapyRelated: Bool) -> AdverseEventAction {
        guard therapyRelated else { return .notApplicable }
        return grade >= 3 ? .drugInterrupted : .doseNotChanged
    }

    // MARK: - QLQ-C30

    /// Answers drawn around a participant's level of wellbeing (0 = typical of metastatic disease on therapy;
    /// higher is better); a few questionnaires miss an item or two, as paper ones do.
    mutating func questionnaire(date: CalendarDate, timepoint: String, wellbeing: Double) -> QualityOfLifeQuestionnaire {
        var answers: [Int: Int] = [:]
        let level = wellbeing + (uniform() - 0.5) * 0.8
        for item in QlqC30Answers.itemNumbers {
            if item >= 29 {
                answers[item] = Swift.max(1, Swift.min(7, Int((4.6 + 1.6 * level + (uniform() - 0.5) * 2).rounded())))
            } else {
                answers[item] = Swift.max(1, Swift.min(4, Int((2.0 - 1.2 * level + (uniform() - 0.5) * 1.6).rounded())))
            }
        }
        if chance(0.06) { answers[int(1...28)] = nil }
        return QualityOfLifeQuestionnaire(date: date, timepoint: timepoint, completedBy: chance(0.7) ? .transcribedFromPaper : .participant,
                                          answers: try! QlqC30Answers(answers: answers))
    }
}

/// What screening recorded about a patient, which the baseline form repeats.
struct DemoScreeningProfile: Sendable {
    var age: Int
    var sex: Sex
    var primaryTumour: String
    var lesionCount: Int
    var ecog: Int
    var platelets: Int
    var inr: Double
}

enum DemoClock {
    /// The instant of `hour`:00 on a calendar day in the site's time zone.
    static func instant(of date: CalendarDate, hour: Int, in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let (year, month, day) = date.components
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour))!
    }
}

enum DemoRandom {
    /// A generator for one purpose, derived from the demo seed (SplitMix64 spreads nearby seeds apart).
    static func generator(seed: UInt64) -> Xoshiro256StarStar {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return Xoshiro256StarStar(state: (next(), next(), next(), next()))
    }
}
