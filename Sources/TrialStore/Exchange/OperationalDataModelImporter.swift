import FluentKit
import Foundation
import TrialCore

/// Reads a TrialDesk ODM 1.3.2 transactional export (`export odm --history`) into an empty database: the
/// participants with their screening, enrolment and randomization, every version of every form in the order
/// the file holds them, and the investigator's signature. Each change is one audited write whose reason names
/// the file and the original `AuditRecord` (docs/exchange.md), so that exporting the imported database gives
/// the same clinical data.
///
/// The file's metadata must be the installed study's: the first study event, form, item group, item or code
/// list that differs is refused by its OID. Each form version is read by the form's own decoding (its types
/// and codes); the casebook's edit checks, which judged the data when they were first entered, are not run
/// again and no query is raised. The derived state (computed responses, planned visits, serious events) is
/// rebuilt as a save rebuilds it.
public struct OperationalDataModelImporter: Sendable {
    public let store: TrialStore
    public let study: StudyDefinition
    public let actor: AuditActor

    public init(store: TrialStore, study: StudyDefinition, actor: AuditActor) {
        self.store = store
        self.study = study
        self.actor = actor
    }

    public struct Summary: Sendable, Equatable {
        public var participants: Int
        public var forms: Int
        public var versions: Int
    }

    static func refusal(_ field: String, _ message: RuleMessage) -> ValidationFailure {
        ValidationFailure(field: field, message)
    }

    public func importFile(_ data: Data, fileName: String) async throws -> Summary {
        let root: XMLElementTree
        switch XMLElementTree.parse(data) {
        case .success(let tree): root = tree
        case .failure(let error):
            throw Self.refusal("file", RuleMessage("exchange.notXML", "{file} is not well-formed XML (line {line}: {message})",
                               ["file": fileName, "line": String(error.line), "message": error.message]))
        }
        guard root.name == "ODM", root["ODMVersion"] == "1.3.2" else {
            throw Self.refusal("file", RuleMessage("exchange.notODM132", "{file} is not a CDISC ODM 1.3.2 document", ["file": fileName]))
        }
        guard root["FileType"] == "Transactional" else {
            throw Self.refusal("file", RuleMessage("exchange.notTransactional",
                               "{file} is a snapshot: an import needs the history, written by export odm --history", ["file": fileName]))
        }
        let writer = OperationalDataModelWriter(store: store, study: study, labels: OperationalDataModelLabels(english: [:], chinese: [:]))
        guard case .success(let installed) = XMLElementTree.parse(Data(try await writer.document(OperationalDataModelOptions(metadataOnly: true)).utf8)) else {
            throw StoreError.invalidConfiguration("the installed study's ODM metadata could not be read back")
        }
        if let oid = Self.firstMetadataMismatch(file: root, installed: installed) {
            throw Self.refusal("file", RuleMessage("exchange.metadataMismatch",
                               "the metadata of {file} do not match the installed study {study}: {oid} differs", ["file": fileName, "study": study.protocolId, "oid": oid]))
        }
        let participants = try await ParticipantRecord.query(on: store.database).count()
        let screenings = try await ScreeningRecord.query(on: store.database).count()
        if participants > 0 || screenings > 0 {
            throw Self.refusal("db", RuleMessage("exchange.databaseNotEmpty", "the database already holds screenings or participants: import into a new database"))
        }
        let meanings = Dictionary((root.child("AdminData")?.all("SignatureDef") ?? []).compactMap { definition in
            definition["OID"].map { ($0, definition.child("Meaning")?.text ?? "") }
        }, uniquingKeysWith: { first, _ in first })
        var summary = Summary(participants: 0, forms: 0, versions: 0)
        for clinical in root.all("ClinicalData") {
            for subject in clinical.all("SubjectData") {
                try await importSubject(subject, fileName: fileName, meanings: meanings, summary: &summary)
            }
        }
        return summary
    }

    // MARK: - Metadata

