import FluentKit
import Foundation
import TrialCore

/// What an ODM export holds: the study's metadata alone or with the clinical data, every site or one, and
/// the current values (a snapshot) or every recorded version (the transactional history).
public struct OperationalDataModelOptions: Sendable, Hashable {
    public var metadataOnly: Bool
    public var siteCode: String?
    public var history: Bool

    public init(metadataOnly: Bool = false, siteCode: String? = nil, history: Bool = false) {
        self.metadataOnly = metadataOnly
        self.siteCode = siteCode
        self.history = history
    }

    /// The options a reader bound to one site may have: their own site's file (asked for or not); another
    /// site's is refused naming both.
    public init(metadataOnly: Bool, requestedSite: String?, history: Bool, scope: SiteScope) throws {
        var site = requestedSite
        if let own = scope.siteCode {
            if let requestedSite, requestedSite != own { throw StoreError.outsideSite(site: requestedSite, scope: scope.description) }
            site = own
        }
        self.init(metadataOnly: metadataOnly, siteCode: site, history: history)
    }
}

/// The English and Chinese texts an export labels its metadata with (the page catalogues: `form.<kind>`,
/// `field.<kind>.<item>`, `option.<list>.<code>`); a key without a text is written as its value.
public struct OperationalDataModelLabels: Sendable {
    public var english: [String: String]
    public var chinese: [String: String]

    public init(english: [String: String], chinese: [String: String]) {
        self.english = english
        self.chinese = chinese
    }

    func texts(_ key: String, fallback: String) -> (en: String, zh: String) {
        (english[key] ?? fallback, chinese[key] ?? english[key] ?? fallback)
    }
}

/// Writes the trial as one CDISC ODM 1.3.2 document (docs/exchange.md): the study's metadata built from the
/// study definition and `CaseReportFormItems`, `AdminData` (users with their roles, sites as locations, the
/// casebook signature), and the clinical data, every value carrying the `AuditRecord` of the audit event
/// that set it. Elements, attributes and rows come in a fixed order, so the same data give the same file
/// (apart from its creation time).
public struct OperationalDataModelWriter: Sendable {
    public let store: TrialStore
    public let study: StudyDefinition
    public let labels: OperationalDataModelLabels

    public init(store: TrialStore, study: StudyDefinition, labels: OperationalDataModelLabels) {
        self.store = store
        self.study = study
        self.labels = labels
    }

    /// The casebook event every form is filed under: TrialDesk files a form by participant, not by one
    /// occurrence of a visit, so the per-visit events describe the schedule and this one holds the data.
    public static let casebookEventOID = "SE.CASEBOOK"
    public static let sponsorLocationOID = "LOC.SPONSOR"

    public var studyOID: String { "ST.\(study.protocolId)" }
    public var metaDataVersionOID: String { "MDV.\(study.protocolId).\(study.version)" }

    public static func formOID(_ form: String) -> String { "F.\(form)" }

    public static func itemGroupOID(_ form: String, _ group: FormItemGroupDescription) -> String {
        group.path.isEmpty ? "IG.\(form)" : "IG.\(form).\(group.path)"
    }

    public static func itemOID(_ form: String, _ group: FormItemGroupDescription, _ item: FormItemDescription) -> String {
        group.path.isEmpty ? "IT.\(form).\(item.key)" : "IT.\(form).\(group.path).\(item.key)"
    }

    /// A form as the metadata describes it: the participant's enrolment, then every kind of case report form.
    struct DescribedForm {
        var name: String
        var repeating: Bool
        var groups: [FormItemGroupDescription]
    }

    var describedForms: [DescribedForm] {
        [DescribedForm(name: EnrolmentItems.formName, repeating: false, groups: [EnrolmentItems.group(study: study)])]
            + CaseReportForm.allCases.map { DescribedForm(name: $0.rawValue, repeating: !$0.isOnePerParticipant, groups: CaseReportFormItems.groups(of: $0)) }
    }

    static func userOID(_ username: String) -> String { "USR.\(username)" }
    static func locationOID(_ site: String?) -> String { site.map { "LOC.\($0)" } ?? sponsorLocationOID }

