import FluentKit
import Foundation
import TrialCore
import TrialStudyFile

/// Fills an empty database with a complete, reproducible demo of the trial: a screening log with screen
/// failures and refusals, the randomized participants with their follow-up from `DemoParticipantCourse`,
/// queries, source data verification, locks, signatures and serious-event acknowledgements. Everything goes
/// through the same services and rules as real data, in calendar order, each write with the clock set to the
/// day it happens, so the audit chain reads like the trial's own history and verifies afterwards.
public struct DemoTrialLoader: Sendable {
    public struct Summary: Codable, Sendable, Equatable {
        public var screened: Int
        public var screenFailures: Int
        public var declinedConsent: Int
        public var randomized: Int
        public var randomizedPerArm: [String: Int]
        public var forms: Int
        public var openQueries: Int
        public var openSeriousEventAlerts: Int
        public var auditEvents: Int
    }

    /// The users the demo acts as (the command creates their accounts).
    public static let usernames: [(username: String, role: Role)] = [
        ("admin", .administrator), ("investigator", .investigator), ("coordinator", .coordinator), ("monitor", .monitor),
        ("datamanager", .dataManager), ("statistician", .statistician), ("dsmb", .dsmbMember),
    ]

    /// The users of a demo at `sites` sites: the ones above, and a coordinator of each site after the first
    /// (`coordinator-961`, ...), bound to it.
    public static func usernames(sites: Int) -> [(username: String, role: Role)] {
        usernames + (1..<max(sites, 1)).map { ("coordinator-\(960 + $0)", .coordinator) }
    }

    /// The sites of a demo: 960, then 961, 962, ... (the study file gets the same list).
    public static func siteCodes(_ sites: Int) -> [String] {
        (0..<max(sites, 1)).map { String(960 + $0) }
    }

    public let database: any Database
    public let seed: UInt64
    public let participants: Int
    /// How many sites recruit; one (960) is the trial as registered, more is the scale demo.
    public let sites: Int
    public let today: CalendarDate
    public let timeZone: TimeZone
    /// The password hash every demo user gets (the caller hashes the one password given).
    public let passwordHash: String
    /// Seals the randomization seed as a real start does, when an audit key is configured.
    public let auditKey: AuditSigningKey?

    public init(database: any Database, seed: UInt64, participants: Int = 120, sites: Int = 1, today: CalendarDate,
                timeZone: TimeZone = .current, passwordHash: String, auditKey: AuditSigningKey? = nil) {
        self.database = database
        self.sites = sites
        self.auditKey = auditKey
        self.passwordHash = passwordHash
        self.seed = seed
        self.participants = participants
        self.today = today
        self.timeZone = timeZone
    }

    /// Problems with a demo request, before anything is written.
    public static func problems(participants: Int, sites: Int = 1) -> [FieldError] {
        var problems: [FieldError] = []
        if !(1...maximumParticipants).contains(participants) {
            problems.append(FieldError(field: "participants", message: "must be 1 to \(maximumParticipants) (\(participants))"))
        }
        if !(1...maximumSites).contains(sites) {
            problems.append(FieldError(field: "sites", message: "must be 1 to \(maximumSites) (\(sites))"))
        }
        return problems
    }

    /// Ten times the registered trial, for the speed targets; more sites than the demo cities name.
    public static let maximumParticipants = 2_000
    public static let maximumSites = 9

    public func load() async throws -> Summary {
        try ValidationFailure.throwIfAny(Self.problems(participants: participants, sites: sites))
        let existing = try await ScreeningRecord.query(on: database).count() + ParticipantRecord.query(on: database).count()
        guard existing == 0 else {
            throw ValidationFailure(field: "db", message: "the database already holds \(existing) screening or participant records; the demo needs a new, empty database")
        }
        let dictionary = try CtcaeDictionary.bundled()
        // The whole demo is one database transaction. Each write inside it is still the store's audited write,
        // with its own events on the chain, in calendar order; what is saved is committing twenty thousand
        // times (a commit rewrites the chain head's, the indexes' and the tables' pages to the log each time).
        // A step the rules or the database refuse ends the demo and leaves the database as empty as it was.
        // Each write takes the chain head from the one before it (the transaction holds the writers' lock).
        return try await TrialStore(database: database).writesInOneTransaction { database in
            var run = DemoRun(loader: self, database: database, dictionary: dictionary)
            try await run.start()
            try await run.processAll()
            try await run.cleanData()
            return try await run.summary()
        }
    }
}