    /// The OID of the first definition whose structure differs between the file and the installed study
    /// (labels may differ: they follow the page catalogues), or nil when they agree.
    static func firstMetadataMismatch(file: XMLElementTree, installed: XMLElementTree) -> String? {
        guard let fileStudy = file.child("Study"), let ownStudy = installed.child("Study") else { return "Study" }
        if fileStudy["OID"] != ownStudy["OID"] { return fileStudy["OID"] ?? "Study" }
        guard let fileVersion = fileStudy.child("MetaDataVersion"), let ownVersion = ownStudy.child("MetaDataVersion") else { return "MetaDataVersion" }
        if fileVersion["OID"] != ownVersion["OID"] { return fileVersion["OID"] ?? "MetaDataVersion" }
        func signatures(_ version: XMLElementTree) -> [(oid: String, shape: String)] {
            version.children.filter { ["StudyEventDef", "FormDef", "ItemGroupDef", "ItemDef", "CodeList"].contains($0.name) }.map { definition in
                let attributes = ["Repeating", "Type", "DataType"].compactMap { key in definition[key].map { "\(key)=\($0)" } }
                let references = definition.children.compactMap { child -> String? in
                    switch child.name {
                    case "FormRef": return child["FormOID"]
                    case "ItemGroupRef": return child["ItemGroupOID"]
                    case "ItemRef": return (child["ItemOID"] ?? "") + (child["Mandatory"] == "Yes" ? "!" : "")
                    case "MeasurementUnitRef": return child["MeasurementUnitOID"]
                    case "CodeListRef": return child["CodeListOID"]
                    case "CodeListItem": return child["CodedValue"]
                    case "RangeCheck": return (child["Comparator"] ?? "") + (child.child("CheckValue")?.text ?? "")
                    default: return nil
                    }
                }
                return (definition["OID"] ?? definition.name, ([definition.name] + attributes + references).joined(separator: "|"))
            }
        }
        let theirs = signatures(fileVersion)
        let ours = signatures(ownVersion)
        let ourShapes = Dictionary(ours.map { ($0.oid, $0.shape) }, uniquingKeysWith: { first, _ in first })
        for definition in theirs where ourShapes[definition.oid] != definition.shape { return definition.oid }
        let theirOIDs = Set(theirs.map(\.oid))
        return ours.first { !theirOIDs.contains($0.oid) }?.oid
    }

    // MARK: - Clinical data

    private static func auditRecord(_ element: XMLElementTree?) -> OriginalAuditRecord? {
        guard let record = element?.child("AuditRecord"), let user = record.child("UserRef")?["UserOID"],
              let time = record.child("DateTimeStamp")?.text else { return nil }
        let location = record.child("LocationRef")?["LocationOID"]
        return OriginalAuditRecord(
            user: user.hasPrefix("USR.") ? String(user.dropFirst(4)) : user,
            location: location == OperationalDataModelWriter.sponsorLocationOID ? nil : location.map { $0.hasPrefix("LOC.") ? String($0.dropFirst(4)) : $0 },
            time: time, reason: record.child("ReasonForChange")?.text, source: record.child("SourceID")?.text ?? "")
    }

    private static func itemKey(_ oid: String?, prefix: String) -> String? {
        guard let oid, oid.hasPrefix(prefix) else { return nil }
        return String(oid.dropFirst(prefix.count))
    }

