import FluentKit
import FluentSQL
import Foundation
import TrialCore

/// Screening, consent, enrollment and randomization, through the audited store. The rules come from
/// TrialCore (`ScreeningSubmission`, `ConsentRecord`, `RandomizationReadiness`, the randomization designs);
/// this type only loads, saves and orders the writes.
public struct EnrollmentService: Sendable {
    public let store: TrialStore
    public let study: StudyDefinition
    /// The calendar in which "today" is taken for clinical dates (the hospital's local time zone).
    public let timeZone: TimeZone
    /// The audit key kept outside the database, when TrialDesk has one: it seals the randomization seed.
    public let auditKey: AuditSigningKey?

    public init(store: TrialStore, study: StudyDefinition, timeZone: TimeZone = .current, auditKey: AuditSigningKey? = nil) {
        self.store = store
        self.study = study
        self.timeZone = timeZone
        self.auditKey = auditKey
    }

    /// The trial's enrollment and randomization dates, oldest first, across every site: the recruitment
    /// curve everyone may see, which names nobody.
    public func recruitmentDates() async throws -> (enrolled: [CalendarDate], randomized: [CalendarDate]) {
        let rows = try await participantColumns(["enrolled_on", "randomized_on"], site: nil)
        return (try rows.compactMap { CalendarDate(iso8601: try $0.string("enrolled_on")) }.sorted(),
                try rows.compactMap { try $0.optionalString("randomized_on").flatMap(CalendarDate.init(iso8601:)) }.sorted())
    }

    /// A few columns of every participant (of one site) by SQL: the dashboard's counts read these for the
    /// whole trial, where building a model per participant cost more than the page.
    private func participantColumns(_ columns: [String], site: String?) async throws -> [PlainRow] {
        guard let sql = store.database as? any SQLDatabase else { throw StoreError.invalidConfiguration("the database does not speak SQL") }
        var select = sql.select().columns(columns).from(ParticipantRecord.schema)
        if let site { select = select.where("site_code", .equal, SQLBind(site)) }
        return try await PlainRow.all(select)
    }

    /// The allocation balance as `role` at `scope` may read it (`AllocationDisclosure`): per stratum for the
    /// statistician and the DSMB; for everyone else the arms of their own site's participants, overall only.
    public func balance(role: Role, scope: SiteScope) async throws -> RandomizationBalance {
        let rows = try await participantColumns(["arm", "stratum"], site: scope.siteCode)
        let allocations: [(String, String)] = try rows.compactMap { row in
            try row.optionalString("arm").map { ($0, try row.optionalString("stratum") ?? "all") }
        }
        let balance = RandomizationBalance(study: study, allocations: allocations)
        return AllocationDisclosure.mayReadCountsPerStratum(role) ? balance : RandomizationBalance(overall: balance.overall, strata: [])
    }

    public static let currentListVersion = 1

    public var today: CalendarDate { CalendarDate(localDayOf: store.now(), in: timeZone) }

    // MARK: Screening

    /// The definition that judges a screening: the version in force on its screening date, so that eligibility
    /// changes of an amendment apply to screenings from its effective date on (docs/study-definition.md).
    func governing(onScreeningDate date: CalendarDate, on database: (any Database)? = nil) async throws -> StudyDefinition {
        try await StoredStudyHistory.load(on: database ?? store.database)?.inForce(on: date).definition ?? study
    }

    public func screen(_ submission: ScreeningSubmission, by actor: AuditActor) async throws -> ScreeningRecord {
        let rules = try await governing(onScreeningDate: submission.screeningDate)
        try ValidationFailure.throwIfAny(submission.problems(in: rules, today: today))
        return try await store.write(as: actor) { tx in
            let sequence = try await ScreeningRecord.query(on: tx.database).filter(\.$siteCode == submission.siteCode).count() + 1
            let record = ScreeningRecord()
            record.id = UUID()
            record.screeningNumber = ParticipantIdentifier.screeningNumber(siteCode: submission.siteCode, sequence: sequence)
            record.consentDate = nil
            record.consentFormVersion = nil
            record.consentObtainedBy = nil
            record.participantID = nil
            apply(submission, to: record, under: rules)
            try await tx.create(record, action: "screen")
            return record
        }
    }

