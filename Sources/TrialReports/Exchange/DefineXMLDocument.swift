import Foundation
import TrialCore

/// The metadata of the ADaM datasets as CDISC Define-XML 2.1 (`adam/define.xml`), and the same content as
/// a page a reviewer reads in a browser (`define.html`, `DefineHTMLPage`).
///
/// What is described: each dataset (`ItemGroupDef`: name, label, class, structure, keys, the transport file),
/// each variable (`ItemDef`: label, data type, length, display format, origin; a derived variable's method in
/// plain words as a `MethodDef`), the code lists of coded variables (built from the values the dataset holds,
/// so a list never names a value that is not there), and value-level metadata for ADTTE's AVAL per PARAMCD
/// (`def:ValueListDef` with one `def:WhereClauseDef` per parameter). Origins of collected variables name the
/// CRF item (form and field) the value was recorded in; the catalog of origins is `DefineVariableCatalog`.
public struct DefineXMLDocument: Sendable {
    public let study: StudyDefinition
    public let datasets: [AnalysisDataset]
    public let context: DatasetJSONContext

    public init(study: StudyDefinition, datasets: [AnalysisDataset], context: DatasetJSONContext) {
        self.study = study
        self.datasets = datasets
        self.context = context
    }

    // MARK: - The model both renderings share

    /// One variable as define.xml describes it.
    public struct Variable: Sendable {
        public var dataset: String
        public var variable: AnalysisVariable
        public var order: Int
        public var dataType: String
        public var keySequence: Int?
        public var origin: DefineOrigin
        public var codeList: CodeList?

        public var oid: String { variable.itemOID(in: dataset) }
        public var methodOID: String? {
            if case .derived = origin { return "MT.\(dataset).\(variable.name)" }
            return nil
        }
    }

    public struct CodeList: Sendable {
        public var oid: String
        public var name: String
        public var dataType: String
        /// Coded value and, when the dataset has one (PARAMCD's PARAM), its decode.
        public var items: [(code: String, decode: String?)]
    }

    /// One ADTTE parameter (a PARAMCD value): its derivation, and its own code lists of CNSR and EVNTDESC
    /// (each parameter numbers its censoring rules itself, so CNSR 1 means one thing for PFS, another for OS).
    public struct ParameterValue: Sendable {
        public var code: String
        public var decode: String
        public var derivation: String
        /// Per value-level variable (CNSR, EVNTDESC), the code list of this parameter's records.
        public var codeLists: [String: CodeList]

        public var whereClauseOID: String { "WC.ADTTE.PARAMCD.\(code)" }
        public func itemOID(_ variable: String) -> String { "IT.ADTTE.\(variable).\(code)" }
        public var methodOID: String { "MT.ADTTE.PARAM.\(code)" }
    }

    /// ADTTE's variables with value-level metadata per PARAMCD.
    public static let valueLevelVariables = ["AVAL", "CNSR", "EVNTDESC"]

    /// Keys (`KeySequence`) of each dataset, in order: the variables that identify a record.
    static let keys: [String: [String]] = [
        "ADSL": ["STUDYID", "USUBJID"],
        "ADTTE": ["STUDYID", "USUBJID", "PARAMCD", "LESIONID"],
        "ADAE": ["STUDYID", "USUBJID", "AESEQ"],
        "ADQS": ["STUDYID", "USUBJID", "PARAMCD", "AVISIT", "ABLFL"],
        "ADPROG": ["STUDYID", "USUBJID", "PARAMCD"],
    ]

    /// The ADaM class and structure of each dataset.
    public static func classification(of dataset: String) -> (className: String, subClass: String?, structure: String) {
        switch dataset {
        case "ADSL": return ("SUBJECT LEVEL ANALYSIS DATASET", nil, "One record per subject")
        case "ADTTE": return ("BASIC DATA STRUCTURE", "TIME-TO-EVENT", "One record per subject per parameter (per treated lesion for LC)")
        case "ADAE": return ("OCCURRENCE DATA STRUCTURE", "ADVERSE EVENT", "One record per adverse event")
        case "ADQS": return ("BASIC DATA STRUCTURE", nil, "One record per subject per scale per analysis visit")
        default: return ("BASIC DATA STRUCTURE", nil, "One record per subject per pattern of first progression")
        }
    }

