import Foundation
import TrialCore
import TrialTestFixtures
import TrialReports

/// A deterministic synthetic trial of `count` participants built from TrialCore's form types, every form
/// placed in the order a site would enter it (so that each can be checked against the casebook as it
/// stood), with progression, deaths, new therapy lines, local failures, adverse events, QLQ-C30
/// questionnaires, losses to follow-up and protocol deviations.
struct SyntheticTrial {
    /// The forms of one participant in entry order, with their record ids.
    struct Entries {
        var participant: AnalysisParticipant
        var entries: [(id: String, entry: CaseReportEntry)]
    }

    static let firstRandomization = CalendarDate(iso8601: "2026-01-05")!
    /// The last day with data (the "today" of every form check) and the default data cut-off.
    static let dataEnd = CalendarDate(iso8601: "2027-09-30")!

    let study = StudyFixture.study
    let participants: [Entries]
    let screeningLog: [ScreeningLogEntry]

    func input(cutoff: CalendarDate = SyntheticTrial.dataEnd, language: ReportLanguage = .english) -> TrialAnalysisInput {
        TrialAnalysisInput(study: study, dataCutoff: cutoff, language: language, screeningLog: screeningLog,
                           participants: participants.map(\.participant))
    }

    init(count: Int = 120, seed: UInt64 = 960) {
        var random = SplitMix64(seed: seed)
        var participants: [Entries] = []
        var log: [ScreeningLogEntry] = []
        // Permuted blocks of 4 for the arms, as the trial's allocation would give.
        var arms: [String] = []
        while arms.count < count {
            var block = ["I125", "I125", "SYS", "SYS"]
            for index in stride(from: 3, to: 0, by: -1) { block.swapAt(index, random.int(0...index)) }
            arms += block
        }
        for index in 0..<count {
            let id = String(format: "960-%04d", index + 1)
            let randomized = SyntheticTrial.firstRandomization.adding(days: index * 3)
            let entries = SyntheticTrial.participant(id: id, arm: arms[index], randomized: randomized, index: index, random: &random)
            participants.append(entries)
            log.append(ScreeningLogEntry(screeningNumber: String(format: "S%04d", log.count + 1), date: randomized.adding(days: -10),
                                         siteCode: "960", eligible: true, consented: true, randomizedParticipantId: id))
        }
        // Screened but not randomized: ineligible (two criteria), declined, eligible and consented but not randomized.
        for (number, failed) in [["I03"], ["I03"], ["I04"], ["I01", "I04"], ["I03"], ["I04"], ["I03"], ["I03"], ["I04"], ["I03"]].enumerated() {
            log.append(ScreeningLogEntry(screeningNumber: String(format: "X%04d", number + 1), date: SyntheticTrial.firstRandomization.adding(days: number * 20),
                                         siteCode: "960", eligible: false, failedCriteria: failed, consented: true))
        }
        for number in 0..<4 {
            log.append(ScreeningLogEntry(screeningNumber: String(format: "D%04d", number + 1), date: SyntheticTrial.firstRandomization.adding(days: number * 40),
                                         siteCode: "960", eligible: true, consented: false))
        }
        log.append(ScreeningLogEntry(screeningNumber: "N0001", date: SyntheticTrial.firstRandomization.adding(days: 100),
                                     siteCode: "960", eligible: true, consented: true))
        self.participants = participants
        self.screeningLog = log
    }

    static func decimal(_ value: Double) -> Decimal { Decimal(string: String(format: "%.1f", value))! }

    // MARK: one participant