    /// Corrects a screening entry (values, answers, date); a reason is required and eligibility is re-evaluated.
    /// The site cannot change once a participant exists.
    public func correctScreening(id: UUID, _ submission: ScreeningSubmission, reason: String?, expectedVersion: Int64? = nil,
                                 by actor: AuditActor) async throws -> ScreeningRecord {
        let rules = try await governing(onScreeningDate: submission.screeningDate)
        try ValidationFailure.throwIfAny(submission.problems(in: rules, today: today))
        return try await store.write(as: actor, reason: reason) { tx in
            guard let record = try await ScreeningRecord.find(id, on: tx.database) else {
                throw StoreError.notFound(entity: "screening", id: id.uuidString)
            }
            if record.siteCode != submission.siteCode {
                throw ValidationFailure(field: "siteCode", RuleMessage("store.screeningSiteFixed", "cannot change: screening {screening} belongs to site {site}",
                                                                   ["screening": record.screeningNumber, "site": record.siteCode]))
            }
            // A randomized participant's screening data may be corrected (with a reason); the allocation stands.
            apply(submission, to: record, under: rules)
            try await tx.update(record, action: "correct-screening", expectedVersion: expectedVersion)
            return record
        }
    }

    public func recordConsent(screeningID: UUID, _ consent: ConsentRecord, reason: String?, by actor: AuditActor) async throws -> ScreeningRecord {
        try ValidationFailure.throwIfAny(consent.problems(today: today))
        return try await store.write(as: actor, reason: reason) { tx in
            guard let record = try await ScreeningRecord.find(screeningID, on: tx.database) else {
                throw StoreError.notFound(entity: "screening", id: screeningID.uuidString)
            }
            let first = record.consentDate == nil
            record.consentDate = consent.date.iso8601
            record.consentFormVersion = consent.formVersion
            record.consentObtainedBy = consent.obtainedBy
            if first {
                try await tx.update(record, action: "record-consent", reason: reason ?? "consent recorded")
            } else {
                try await tx.update(record, action: "correct-consent")
            }
            return record
        }
    }

    /// Makes an eligible, consented patient a participant with a study-unique ID (`960-0001`).
    /// Enrolling the same screening again returns the same participant.
    public func enroll(screeningID: UUID, by actor: AuditActor) async throws -> ParticipantRecord {
        try await store.write(as: actor) { tx in
            guard let screening = try await ScreeningRecord.find(screeningID, on: tx.database) else {
                throw StoreError.notFound(entity: "screening", id: screeningID.uuidString)
            }
            if let existing = try await ParticipantRecord.query(on: tx.database).filter(\.$screeningID == screeningID).first() {
                return existing
            }
            try ValidationFailure.throwIfAny(try readiness(of: screening).enrollmentRefusals)
            let sequence = (try await ParticipantRecord.query(on: tx.database).filter(\.$siteCode == screening.siteCode).max(\.$siteSequence) ?? 0) + 1
            let participant = ParticipantRecord()
            participant.id = UUID()
            participant.participantID = ParticipantIdentifier.make(siteCode: screening.siteCode, sequence: sequence)
            participant.siteCode = screening.siteCode
            participant.siteSequence = sequence
            participant.screeningID = screeningID
            participant.enrolledOn = CalendarDate(localDayOf: tx.now, in: timeZone).iso8601
            try await tx.create(participant, action: "enroll")
            screening.participantID = participant.participantID
            try await tx.update(screening, action: "enroll", reason: "participant \(participant.participantID) enrolled")
            return participant
        }
    }

    // MARK: Randomization

    public struct Allocation: Codable, Sendable, Hashable {
        public var participantID: String
        public var arm: String
        public var stratum: String
        public var randomizedOn: String
        public var allocationNumber: Int
        /// True when this call assigned the arm; false when it returned an earlier assignment.
        public var newlyAssigned: Bool

        public init(participantID: String, arm: String, stratum: String, randomizedOn: String, allocationNumber: Int, newlyAssigned: Bool) {
            self.participantID = participantID
            self.arm = arm
            self.stratum = stratum
            self.randomizedOn = randomizedOn
            self.allocationNumber = allocationNumber
            self.newlyAssigned = newlyAssigned
        }
    }

