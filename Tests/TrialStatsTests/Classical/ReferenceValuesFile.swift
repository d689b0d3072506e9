import Foundation

/// Reads a CSV of reference values written by an R script under Tests/Reference/<area>/.
/// The path is built from this file's location, so the tests run without R and from any checkout.
struct ReferenceValuesFile {
    let header: [String]
    let rows: [[String]]

    init(area: String, file: String, sourceFile: String = #filePath) throws {
        let testsFolder = URL(fileURLWithPath: sourceFile)
            .deletingLastPathComponent()  // the calling test's folder (Classical, Design, ...)
            .deletingLastPathComponent()  // TrialStatsTests
            .deletingLastPathComponent()  // Tests
        let url = testsFolder.appendingPathComponent("Reference").appendingPathComponent(area)
            .appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        // Lines starting with '#' are comments (the version of R and of the package that wrote the file).
        var lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("#") }
        header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        rows = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Column value by name as text.
    func text(_ row: [String], _ column: String) -> String {
        guard let index = header.firstIndex(of: column) else { return "" }
        return row[index]
    }

    /// Column value by name as a number ("NA" reads as NaN, "Inf"/"-Inf" as infinities).
    func number(_ row: [String], _ column: String) -> Double {
        let value = text(row, column)
        switch value {
        case "NA", "NaN", "": return .nan
        case "Inf": return .infinity
        case "-Inf": return -.infinity
        default: return Double(value) ?? .nan
        }
    }

    /// Relative difference |a - b| / max(|b|, tiny), with equal infinities and two NaNs as 0.
    static func relativeError(_ actual: Double, _ expected: Double) -> Double {
        if actual == expected { return 0 }
        if actual.isNaN && expected.isNaN { return 0 }
        return abs(actual - expected) / max(abs(expected), Double.leastNormalMagnitude)
    }
}