    /// Every variable of every dataset with its metadata; a variable the catalog does not describe is an
    /// error naming it, never a guess.
    public func variables() throws -> [Variable] {
        var result: [Variable] = []
        var missing: [FieldError] = []
        for dataset in datasets {
            let keyNames = Self.keys[dataset.name] ?? []
            for (index, variable) in dataset.variables.enumerated() {
                guard let origin = DefineVariableCatalog.origin(dataset: dataset.name, variable: variable.name) else {
                    missing.append(FieldError(field: "\(dataset.name).\(variable.name)", message: "has no origin in the Define-XML catalog (DefineVariableCatalog)"))
                    continue
                }
                let values = dataset.rows.map { $0[index] }
                result.append(Variable(
                    dataset: dataset.name, variable: variable, order: index + 1, dataType: Self.dataType(of: variable, values: values),
                    keySequence: keyNames.firstIndex(of: variable.name).map { $0 + 1 }, origin: origin,
                    codeList: DefineVariableCatalog.hasCodeList(variable.name) ? Self.codeList(dataset: dataset, index: index) : nil))
            }
        }
        try ValidationFailure.throwIfAny(missing)
        return result
    }

    /// text for character variables; integer for dates (SAS date numbers) and for numbers that are all whole;
    /// float otherwise.
    static func dataType(of variable: AnalysisVariable, values: [AnalysisValue]) -> String {
        guard variable.type.isNumeric else { return "text" }
        if variable.format == .date9 { return "integer" }
        let whole = values.allSatisfy { value in
            if case .number(let number) = value { return !number.isFinite || number.rounded() == number }
            return true
        }
        return whole ? "integer" : "float"
    }

    /// The variable whose text decodes a coded variable: PARAM for PARAMCD, EVNTDESC for CNSR.
    static let decodingVariables = ["PARAMCD": "PARAM", "CNSR": "EVNTDESC"]

    static func codeList(dataset: AnalysisDataset, index: Int, oidSuffix: String = "") -> CodeList? {
        let variable = dataset.variables[index]
        let decodeIndex = decodingVariables[variable.name].flatMap(dataset.variableIndex(named:))
        var decodes: [String: Set<String>] = [:]
        var codes = Set<String>()
        for row in dataset.rows {
            guard let code = text(row[index]) else { continue }
            codes.insert(code)
            if let decodeIndex, let decode = text(row[decodeIndex]) { decodes[code, default: []].insert(decode) }
        }
        guard !codes.isEmpty else { return nil }
        // Every code gets a decode or none does (Define-XML lists either coded items or decoded ones); a code
        // the data describe in several ways (CNSR 0 is every kind of event) has them all, joined.
        let decodesAll = codes.allSatisfy { !(decodes[$0] ?? []).isEmpty }
        let numeric = variable.type.isNumeric
        let sorted = codes.sorted { numeric ? (Double($0) ?? 0) < (Double($1) ?? 0) : $0 < $1 }
        return CodeList(oid: "CL.\(dataset.name).\(variable.name)\(oidSuffix.isEmpty ? "" : ".\(oidSuffix)")",
                        name: "\(dataset.name) \(variable.name)\(oidSuffix.isEmpty ? "" : " (\(oidSuffix))")",
                        dataType: numeric ? "integer" : "text", items: sorted.map { ($0, decodesAll ? decodes[$0].map { $0.sorted().joined(separator: " / ") } : nil) })
    }

    static func text(_ value: AnalysisValue) -> String? {
        switch value {
        case .text(let text): return text.isEmpty ? nil : text
        case .number(let number) where number.isFinite:
            return number.rounded() == number ? String(Int(number)) : String(number)
        case .date(let date): return date.iso8601
        default: return nil
        }
    }

    /// ADTTE's parameters that the dataset holds, each with its derivation and its CNSR and EVNTDESC code lists.
    public func timeToEventParameters() -> [ParameterValue] {
        guard let adtte = datasets.first(where: { $0.name == "ADTTE" }), let paramcd = adtte.variableIndex(named: "PARAMCD"),
              let list = Self.codeList(dataset: adtte, index: paramcd) else { return [] }
        return list.items.compactMap { item in
            guard let derivation = DefineVariableCatalog.timeToEventDerivation(item.code) else { return nil }
            var records = adtte
            records.rows = adtte.rows.filter { Self.text($0[paramcd]) == item.code }
            var codeLists: [String: CodeList] = [:]
            for name in ["CNSR", "EVNTDESC"] {
                if let index = records.variableIndex(named: name), let list = Self.codeList(dataset: records, index: index, oidSuffix: item.code) {
                    codeLists[name] = list
                }
            }
            return ParameterValue(code: item.code, decode: item.decode ?? item.code, derivation: derivation, codeLists: codeLists)
        }
    }

    public var studyName: String { study.protocolId }
    public var studyDescription: String { study.title.en }

    // MARK: - XML

