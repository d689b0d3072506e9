import Foundation
import Testing
import TrialTestFixtures
import TrialCore
@testable import TrialReports

/// Each dataset as CDISC Dataset-JSON 1.1, checked here against the committed CDISC schema's own lists
/// (required attributes, allowed attributes, data types) without Python; tools/check-dataset-json.py
/// validates with a full JSON-schema validator and reads the values back against the XPT.
@Suite struct DatasetJSONTests {
    static let context = DatasetJSONContext(studyOID: "S.TEST", metaDataVersionOID: "MDV.TEST.1", created: Date(timeIntervalSince1970: 1_795_000_000),
                                            sourceSystemVersion: "0.9.0")

    static var schema: [String: Any] {
        get throws {
            let url = PythonTransportReaders.checkerScript.deletingLastPathComponent().appendingPathComponent("dataset-json/dataset.schema.json")
            return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        }
    }

    static func object(_ dataset: AnalysisDataset) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: dataset.datasetJSON(context)) as? [String: Any])
    }

    @Test func the_file_has_every_required_attribute_and_no_other_than_the_schema_allows() throws {
        let schema = try Self.schema
        let definitions = try #require(schema["$defs"] as? [String: Any])
        let columnSchema = try #require(definitions["Column"] as? [String: Any])
        let dataTypes = try #require((definitions["DataTypesEnum"] as? [String: Any])?["enum"] as? [String])
        let targetTypes = try #require((definitions["TargetDataTypesEnum"] as? [String: Any])?["enum"] as? [String])
        let object = try Self.object(AnalysisDatasetExportTests.dataset)

        let required = try #require(schema["required"] as? [String])
        let allowed = Set(try #require(schema["properties"] as? [String: Any]).keys)
        #expect(Set(required).isSubset(of: object.keys))
        #expect(Set(object.keys).isSubset(of: allowed), "\(Set(object.keys).subtracting(allowed))")
        #expect(object["datasetJSONVersion"] as? String == "1.1.0")
        let created = try #require(object["datasetJSONCreationDateTime"] as? String)
        let pattern = try #require((schema["properties"] as? [String: [String: Any]])?["datasetJSONCreationDateTime"]?["pattern"] as? String)
        #expect(created.range(of: pattern, options: .regularExpression) != nil, "\(created)")
        #expect(object["itemGroupOID"] as? String == "IG.ADTTE")
        #expect(object["metaDataRef"] as? String == "define.xml")

        let columns = try #require(object["columns"] as? [[String: Any]])
        let columnRequired = try #require(columnSchema["required"] as? [String])
        let columnAllowed = Set(try #require(columnSchema["properties"] as? [String: Any]).keys)
        for column in columns {
            #expect(Set(columnRequired).isSubset(of: column.keys))
            #expect(Set(column.keys).isSubset(of: columnAllowed))
            #expect(dataTypes.contains(column["dataType"] as? String ?? ""))
            if let target = column["targetDataType"] as? String { #expect(targetTypes.contains(target)) }
        }
        // The column metadata is what the transport file holds: name, label, type, length and format.
        #expect(columns.map { $0["name"] as? String } == ["PARAMCD", "AVAL", "ADT", "EVNTDESC"])
        #expect(columns.map { $0["itemOID"] as? String } == ["IT.ADTTE.PARAMCD", "IT.ADTTE.AVAL", "IT.ADTTE.ADT", "IT.ADTTE.EVNTDESC"])
        #expect(columns.map { $0["dataType"] as? String } == ["string", "double", "date", "string"])
        #expect(columns.map { $0["length"] as? Int } == [8, 8, 8, 40])
        #expect(columns[2]["targetDataType"] as? String == "integer")
        #expect(columns[2]["displayFormat"] as? String == "DATE9.")
        #expect(columns[0]["displayFormat"] == nil)
    }

    @Test func rows_hold_the_values_with_null_for_missing_and_dates_as_iso_text() throws {
        let object = try Self.object(AnalysisDatasetExportTests.dataset)
        #expect(object["records"] as? Int == 2)
        let rows = try #require(object["rows"] as? [[Any]])
        #expect(rows.count == 2)
        #expect(rows[0][0] as? String == "PFS")
        #expect(rows[0][1] as? Double == 201)
        #expect(rows[0][2] as? String == "2026-07-25")
        #expect(rows[0][3] as? String == "进展, RECIST")
        #expect(rows[1].dropFirst().allSatisfy { $0 is NSNull })
        // The metadata precedes the rows, for readers that stream the file.
        let text = String(decoding: try AnalysisDatasetExportTests.dataset.datasetJSON(Self.context), as: UTF8.self)
        let rowsAt = try #require(text.range(of: "\"rows\":"))
        #expect(text.range(of: "\"columns\":")!.lowerBound < rowsAt.lowerBound)
        #expect(text.range(of: "\"records\":")!.lowerBound < rowsAt.lowerBound)
    }

    @Test func numbers_read_back_to_the_same_doubles() throws {
        let values: [Double] = [0.1, 1.0 / 3.0, -2.5e-12, 123_456_789.123, 0, 1e20, 1.7976931348623157e308, 5e-324, -0.0, 201, 9_007_199_254_740_993]
        let dataset = AnalysisDataset(name: "ADX", label: "Numbers", variables: [.numeric("AVAL", label: "Value")],
                                      rows: values.map { [.number($0)] })
        let rows = try #require(try Self.object(dataset)["rows"] as? [[Double]])
        #expect(rows.map { $0[0] } == values)
        // JSON holds no NaN or infinity: they are null, as a missing value is.
        let special = AnalysisDataset(name: "ADX", label: "Numbers", variables: [.numeric("AVAL", label: "Value")],
                                      rows: [[.number(.nan)], [.number(.infinity)], [.number(-.infinity)], [.missing]])
        let nulls = try #require(try Self.object(special)["rows"] as? [[Any]])
        #expect(nulls.count == 4 && nulls.allSatisfy { $0.count == 1 && $0[0] is NSNull })
    }

    @Test func texts_read_back_as_written_whatever_they_hold() throws {
        let texts = ["plain", "quote \" and backslash \\", "line\nbreak\ttab\r", "control \u{01}\u{1F}", "进展, RECIST", "slash / kept", "emoji 🧪", ""]
        let dataset = AnalysisDataset(name: "ADX", label: "Texts", variables: [.character("TEXT", label: "Text", length: 200)],
                                      rows: texts.map { [.text($0)] })
        let rows = try #require(try Self.object(dataset)["rows"] as? [[String]])
        #expect(rows.map { $0[0] } == texts)
    }

    @Test(.enabled("needs python3 with jsonschema, pandas and pyreadstat") { await ChildProcess.pythonCanImport(["jsonschema", "pandas", "pyreadstat"]) })
    func every_file_analyze_writes_validates_and_reads_back_as_its_xpt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dataset-json-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try TrialReportOutput(SyntheticTrial(count: 16).input()).write(to: directory)
        let script = PythonTransportReaders.checkerScript.deletingLastPathComponent().appendingPathComponent("check-dataset-json.py")
        let run = try await PythonTransportReaders.python([script.path, "--directory", directory.appendingPathComponent("adam").path])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("valid Dataset-JSON 1.1.0"))
    }
}