    private func importSubject(_ subject: XMLElementTree, fileName: String, meanings: [String: String], summary: inout Summary) async throws {
        guard let participantID = subject["SubjectKey"] else { throw Self.refusal("SubjectData", RuleMessage("exchange.noSubjectKey", "a SubjectData has no SubjectKey")) }
        guard let siteOID = subject.child("SiteRef")?["LocationOID"], let siteCode = Self.itemKey(siteOID, prefix: "LOC."), study.site(code: siteCode) != nil else {
            throw Self.refusal(participantID, RuleMessage("exchange.unknownSubjectSite", "participant {participant} names no site of the study", ["participant": participantID]))
        }
        let event = subject.all("StudyEventData")
        let formsData = event.flatMap { $0.all("FormData") }
        guard let enrolment = formsData.first(where: { $0["FormOID"] == OperationalDataModelWriter.formOID(EnrolmentItems.formName) }) else {
            throw Self.refusal(participantID, RuleMessage("exchange.noEnrolment", "participant {participant} has no enrolment form", ["participant": participantID]))
        }
        let participant = try await importEnrolment(enrolment, participantID: participantID, siteCode: siteCode, fileName: fileName)
        summary.participants += 1
        var states: [String: (kind: CaseReportForm, rows: [String: FormItemRow])] = [:]
        for formData in formsData where formData !== enrolment {
            guard let formName = Self.itemKey(formData["FormOID"], prefix: "F."), let kind = CaseReportForm(rawValue: formName),
                  let formID = formData["FormRepeatKey"], let uuid = UUID(uuidString: formID) else {
                throw Self.refusal(participantID, RuleMessage("exchange.unknownForm", "participant {participant} has a form {form} that TrialDesk does not record, or without its record ID",
                                   ["participant": participantID, "form": formData["FormOID"] ?? "(none)"]))
            }
            // A version that changed no recorded value has nothing to apply.
            if formData.all("ItemGroupData").isEmpty { continue }
            var state = states[formID]?.rows ?? [:]
            var record: OriginalAuditRecord?
            let groups = CaseReportFormItems.groups(of: kind)
            for groupData in formData.all("ItemGroupData") {
                guard let group = groups.first(where: { OperationalDataModelWriter.itemGroupOID(kind.rawValue, $0) == groupData["ItemGroupOID"] }) else {
                    throw Self.refusal(formID, RuleMessage("exchange.unknownItemGroup", "form {form} has an item group {group} that it does not record",
                                       ["form": formID, "group": groupData["ItemGroupOID"] ?? "(none)"]))
                }
                let repeatKey = group.path.isEmpty ? nil : groupData["ItemGroupRepeatKey"].flatMap(Int.init)
                let rowKey = "\(group.path)#\(repeatKey ?? 0)"
                record = record ?? Self.auditRecord(groupData)
                if groupData["TransactionType"] == "Remove" {
                    state[rowKey] = nil
                    continue
                }
                var row = state[rowKey] ?? FormItemRow(groupPath: group.path, repeatKey: repeatKey, values: [:])
                for itemData in groupData.all("ItemData") {
                    guard let item = group.items.first(where: { OperationalDataModelWriter.itemOID(kind.rawValue, group, $0) == itemData["ItemOID"] }) else {
                        throw Self.refusal(formID, RuleMessage("exchange.unknownItemOID", "form {form} has an item {item} that it does not record",
                                           ["form": formID, "item": itemData["ItemOID"] ?? "(none)"]))
                    }
                    record = record ?? Self.auditRecord(itemData)
                    if itemData["TransactionType"] == "Remove" || itemData["IsNull"] == "Yes" {
                        row.values[item.key] = nil
                    } else {
                        row.values[item.key] = itemData["Value"] ?? ""
                    }
                }
                state[rowKey] = row
            }
            guard let record else {
                throw Self.refusal(formID, RuleMessage("exchange.noAuditRecord", "a version of form {form} carries no AuditRecord", ["form": formID]))
            }
            let isNew = states[formID] == nil
            states[formID] = (kind, state)
            let entry = try CaseReportEntry.decode(kind: kind, json: try CaseReportFormItems.formJSON(of: kind, rows: Array(state.values)))
            try await saveVersion(entry, id: uuid, isNew: isNew, participant: participant, record: record, fileName: fileName)
            summary.versions += 1
            if isNew { summary.forms += 1 }
        }
        if let signature = subject.child("Signature"), let signer = Self.itemKey(signature.child("UserRef")?["UserOID"], prefix: "USR."),
           let signedAt = signature.child("DateTimeStamp")?.text {
            let meaning = signature.child("SignatureRef")?["SignatureOID"].flatMap { meanings[$0] }
            try await store.write(as: actor, reason: "imported from ODM file \(fileName): the investigator's signature of \(signedAt)") { tx in
                guard let stored = try await ParticipantRecord.find(participant.id, on: tx.database) else { return }
                stored.signedBy = signer
                stored.signedAt = signedAt
                stored.signatureMeaning = meaning
                try await tx.update(stored, action: "import-signature")
            }
        }
    }