/// The state of one demo run: the calendar of pending steps and what was saved so far.
private struct DemoRun {
    let loader: DemoTrialLoader
    let database: any Database
    let dictionary: CtcaeDictionary
    var study: StudyDefinition!
    var rng: Xoshiro256StarStar
    var queue = DemoStepQueue()
    var formIDs: [String: [String: UUID]] = [:]
    var randomizedCount = 0
    var screened = 0
    var failures = 0
    var declined = 0
    var clockDay: CalendarDate?
    var secondsIntoDay = 0
    /// Each participant's site, for the actor who writes its forms.
    var siteOf: [String: String] = [:]

    static let site = "960"
    static let coordinator = AuditActor(username: "coordinator", role: .coordinator, site: site)
    static let investigator = AuditActor(username: "investigator", role: .investigator, site: site)

    /// The coordinator of `site`: `coordinator` at 960, `coordinator-961` at 961, ...
    static func coordinator(of site: String) -> AuditActor {
        site == Self.site ? coordinator : AuditActor(username: "coordinator-\(site)", role: .coordinator, site: site)
    }

    /// Who reads the scans: the investigator at 960; at a demonstration site its coordinator enters the reading.
    static func reader(of site: String) -> AuditActor {
        site == Self.site ? investigator : coordinator(of: site)
    }

    func coordinator(ofParticipant participantID: String) -> AuditActor {
        Self.coordinator(of: siteOf[participantID] ?? Self.site)
    }
    static let administrator = AuditActor(username: "admin", role: .administrator, site: nil)
    static let monitor = AuditActor(username: "monitor", role: .monitor, site: nil)
    static let dataManager = AuditActor(username: "datamanager", role: .dataManager, site: nil)

    init(loader: DemoTrialLoader, database: any Database, dictionary: CtcaeDictionary) {
        self.loader = loader
        self.database = database
        self.dictionary = dictionary
        rng = DemoRandom.generator(seed: loader.seed)
    }

    /// Accrual starts about 18 months before the cut-off and runs for about 13 months.
    var accrualStart: CalendarDate { loader.today.adding(days: -560) }
    static let accrualDays = Double(PlannedAccrual.demonstration.days)

    /// A store whose clock reads `day`, a little later with every write of that day (10:00 onwards), so that
    /// the audit trail keeps calendar order.
    mutating func store(on day: CalendarDate) -> TrialStore {
        if clockDay != day { clockDay = day; secondsIntoDay = 0 }
        secondsIntoDay += 7
        let instant = DemoClock.instant(of: day, hour: 10, in: loader.timeZone).addingTimeInterval(Double(secondsIntoDay))
        return TrialStore(database: database, now: { instant })
    }

    /// Version 1.1 (the 12-month scan) is applied part-way through enrollment, as a site would: about half
    /// the participants are randomized under 1.0, the rest under 1.1.
    var amendmentDay: CalendarDate { accrualStart.adding(days: Int(Self.accrualDays / 2)) }
    /// The shipped amendment, widened like the installed study for a scale demo.
    var amendment: (source: String, yaml: String, definition: StudyDefinition)?
    /// The versions as they will stand once the amendment is applied: which visits each participant will have.
    var plannedHistory: StudyVersionHistory?

