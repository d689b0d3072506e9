import Foundation
import Testing
import TrialCore
import TrialStats
@testable import TrialReports

/// The time-to-event numbers of analysis.json against R's survival package on the same exported ADTTE rows
/// (Tests/Reference/analysis: adtte-itt.csv and the values make-reference.R wrote to reference.json).
@Suite struct RSurvivalReferenceTests {
    struct Arm: Decodable {
        let arm: String
        let n: Int
        let events: Int
        let median: Double?, medianLower: Double?, medianUpper: Double?
        let survival183: Double?, lower183: Double?, upper183: Double?
        let survival365: Double?, lower365: Double?, upper365: Double?
        let rmean365: Double, rmeanSE365: Double
    }

    struct Endpoint: Decodable {
        let arms: [Arm]
        let logRankChisq: Double, logRankP: Double
        let hazardRatio: Double, hazardRatioLower: Double, hazardRatioUpper: Double, hazardRatioP: Double
        let phChisq: Double, phP: Double
    }

    struct CompetingRisk: Decodable {
        let I125at183: Double, I125at365: Double, SYSat183: Double, SYSat365: Double
        let grayChisq: Double, grayP: Double
    }

    struct Reference: Decodable {
        let PFS: Endpoint, OS: Endpoint, TTNT: Endpoint
        let TTNTCR: CompetingRisk
    }

    static let reference: Reference = {
        let data = try! Data(contentsOf: folder.appendingPathComponent("reference.json"))
        return try! JSONDecoder().decode(Reference.self, from: data)
    }()

    static let folder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Reference/analysis")

    static func close(_ swift: Double?, _ r: Double?, tolerance: Double = 1e-9) -> Bool {
        switch (swift, r) {
        case (nil, nil): return true
        case (let a?, let b?): return abs(a - b) <= tolerance * max(1, abs(b))
        default: return false
        }
    }

    @Test func the_committed_adtte_rows_are_the_ones_the_synthetic_trial_exports() throws {
        let committed = try String(contentsOf: Self.folder.appendingPathComponent("adtte-itt.csv"), encoding: .utf8)
        let adtte = try #require(TrialAnalysisNumbersTests.output.datasets.dataset(named: "ADTTE"))
        let columns = ["SUBJID", "PARAMCD", "AVAL", "CNSR", "CRSTAT", "TRT01P", "STRATUM"].map { adtte.variableIndex(named: $0)! }
        let paramcd = adtte.variableIndex(named: "PARAMCD")!, itt = adtte.variableIndex(named: "ITTFL")!
        var lines = ["SUBJID,PARAMCD,AVAL,CNSR,CRSTAT,TRT01P,STRATUM"]
        for row in adtte.rows where [.text("PFS"), .text("OS"), .text("TTNT")].contains(row[paramcd]) && row[itt] == .text("Y") {
            lines.append(columns.map { index -> String in
                switch row[index] {
                case .text(let text): return text
                case .number(let number): return String(format: "%.1f", number)
                default: return ""
                }
            }.joined(separator: ","))
        }
        #expect(lines.joined(separator: "\n") + "\n" == committed)
    }

    @Test(arguments: ["PFS", "OS", "TTNT"])
    func analysis_numbers_equal_r_survival(paramcd: String) throws {
        let reference = paramcd == "PFS" ? Self.reference.PFS : paramcd == "OS" ? Self.reference.OS : Self.reference.TTNT
        let analysis = TrialAnalysisNumbersTests.output.analysis
        let result = try #require([analysis.progressionFreeSurvival, analysis.overallSurvival, analysis.timeToNextTreatment]
            .first { $0.parameter == paramcd })
        for r in reference.arms {
            let arm = try #require(result.arms.first { $0.arm == r.arm })
            #expect(arm.n == r.n && arm.events == r.events)
            #expect(Self.close(arm.median.estimate, r.median) && Self.close(arm.median.lower, r.medianLower)
                    && Self.close(arm.median.upper, r.medianUpper), "\(r.arm) median")
            let at183 = try #require(arm.landmarks.first { $0.time == 183 })
            let at365 = try #require(arm.landmarks.first { $0.time == 365 })
            #expect(Self.close(at183.survival, r.survival183) && Self.close(at183.lower, r.lower183) && Self.close(at183.upper, r.upper183))
            #expect(Self.close(at365.survival, r.survival365) && Self.close(at365.lower, r.lower365) && Self.close(at365.upper, r.upper365))
            let rmst = try #require(result.restrictedMeanDifference?.groups.first { $0.group == r.arm })
            #expect(Self.close(rmst.estimate, r.rmean365) && Self.close(rmst.se, r.rmeanSE365), "\(r.arm) RMST")
        }
        let logRank = try #require(result.stratifiedLogRank)
        #expect(Self.close(logRank.chisq, reference.logRankChisq) && Self.close(logRank.p, reference.logRankP, tolerance: 1e-8))
        let hr = try #require(result.hazardRatio)
        #expect(Self.close(hr.estimate, reference.hazardRatio, tolerance: 1e-7) && Self.close(hr.lower, reference.hazardRatioLower, tolerance: 1e-7)
                && Self.close(hr.upper, reference.hazardRatioUpper, tolerance: 1e-7) && Self.close(hr.p, reference.hazardRatioP, tolerance: 1e-7))
        let ph = try #require(result.proportionalHazardsTest)
        #expect(Self.close(ph.chisq, reference.phChisq, tolerance: 1e-6) && Self.close(ph.p, reference.phP, tolerance: 1e-6))
    }

    @Test func ttnt_cumulative_incidence_and_grays_test_equal_cmprsk() throws {
        let r = Self.reference.TTNTCR
        let analysis = TrialAnalysisNumbersTests.output.analysis.timeToNextTreatmentCompetingRisk
        let experimental = try #require(analysis.groups.first { $0.group == "I125" })
        let control = try #require(analysis.groups.first { $0.group == "SYS" })
        #expect(Self.close(experimental.eventCurve.value(at: 183).estimate, r.I125at183)
                && Self.close(experimental.eventCurve.value(at: 365).estimate, r.I125at365))
        #expect(Self.close(control.eventCurve.value(at: 183).estimate, r.SYSat183) && Self.close(control.eventCurve.value(at: 365).estimate, r.SYSat365))
        let gray = try #require(analysis.grayTest)
        #expect(Self.close(gray.chisq, r.grayChisq, tolerance: 1e-7) && Self.close(gray.p, r.grayP, tolerance: 1e-7))
    }
}
