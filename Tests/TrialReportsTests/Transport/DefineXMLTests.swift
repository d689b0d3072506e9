import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TrialTestFixtures
import TrialCore
@testable import TrialReports

/// define.xml and define.html describe every ADaM variable: origin, derivation, code lists and ADTTE's
/// value-level metadata; tools/check-define.py validates the file against the Define-XML 2.1 schema.
@Suite struct DefineXMLTests {
    static let output: TrialReportOutput = try! TrialReportOutput(SyntheticTrial(count: 24).input())

    /// Element names and attributes, read back with Foundation's parser (so the file is well-formed XML).
    final class Elements: NSObject, XMLParserDelegate {
        var found: [(name: String, attributes: [String: String])] = []
        var text = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            found.append((name, attributes))
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }

    static func parsed(_ xml: String) throws -> Elements {
        let parser = XMLParser(data: Data(xml.utf8))
        let elements = Elements()
        parser.delegate = elements
        #expect(parser.parse(), "\(parser.parserError.map(String.init(describing:)) ?? "")")
        return elements
    }

    @Test func every_adam_variable_has_an_origin_and_every_derived_one_its_derivation() throws {
        let variables = try Self.output.defineXML.variables()
        let expected = Self.output.datasets.adam.reduce(0) { $0 + $1.variables.count }
        #expect(variables.count == expected)
        for variable in variables {
            #expect(!variable.origin.text.isEmpty, "\(variable.oid)")
            if case .derived = variable.origin { #expect(variable.methodOID != nil) }
        }
        // The collected ones name a form TrialDesk has.
        for variable in variables {
            if case .collected(let form, _) = variable.origin {
                #expect(CaseReportForm(rawValue: form) != nil, "\(variable.oid): \(form)")
            }
        }
    }

    @Test func a_variable_without_a_catalog_entry_is_refused_by_name() throws {
        let dataset = AnalysisDataset(name: "ADXX", label: "Unknown", variables: [.numeric("ZZUNKNWN", label: "Undescribed")], rows: [[.number(1)]])
        let document = DefineXMLDocument(study: Self.output.study, datasets: [dataset], context: Self.output.datasetJSONContext)
        #expect { try document.xml() } throws: { error in
            (error as? ValidationFailure)?.errors.map(\.field) == ["ADXX.ZZUNKNWN"]
        }
    }

    @Test func the_file_holds_datasets_code_lists_methods_and_adtte_value_level_metadata() throws {
        let xml = try Self.output.defineXML.xml()
        let elements = try Self.parsed(xml)
        func all(_ name: String) -> [[String: String]] { elements.found.filter { $0.name == name }.map(\.attributes) }
        #expect(all("ODM").first?["ODMVersion"] == "1.3.2")
        #expect(all("MetaDataVersion").first?["def:DefineVersion"] == "2.1.0")
        #expect(all("ItemGroupDef").map { $0["Name"] } == ["ADSL", "ADTTE", "ADAE", "ADQS", "ADPROG"])
        let codeLists = Set(all("CodeList").compactMap { $0["OID"] })
        for oid in ["CL.ADTTE.CNSR", "CL.ADTTE.EVNTDESC", "CL.ADTTE.PARAMCD", "CL.ADQS.AVALCAT1", "CL.ADSL.ITTFL"] {
            #expect(codeLists.contains(oid), "\(oid)")
        }
        // One where clause per ADTTE parameter the dataset holds, each with its own derivation.
        let adtte = try #require(Self.output.datasets.dataset(named: "ADTTE"))
        let paramcd = try #require(adtte.variableIndex(named: "PARAMCD"))
        let parameters = Set(adtte.rows.compactMap { row -> String? in if case .text(let code) = row[paramcd] { return code } else { return nil } })
        #expect(Set(all("def:WhereClauseDef").compactMap { $0["OID"] }) == Set(parameters.map { "WC.ADTTE.PARAMCD.\($0)" }))
        #expect(all("def:ValueListRef").map { $0["ValueListOID"] } == ["VL.ADTTE.AVAL", "VL.ADTTE.CNSR", "VL.ADTTE.EVNTDESC"])
        // Each parameter has its own CNSR code list (PFS numbers its censoring rules apart from OS).
        for parameter in parameters { #expect(codeLists.contains("CL.ADTTE.CNSR.\(parameter)"), "\(parameter)") }
        #expect(Set(all("RangeCheck").compactMap { $0["def:ItemOID"] }) == ["IT.ADTTE.PARAMCD"])
        // Every ItemRef's method and item exist.
        let methods = Set(all("MethodDef").compactMap { $0["OID"] })
        let items = Set(all("ItemDef").compactMap { $0["OID"] })
        for ref in all("ItemRef") {
            #expect(items.contains(ref["ItemOID"] ?? ""))
            if let method = ref["MethodOID"] { #expect(methods.contains(method), "\(method)") }
        }
        // CNSR is decoded with the event or censoring descriptions the data give each code.
        let cnsr = try #require(xml.range(of: "<CodeList OID=\"CL.ADTTE.CNSR\""))
        let cnsrList = xml[cnsr.lowerBound...]
        let cnsrEnd = try #require(cnsrList.range(of: "</CodeList>"))
        #expect(cnsrList[..<cnsrEnd.lowerBound].contains("<CodeListItem CodedValue=\"0\">"))
        // Origins point to the CRF items.
        #expect(xml.contains("CRF item baseline.ageYears"))
        #expect(elements.text.contains("Days from randomization to the first progression (PD or PMD"))
    }

    @Test func the_readable_page_is_self_contained_and_lists_every_dataset() throws {
        let html = try DefineHTMLPage(Self.output.defineXML).html()
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        for name in ["ADSL", "ADTTE", "ADAE", "ADQS", "ADPROG"] { #expect(html.contains("id=\"\(name)\"")) }
        #expect(html.contains("PARAMCD = PFS"))
    }

    @Test(.enabled("needs python3 with odmlib and lxml") { await ChildProcess.pythonCanImport(["odmlib", "lxml"]) })
    func the_written_file_is_valid_against_the_define_xml_2_1_schema() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("define-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.output.write(to: directory)
        let script = PythonTransportReaders.checkerScript.deletingLastPathComponent().appendingPathComponent("check-define.py")
        let run = try await PythonTransportReaders.python([script.path, "--directory", directory.appendingPathComponent("adam").path])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("valid Define-XML 2.1"))
    }
}