    static func unitOID(_ unit: String) -> String {
        "MU." + (unit == "%" ? "percent" : String(unit.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : "_" }))
    }

    /// The whole document.
    public func document(_ options: OperationalDataModelOptions) async throws -> String {
        if let site = options.siteCode, study.site(code: site) == nil {
            throw ValidationFailure(field: "site", RuleMessage("exchange.unknownSite", "{site} is not a site of the study (sites: {sites})",
                                                            ["site": site, "sites": study.sites.map(\.code).joined(separator: ", ")]))
        }
        let data = options.metadataOnly ? nil : try await ClinicalContent.read(store: store, siteCode: options.siteCode)
        var xml = XMLDocumentText()
        let head = try await store.chainHead()
        xml.start("ODM", [
            "xmlns": "http://www.cdisc.org/ns/odm/v1.3",
            "FileType": options.history ? "Transactional" : "Snapshot",
            "Granularity": options.metadataOnly ? "Metadata" : "All",
            "FileOID": "TrialDesk.\(study.protocolId).\(head.sequence)",
            "CreationDateTime": UTCTimestamp.string(from: store.now()),
            "ODMVersion": "1.3.2",
            "Originator": "TrialDesk",
            "SourceSystem": "TrialDesk",
            "SourceSystemVersion": TrialDeskVersion.current,
        ])
        writeStudy(&xml)
        if let data {
            writeAdminData(&xml, data: data, siteCode: options.siteCode)
            writeClinicalData(&xml, data: data, history: options.history)
        }
        xml.end()
        return xml.text
    }

    // MARK: - Metadata

    private func translated(_ xml: inout XMLDocumentText, _ element: String, en: String, zh: String) {
        xml.start(element)
        xml.element("TranslatedText", ["xml:lang": "en"], content: en)
        xml.element("TranslatedText", ["xml:lang": "zh"], content: zh)
        xml.end()
    }

    private var units: [String] {
        var seen: [String] = []
        for form in describedForms {
            for group in form.groups {
                for unit in group.items.compactMap(\.unit) where !seen.contains(unit) { seen.append(unit) }
            }
        }
        return seen
    }

    /// Code lists by name, in the order the forms first use them, with their codes.
    private var codeLists: [(name: String, codes: [String])] {
        var lists: [(name: String, codes: [String])] = []
        for form in describedForms {
            for group in form.groups {
                for item in group.items {
                    guard let name = item.codeListName, let codes = item.codes, !lists.contains(where: { $0.name == name }) else { continue }
                    lists.append((name, codes))
                }
            }
        }
        return lists
    }

    private func writeStudy(_ xml: inout XMLDocumentText) {
        xml.start("Study", ["OID": studyOID])
        xml.start("GlobalVariables")
        xml.element("StudyName", content: study.protocolId)
        xml.element("StudyDescription", content: study.title.en)
        xml.element("ProtocolName", content: study.registration.registryId ?? study.protocolId)
        xml.end()
        xml.start("BasicDefinitions")
        for unit in units {
            xml.start("MeasurementUnit", ["OID": Self.unitOID(unit), "Name": unit])
            xml.start("Symbol")
            xml.element("TranslatedText", ["xml:lang": "en"], content: unit)
            xml.end()
            xml.end()
        }
        xml.end()
        xml.start("MetaDataVersion", ["OID": metaDataVersionOID, "Name": "\(study.protocolId) version \(study.version)",
                                      "Description": "TrialDesk study definition \(study.protocolId) \(study.version)"])
        xml.start("Protocol")
        translated(&xml, "Description", en: study.title.en, zh: study.title.zhHans)
        for (index, visit) in study.visits.enumerated() {
            xml.element("StudyEventRef", ["StudyEventOID": "SE.\(visit.code)", "OrderNumber": String(index + 1), "Mandatory": "No"])
        }
        xml.element("StudyEventRef", ["StudyEventOID": Self.casebookEventOID, "OrderNumber": String(study.visits.count + 1), "Mandatory": "Yes"])
        xml.end()
        for visit in study.visits {
            xml.start("StudyEventDef", ["OID": "SE.\(visit.code)", "Name": visit.label.en, "Repeating": visit.isRepeating ? "Yes" : "No", "Type": "Scheduled"])
            translated(&xml, "Description", en: visit.label.en, zh: visit.label.zhHans)
            for (index, form) in visit.forms.enumerated() {
                xml.element("FormRef", ["FormOID": Self.formOID(form.rawValue), "OrderNumber": String(index + 1), "Mandatory": "No"])
            }
            xml.end()
        }
        let casebook = labels.texts("odm.casebookEvent", fallback: "Casebook")
        xml.start("StudyEventDef", ["OID": Self.casebookEventOID, "Name": casebook.en, "Repeating": "No", "Type": "Common"])
        translated(&xml, "Description", en: casebook.en, zh: casebook.zh)
        for (index, form) in describedForms.enumerated() {
            xml.element("FormRef", ["FormOID": Self.formOID(form.name), "OrderNumber": String(index + 1), "Mandatory": "No"])
        }
        xml.end()
        for form in describedForms {
            let name = labels.texts("form.\(form.name)", fallback: form.name)
            xml.start("FormDef", ["OID": Self.formOID(form.name), "Name": name.en, "Repeating": form.repeating ? "Yes" : "No"])
            translated(&xml, "Description", en: name.en, zh: name.zh)
            for (index, group) in form.groups.enumerated() {
                xml.element("ItemGroupRef", ["ItemGroupOID": Self.itemGroupOID(form.name, group), "OrderNumber": String(index + 1),
                                             "Mandatory": group.path.isEmpty ? "Yes" : "No"])
            }
            xml.end()
        }
        for form in describedForms {
            for group in form.groups {
                xml.start("ItemGroupDef", ["OID": Self.itemGroupOID(form.name, group), "Name": group.path.isEmpty ? form.name : "\(form.name).\(group.path)",
                                           "Repeating": group.repeating ? "Yes" : "No"])
                for (index, item) in group.items.enumerated() {
                    xml.element("ItemRef", ["ItemOID": Self.itemOID(form.name, group, item), "OrderNumber": String(index + 1),
                                            "Mandatory": item.mandatory ? "Yes" : "No"])
                }
                xml.end()
            }
        }
        for form in describedForms {
            for group in form.groups {
                for item in group.items { writeItemDef(&xml, form: form.name, group: group, item: item) }
            }
        }
        for list in codeLists {
            xml.start("CodeList", ["OID": "CL.\(list.name)", "Name": list.name, "DataType": "text"])
            for (index, code) in list.codes.enumerated() {
                xml.start("CodeListItem", ["CodedValue": code, "OrderNumber": String(index + 1)])
                let arm = list.name == "arm" ? study.arm(code: code) : nil
                let label = arm.map { (en: $0.label.en, zh: $0.label.zhHans) } ?? labels.texts("option.\(list.name).\(code)", fallback: code)
                translated(&xml, "Decode", en: label.en, zh: label.zh)
                xml.end()
            }
            xml.end()
        }
        xml.end()
        xml.end()
    }

    private func writeItemDef(_ xml: inout XMLDocumentText, form: String, group: FormItemGroupDescription, item: FormItemDescription) {
        let path = group.listOfValues ? group.path : (group.path.isEmpty ? item.key : "\(group.path).\(item.key)")
        let label = labels.texts("field.\(form).\(path)", fallback: path)
        xml.start("ItemDef", ["OID": Self.itemOID(form, group, item), "Name": path, "DataType": item.dataType.rawValue])
        translated(&xml, "Question", en: label.en, zh: label.zh)
        if let unit = item.unit { xml.element("MeasurementUnitRef", ["MeasurementUnitOID": Self.unitOID(unit)]) }
        if let range = item.range {
            writeRangeCheck(&xml, comparator: "GE", value: range.lowerBound)
            // A bound of Int32.max stands for "no upper bound" (a lower bound alone, e.g. at least one seed).
            if range.upperBound < Decimal(Int32.max) { writeRangeCheck(&xml, comparator: "LE", value: range.upperBound) }
        }
        if let list = item.codeListName { xml.element("CodeListRef", ["CodeListOID": "CL.\(list)"]) }
        xml.end()
    }

    private func writeRangeCheck(_ xml: inout XMLDocumentText, comparator: String, value: Decimal) {
        xml.start("RangeCheck", ["Comparator": comparator, "SoftHard": "Hard"])
        xml.element("CheckValue", content: "\(value)")
        xml.end()
    }

    // MARK: - Admin data

    private func writeAdminData(_ xml: inout XMLDocumentText, data: ClinicalContent, siteCode: String?) {
        xml.start("AdminData", ["StudyOID": studyOID])
        var usernames = Set(data.referencedUsers)
        for user in data.users where siteCode == nil || user.siteCode == siteCode { usernames.insert(user.username) }
        let accounts = Dictionary(data.users.map { ($0.username, $0) }, uniquingKeysWith: { first, _ in first })
        for username in usernames.sorted() {
            let account = accounts[username]
            let role = account.flatMap { Role(rawValue: $0.roleName) }
            xml.start("User", ["OID": Self.userOID(username), "UserType": Self.userType(role)])
            xml.element("LoginName", content: username)
            xml.element("DisplayName", content: account.map { "\(username) (\($0.roleName))" } ?? "\(username) (system)")
            xml.element("Organization", content: role.map { "role: \($0.rawValue)" } ?? "TrialDesk")
            if let site = account?.siteCode { xml.element("LocationRef", ["LocationOID": Self.locationOID(site)]) }
            xml.end()
        }
        var sites = Set(data.referencedSites)
        if let siteCode { sites.insert(siteCode) } else { sites.formUnion(study.sites.map(\.code)) }
        let effectiveDate = String(data.studyLoadedAt.prefix(10))
        xml.start("Location", ["OID": Self.sponsorLocationOID, "Name": study.sponsor.en, "LocationType": "Sponsor"])
        xml.element("MetaDataVersionRef", ["StudyOID": studyOID, "MetaDataVersionOID": metaDataVersionOID, "EffectiveDate": effectiveDate])
        xml.end()
        for code in sites.sorted() {
            xml.start("Location", ["OID": Self.locationOID(code), "Name": study.site(code: code)?.name.en ?? code, "LocationType": "Site"])
            xml.element("MetaDataVersionRef", ["StudyOID": studyOID, "MetaDataVersionOID": metaDataVersionOID, "EffectiveDate": effectiveDate])
            xml.end()
        }
        for (index, meaning) in data.signatureMeanings.enumerated() {
            xml.start("SignatureDef", ["OID": "SD.\(index + 1)", "Methodology": "Electronic"])
            xml.element("Meaning", content: meaning)
            xml.element("LegalReason", content: "Electronic signature of the investigator in TrialDesk (21 CFR Part 11): the signed casebook is locked")
            xml.end()
        }
        xml.end()
    }

    static func userType(_ role: Role?) -> String {
        switch role {
        case .investigator?, .coordinator?: return "Investigator"
        case .monitor?, .dataManager?, .statistician?, .dsmbMember?: return "Sponsor"
        case .administrator?, nil: return "Other"
        }
    }

    // MARK: - Clinical data

    private func writeAuditRecord(_ xml: inout XMLDocumentText, _ record: OriginalAuditRecord) {
        xml.start("AuditRecord")
        xml.element("UserRef", ["UserOID": Self.userOID(record.user)])
        xml.element("LocationRef", ["LocationOID": Self.locationOID(record.location)])
        xml.element("DateTimeStamp", content: record.time)
        if let reason = record.reason { xml.element("ReasonForChange", content: reason) }
        xml.element("SourceID", content: record.source)
        xml.end()
    }

    private func writeClinicalData(_ xml: inout XMLDocumentText, data: ClinicalContent, history: Bool) {
        xml.start("ClinicalData", ["StudyOID": studyOID, "MetaDataVersionOID": metaDataVersionOID])
        for participant in data.participants {
            xml.start("SubjectData", ["SubjectKey": participant.participantID, "TransactionType": history ? "Upsert" : nil])
            if let signedBy = participant.signedBy, let signedAt = participant.signedAt,
               let index = data.signatureMeanings.firstIndex(of: participant.signatureMeaning ?? "") {
                // ODM 1.3.2 leaves the ID optional; odmlib and other readers that key signatures need it.
                xml.start("Signature", ["ID": "SIG.\(participant.participantID)"])
                xml.element("UserRef", ["UserOID": Self.userOID(signedBy)])
                xml.element("LocationRef", ["LocationOID": Self.locationOID(participant.siteCode)])
                xml.element("SignatureRef", ["SignatureOID": "SD.\(index + 1)"])
                xml.element("DateTimeStamp", content: signedAt)
                xml.end()
            }
            xml.element("SiteRef", ["LocationOID": Self.locationOID(participant.siteCode)])
            let forms = data.forms[participant.participantID] ?? []
            if let enrolment = data.enrolments[participant.participantID] {
                xml.start("StudyEventData", ["StudyEventOID": Self.casebookEventOID, "TransactionType": history ? "Upsert" : nil])
                writeEnrolment(&xml, enrolment, history: history)
                if history {
                    // Every version of every form in the order the audit chain recorded them, so that a reader
                    // applying them in document order rebuilds each state the casebook went through.
                    let versions = forms.flatMap { form in form.versions.enumerated().map { (form, $0.offset, $0.element) } }
                        .sorted { $0.2.event.sequence < $1.2.event.sequence }
                    for (form, index, version) in versions {
                        writeVersion(&xml, form: form, index: index, version: version)
                    }
                } else {
                    for form in forms { writeSnapshot(&xml, form: form) }
                }
                xml.end()
            }
            xml.end()
        }
        xml.end()
    }

    /// The enrolment form: its current values in both kinds of file (they change by enrolment and
    /// randomization, not by correction), each with the audit record of the event that last set it.
    private func writeEnrolment(_ xml: inout XMLDocumentText, _ enrolment: EnrolmentContent, history: Bool) {
        let group = EnrolmentItems.group(study: study)
        xml.start("FormData", ["FormOID": Self.formOID(EnrolmentItems.formName), "TransactionType": history ? "Insert" : nil])
        xml.start("ItemGroupData", ["ItemGroupOID": Self.itemGroupOID(EnrolmentItems.formName, group), "TransactionType": history ? "Upsert" : nil])
        for item in group.items {
            guard let value = enrolment.values[item.key] else { continue }
            xml.start("ItemData", ["ItemOID": Self.itemOID(EnrolmentItems.formName, group, item), "TransactionType": history ? "Upsert" : nil, "Value": value])
            if let record = enrolment.lastChange[item.key] { writeAuditRecord(&xml, record) }
            xml.end()
        }
        xml.end()
        xml.end()
    }

    private func writeSnapshot(_ xml: inout XMLDocumentText, form: FormHistory) {
        xml.start("FormData", ["FormOID": Self.formOID(form.kind.rawValue), "FormRepeatKey": form.id])
        for group in CaseReportFormItems.groups(of: form.kind) {
            for row in form.current where row.groupPath == group.path {
                xml.start("ItemGroupData", ["ItemGroupOID": Self.itemGroupOID(form.kind.rawValue, group), "ItemGroupRepeatKey": row.repeatKey.map(String.init)])
                for item in group.items {
                    guard let value = row.values[item.key] else { continue }
                    xml.start("ItemData", ["ItemOID": Self.itemOID(form.kind.rawValue, group, item), "Value": value])
                    let key = FormHistory.ItemKey(group: group.path, repeatKey: row.repeatKey, item: item.key)
                    writeAuditRecord(&xml, form.lastChange[key] ?? form.created)
                    xml.end()
                }
                xml.end()
            }
        }
        xml.end()
    }

    private func writeVersion(_ xml: inout XMLDocumentText, form: FormHistory, index: Int, version: FormHistory.Version) {
        xml.start("FormData", ["FormOID": Self.formOID(form.kind.rawValue), "FormRepeatKey": form.id, "TransactionType": index == 0 ? "Insert" : "Update"])
        let previous = index == 0 ? [] : form.versions[index - 1].rows
        for group in CaseReportFormItems.groups(of: form.kind) {
            let before = Dictionary(previous.filter { $0.groupPath == group.path }.map { ($0.repeatKey ?? 0, $0) }, uniquingKeysWith: { a, _ in a })
            let after = Dictionary(version.rows.filter { $0.groupPath == group.path }.map { ($0.repeatKey ?? 0, $0) }, uniquingKeysWith: { a, _ in a })
            for key in Set(before.keys).union(after.keys).sorted() {
                let repeatKey = group.path.isEmpty ? nil : String(key)
                guard let row = after[key] else {
                    xml.start("ItemGroupData", ["ItemGroupOID": Self.itemGroupOID(form.kind.rawValue, group), "ItemGroupRepeatKey": repeatKey, "TransactionType": "Remove"])
                    writeAuditRecord(&xml, version.record)
                    xml.end()
                    continue
                }
                let old = before[key]?.values ?? [:]
                let changed = group.items.filter { row.values[$0.key] != old[$0.key] }
                guard !changed.isEmpty || before[key] == nil else { continue }
                xml.start("ItemGroupData", ["ItemGroupOID": Self.itemGroupOID(form.kind.rawValue, group), "ItemGroupRepeatKey": repeatKey, "TransactionType": "Upsert"])
                for item in changed {
                    if let value = row.values[item.key] {
                        xml.start("ItemData", ["ItemOID": Self.itemOID(form.kind.rawValue, group, item), "TransactionType": "Upsert", "Value": value])
                    } else {
                        xml.start("ItemData", ["ItemOID": Self.itemOID(form.kind.rawValue, group, item), "TransactionType": "Remove", "IsNull": "Yes"])
                    }
                    writeAuditRecord(&xml, version.record)
                    xml.end()
                }
                xml.end()
            }
        }
        xml.end()
    }
}
