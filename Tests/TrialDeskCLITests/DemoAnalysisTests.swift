import Foundation
import Testing

/// `trialdesk demo` then `trialdesk analyze`, as the statistician runs them: the exported ADTTE is the one R
/// read (Tests/Reference/analysis), and the PFS numbers in analysis.json equal what R's survival package
/// computed from it.
@Suite struct DemoAnalysisTests {
    static var referenceFolder: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Reference/analysis")
    }

    static func referenceValues() throws -> [String: Double] {
        let text = try String(contentsOf: referenceFolder.appendingPathComponent("demo-pfs-values.csv"), encoding: .utf8)
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",")
            if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = value }
        }
        return values
    }

    @Test func the_demo_report_pfs_numbers_equal_r_survival_on_the_exported_adtte() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("demo.sqlite").path
        let demo = try await TrialDeskBinary.run(["demo", "--db", db, "--password", "Demo-2026-trial", "--seed", "1", "--today", "2026-11-25"])
        #expect(demo.status == 0, "\(demo.stderr)")
        let out = folder.appendingPathComponent("report")
        let analyze = try await TrialDeskBinary.run(["analyze", "--db", db, "--out", out.path, "--cutoff", "2026-11-25"])
        #expect(analyze.status == 0, "\(analyze.stderr)")

        let exported = try String(contentsOf: out.appendingPathComponent("adam/adtte.csv"), encoding: .utf8)
        let reference = try String(contentsOf: Self.referenceFolder.appendingPathComponent("demo-seed1-adtte.csv"), encoding: .utf8)
        #expect(exported == reference, "the demo or the ADTTE derivation changed: regenerate the R reference as demo-pfs.R explains")

        let analysis = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("analysis.json"))) as? [String: Any])
        let pfs = try #require(analysis["progressionFreeSurvival"] as? [String: Any])
        let r = try Self.referenceValues()
        func close(_ ours: Any?, _ name: String, _ tolerance: Double = 1e-9) {
            guard let value = (ours as? NSNumber)?.doubleValue, let expected = r[name] else {
                Issue.record("\(name): missing (ours \(String(describing: ours)), R \(String(describing: r[name])))")
                return
            }
            #expect(abs(value - expected) <= tolerance * max(1, abs(expected)), "\(name): ours \(value), R \(expected)")
        }
        for arm in (pfs["arms"] as? [[String: Any]]) ?? [] {
            let code = arm["arm"] as? String ?? "?"
            close(arm["n"], "\(code).n")
            close(arm["events"], "\(code).events")
            let median = arm["median"] as? [String: Any]
            close(median?["estimate"], "\(code).median")
            close(median?["lower"], "\(code).median.lower")
            close(median?["upper"], "\(code).median.upper")
            let six = (arm["landmarks"] as? [[String: Any]])?.first { ($0["time"] as? NSNumber)?.doubleValue == 183 }
            close(six?["survival"], "\(code).surv183")
            close(six?["lower"], "\(code).surv183.lower")
            close(six?["upper"], "\(code).surv183.upper")
            // The 12-month PFS rate, with its CI, in both arms (the demo applies version 1.1's day-365 scan).
            let twelve = (arm["landmarks"] as? [[String: Any]])?.first { ($0["time"] as? NSNumber)?.doubleValue == 365 }
            close(twelve?["survival"], "\(code).surv365")
            close(twelve?["lower"], "\(code).surv365.lower")
            close(twelve?["upper"], "\(code).surv365.upper")
        }
        let logRank = pfs["stratifiedLogRank"] as? [String: Any]
        close(logRank?["chisq"], "logrank.stratified.chisq")
        close(logRank?["p"], "logrank.stratified.p")
        let hazard = pfs["hazardRatio"] as? [String: Any]
        close(hazard?["estimate"], "cox.stratified.hr")
        close(hazard?["lower"], "cox.stratified.lower")
        close(hazard?["upper"], "cox.stratified.upper")
        close(hazard?["p"], "cox.stratified.wald.p")
        let ph = pfs["proportionalHazardsTest"] as? [String: Any]
        close(ph?["chisq"], "cox.zph.chisq")
        close(ph?["p"], "cox.zph.p")
        let rmst = (pfs["restrictedMeanDifference"] as? [String: Any])?["groups"] as? [[String: Any]] ?? []
        for group in rmst {
            let code = group["group"] as? String ?? "?"
            close(group["estimate"], "\(code).rmst365")
            close(group["se"], "\(code).rmst365.se")
        }
        #expect(rmst.count == 2)
        // The methods name every protocol version with its effective date.
        let report = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains("Version 1.0: in force from") && report.contains("Version 1.1: in force from"))
    }
}