    public func xml() throws -> String {
        let variables = try variables()
        let parameters = timeToEventParameters()
        var out = XMLText()
        out.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        out.open("ODM", [
            ("xmlns", "http://www.cdisc.org/ns/odm/v1.3"), ("xmlns:def", "http://www.cdisc.org/ns/def/v2.1"),
            ("xmlns:xlink", "http://www.w3.org/1999/xlink"), ("ODMVersion", "1.3.2"), ("FileType", "Snapshot"),
            ("FileOID", "\(context.studyOID).\(context.metaDataVersionOID).define"),
            ("CreationDateTime", Self.odmDateTime(context.created)), ("Originator", "TrialDesk"), ("SourceSystem", "TrialDesk"),
            ("SourceSystemVersion", context.sourceSystemVersion), ("def:Context", "Other"),
        ])
        out.open("Study", [("OID", context.studyOID)])
        out.open("GlobalVariables", [])
        out.element("StudyName", text: studyName)
        out.element("StudyDescription", text: studyDescription)
        out.element("ProtocolName", text: study.protocolId)
        out.close("GlobalVariables")
        out.open("MetaDataVersion", [("OID", context.metaDataVersionOID), ("Name", "\(study.protocolId) analysis datasets, study version \(study.version)"),
                                     ("Description", "ADaM datasets written by trialdesk analyze"), ("def:DefineVersion", "2.1.0")])
        out.open("def:Standards", [])
        out.empty("def:Standard", [("OID", "STD.ADAMIG"), ("Name", "ADaMIG"), ("Type", "IG"), ("Version", "1.1"), ("Status", "Final")])
        out.close("def:Standards")

        let valueLevel = Self.valueLevelVariables.compactMap { name in variables.first { $0.dataset == "ADTTE" && $0.variable.name == name } }
        if !parameters.isEmpty {
            for variable in valueLevel {
                out.open("def:ValueListDef", [("OID", "VL.ADTTE.\(variable.variable.name)")])
                for (index, parameter) in parameters.enumerated() {
                    out.open("ItemRef", [("ItemOID", parameter.itemOID(variable.variable.name)), ("OrderNumber", String(index + 1)), ("Mandatory", "Yes"),
                                         ("MethodOID", parameter.methodOID)])
                    out.empty("def:WhereClauseRef", [("WhereClauseOID", parameter.whereClauseOID)])
                    out.close("ItemRef")
                }
                out.close("def:ValueListDef")
            }
            for parameter in parameters {
                out.open("def:WhereClauseDef", [("OID", parameter.whereClauseOID)])
                out.open("RangeCheck", [("SoftHard", "Soft"), ("def:ItemOID", "IT.ADTTE.PARAMCD"), ("Comparator", "EQ")])
                out.element("CheckValue", text: parameter.code)
                out.close("RangeCheck")
                out.close("def:WhereClauseDef")
            }
        }

        for dataset in datasets {
            let classification = Self.classification(of: dataset.name)
            out.open("ItemGroupDef", [
                ("OID", "IG.\(dataset.name)"), ("Name", dataset.name), ("SASDatasetName", dataset.name),
                ("Repeating", dataset.name == "ADSL" ? "No" : "Yes"), ("IsReferenceData", "No"), ("Purpose", "Analysis"),
                ("def:Structure", classification.structure), ("def:StandardOID", "STD.ADAMIG"),
                ("def:ArchiveLocationID", "LF.\(dataset.name)"),
            ])
            out.description(dataset.label)
            for variable in variables where variable.dataset == dataset.name {
                out.empty("ItemRef", [("ItemOID", variable.oid), ("OrderNumber", String(variable.order)),
                                      ("Mandatory", variable.keySequence == nil ? "No" : "Yes"),
                                      ("KeySequence", variable.keySequence.map(String.init)), ("MethodOID", variable.methodOID)])
            }
            if let subClass = classification.subClass {
                out.open("def:Class", [("Name", classification.className)])
                out.empty("def:SubClass", [("Name", subClass)])
                out.close("def:Class")
            } else {
                out.empty("def:Class", [("Name", classification.className)])
            }
            let file = "\(dataset.name.lowercased()).xpt"
            out.open("def:leaf", [("ID", "LF.\(dataset.name)"), ("xlink:href", file)])
            out.element("def:title", text: file)
            out.close("def:leaf")
            out.close("ItemGroupDef")
        }

        for variable in variables {
            out.open("ItemDef", [
                ("OID", variable.oid), ("Name", variable.variable.name), ("SASFieldName", variable.variable.name),
                ("DataType", variable.dataType), ("Length", String(variable.variable.type.length)),
                ("def:DisplayFormat", variable.variable.format?.description),
            ])
            out.description(variable.variable.label)
            if let list = variable.codeList { out.empty("CodeListRef", [("CodeListOID", list.oid)]) }
            Self.origin(variable.origin, into: &out)
            if variable.dataset == "ADTTE", Self.valueLevelVariables.contains(variable.variable.name), !parameters.isEmpty {
                out.empty("def:ValueListRef", [("ValueListOID", "VL.ADTTE.\(variable.variable.name)")])
            }
            out.close("ItemDef")
        }
        // Each parameter's AVAL, CNSR and EVNTDESC: the variable's type and length, the parameter's own code list.
        for variable in valueLevel {
            for parameter in parameters {
                let name = variable.variable.name
                out.open("ItemDef", [("OID", parameter.itemOID(name)), ("Name", name), ("SASFieldName", name), ("DataType", variable.dataType),
                                     ("Length", String(variable.variable.type.length))])
                out.description("\(variable.variable.label): \(parameter.decode)")
                if let list = parameter.codeLists[name] { out.empty("CodeListRef", [("CodeListOID", list.oid)]) }
                out.empty("def:Origin", [("Type", "Derived"), ("Source", "Sponsor")])
                out.close("ItemDef")
            }
        }

        for list in variables.compactMap(\.codeList) + parameters.flatMap({ parameter in ["CNSR", "EVNTDESC"].compactMap { parameter.codeLists[$0] } }) {
            out.open("CodeList", [("OID", list.oid), ("Name", list.name), ("DataType", list.dataType)])
            if list.items.contains(where: { $0.decode != nil }) {
                for item in list.items {
                    out.open("CodeListItem", [("CodedValue", item.code)])
                    out.open("Decode", [])
                    out.element("TranslatedText", [("xml:lang", "en")], text: item.decode ?? item.code)
                    out.close("Decode")
                    out.close("CodeListItem")
                }
            } else {
                for item in list.items { out.empty("EnumeratedItem", [("CodedValue", item.code)]) }
            }
            out.close("CodeList")
        }

        for variable in variables {
            guard let method = variable.methodOID, case .derived(let text) = variable.origin else { continue }
            out.open("MethodDef", [("OID", method), ("Name", "Derivation of \(variable.dataset).\(variable.variable.name)"), ("Type", "Computation")])
            out.description(text)
            out.close("MethodDef")
        }
        for parameter in parameters {
            out.open("MethodDef", [("OID", parameter.methodOID), ("Name", "Derivation of ADTTE parameter \(parameter.code)"), ("Type", "Computation")])
            out.description(parameter.derivation)
            out.close("MethodDef")
        }
        out.close("MetaDataVersion")
        out.close("Study")
        out.close("ODM")
        return out.text
    }

