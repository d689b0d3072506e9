import ArgumentParser
import Foundation
import TrialCore
import TrialReports
import TrialServer
import TrialStoredAnalysis
import TrialStore

struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Derive the endpoints from the database and write the statistical report and the analysis datasets.",
        discussion: """
        Writes into --out: report.html (self-contained, printable), analysis.json (every number of the report),
        adam/*.csv, adam/*.xpt (SAS transport v5) and adam/*.json (CDISC Dataset-JSON 1.1), figures/*.svg.
        Example: trialdesk analyze --db demo.sqlite --out report --cutoff 2026-11-25 --lang zh-Hans
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The folder to write into (created when missing).")
    var out: String

    @Option(help: "The data cut-off, YYYY-MM-DD: nothing dated after it counts (default: today).")
    var cutoff: String?

    @Option(help: "The report's language: en or zh-Hans.")
    var lang: String = "en"

    func run() async throws {
        guard let language = ReportLanguage(rawValue: lang) else {
            throw CommandOutput.reject(field: "lang", message: "'\(lang)' is not a report language; use en or zh-Hans")
        }
        let cut: CalendarDate
        if let cutoff {
            guard let parsed = CalendarDate(iso8601: cutoff) else {
                throw CommandOutput.reject(field: "cutoff", message: "'\(cutoff)' is not a date YYYY-MM-DD")
            }
            cut = parsed
        } else {
            cut = CalendarDate(localDayOf: Date(), in: .current)
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isFolder), !isFolder.boolValue {
            throw CommandOutput.reject(field: "out", message: "'\(out)' is a file; give a folder to write the report into (it is created when missing)")
        }
        let started = Date()
        let input = try await CommandApplication.withDatabase(database.configuration, migrate: false) { app in
            do {
                return try await StoredTrialAnalysis.input(database: app.db, cutoff: cut, language: language)
            } catch let failure as ValidationFailure {
                throw CommandOutput.reject(failure.errors)
            }
        }
        let read = Date()
        var output: TrialReportOutput
        do {
            output = try TrialReportOutput(input)
            output.sourceSystemVersion = TrialDeskVersion.current
        } catch let failure as ValidationFailure {
            throw CommandOutput.reject(failure.errors)
        }
        let directory = URL(fileURLWithPath: out, isDirectory: true)
        do {
            try output.write(to: directory)
        } catch {
            throw CommandOutput.reject(field: "out", message: "could not write into \(directory.path): \((error as NSError).localizedFailureReason ?? String(describing: error))")
        }
        let finished = Date()
        print("""
        Report for \(input.participants.count) randomized participants (cut-off \(cut.iso8601)) written to \(directory.path):
          report.html, analysis.json, adam/ (\(output.datasets.all.map(\.name).joined(separator: ", "))), figures/
          read \(String(format: "%.2f", read.timeIntervalSince(started))) s, analysed and written \(String(format: "%.2f", finished.timeIntervalSince(read))) s
        """)
    }
}