    /// The screening and the participant, each field set by a write that carries the field's original audit
    /// record, in the original order (so the screening is created, then enrolled, then randomized).
    private func importEnrolment(_ form: XMLElementTree, participantID: String, siteCode: String, fileName: String) async throws -> ParticipantRecord {
        let group = EnrolmentItems.group(study: study)
        var values: [(item: String, value: String, record: OriginalAuditRecord)] = []
        for groupData in form.all("ItemGroupData") {
            for itemData in groupData.all("ItemData") {
                guard let key = group.items.first(where: { OperationalDataModelWriter.itemOID(EnrolmentItems.formName, group, $0) == itemData["ItemOID"] })?.key,
                      let value = itemData["Value"], let record = Self.auditRecord(itemData) else { continue }
                values.append((key, value, record))
            }
        }
        let final = Dictionary(values.map { ($0.item, $0.value) }, uniquingKeysWith: { _, last in last })
        func required(_ item: String) throws -> String {
            guard let value = final[item] else {
                throw Self.refusal(participantID, RuleMessage("exchange.enrolmentItemMissing", "the enrolment of {participant} has no {item}", ["participant": participantID, "item": item]))
            }
            return value
        }
        let screening = ScreeningRecord()
        screening.id = UUID()
        screening.siteCode = siteCode
        screening.screeningNumber = try required("screeningNumber")
        screening.screeningDate = try required("screeningDate")
        screening.valuesJSON = try required("screeningValues")
        screening.answersJSON = try required("eligibilityAnswers")
        screening.verdict = try required("eligibilityVerdict")
        screening.failedCriteriaJSON = try required("failedCriteria")
        let participant = ParticipantRecord()
        participant.id = UUID()
        participant.participantID = participantID
        participant.siteCode = siteCode
        participant.screeningID = try screening.requireID()
        participant.enrolledOn = try required("enrolledOn")
        guard let sequence = Int(try required("siteSequence")) else {
            throw Self.refusal(participantID, RuleMessage("exchange.notANumber", "{field} must be a {type} number, not {value}", ["field": "siteSequence", "type": "integer", "value": final["siteSequence"] ?? ""]))
        }
        participant.siteSequence = sequence
        let sourceOf = Dictionary(EnrolmentItems.sources.map { ($0.item, $0.entity) }, uniquingKeysWith: { first, _ in first })
        // One write per original audit record, oldest first; the records are created by the first write that
        // touches them, with their required fields.
        var batches: [(record: OriginalAuditRecord, items: [String: String])] = []
        for value in values {
            if let index = batches.firstIndex(where: { $0.record == value.record }) {
                batches[index].items[value.item] = value.value
            } else {
                batches.append((value.record, [value.item: value.value]))
            }
        }
        batches.sort { ($0.record.time, $0.record.source) < ($1.record.time, $1.record.source) }
        screening.participantID = participantID
        var screeningCreated = false
        var participantCreated = false
        for batch in batches {
            let entities = Set(batch.items.keys.compactMap { sourceOf[$0] })
            let writesScreening = entities.contains(ScreeningRecord.auditEntityType) || !screeningCreated
            let createsScreening = !screeningCreated
            let writesParticipant = entities.contains(ParticipantRecord.auditEntityType)
            let createsParticipant = !participantCreated
            if writesScreening { Self.apply(batch.items, toScreening: screening) }
            if writesParticipant { Self.apply(batch.items, toParticipant: participant) }
            try await store.write(as: actor, reason: batch.record.importReason(fileName: fileName)) { tx in
                if writesScreening {
                    if createsScreening { try await tx.create(screening, action: "import-screening") } else { try await tx.update(screening, action: "import-screening") }
                }
                if writesParticipant {
                    if createsParticipant { try await tx.create(participant, action: "import-enrolment") } else { try await tx.update(participant, action: "import-enrolment") }
                }
            }
            screeningCreated = screeningCreated || writesScreening
            participantCreated = participantCreated || writesParticipant
        }
        if !participantCreated {
            try await store.write(as: actor, reason: "imported from ODM file \(fileName): participant \(participantID)") { tx in
                try await tx.create(participant, action: "import-enrolment")
            }
        }
        return participant
    }