    /// Assigns the arm, once. A repeat returns the same allocation. Refuses (422, with every reason) a
    /// participant who is not eligible, not consented, or lacks stratification data. Runs inside the
    /// store's write lock, so each stratum's slots are consumed strictly in order, across processes.
    public func randomize(participantID: String, by actor: AuditActor) async throws -> Allocation {
        try await store.write(as: actor) { tx in
            guard let participant = try await ParticipantRecord.read(participantID: participantID, on: tx.database) else {
                throw StoreError.notFound(entity: "participant", id: participantID)
            }
            if let arm = participant.arm, let stratum = participant.stratum, let day = participant.randomizedOn, let number = participant.allocationNumber {
                return Allocation(participantID: participantID, arm: arm, stratum: stratum, randomizedOn: day,
                                  allocationNumber: number, newlyAssigned: false)
            }
            guard let screening = try await ScreeningRecord.find(participant.screeningID, on: tx.database) else {
                throw StoreError.notFound(entity: "screening", id: participant.screeningID.uuidString)
            }
            let screened = try Self.storedDate(screening.screeningDate, of: screening)
            let readiness = try readiness(of: screening, under: try await governing(onScreeningDate: screened, on: tx.database))
            try ValidationFailure.throwIfAny(readiness.reasons)
            guard case .success(let stratum) = readiness.stratum else { throw StoreError.conflict(RuleMessage("store.stratumUnavailable", "the stratum cannot be derived from the screening values")) }
            guard let setup = try await RandomizationSetupRecord.query(on: tx.database).filter(\.$listVersion == Self.currentListVersion).first() else {
                throw StoreError.conflict(RuleMessage("store.randomizationNotActivated", "randomization is not activated for this study yet"))
            }
            let allocationNumber = (try await ParticipantRecord.query(on: tx.database).max(\.$allocationNumber) ?? 0) + 1
            var details: [AuditFieldChange] = [
                AuditFieldChange(field: "stratum", old: nil, new: stratum.key),
                AuditFieldChange(field: "listVersion", old: nil, new: String(setup.listVersion)),
                AuditFieldChange(field: "allocationNumber", old: nil, new: String(allocationNumber)),
            ]
            let arm: String
            if let design = try study.minimizationDesign() {
                let seed = try RandomizationSeedSealing.seed(from: setup.seedHex, key: auditKey)
                let counts = try await minimizationCounts(design: design, database: tx.database)
                let levels = Dictionary(uniqueKeysWithValues: stratum.levels.map { ($0.factor, $0.level) })
                let (tieBreak, coin) = try MinimizationAllocator.uniforms(seed: seed, allocationNumber: allocationNumber)
                let draw = try design.allocate(levels: levels, counts: counts, allocationNumber: allocationNumber,
                                               tieBreakUniform: tieBreak, coinUniform: coin)
                arm = draw.assignedArm
                let drawJSON = String(decoding: try AuditChain.canonicalEncoder().encode(draw), as: UTF8.self)
                details.append(AuditFieldChange(field: "minimizationDraw", old: nil, new: drawJSON))
            } else {
                guard let slot = try await AllocationSlotRecord.query(on: tx.database)
                    .filter(\.$listVersion == setup.listVersion)
                    .filter(\.$stratum == stratum.key)
                    .filter(\.$participantID == nil)
                    .sort(\.$slotNumber)
                    .first() else {
                    throw StoreError.conflict(RuleMessage("store.allocationListUsedUp", "the allocation list of stratum {stratum} is used up: tell the trial statistician", ["stratum": stratum.key]))
                }
                slot.participantID = participantID
                slot.assignedAt = tx.occurredAt
                try await slot.update(on: tx.database)
                arm = slot.arm
                details.append(AuditFieldChange(field: "slot", old: nil, new: String(slot.slotNumber)))
            }
            details.append(AuditFieldChange(field: "arm", old: nil, new: arm))
            participant.arm = arm
            participant.stratum = stratum.key
            participant.randomizedOn = CalendarDate(localDayOf: tx.now, in: timeZone).iso8601
            participant.randomizedAt = tx.occurredAt
            participant.allocationNumber = allocationNumber
            try await tx.update(participant, action: "randomize", reason: "randomized")
            try await tx.appendEvent(action: "allocate", entityType: "randomization", entityID: participantID,
                                     changes: details, reason: "randomized")
            // The visit schedule starts at randomization.
            let (_, casebook) = try await CaseReportService.casebook(participantID: participantID, on: tx.database)
            try await PlannedVisits.refresh(participantID: participantID, siteCode: participant.siteCode, casebook: casebook, study: study, on: tx.database,
                                            history: try await tx.studyHistory())
            return Allocation(participantID: participantID, arm: arm, stratum: stratum.key,
                              randomizedOn: participant.randomizedOn ?? "", allocationNumber: allocationNumber, newlyAssigned: true)
        }
    }