    mutating func start() async throws {
        let installedOn = accrualStart.adding(days: -30)
        let store = store(on: installedOn)
        let widened = !(loader.sites == 1 && loader.participants <= 120)
        func version(_ text: String) -> String {
            widened ? StudyDefinitionFile.multiSiteYAML(sites: loader.sites, targetEnrollment: max(loader.participants, 120), base: text) : text
        }
        let yaml = version(StudyDefinitionFile.defaultYAML)
        let installed = try await StudyRepository(store: store, timeZone: loader.timeZone)
            .installIfNeeded(yaml: yaml, source: loader.sites == 1 ? "default" : "default, \(loader.sites) sites")
        study = installed.definition
        // A database whose study is already past 1.0 (a server's new installation starts at the latest
        // version) keeps its versions; the demo then applies nothing.
        plannedHistory = try await StudyRepository(store: store).history()
        if let shipped = StudyDefinitionFile.defaultAmendmentYAMLs.first {
            let text = version(shipped.yaml)
            let definition = try StudyDefinitionFile.parse(yaml: text, source: shipped.source)
            if definition.amendment?.amends == study.version {
                amendment = (shipped.source, text, definition)
                plannedHistory = StudyVersionHistory([StudyVersion(version: study.version, effectiveOn: installedOn, definition: study),
                                                      StudyVersion(version: definition.version, effectiveOn: amendmentDay, definition: definition)])
                queue.push(amendmentDay, .amend)
            }
        }
        let users = UserDirectory(store: store)
        for (username, role) in DemoTrialLoader.usernames(sites: loader.sites) where try await users.user(named: username) == nil {
            let siteBound = role == .investigator || role == .coordinator
            let site = username.hasPrefix("coordinator-") ? String(username.dropFirst("coordinator-".count)) : Self.site
            _ = try await users.addUser(username: username, passwordHash: loader.passwordHash, role: role,
                                        siteCode: siteBound ? site : nil, by: .system)
        }
        var seedRNG = DemoRandom.generator(seed: loader.seed ^ 0x5EED_0F_1125)
        let bytes = (0..<4).flatMap { _ -> [UInt8] in
            let word = seedRNG.next()
            return (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) }
        }
        _ = try await EnrollmentService(store: store, study: study, timeZone: loader.timeZone, auditKey: loader.auditKey)
            .activateRandomizationIfNeeded(seed: try RandomizationSeed(bytes: bytes))
        // The screening log: about one patient in six fails screening, a few eligible ones decline.
        let expectedScreened = Double(loader.participants) / 0.84
        var date = accrualStart
        var gapCarry = 0.0
        for index in 0..<Int((expectedScreened * 1.6).rounded(.up)) {
            gapCarry += -log(1 - rng.unitDouble()) * Self.accrualDays / expectedScreened
            date = accrualStart.adding(days: Int(gapCarry))
            queue.push(date, .screen(index: index))
        }
    }

    mutating func processAll() async throws {
        while let (date, action) = queue.pop() {
            guard date <= loader.today else { continue }
            try await perform(action, on: date)
        }
    }

    enum Action: Sendable {
        case amend
        case screen(index: Int)
        case consent(screeningID: UUID, site: String)
        case randomize(screeningID: UUID, profile: DemoScreeningProfile, index: Int)
        case course(participantID: String, DemoStep)
    }

    mutating func perform(_ action: Action, on date: CalendarDate) async throws {
        switch action {
        case .amend:
            guard let amendment else { return }
            let outcome = try await StudyRepository(store: store(on: date), timeZone: loader.timeZone)
                .amend(yaml: amendment.yaml, source: amendment.source,
                       reason: amendment.definition.amendment?.reason ?? "version \(amendment.definition.version) of the default study",
                       by: Self.administrator)
            study = outcome.definition
        case .screen(let index):
            guard randomizedCount + pendingRandomizations < loader.participants else { return }
            try await screen(index: index, on: date)
        case .consent(let screeningID, let site):
            let store = store(on: date)
            _ = try await EnrollmentService(store: store, study: study, timeZone: loader.timeZone).recordConsent(
                screeningID: screeningID, ConsentRecord(date: date, formVersion: "2.1", obtainedBy: "Dr Liu (investigator)"),
                reason: nil, by: Self.coordinator(of: site))
        case .randomize(let screeningID, let profile, let index):
            pendingRandomizations -= 1
            let enrollment = EnrollmentService(store: store(on: date), study: study, timeZone: loader.timeZone)
            let site = Self.siteOfScreening(index, sites: loader.sites)
            let participant = try await enrollment.enroll(screeningID: screeningID, by: Self.coordinator(of: site))
            siteOf[participant.participantID] = site
            let allocation = try await EnrollmentService(store: store(on: date), study: study, timeZone: loader.timeZone, auditKey: loader.auditKey)
                .randomize(participantID: participant.participantID, by: Self.coordinator(of: site))
            randomizedCount += 1
            var course = DemoParticipantCourse(
                seed: loader.seed &+ UInt64(index) &* 0x9E37_79B9, study: study, dictionary: dictionary, armCode: allocation.arm,
                randomized: date, today: loader.today, screening: profile, timeZone: loader.timeZone,
                imagingDays: imagingDays(armCode: allocation.arm, randomizedOn: date))
            // About one participant in ten has the last three weeks not yet entered: their visits show as overdue.
            let lag = course.chance(0.1) ? course.int(10...21) : 0
            for step in course.generate() where step.date <= loader.today.adding(days: -lag) {
                queue.push(max(step.date, date), .course(participantID: participant.participantID, step.step))
            }
        case .course(let participantID, let step):
            do {
                try await perform(step, participantID: participantID, on: date)
            } catch {
                throw DemoLoadFailure(participantID: participantID, date: date, step: "\(step)", underlying: error)
            }
        }
    }

    var pendingRandomizations = 0

    /// The target days of a participant's scans after baseline, from the versions that will govern their visits.
    func imagingDays(armCode: String, randomizedOn: CalendarDate) -> [Int] {
        let visits = plannedHistory?.scheduledVisits(armCode: armCode, randomizedOn: randomizedOn).map(\.visit)
            ?? study.scheduledVisits.filter { $0.applies(toArm: armCode) }
        return visits.filter { $0.forms.contains(.tumourAssessment) && $0.targetDay > 0 }.map(\.targetDay)
    }

    mutating func screen(index: Int, on date: CalendarDate) async throws {
        var draw = DemoRandom.generator(seed: loader.seed &+ 0xC0FFEE &+ UInt64(index))
        func uniform() -> Double { draw.unitDouble() }
        func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + draw.uniformInt(below: range.count) }
        let primaries = ["lung", "lung", "lung", "breast", "colorectal", "colorectal", "liver", "gastric", "oesophageal", "pancreatic", "kidney", "other"]
        var profile = DemoScreeningProfile(
            age: int(34...81), sex: uniform() < 0.55 ? .male : .female, primaryTumour: primaries[draw.uniformInt(below: primaries.count)],
            lesionCount: int(6...10), ecog: uniform() < 0.35 ? 0 : (uniform() < 0.85 ? 1 : 2), platelets: int(110...320),
            inr: Double(int(88...125)) / 100)
        var answers = study.qualifyingAnswers()
        // Screen failures, each for a reason seen in practice.
        let outcome = uniform()
        var fails = false
        if outcome < 0.13 {
            fails = true
            switch int(0...5) {
            case 0: profile.lesionCount = int(3...5)
            case 1: profile.lesionCount = int(11...14)
            case 2: profile.ecog = 3
            case 3: profile.platelets = int(30...49)
            case 4: profile.inr = Double(int(160...190)) / 100
            default:
                if let exclusion = study.eligibility.first(where: { $0.id == "E02" }), case .yesNo(let qualifying) = exclusion.answer {
                    answers[exclusion.id] = qualifying == .yes ? .no : .yes
                } else {
                    profile.ecog = 3
                }
            }
        }
        let values: [String: ScreeningValue] = [
            "age": .number(Double(profile.age)), "sex": .category(profile.sex.rawValue), "primaryTumour": .category(profile.primaryTumour),
            "metastaticLesionCount": .number(Double(profile.lesionCount)), "ecog": .number(Double(profile.ecog)),
            "plateletCount": .number(Double(profile.platelets)), "inr": .number(profile.inr),
        ]
        let store = store(on: date)
        let site = Self.siteOfScreening(index, sites: loader.sites)
        let screening = try await EnrollmentService(store: store, study: study, timeZone: loader.timeZone)
            .screen(ScreeningSubmission(siteCode: site, screeningDate: date, values: values, answers: answers), by: Self.coordinator(of: site))
        screened += 1
        if fails { failures += 1; return }
        if outcome > 0.965 { declined += 1; return }
        let id = try screening.requireID()
        let consentDay = date.adding(days: int(0...3))
        queue.push(consentDay, .consent(screeningID: id, site: site))
        pendingRandomizations += 1
        queue.push(consentDay, .randomize(screeningID: id, profile: profile, index: index))
    }

    /// Patients come to the sites in turn (no random draw, so a one-site demo is the same as before).
    static func siteOfScreening(_ index: Int, sites: Int) -> String {
        DemoTrialLoader.siteCodes(sites)[index % max(sites, 1)]
    }

    mutating func perform(_ step: DemoStep, participantID: String, on date: CalendarDate) async throws {
        let service = CaseReportService(store: store(on: date), study: study, dictionary: dictionary, timeZone: loader.timeZone)
        let coordinator = coordinator(ofParticipant: participantID)
        let reader = Self.reader(of: siteOf[participantID] ?? Self.site)
        switch step {
        case .save(let entry, let key):
            let outcome = try await service.save(entry, participantID: participantID, by: coordinator)
            if let key { formIDs[participantID, default: [:]][key] = outcome.id }
        case .assessment(var form, let disagree):
            let (_, casebook) = try await service.casebook(participantID: participantID)
            if let baseline = casebook.baseline?.form,
               let computed = try AssessmentResponses.response(
                baseline: baseline, assessments: casebook.assessments + [RecordedForm(id: "~new", form: form)], asOf: form.date),
               let overall = computed.recist?.overall {
                form.investigatorRecist = disagree ? Self.differentReading(overall) : overall
            }
            _ = try await service.save(.tumourAssessment(form), participantID: participantID, by: reader)
        case .stopTherapyLine(let key, let stop, let reason):
            guard let formID = formIDs[participantID]?[key], let record = try await CaseReportFormRecord.stored(id: formID, on: database),
                  case .systemicTherapy(var line) = try record.entry() else { return }
            line.stopDate = stop
            line.stopReason = reason
            _ = try await service.correct(formID: formID, participantID: participantID, .systemicTherapy(line),
                                          reason: "therapy line stopped on \(stop.iso8601) (\(reason.rawValue))",
                                          expectedVersion: try await service.store.version(of: record), by: coordinator)
        case .correct(let key, let entry, let reason):
            guard let formID = formIDs[participantID]?[key], let record = try await CaseReportFormRecord.stored(id: formID, on: database) else { return }
            _ = try await service.correct(formID: formID, participantID: participantID, entry, reason: reason,
                                          expectedVersion: try await service.store.version(of: record), by: coordinator)
        case .acknowledgeSeriousEvent(let key):
            guard let formID = formIDs[participantID]?[key] else { return }
            _ = try await SeriousEventAlertService(store: store(on: date))
                .acknowledge(formID: formID, scope: .allSites, role: .monitor, by: Self.monitor)
        }
    }

    static func differentReading(_ response: RecistResponse) -> RecistResponse {
        switch response {
        case .partialResponse: return .stableDisease
        case .stableDisease: return .partialResponse
        case .progressiveDisease: return .stableDisease
        default: return .stableDisease
        }
    }

    /// The monitor's and data manager's work in the last weeks before the cut-off: queries raised on forms
    /// (some answered, some closed), source data verified, early casebooks locked and signed.
    mutating func cleanData() async throws {
        let participants = try await ParticipantRecord.query(on: database).filter(\.$arm != nil).sort(\.$participantID).all()
        let ids = participants.map(\.participantID)
        guard !ids.isEmpty else { return }
        let texts = [
            ("sizeMm", "Please confirm the longest diameter against the radiology report."),
            ("date", "The date differs from the source document; please check."),
            ("grade", "Please confirm the CTCAE grade with the laboratory values in the source."),
            ("ecog", "ECOG in the clinic note differs; please confirm."),
        ]
        var day = loader.today.adding(days: -20)
        for (index, participantID) in ids.enumerated() where index % 7 == 3 {
            guard let form = try await CaseReportFormRecord.query(on: database).filter(\.$participantID == participantID).sort(\.$createdAt).first() else { continue }
            let (field, text) = texts[index % texts.count]
            let query = try await DataQueryService(store: store(on: day)).raise(
                participantID: participantID, formID: form.auditEntityID, field: field, text: text, role: .monitor, by: Self.monitor)
            if index % 3 != 0 {
                let answered = try await DataQueryService(store: store(on: day.adding(days: 2))).act(
                    .answer, on: try query.requireID(), text: "Checked against the source document; the entry is correct.", role: .coordinator,
                    by: coordinator(ofParticipant: participantID))
                if index % 2 == 0 {
                    _ = try await DataQueryService(store: store(on: day.adding(days: 4))).act(
                        .close, on: try answered.requireID(), text: nil, role: .monitor, by: Self.monitor)
                }
            }
            if day < loader.today.adding(days: -5) { day = day.adding(days: 1) }
        }
        // Source data verification of the first 40 baseline forms; the first 10 casebooks of participants who
        // completed or left the study are locked and signed.
        let verifyDay = loader.today.adding(days: -3)
        for participantID in ids.prefix(40) {
            guard let baseline = try await CaseReportFormRecord.query(on: database).filter(\.$participantID == participantID)
                .filter(\.$form == CaseReportForm.baseline.rawValue).first() else { continue }
            try await RecordControlService(store: store(on: verifyDay)).control(
                .verify, formID: try baseline.requireID(), participantID: participantID, reason: nil, role: .monitor, by: Self.monitor)
        }
        var signed = 0
        // The investigator of site 960 signs that site's casebooks.
        for participantID in ids where signed < 10 && (siteOf[participantID] ?? Self.site) == Self.site {
            let ended = try await CaseReportFormRecord.query(on: database).filter(\.$participantID == participantID)
                .filter(\.$form == CaseReportForm.endOfStudy.rawValue).count() > 0
            guard ended else { continue }
            try await RecordControlService(store: store(on: loader.today.adding(days: -2))).sign(participantID: participantID, role: .investigator, by: Self.investigator)
            try await RecordControlService(store: store(on: loader.today.adding(days: -1))).control(
                .lock, participantID: participantID, reason: nil, role: .dataManager, by: Self.dataManager)
            signed += 1
        }
    }

    func summary() async throws -> DemoTrialLoader.Summary {
        let participants = try await ParticipantRecord.query(on: database).filter(\.$arm != nil).all()
        var perArm: [String: Int] = [:]
        for participant in participants { perArm[participant.arm ?? "", default: 0] += 1 }
        let openQueries = try await DataQueryRecord.query(on: database).all().filter { $0.queryStatus != .closed }.count
        let alerts = try await SeriousEventAlertService(store: TrialStore(database: database)).alerts(scope: .allSites)
        return DemoTrialLoader.Summary(
            screened: screened, screenFailures: failures, declinedConsent: declined, randomized: participants.count,
            randomizedPerArm: perArm, forms: try await CaseReportFormRecord.query(on: database).count(), openQueries: openQueries,
            openSeriousEventAlerts: alerts.count, auditEvents: try await AuditEventRecord.query(on: database).count())
    }
}

/// A demo step that the rules refused: a defect of the demo model, reported with the participant and the step.
public struct DemoLoadFailure: Error, CustomStringConvertible {
    public var participantID: String
    public var date: CalendarDate
    public var step: String
    public var underlying: any Error

    public var description: String {
        "demo data for \(participantID) on \(date.iso8601) was refused (\(underlying)); step: \(step)"
    }
}

/// Pending steps in calendar order (then in the order they were planned), as a binary heap.
private struct DemoStepQueue {
    private var heap: [(date: CalendarDate, order: Int, action: DemoRun.Action)] = []
    private var counter = 0

    mutating func push(_ date: CalendarDate, _ action: DemoRun.Action) {
        counter += 1
        heap.append((date, counter, action))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (CalendarDate, DemoRun.Action)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, Self.before(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count, Self.before(heap[right], heap[smallest]) { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return (top.date, top.action)
    }

    private static func before(_ a: (date: CalendarDate, order: Int, action: DemoRun.Action), _ b: (date: CalendarDate, order: Int, action: DemoRun.Action)) -> Bool {
        (a.date, a.order) < (b.date, b.order)
    }
}
