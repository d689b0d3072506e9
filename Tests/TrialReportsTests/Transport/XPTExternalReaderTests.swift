import Foundation
import Testing
import TrialTestFixtures
@testable import TrialReports

/// Runs the repository's transport checker, which reads a written file with pandas.read_sas and
/// pyreadstat.read_xport; enabled only where Python has both, so `swift test` never needs Python.
@Suite(.enabled("needs python3 with pandas and pyreadstat (pip install pandas pyreadstat)") { await PythonTransportReaders.available() })
struct XPTExternalReaderTests {
    static let writer = XPTWriter(created: Date(timeIntervalSince1970: 1_772_719_629))

    @Test func pandas_and_pyreadstat_read_every_value_and_label_from_the_json_description() async throws {
        let run = try await PythonTransportReaders.check(XPTTestDatasets.timeToEvent, writer: Self.writer, valuesFromCSV: false)
        #expect(run.status == 0, "\(run.output)")
    }

    @Test func pandas_and_pyreadstat_read_the_same_values_as_the_csv() async throws {
        let run = try await PythonTransportReaders.check(XPTTestDatasets.timeToEvent, writer: Self.writer, valuesFromCSV: true)
        #expect(run.status == 0, "\(run.output)")
    }

    @Test func short_numerics_and_a_chinese_dataset_label_read_back() async throws {
        let run = try await PythonTransportReaders.check(XPTTestDatasets.subjects, writer: Self.writer, valuesFromCSV: false)
        #expect(run.status == 0, "\(run.output)")
    }

    @Test func a_dataset_without_rows_reads_back_empty() async throws {
        let run = try await PythonTransportReaders.check(XPTTestDatasets.empty, writer: Self.writer, valuesFromCSV: false)
        #expect(run.status == 0, "\(run.output)")
    }

    @Test func the_directory_mode_checks_each_file_against_its_json_and_csv() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xpt-dir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for dataset in [XPTTestDatasets.timeToEvent, XPTTestDatasets.subjects] {
            let base = directory.appendingPathComponent(dataset.name.lowercased())
            try Self.writer.write([dataset], to: base.appendingPathExtension("xpt"))
            try dataset.descriptionJSON(includingRows: false).write(to: base.appendingPathExtension("json"))
            try Data(try dataset.csvText().utf8).write(to: base.appendingPathExtension("csv"))
        }
        let run = try await PythonTransportReaders.python([PythonTransportReaders.checkerScript.path, "--directory", directory.path])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("adsl.xpt: 2 rows of ADSL"))
        #expect(run.output.contains("adtte.xpt: 4 rows of ADTTE"))
    }

    @Test func the_checker_fails_when_a_value_or_label_differs() async throws {
        var written = XPTTestDatasets.timeToEvent
        written.rows[1][2] = .integer(364)
        written.variables[6].label = "事件描述"
        written.label = "Time to Event"
        let run = try await PythonTransportReaders.check(
            written, writer: Self.writer, valuesFromCSV: false, describedAs: XPTTestDatasets.timeToEvent
        )
        #expect(run.status == 1)
        #expect(run.output.contains("pandas: row 1 AVAL"))
        #expect(run.output.contains("pyreadstat: row 1 AVAL"))
        #expect(run.output.contains("pandas: label of EVNTDESC"))
        #expect(run.output.contains("pyreadstat: label of EVNTDESC"))
        #expect(run.output.contains("pandas: dataset label"))
        #expect(run.output.contains("pyreadstat: dataset label"))
    }
}

enum PythonTransportReaders {
    typealias Run = ChildProcess.Outcome

    static func available() async -> Bool { await ChildProcess.pythonCanImport(["pandas", "pyreadstat"]) }

    /// The repository root, found from this file (…/Tests/TrialReportsTests/Transport/<file>).
    static var checkerScript: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("tools/check-xpt.py")
    }

    /// Writes `dataset` as XPT, and `expected` (the same dataset unless given) as the description the
    /// checker compares with, its values inline or in a companion CSV; then runs the checker.
    static func check(
        _ dataset: AnalysisDataset, writer: XPTWriter, valuesFromCSV: Bool, describedAs expected: AnalysisDataset? = nil
    ) async throws -> Run {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xpt-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let expected = expected ?? dataset
        let xpt = directory.appendingPathComponent("\(dataset.name.lowercased()).xpt")
        let description = directory.appendingPathComponent("\(dataset.name.lowercased()).json")
        try writer.write([dataset], to: xpt)
        try expected.descriptionJSON(includingRows: !valuesFromCSV).write(to: description)
        var arguments = [checkerScript.path, xpt.path, description.path]
        if valuesFromCSV {
            let csv = directory.appendingPathComponent("\(dataset.name.lowercased()).csv")
            try Data(try expected.csvText().utf8).write(to: csv)
            arguments += ["--csv", csv.path]
        }
        return try await python(arguments)
    }

    static func python(_ arguments: [String]) async throws -> Run {
        try await ChildProcess.python(arguments)
    }
}