    /// Generates the seed and, for permuted blocks, every stratum's list, once, when the study is activated.
    /// The audit event publishes the lists' SHA-256 (a commitment) but neither the seed nor any arm.
    @discardableResult
    public func activateRandomizationIfNeeded(seed: RandomizationSeed = .freshSeed()) async throws -> Bool {
        try await store.write(as: .system) { tx in
            if try await RandomizationSetupRecord.query(on: tx.database).first() != nil { return false }
            let setup = RandomizationSetupRecord()
            setup.id = UUID()
            setup.listVersion = Self.currentListVersion
            setup.seedHex = try RandomizationSeedSealing.stored(seed, key: auditKey)
            setup.createdAt = tx.occurredAt
            var slots: [AllocationSlotRecord] = []
            if let design = try study.permutedBlockDesign() {
                setup.scheme = "permutedBlocks"
                setup.listLength = study.targetEnrollment
                let lists = try design.generateLists(seed: seed, strata: study.allStrata.map(\.key), length: study.targetEnrollment)
                for list in lists {
                    for slot in list.slots {
                        let record = AllocationSlotRecord()
                        record.id = UUID()
                        record.listVersion = setup.listVersion
                        record.stratum = slot.stratum
                        record.slotNumber = slot.slotNumber
                        record.blockNumber = slot.blockNumber
                        record.blockSize = slot.blockSize
                        record.arm = slot.arm
                        slots.append(record)
                    }
                }
            } else {
                setup.scheme = "minimization"
            }
            setup.listsSHA256 = Self.listsDigest(slots.map { ($0.stratum, $0.slotNumber, $0.blockNumber, $0.blockSize, $0.arm) })
            try await setup.create(on: tx.database)
            for chunk in stride(from: 0, to: slots.count, by: 200) {
                try await Array(slots[chunk..<min(chunk + 200, slots.count)]).create(on: tx.database)
            }
            try await tx.appendEvent(action: "activate-randomization", entityType: "randomization-setup", entityID: String(setup.listVersion),
                                     changes: [
                                        AuditFieldChange(field: "scheme", old: nil, new: setup.scheme),
                                        AuditFieldChange(field: "slots", old: nil, new: String(slots.count)),
                                        AuditFieldChange(field: "listsSHA256", old: nil, new: setup.listsSHA256),
                                     ])
            return true
        }
    }

    /// What extending the allocation lists did: the new length, slots added per stratum, and the digest of
    /// all lists now published in the audit chain. No arm of any slot is in it.
    public struct ListExtension: Sendable, Codable, Hashable {
        public var length: Int
        public var slotsAdded: [String: Int]
        public var listsSHA256: String

        public init(length: Int, slotsAdded: [String: Int], listsSHA256: String) {
            self.length = length
            self.slotsAdded = slotsAdded
            self.listsSHA256 = listsSHA256
        }
    }

    /// Extends every stratum's permuted-block list to `length` slots from the same seed, continuing its blocks
    /// (`PermutedBlockExtension`), in one audited write that publishes the new lists' SHA-256. Used by an
    /// amendment that raises the target enrollment and by the administrator's extension when a stratum fills
    /// faster than planned; refused for minimization (no lists) and for a length the lists already reach.
    public func extendAllocationLists(to length: Int, reason: String, by actor: AuditActor) async throws -> ListExtension {
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !why.isEmpty else {
            throw ValidationFailure(field: "reason", RuleMessage("store.reasonRequired", "is required: say why saved data changes"))
        }
        return try await store.write(as: actor, reason: why) { tx in
            try await extendAllocationLists(to: length, in: tx)
        }
    }