    static func origin(_ origin: DefineOrigin, into out: inout XMLText) {
        switch origin {
        case .collected:
            out.open("def:Origin", [("Type", origin.type), ("Source", "Investigator")])
            out.description(origin.text)
            out.close("def:Origin")
        case .derived:
            // A derived variable's words are its MethodDef's (Define-XML 2.1 puts the derivation there).
            out.empty("def:Origin", [("Type", origin.type), ("Source", "Sponsor")])
        case .assigned, .protocol:
            out.open("def:Origin", [("Type", origin.type), ("Source", "Sponsor")])
            out.description(origin.text)
            out.close("def:Origin")
        }
    }

    /// ODM's date-time: ISO 8601 to the second, in UTC.
    static func odmDateTime(_ date: Date) -> String {
        String(UTCTimestamp.string(from: date).prefix(19))
    }
}

/// A small XML writer: elements opened and closed in order, attributes and text escaped, two spaces per level.
struct XMLText {
    private(set) var text = ""
    private var depth = 0

    mutating func line(_ content: String) {
        text += String(repeating: "  ", count: depth) + content + "\n"
    }

    static func escape(_ value: String) -> String {
        var out = ""
        for character in value.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            default:
                // Control characters other than tab are not allowed in XML 1.0.
                if character.value < 0x20 && character != "\t" { continue }
                out.unicodeScalars.append(character)
            }
        }
        return out
    }

    private static func attributes(_ pairs: [(String, String?)]) -> String {
        pairs.compactMap { name, value in value.map { " \(name)=\"\(escape($0))\"" } }.joined()
    }

    mutating func open(_ name: String, _ attributes: [(String, String?)]) {
        line("<\(name)\(Self.attributes(attributes))>")
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        line("</\(name)>")
    }

    mutating func empty(_ name: String, _ attributes: [(String, String?)]) {
        line("<\(name)\(Self.attributes(attributes))/>")
    }

    mutating func element(_ name: String, _ attributes: [(String, String?)] = [], text content: String) {
        line("<\(name)\(Self.attributes(attributes))>\(Self.escape(content))</\(name)>")
    }

    /// `<Description><TranslatedText xml:lang="en">…</TranslatedText></Description>`
    mutating func description(_ content: String) {
        open("Description", [])
        element("TranslatedText", [("xml:lang", "en")], text: content)
        close("Description")
    }
}
