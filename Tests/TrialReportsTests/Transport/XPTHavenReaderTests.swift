import Foundation
import Testing
import TrialTestFixtures
@testable import TrialReports

/// Reads a written file with R's haven::read_xpt and compares names, labels and every value with the
/// dataset's CSV; enabled only where Rscript has haven, so `swift test` never needs R.
@Suite(.enabled("needs Rscript with the haven package") { await HavenTransportReader.available() })
struct XPTHavenReaderTests {
    static let writer = XPTWriter(created: Date(timeIntervalSince1970: 1_772_719_629))

    @Test(arguments: [XPTTestDatasets.timeToEvent, XPTTestDatasets.subjects, XPTTestDatasets.empty])
    func haven_reads_every_value_and_label_as_the_csv_holds_them(dataset: AnalysisDataset) async throws {
        let run = try await HavenTransportReader.check(dataset, writer: Self.writer)
        #expect(run.status == 0, "\(run.output)")
    }

    @Test func the_haven_comparison_fails_when_a_value_or_label_differs() async throws {
        var written = XPTTestDatasets.timeToEvent
        written.rows[0][6] = .text("疾病进展")
        written.variables[2].label = "Value"
        let run = try await HavenTransportReader.check(written, writer: Self.writer, describedAs: XPTTestDatasets.timeToEvent)
        #expect(run.status == 1)
        #expect(run.output.contains("row 0 EVNTDESC"))
        #expect(run.output.contains("label of AVAL"))
    }
}

enum HavenTransportReader {
    static func available() async -> Bool {
        await ChildProcess.probe(key: "R:haven") {
            (try? await run(["-e", "quit(status = if (requireNamespace('haven', quietly = TRUE)) 0 else 1)"]).status) == 0
        }
    }

    /// Compares the file (argument 1) with the expected values (CSV, argument 2: header of variable
    /// names, missing as empty, dates as YYYY-MM-DD) and labels (CSV, argument 3: kind,name,label).
    /// Numbers are parsed by R's own decimal reader, so they are compared to within one unit in the last
    /// place; magnitudes below 16^-65 are expected as 0, which is how the format stores them.
    static let script = #"""
    suppressMessages(library(haven))
    args <- commandArgs(trailingOnly = TRUE)
    d <- read_xpt(args[1])
    expected <- read.csv(args[2], colClasses = "character", na.strings = character(0), fileEncoding = "UTF-8", check.names = FALSE)
    meta <- read.csv(args[3], colClasses = "character", na.strings = character(0), fileEncoding = "UTF-8")
    problems <- character(0)
    note <- function(...) problems <<- c(problems, paste0(...))
    if (!identical(names(d), names(expected))) note("variables ", paste(names(d), collapse = ","))
    want_label <- meta$label[meta$kind == "dataset"]
    got_label <- attr(d, "label"); if (is.null(got_label)) got_label <- ""
    if (!identical(got_label, want_label)) note("dataset label ", got_label, ", expected ", want_label)
    if (nrow(d) != nrow(expected)) note(nrow(d), " rows, expected ", nrow(expected))
    for (v in intersect(names(d), names(expected))) {
      label <- attr(d[[v]], "label"); if (is.null(label)) label <- ""
      want <- meta$label[meta$kind == "variable" & meta$name == v]
      if (!identical(label, want)) note("label of ", v, " is ", label, ", expected ", want)
      column <- d[[v]]
      for (i in seq_len(min(nrow(d), nrow(expected)))) {
        e <- expected[[v]][i]; a <- column[i]
        ok <- if (inherits(column, "Date")) {
          if (e == "") is.na(a) else !is.na(a) && format(a) == e
        } else if (is.numeric(column)) {
          if (e == "") is.na(a) else {
            n <- as.numeric(e); if (abs(n) < 16^-65) n <- 0
            !is.na(a) && abs(a - n) <= 2^-52 * abs(n)
          }
        } else identical(sub(" +$", "", a), sub(" +$", "", e))
        if (!ok) note("row ", i - 1, " ", v, ": read ", format(a), ", expected ", e)
      }
    }
    if (length(problems) > 0) { writeLines(problems); quit(status = 1) }
    cat("haven read", nrow(d), "rows identically\n")
    """#

    static func check(_ dataset: AnalysisDataset, writer: XPTWriter, describedAs expected: AnalysisDataset? = nil) async throws -> ChildProcess.Outcome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xpt-haven-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let expected = expected ?? dataset
        let xpt = directory.appendingPathComponent("data.xpt")
        let values = directory.appendingPathComponent("values.csv")
        let labels = directory.appendingPathComponent("labels.csv")
        let script = directory.appendingPathComponent("compare.R")
        try writer.write([dataset], to: xpt)
        try Data(try expected.csvText().utf8).write(to: values)
        let labelRows: [[CSVTableWriter.Cell]] = [[.text("dataset"), .text(expected.name), .text(expected.label)]]
            + expected.variables.map { [.text("variable"), .text($0.name), .text($0.label)] }
        try Data(try CSVTableWriter(columns: ["kind", "name", "label"]).render(labelRows).utf8).write(to: labels)
        try Data(Self.script.utf8).write(to: script)
        return try await run([script.path, xpt.path, values.path, labels.path])
    }

    static func run(_ arguments: [String]) async throws -> ChildProcess.Outcome {
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"  // so that R compares the UTF-8 text as text
        environment["LC_ALL"] = "C.UTF-8"
        return try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["Rscript", "--vanilla"] + arguments, environment: environment)
    }
}
