import Foundation
import Testing
@testable import TrialStats

/// The values R's survival package computed (Tests/Reference/survival/make-reference.R) and the data
/// sets it wrote; the tests read them from the repository, so R is never needed to run them.
struct SurvivalReference: Decodable {
    struct Table: Decodable {
        let time: [Double], nRisk: [Double], nEvent: [Double], nCensor: [Double]
        let survival: [Double], stdErr: [Double?], lower: [Double?], upper: [Double?]
    }
    struct Quantiles: Decodable { let p: [Double]; let estimate: [Double?]; let lower: [Double?]; let upper: [Double?] }
    struct Landmarks: Decodable { let time: [Double]; let survival: [Double]; let stdErr: [Double?]; let lower: [Double?]; let upper: [Double?] }
    struct RMST: Decodable { let tau: Double; let estimate: Double; let se: Double }
    struct KMGroup: Decodable { let group: String?; let table: Table; let quantiles: Quantiles; let at: Landmarks; let rmst: RMST }
    struct KMCase: Decodable, CustomTestStringConvertible {
        let name: String, file: String, time: String, event: String, group: String?
        let confType: String, confLevel: Double, at: [Double], tau: Double, groups: [KMGroup]
        var testDescription: String { name }
    }
    struct LogRankCase: Decodable, CustomTestStringConvertible {
        let name: String, file: String, time: String, event: String, group: String, strata: String?, rho: Double
        let chisq: Double, df: Int, p: Double, groups: [String], n: [Int], observed: [Double], expected: [Double]
        var testDescription: String { name }
    }
    struct ZPH: Decodable { let names: [String]; let chisq: [Double]; let df: [Double]; let p: [Double] }
    struct CoxCase: Decodable, CustomTestStringConvertible {
        let name: String, file: String, time: String, event: String, covariates: [String], factors: [String]
        let strata: String?, ties: String, converged: Bool, n: Int, events: Int, names: [String]
        let coef: [Double?], se: [Double?], lower: [Double?], upper: [Double?], z: [Double?], p: [Double?]
        let logLik: [Double], lrTest: [Double], waldTest: [Double], scoreTest: [Double]
        let concordance: [Double], zph: ZPH?
        var testDescription: String { name }
    }
    struct RMSTCase: Decodable, CustomTestStringConvertible {
        let name: String, file: String, time: String, event: String, group: String, tau: Double
        let groups: [String], estimates: [Double], ses: [Double]
        let difference: Double, se: Double, lower: Double, upper: Double, p: Double
        var testDescription: String { name }
    }

    let km: [KMCase]
    let logrank: [LogRankCase]
    let cox: [CoxCase]
    let rmst: [RMSTCase]

    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Reference/survival")

    static let shared: SurvivalReference = {
        let data = try! Data(contentsOf: folder.appendingPathComponent("reference.json"))
        return try! JSONDecoder().decode(SurvivalReference.self, from: data)
    }()

    static func table(_ file: String) throws -> DataTable {
        try DataTable(csv: String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8))
    }
}

/// Relative agreement |a - b| <= tolerance * max(|b|, 1e-300), with absolute agreement for values near 0.
func expectClose(_ actual: Double?, _ expected: Double?, relative tolerance: Double = 1e-9,
                 absolute: Double = 1e-12, _ what: @autoclosure () -> String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    switch (actual, expected) {
    case (nil, nil): return
    case (let a?, let b?):
        let ok = a == b || abs(a - b) <= max(tolerance * abs(b), absolute)
        #expect(ok, "\(what()): \(a) vs R \(b)", sourceLocation: sourceLocation)
    default:
        Issue.record("\(what()): \(String(describing: actual)) vs R \(String(describing: expected))", sourceLocation: sourceLocation)
    }
}