    static func participant(id: String, arm: String, randomized: CalendarDate, index: Int, random: inout SplitMix64) -> Entries {
        let experimental = arm == "I125"
        let petCt = random.chance(0.25)
        let lesionCount = random.int(6...10)
        let age = random.int(42...80)
        let sex: Sex = random.chance(0.45) ? .female : .male
        let ecog = random.chance(0.4) ? 0 : (random.chance(0.8) ? 1 : 2)
        let end = SyntheticTrial.dataEnd
        func day(_ n: Int) -> CalendarDate { randomized.adding(days: n) }

        // Latent times in days (exponential): progression and death; the seeds arm does better.
        let progressionMedian = experimental ? 300.0 : 200.0
        let deathMedian = experimental ? 700.0 : 550.0
        let progressionDay = Int(random.exponential(median: progressionMedian)) + 20
        let deathDay = Int(random.exponential(median: deathMedian)) + 30
        let lostDay: Int? = index % 37 == 11 ? 150 + random.int(0...60) : nil
        let notImplanted = experimental && index % 29 == 7
        let noSystemicTherapy = !experimental && index % 53 == 13
        let missesScans = index % 19 == 5
        let majorDeviation = index % 31 == 3
        let lastDataDay = min(randomized.days(until: end), deathDay, lostDay ?? Int.max)
        let died = deathDay <= randomized.days(until: end) && deathDay <= (lostDay ?? Int.max)

        var entries: [(String, CaseReportEntry)] = []
        // Baseline inventory: four measurable targets, the rest non-measurable non-targets.
        let targetOrgans = [("L1", "liver", "segment VII"), ("L2", "lung", "right lower lobe"), ("L3", "liver", "segment IV"), ("L4", "adrenal", "left adrenal")]
        var lesions: [BaselineLesion] = []
        var sizes: [String: Double] = [:]
        var uptake: [String: Double] = [:]
        for (lesionId, organ, location) in targetOrgans {
            let size = Double(random.int(15...40))
            sizes[lesionId] = size
            let sul = Double(random.int(60...95)) / 10
            uptake[lesionId] = sul
            lesions.append(BaselineLesion(id: lesionId, organ: organ, location: location, sizeMm: decimal(size), measurable: true,
                                          sulPeak: petCt ? decimal(sul) : nil, role: .target,
                                          plannedForImplantation: experimental && (lesionId == "L1" || lesionId == "L2")))
        }
        let nonTargetOrgans = ["bone", "bone", "peritoneum", "pleura", "bone", "soft tissue"]
        for n in 0..<(lesionCount - 4) {
            lesions.append(BaselineLesion(id: "N\(n + 1)", organ: nonTargetOrgans[n], location: "site \(n + 1)", sizeMm: 8,
                                          measurable: false, role: .nonTarget))
        }
        let baseline = BaselineForm(
            assessmentDate: day(-7), ageYears: age, sex: sex, primaryTumourSite: ["lung", "colorectum", "breast", "liver"][random.int(0...3)],
            histology: "adenocarcinoma", priorLinesOfTherapy: random.int(0...3), ecog: ecog,
            labs: [LabResult(test: .platelets, value: 180, unit: .perNanolitre), LabResult(test: .inr, value: decimal(1.1), unit: .ratio)],
            imagingModality: petCt ? .petCt : .ct,
            petReference: petCt ? PetReferenceUptake(liverMean: 2, liverSD: decimal(0.3)) : nil, lesions: lesions)
        entries.append(("BL", .baseline(baseline)))
        entries.append(("Q0", .qualityOfLife(QualityOfLifeQuestionnaire(
            date: day(-7), timepoint: "BL", completedBy: .participant, answers: answers(shift: 0, random: &random)))))
        if majorDeviation {
            entries.append(("DV1", .deviation(ProtocolDeviationForm(
                date: day(20), category: .studyTreatment, severity: .major,
                description: "systemic therapy started outside the protocol window after randomization"))))
        }

        // Treatment: implantation of L1 and L2 on day 7 (seeds arm), first line from day 3.
        let implanted = experimental && !notImplanted
        if implanted {
            entries.append(("IMP1", .implantation(ImplantationProcedureForm(
                date: day(7),
                lesions: [ImplantedLesion(lesionId: "L1", seeds: 20, prescribedDoseGy: 120), ImplantedLesion(lesionId: "L2", seeds: 14, prescribedDoseGy: 120)],
                guidance: petCt ? .ctWithPetCtFusion : .ct, activityPerSeed: SeedActivity(decimal(0.6), .mCi), anaesthesia: .local,
                operatorName: "Interventional radiologist"))))
        }

        // Scans every 56 days until progression, death, loss to follow-up, day 365 or the end of data.
        let responder = random.chance(0.3)
        let shrink = responder ? 0.65 : 0.85
        var scanDays: [Int] = []
        var k = 1
        while 56 * k <= 365 {
            let scan = 56 * k + random.int(-3...3)
            if scan > lastDataDay { break }
            if !(missesScans && (k == 2 || k == 3)) { scanDays.append(scan) }
            if scanDays.last == scan && scan >= progressionDay { break }
            k += 1
        }
        let progressionScan = scanDays.last.flatMap { $0 >= progressionDay ? $0 : nil }
        let localFailureL1 = implanted && progressionScan != nil && random.chance(0.4)
        let earlyFailureL2Scan = implanted && random.chance(0.15) && scanDays.count >= 3 ? scanDays[1] : nil

        // Systemic therapy: line 1 from day 3; line 2 for progression, or for a clinical decision.
        var secondLineDay: Int?
        var secondLineReason: EndpointTherapyStart.Reason = .progression
        if let progressionScan, progressionScan + 10 < lastDataDay { secondLineDay = progressionScan + 10 }
        else if scanDays.count >= 3 && random.chance(0.1) {
            secondLineDay = scanDays[2] + 5
            secondLineReason = .clinicalDecision
        }
        if !noSystemicTherapy {
            let stop = secondLineDay.map { $0 - 1 }
            entries.append(("T1", .systemicTherapy(SystemicTherapyLineForm(
                lineNumber: 1, regimen: "carboplatin + pemetrexed", agents: ["carboplatin", "pemetrexed"], therapyClass: .chemotherapy,
                startDate: day(3), stopDate: stop.map(day), stopReason: stop == nil ? nil : (secondLineReason == .progression ? .progression : .clinicalDecision),
                startReason: .other))))
        }

        // Adverse events, onset after the first treatment.
        if implanted && random.chance(0.2) && 8 <= lastDataDay {
            let grade = random.chance(0.3) ? 3 : 2
            entries.append(("AE-P", .adverseEvent(adverseEvent(term: "Pneumothorax", grade: grade, onset: day(8), lastDataDay: lastDataDay, day: day,
                                                               procedure: .definite, systemic: noSystemicTherapy ? nil : .unrelated,
                                                               serious: grade >= 3))))
        }
        let terms = ["Fatigue", "Nausea", "Anemia", "Neutrophil count decreased", "Diarrhea", "Alopecia"]
        for number in 0..<random.int(0...3) {
            guard !noSystemicTherapy else { break }
            let onset = 10 + random.int(0...200)
            guard onset <= lastDataDay else { continue }
            let term = terms[random.int(0...(terms.count - 1))]
            let grade = term == "Alopecia" ? random.int(1...2) : (random.chance(0.2) ? 3 : random.int(1...2))
            let afterImplant = implanted && onset >= 7
            entries.append(("AE\(number + 1)", .adverseEvent(adverseEvent(
                term: term, grade: grade, onset: day(onset), lastDataDay: lastDataDay, day: day,
                procedure: afterImplant ? .unrelated : nil, systemic: random.chance(0.7) ? .probable : .unlikely, serious: grade >= 3 && random.chance(0.5)))))
        }

        // Tumour assessments.
        var l2Failed = false
        for (number, scan) in scanDays.enumerated() {
            let isProgression = scan == progressionScan
            if scan == earlyFailureL2Scan { l2Failed = true }
            var mm: [String: Double] = [:]
            for (lesionId, size) in sizes { mm[lesionId] = size * shrink }
            if isProgression && localFailureL1 { mm["L1"] = sizes["L1"]! * shrink * 1.35 }
            if l2Failed { mm["L2"] = sizes["L2"]! * shrink * 1.35 }
            let targets = ["L1", "L2", "L3", "L4"].map { RecistEvaluationRequest.TargetReading(id: $0, mm: decimal(mm[$0]!)) }
            let nonTargets = lesions.filter { $0.role == .nonTarget }.map { RecistEvaluationRequest.NonTargetReading(id: $0.id, status: .present) }
            var treated: [TreatedLesionReading] = []
            if implanted {
                let l1Progression = isProgression && localFailureL1
                treated = [
                    TreatedLesionReading(lesionId: "L1", status: l1Progression ? .progression : .controlled, mm: decimal(mm["L1"]!),
                                         reason: l1Progression ? "growth of the treated lesion" : nil),
                    TreatedLesionReading(lesionId: "L2", status: l2Failed ? .progression : .controlled, mm: decimal(mm["L2"]!),
                                         reason: l2Failed ? "growth of the treated lesion" : nil),
                ]
            }
            let percist = petCt ? PercistEvaluationRequest.Scan(
                date: day(scan), liverMean: 2, liverSD: decimal(0.3),
                lesions: ["L1", "L2", "L3", "L4"].map { .init(id: $0, sulPeak: decimal(uptake[$0]! * (isProgression ? 1.0 : 0.8))) },
                newLesions: isProgression) : nil
            entries.append(("A\(number + 1)", .tumourAssessment(TumourAssessmentForm(
                date: day(scan), modality: petCt ? .petCt : .ct, targets: targets, nonTargets: nonTargets,
                newLesions: isProgression ? [NewLesionEntry(site: "liver", finding: .unequivocal)] : [],
                percist: percist, treatedLesions: treated))))
        }
        if let secondLineDay, !noSystemicTherapy {
            entries.append(("T2", .systemicTherapy(SystemicTherapyLineForm(
                lineNumber: 2, regimen: "docetaxel", agents: ["docetaxel"], therapyClass: .chemotherapy,
                startDate: day(secondLineDay), startReason: secondLineReason))))
        }
        let qolDay = 182 + random.int(-10...10)
        if qolDay <= lastDataDay && !random.chance(0.1) {
            entries.append(("Q6", .qualityOfLife(QualityOfLifeQuestionnaire(
                date: day(qolDay), timepoint: "QOL6", completedBy: .participant,
                answers: answers(shift: experimental ? 1 : 0, random: &random)))))
        }
        var contact = 91
        var followUpNumber = 1
        while contact < lastDataDay {
            entries.append(("F\(followUpNumber)", .followUp(FollowUpForm(date: day(contact), status: .alive, lastKnownAliveDate: day(contact)))))
            contact += 91
            followUpNumber += 1
        }
        if died {
            entries.append(("D", .death(DeathForm(date: day(deathDay), cause: progressionScan != nil ? .progression : .other,
                                                  details: progressionScan != nil ? nil : "cardiovascular event"))))
            entries.append(("EOS", .endOfStudy(EndOfStudyForm(date: day(deathDay), reason: .death))))
        } else if let lostDay, lostDay + 60 <= randomized.days(until: end) {
            entries.append(("EOS", .endOfStudy(EndOfStudyForm(date: day(lostDay + 60), reason: .lostToFollowUp))))
        }

        var casebook = Casebook(participantId: id, armCode: arm, randomizationDate: randomized)
        for (recordId, entry) in entries { casebook.place(entry, id: recordId) }
        let stratum = lesionCount <= 7 ? "lesionCount=6-7" : "lesionCount=8-10"
        return Entries(
            participant: AnalysisParticipant(studyId: id, siteCode: "960", armCode: arm, randomizationDate: randomized,
                                             stratificationValues: ["metastaticLesionCount": .number(Double(lesionCount))],
                                             stratum: stratum, casebook: casebook),
            entries: entries.map { (id: $0.0, entry: $0.1) })
    }

