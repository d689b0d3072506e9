import Foundation
import Testing
import TrialTestFixtures
import TrialCore
import TrialStats
@testable import TrialReports

@Suite struct TrialReportOutputTests {
    static let trial = SyntheticTrial()

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("analysis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// What `analyze` writes for the trial's own size. How fast it does so is a benchmark's figure
    /// (bench/analyze-demo.sh), not a test's: a time limit here failed whenever the machine was busy.
    @Test func the_120_participant_study_is_derived_analysed_and_written_with_every_file() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try TrialReportOutput(Self.trial.input())
        try output.write(to: directory)
        #expect(output.analysis.populations.randomized == 120)
        let files = FileManager.default
        for name in ["report.html", "analysis.json"] {
            #expect(files.fileExists(atPath: directory.appendingPathComponent(name).path), "\(name)")
        }
        for dataset in ["dm", "rs", "cm", "pr", "ae", "qs", "adsl", "adtte", "adae", "adqs", "adprog"] {
            for ext in ["csv", "xpt", "json"] {
                #expect(files.fileExists(atPath: directory.appendingPathComponent("adam/\(dataset).\(ext)").path), "\(dataset).\(ext)")
            }
        }
        for figure in ["consort", "pfs-km", "os-km", "ttnt-km", "ttnt-cif", "lc-cif", "pfs-forest",
                       "waterfall", "spider", "swimmer", "progression-patterns"] {
            let svg = try String(contentsOf: directory.appendingPathComponent("figures/\(figure).svg"), encoding: .utf8)
            #expect(svg.hasPrefix("<?xml"), "\(figure)")
        }
    }

    @Test func every_dataset_is_valid_for_transport() throws {
        let datasets = try AnalysisDatasets(Self.trial.input())
        for dataset in datasets.all {
            #expect(dataset.validationErrors().isEmpty, "\(dataset.name): \(dataset.validationErrors().prefix(3))")
        }
        #expect(datasets.dataset(named: "ADSL")?.rows.count == 120)
        // PFS, OS and TTNT per participant, local control per treated lesion and per implanted participant.
        let adtte = try #require(datasets.dataset(named: "ADTTE"))
        let paramcd = try #require(adtte.variableIndex(named: "PARAMCD"))
        let counts = Dictionary(grouping: adtte.rows) { row -> String in
            if case .text(let code) = row[paramcd] { return code }
            return ""
        }.mapValues(\.count)
        #expect(counts["PFS"] == 120 && counts["OS"] == 120 && counts["TTNT"] == 120 && counts["PFSNLC"] == 120)
        #expect(counts["LC"] == 2 * (counts["LCSUBJ"] ?? -1))
    }

    @Test func analysis_json_round_trips_to_the_same_numbers() throws {
        let output = try TrialReportOutput(Self.trial.input())
        let decoded = try JSONDecoder().decode(TrialAnalysis.self, from: output.analysisJSON())
        #expect(decoded.progressionFreeSurvival.hazardRatio == output.analysis.progressionFreeSurvival.hazardRatio)
        #expect(decoded.populations == output.analysis.populations)
        #expect(decoded.consort == output.analysis.consort)
    }

    @Test(.enabled("needs python3 with pandas and pyreadstat") { await PythonTransportReaders.available() })
    func every_written_transport_file_reads_back_in_pandas_and_pyreadstat_as_its_csv() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TrialReportOutput(Self.trial.input()).write(to: directory)
        let run = try await PythonTransportReaders.python([PythonTransportReaders.checkerScript.path, "--directory",
                                                     directory.appendingPathComponent("adam").path])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("adtte.xpt"))
    }
}

@Suite struct TrialAnalysisInputCodingTests {
    @Test func the_input_round_trips_through_json_as_the_store_would_send_it() throws {
        let input = SyntheticTrial(count: 8).input(cutoff: CalendarDate(iso8601: "2027-03-31")!, language: .simplifiedChinese)
        let decoded = try JSONDecoder().decode(TrialAnalysisInput.self, from: JSONEncoder().encode(input))
        #expect(decoded == input)
        #expect(try TrialAnalysis(decoded) == TrialAnalysis(input))
    }

    @Test func a_participant_whose_dates_contradict_is_named_in_the_error() throws {
        var input = HandDerivedCases.input()
        // An assessment after the recorded death.
        input.participants[0].casebook.death?.form.date = CalendarDate(iso8601: "2026-03-01")!
        #expect {
            try TrialAnalysis(input)
        } throws: { error in
            (error as? ValidationFailure)?.errors.contains { $0.field.hasPrefix("participants[960-0001].") } == true
        }
    }
}

@Suite struct SmallTrialOutputTests {
    @Test(arguments: [0, 2])
    func a_trial_with_few_participants_still_writes_every_file(participantCount: Int) throws {
        var input = HandDerivedCases.input()
        input.participants = Array(input.participants.prefix(participantCount))
        let directory = try TrialReportOutputTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try TrialReportOutput(input)
        try output.write(to: directory)
        let html = try String(contentsOf: directory.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("<section id=\"methods\">"))
        #expect(output.analysis.populations.randomized == participantCount)
        // Too few participants for a comparison: no test is reported rather than a meaningless one.
        if participantCount == 0 {
            #expect(output.analysis.progressionFreeSurvival.hazardRatio == nil)
            #expect(output.analysis.progressionFreeSurvival.stratifiedLogRank == nil)
        }
    }
}
