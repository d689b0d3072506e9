import Foundation
import Testing
@testable import TrialStats

/// Events, sample size, power, analysis times and expected events against rpact's getSampleSizeSurvival
/// and getPowerSurvival (Tests/Reference/design/survival.R).
@Suite struct SurvivalDesignReferenceTests {
    struct Case: CustomStringConvertible, Sendable {
        let values: [String: String]
        func text(_ column: String) -> String { values[column] ?? "NA" }
        func number(_ column: String) -> Double {
            let value = text(column)
            return value == "NA" ? .nan : Double(value) ?? .nan
        }
        var description: String {
            "case \(text("case")): \(text("mode")) \(text("method")) \(text("design")) HR \(text("hazardRatio"))"
        }
    }

    static let cases: [Case] = {
        guard let file = try? ReferenceValuesFile(area: "design", file: "survival.csv") else { return [] }
        return file.rows.map { row in Case(values: Dictionary(uniqueKeysWithValues: zip(file.header, row))) }
    }()

    static func design(_ c: Case) throws -> SurvivalDesign {
        let control: ControlSurvival
        switch c.text("control") {
        case "median": control = .medianMonths(c.number("controlValue"))
        case "hazard": control = .hazardPerMonth(c.number("controlValue"))
        default: control = .eventProbability(c.number("controlValue"), byMonth: c.number("eventTime"))
        }
        let assumptions = try SurvivalTrialAssumptions(
            hazardRatio: c.number("hazardRatio"), allocationRatio: c.number("allocationRatio"), control: control,
            accrualMonths: c.number("accrualMonths"), dropoutRatePerYear: c.number("dropoutRatePerYear"))
        let alpha = c.number("alpha"), sided = Int(c.number("sided"))
        var sequential: GroupSequentialDesign?
        if c.text("design") != "fixed" {
            let gamma = c.number("gamma")
            sequential = try GroupSequentialDesign(
                alpha: alpha, sided: sided,
                informationFractions: c.text("informationFractions").split(separator: ";").map { Double($0)! },
                boundary: GroupSequentialBoundary(code: c.text("design"), gamma: gamma.isNaN ? nil : gamma))
        }
        let method: EventCountMethod = c.text("method") == "Schoenfeld" ? .schoenfeld : .freedman
        if c.text("mode") == "sampleSize" {
            return try SurvivalDesign.make(alpha: alpha, sided: sided, power: c.number("power"), assumptions: assumptions,
                                           followUpMonths: c.number("followUpMonths"), method: method,
                                           sequential: sequential)
        }
        return try SurvivalDesign.make(alpha: alpha, sided: sided, sampleSize: c.number("sampleSize"),
                                       assumptions: assumptions, followUpMonths: c.number("followUpMonths"),
                                       method: method)
    }

    @Test func reference_grid_has_fifty_designs_both_methods_and_both_modes() {
        #expect(Self.cases.count >= 50)
        #expect(Set(Self.cases.map { $0.text("method") }) == ["Schoenfeld", "Freedman"])
        #expect(Set(Self.cases.map { $0.text("mode") }) == ["sampleSize", "power"])
        #expect(Set(Self.cases.map { $0.text("control") }) == ["median", "hazard", "rate"])
    }

    /// Fixed designs are closed forms on both sides (rpact integrates the event probability with R's
    /// integrate, exact here to 1e-15): 1e-9 relative. The analysis time of a power calculation is a root
    /// rpact finds to about 1e-8. Group-sequential maxima and expected events go through rpact's boundary
    /// and drift roots (tolerance 1e-8 on the z scale): 1e-6 relative (observed: 3e-8).
    @Test(arguments: cases)
    func design_matches_rpact(_ c: Case) throws {
        let design = try Self.design(c)
        let fixed = c.text("design") == "fixed"
        let tolerance = fixed ? 1e-9 : 1e-6
        #expect(ReferenceValuesFile.relativeError(design.eventsRequiredExact, c.number("eventsRequired")) < tolerance)
        #expect(ReferenceValuesFile.relativeError(design.sampleSizeExact, c.number("sampleSizeResult")) < tolerance)
        let times = c.text("analysisTime").split(separator: ";").map { Double($0)! }
        let ours = fixed ? [design.analysisTimeMonths] : design.analysisMonthsPerStage
        #expect(ours.count == times.count)
        for (mine, theirs) in zip(ours, times) {
            #expect(ReferenceValuesFile.relativeError(mine, theirs) < 1e-7, "analysis month \(mine) vs \(theirs)")
        }
        if c.text("mode") == "power" {
            #expect(ReferenceValuesFile.relativeError(design.power, c.number("powerResult")) < 1e-9)
        }
        if !fixed {
            #expect(ReferenceValuesFile.relativeError(design.expectedEventsH0 ?? .nan, c.number("expectedEventsH0")) < 1e-6)
            #expect(ReferenceValuesFile.relativeError(design.expectedEventsH1 ?? .nan, c.number("expectedEventsH1")) < 1e-6)
        }
    }
}