    static func adverseEvent(term: String, grade: Int, onset: CalendarDate, lastDataDay: Int, day: (Int) -> CalendarDate,
                             procedure: AdverseEventAttribution?, systemic: AdverseEventAttribution?, serious: Bool) -> AdverseEventRecord {
        let resolution = onset.adding(days: 10)
        let resolved = resolution <= day(lastDataDay)
        return AdverseEventRecord(
            term: term, grade: grade, onsetDate: onset, resolutionDate: resolved ? resolution : nil,
            outcome: resolved ? .recovered : .notRecovered, procedureAttribution: procedure, systemicTherapyAttribution: systemic,
            seriousnessCriteria: serious ? [.hospitalization] : [], siteAwareAt: serious ? onset.startOfDayUTC : nil)
    }

    /// QLQ-C30 answers: symptoms 1-3 and global health 3-6, shifted towards better by `shift`.
    static func answers(shift: Int, random: inout SplitMix64) -> QlqC30Answers {
        var items: [Int: Int] = [:]
        for item in 1...28 { items[item] = max(1, min(4, random.int(1...3) - (shift > 0 && random.chance(0.5) ? 1 : 0))) }
        items[29] = min(7, random.int(3...6) + shift)
        items[30] = min(7, random.int(3...6) + shift)
        return try! QlqC30Answers(answers: items)
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a small seeded generator so the synthetic trial is the same on every run.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    mutating func exponential(median: Double) -> Double { -log(1 - unit()) * median / log(2) }
}