    private static func apply(_ items: [String: String], toScreening screening: ScreeningRecord) {
        for (item, value) in items {
            switch item {
            case "screeningNumber": screening.screeningNumber = value
            case "screeningDate": screening.screeningDate = value
            case "screeningValues": screening.valuesJSON = value
            case "eligibilityAnswers": screening.answersJSON = value
            case "eligibilityVerdict": screening.verdict = value
            case "failedCriteria": screening.failedCriteriaJSON = value
            case "consentDate": screening.consentDate = value
            case "consentFormVersion": screening.consentFormVersion = value
            case "consentObtainedBy": screening.consentObtainedBy = value
            default: break
            }
        }
    }

    private static func apply(_ items: [String: String], toParticipant participant: ParticipantRecord) {
        for (item, value) in items {
            switch item {
            case "enrolledOn": participant.enrolledOn = value
            case "siteSequence": participant.siteSequence = Int(value) ?? participant.siteSequence
            case "stratum": participant.stratum = value
            case "arm": participant.arm = value
            case "randomizedOn": participant.randomizedOn = value
            case "randomizedAt": participant.randomizedAt = value
            case "allocationNumber": participant.allocationNumber = Int(value)
            default: break
            }
        }
    }

    /// One version of one form: created by its first version, corrected by each later one, in one audited
    /// write with the derived state a save rebuilds (responses of every assessment, planned visits, serious
    /// events).
    private func saveVersion(_ entry: CaseReportEntry, id: UUID, isNew: Bool, participant: ParticipantRecord,
                             record: OriginalAuditRecord, fileName: String) async throws {
        try await store.write(as: actor, reason: record.importReason(fileName: fileName)) { tx in
            let participantID = participant.participantID
            let form: CaseReportFormRecord
            if isNew {
                form = CaseReportFormRecord()
                form.id = id
                form.participantID = participantID
                form.siteCode = participant.siteCode
                form.form = entry.kind.rawValue
                form.createdAt = record.time
            } else {
                guard let stored = try await CaseReportFormRecord.find(id, on: tx.database) else { throw StoreError.notFound(entity: "form", id: id.uuidString) }
                form = stored
            }
            form.payloadJSON = try entry.canonicalJSON()
            let (stored, before) = try await CaseReportService.casebook(participantID: participantID, on: tx.database)
            var after = before
            after.place(entry, id: form.auditEntityID)
            let responses = CaseReportService.responsesToStore(after: after, changed: entry)
            if let responses { form.computedJSON = try CaseReportService.responseJSON(responses[form.auditEntityID]) }
            if isNew { try await tx.create(form, action: "import-\(entry.kind.rawValue)") } else { try await tx.update(form, action: "import-\(entry.kind.rawValue)") }
            if let responses {
                let assessments = try await CaseReportFormRecord.query(on: tx.database).filter(\.$participantID == participantID)
                    .filter(\.$form == CaseReportForm.tumourAssessment.rawValue).all()
                for other in assessments where other.auditEntityID != form.auditEntityID {
                    let json = try CaseReportService.responseJSON(responses[other.auditEntityID])
                    guard json != other.computedJSON else { continue }
                    other.computedJSON = json
                    try await tx.update(other, action: "recompute-response", reason: "response recomputed: imported \(entry.kind.rawValue) \(form.auditEntityID) changed")
                }
            }
            if ParticipantVisitSchedule.isMoved(byForm: entry.kind) {
                try await PlannedVisits.refresh(participantID: participantID, siteCode: stored.siteCode, casebook: after, study: study, on: tx.database,
                                                history: try await tx.studyHistory())
            }
            try await SeriousAdverseEventRecord.refresh(formID: id, participantID: participantID, siteCode: stored.siteCode, entry: entry, on: tx.database)
        }
    }
}