    /// The extension inside the caller's write (an amendment installs its version and the longer lists together).
    func extendAllocationLists(to length: Int, in tx: StoreTransaction) async throws -> ListExtension {
        guard let design = try study.permutedBlockDesign() else {
            throw ValidationFailure(field: "length", RuleMessage("store.noListsToExtend", "this study randomizes by minimization: it has no allocation lists to extend"))
        }
        guard let setup = try await RandomizationSetupRecord.query(on: tx.database).filter(\.$listVersion == Self.currentListVersion).first() else {
            throw StoreError.conflict(RuleMessage("store.randomizationNotActivated", "randomization is not activated for this study yet"))
        }
        let current = setup.listLength ?? study.targetEnrollment
        guard length > current else {
            throw ValidationFailure(field: "length", RuleMessage("store.listsLongEnough", "the lists already hold {current} slots per stratum; give a larger length",
                                                                ["current": String(current)]))
        }
        let seed = try RandomizationSeedSealing.seed(from: setup.seedHex, key: auditKey)
        let stored = try await AllocationSlotRecord.query(on: tx.database).filter(\.$listVersion == setup.listVersion).all()
        let byStratum = Dictionary(grouping: stored, by: \.stratum)
        var added: [String: Int] = [:]
        var newRows: [AllocationSlotRecord] = []
        for stratum in study.allStrata.map(\.key) {
            let existing = (byStratum[stratum] ?? []).sorted { $0.slotNumber < $1.slotNumber }.map {
                PermutedBlockSlot(stratum: stratum, slotNumber: $0.slotNumber, blockNumber: $0.blockNumber, blockSize: $0.blockSize,
                                  positionInBlock: 0, arm: $0.arm)
            }
            let extensionSlots = try PermutedBlockExtension(design: design, seed: seed, stratum: stratum, existing: existing, length: length).addedSlots
            added[stratum] = extensionSlots.count
            for slot in extensionSlots {
                let record = AllocationSlotRecord()
                record.id = UUID()
                record.listVersion = setup.listVersion
                record.stratum = slot.stratum
                record.slotNumber = slot.slotNumber
                record.blockNumber = slot.blockNumber
                record.blockSize = slot.blockSize
                record.arm = slot.arm
                newRows.append(record)
            }
        }
        for chunk in stride(from: 0, to: newRows.count, by: 200) {
            try await Array(newRows[chunk..<min(chunk + 200, newRows.count)]).create(on: tx.database)
        }
        let all = stored + newRows
        setup.listsSHA256 = Self.listsDigest(all.map { ($0.stratum, $0.slotNumber, $0.blockNumber, $0.blockSize, $0.arm) })
        setup.listLength = length
        try await setup.update(on: tx.database)
        // The commitment to the longer lists, as at activation: counts and the digest, never an arm.
        try await tx.appendEvent(action: "extend-allocation-lists", entityType: "randomization-setup", entityID: String(setup.listVersion),
                                 changes: [
                                    AuditFieldChange(field: "length", old: String(current), new: String(length)),
                                    AuditFieldChange(field: "slots", old: String(stored.count), new: String(all.count)),
                                    AuditFieldChange(field: "listsSHA256", old: nil, new: setup.listsSHA256),
                                 ])
        return ListExtension(length: length, slotsAdded: added, listsSHA256: setup.listsSHA256)
    }

    static func listsDigest(_ slots: [(stratum: String, slot: Int, block: Int, blockSize: Int, arm: String)]) -> String {
        let lines = slots.sorted { ($0.stratum, $0.slot) < ($1.stratum, $1.slot) }
            .map { "\($0.stratum),\($0.slot),\($0.block),\($0.blockSize),\($0.arm)\n" }
        return AuditChain.sha256Hex(lines.joined())
    }

    // MARK: Reading

    /// `governing` is the version in force on the screening date (`randomize` passes it); without it, the
    /// version this service was made with.
    public func readiness(of screening: ScreeningRecord, under governing: StudyDefinition? = nil) throws -> RandomizationReadiness {
        try readiness(of: screening, submission: try submission(of: screening), under: governing)
    }

    /// The same, from the screening's submission already read (a list shows both).
    public func readiness(of screening: ScreeningRecord, submission: ScreeningSubmission, under governing: StudyDefinition? = nil) -> RandomizationReadiness {
        let consent: ConsentRecord?
        if let date = screening.consentDate.flatMap(CalendarDate.init(iso8601:)), let version = screening.consentFormVersion,
           let by = screening.consentObtainedBy {
            consent = ConsentRecord(date: date, formVersion: version, obtainedBy: by)
        } else {
            consent = nil
        }
        return RandomizationReadiness(study: governing ?? study, submission: submission, consent: consent)
    }

    /// A date as stored; one that cannot be read is a clear refusal, never read as some other day.
    static func storedDate(_ text: String, of screening: ScreeningRecord) throws -> CalendarDate {
        guard let date = CalendarDate(iso8601: text) else {
            throw StoreError.conflict(RuleMessage("store.unreadableScreening", "screening {screening} holds data that cannot be read: nothing is computed from it, and nothing is left out silently (run trialdesk audit verify)",
                                                  ["screening": screening.screeningNumber]))
        }
        return date
    }

    public func submission(of screening: ScreeningRecord) throws -> ScreeningSubmission {
        let stored = StoredScreeningAnswers(values: screening.valuesJSON, answers: screening.answersJSON)
        let decode = { (text: StoredScreeningAnswers) in
            let decoder = JSONDecoder()
            return DecodedScreeningAnswers(values: try decoder.decode([String: ScreeningValue].self, from: Data(text.values.utf8)),
                                           answers: try decoder.decode([String: CriterionAnswer].self, from: Data(text.answers.utf8)))
        }
        let decoded = try screening.id.map { try Self.decodedAnswers.value(id: $0, text: stored, decode: decode) } ?? decode(stored)
        return ScreeningSubmission(siteCode: screening.siteCode, screeningDate: try Self.storedDate(screening.screeningDate, of: screening),
                                   values: decoded.values, answers: decoded.answers)
    }

    struct StoredScreeningAnswers: Equatable, Sendable {
        var values: String
        var answers: String
    }

    struct DecodedScreeningAnswers: Sendable {
        var values: [String: ScreeningValue]
        var answers: [String: CriterionAnswer]
    }

    /// The screening log lists every screening's values and answers.
    static let decodedAnswers = DecodedTextCache<StoredScreeningAnswers, DecodedScreeningAnswers>(capacity: 10_000)

    private func apply(_ submission: ScreeningSubmission, to record: ScreeningRecord, under study: StudyDefinition) {
        let encoder = AuditChain.canonicalEncoder()
        record.siteCode = submission.siteCode
        record.screeningDate = submission.screeningDate.iso8601
        record.valuesJSON = String(decoding: (try? encoder.encode(submission.values)) ?? Data("{}".utf8), as: UTF8.self)
        record.answersJSON = String(decoding: (try? encoder.encode(submission.answers)) ?? Data("{}".utf8), as: UTF8.self)
        let evaluation = study.evaluateEligibility(answers: submission.answers, recorded: submission.values)
        record.verdict = evaluation.verdict.rawValue
        let failed = evaluation.failedCriteria.map { $0.reasonError.moved(to: $0.id) }
        record.failedCriteriaJSON = String(decoding: (try? encoder.encode(failed)) ?? Data("[]".utf8), as: UTF8.self)
    }

    private func minimizationCounts(design: MinimizationDesign, database: any Database) async throws -> MinimizationCounts {
        var counts = MinimizationCounts(design: design)
        let randomized = try await ParticipantRecord.query(on: database).filter(\.$arm != nil).sort(\.$allocationNumber).all()
        for participant in randomized {
            guard let arm = participant.arm, let key = participant.stratum else { continue }
            try counts.record(levels: Stratum.levels(fromKey: key), arm: arm, design: design)
        }
        return counts
    }
}

extension Stratum {
    /// Factor levels from a stratum key (`lesionCount=6-7;site=960`).
    static func levels(fromKey key: String) -> [String: String] {
        guard key != "all" else { return [:] }
        var levels: [String: String] = [:]
        for part in key.split(separator: ";") {
            let pieces = part.split(separator: "=", maxSplits: 1)
            if pieces.count == 2 { levels[String(pieces[0])] = String(pieces[1]) }
        }
        return levels
    }
}
