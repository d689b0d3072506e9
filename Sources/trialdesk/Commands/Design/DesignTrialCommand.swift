import ArgumentParser
import Foundation
import TrialStats

/// `trialdesk design trial`: this trial's own design question, answered from its registration and the
/// accrual the demo models: what power do 120 participants give at HR 0.6 and 0.7, how many events are
/// expected at the analysis and when; printed as a protocol-ready paragraph in English and Chinese.
struct DesignTrialCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trial",
        abstract: "This trial's design: power of 120 participants 1:1 at HR 0.6 and 0.7, events and their timing.",
        discussion: """
            Defaults are the registered trial: 120 participants 1:1, primary endpoint PFS with a 12-month \
            horizon (follow-up after the last enrolment), control median PFS 5 months, dropout 5% a year, and \
            accrual over 400 days (about 13.1 months), as the demo models it (docs/demo-data.md). Power is \
            Schoenfeld's approximation for the log-rank test at one-sided alpha 0.025 and two-sided alpha 0.05.
            """
    )

    /// The demo's accrual: screenings arrive over about 400 days (docs/demo-data.md), in months of 30.4375 days.
    static let demoAccrualMonths = 400.0 / 30.4375

    @Option(help: "Participants randomized.") var participants: Double = 120
    @Option(name: .customLong("control-median"), help: "Control median PFS in months.") var controlMedian: Double = 5
    @Option(name: .customLong("accrual-months"), help: "Accrual period in months (default: the demo's).")
    var accrualMonths: Double = DesignTrialCommand.demoAccrualMonths
    @Option(name: .customLong("follow-up-months"), help: "Follow-up after the last enrolment, in months.")
    var followUpMonths: Double = 12
    @Option(name: .customLong("dropout"), help: "Probability of dropping out within 12 months.")
    var dropoutRatePerYear: Double = 0.05
    @Option(name: .customLong("hazard-ratio"), parsing: .upToNextOption, help: "Hazard ratios to assess.")
    var hazardRatios: [Double] = [0.6, 0.7]
    @Flag(help: "Print the result as JSON.") var json = false

    struct Scenario: Encodable {
        let hazardRatio: Double
        let expectedEventsAtAnalysis: Double
        let powerOneSided: Double
        let powerTwoSided: Double
        /// Events for 80% power at one-sided alpha 0.025 and the month 120 participants are expected to
        /// reach them (null: they never do).
        let eventsFor80PercentPower: Int
        let monthEventsFor80PercentPowerReached: Double?
    }

    struct Result: Encodable {
        let participants: Double
        let allocationRatio: Double
        let controlMedianMonths: Double
        let accrualMonths: Double
        let followUpMonths: Double
        let dropoutRatePerYear: Double
        let analysisMonth: Double
        let method: String
        let scenarios: [Scenario]
        let paragraphEnglish: String
        let paragraphChinese: String
    }

    func run() throws {
        let result = try DesignCommand.checked { try answer() }
        if json { return try CommandOutput.printJSON(result) }
        print(result.paragraphEnglish)
        print()
        print(result.paragraphChinese)
    }

    func answer() throws -> Result {
        let analysis = accrualMonths + followUpMonths
        var scenarios: [Scenario] = []
        for hazardRatio in hazardRatios {
            let assumptions = try SurvivalTrialAssumptions(
                hazardRatio: hazardRatio, control: .medianMonths(controlMedian), accrualMonths: accrualMonths,
                dropoutRatePerYear: dropoutRatePerYear)
            let one = try SurvivalDesign.make(alpha: 0.025, sided: 1, sampleSize: participants, assumptions: assumptions,
                                              followUpMonths: followUpMonths, method: .schoenfeld)
            let two = try SurvivalDesign.make(alpha: 0.05, sided: 2, sampleSize: participants, assumptions: assumptions,
                                              followUpMonths: followUpMonths, method: .schoenfeld)
            let needed = try SurvivalSampleSize.eventsRequired(alpha: 0.025, sided: 1, power: 0.8,
                                                               assumptions: assumptions, method: .schoenfeld)
            let neededRounded = Int(needed.rounded(.up))
            scenarios.append(Scenario(
                hazardRatio: hazardRatio, expectedEventsAtAnalysis: one.expectedEventsAtAnalysis,
                powerOneSided: one.power, powerTwoSided: two.power, eventsFor80PercentPower: neededRounded,
                monthEventsFor80PercentPowerReached: assumptions.month(whenExpectedEventsReach: Double(neededRounded),
                                                                       participants: participants)))
        }
        return Result(participants: participants, allocationRatio: 1, controlMedianMonths: controlMedian,
                      accrualMonths: accrualMonths, followUpMonths: followUpMonths,
                      dropoutRatePerYear: dropoutRatePerYear, analysisMonth: analysis, method: "schoenfeld",
                      scenarios: scenarios, paragraphEnglish: english(scenarios, analysis: analysis),
                      paragraphChinese: chinese(scenarios, analysis: analysis))
    }

    private func number(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
    private func percent(_ value: Double) -> String { String(format: "%.1f%%", 100 * value) }
    private func count(_ value: Double) -> String { String(Int(value.rounded())) }

    func english(_ scenarios: [Scenario], analysis: Double) -> String {
        var text = "With \(count(participants)) participants randomized 1:1 over \(number(accrualMonths)) months and "
            + "followed for \(number(followUpMonths)) months after the last enrolment (analysis at month "
            + "\(number(analysis)) from the first), a control median progression-free survival of "
            + "\(number(controlMedian)) months, exponential survival and \(percent(dropoutRatePerYear)) dropout a "
            + "year in both arms, "
        let parts = scenarios.map { s in
            "at a hazard ratio of \(number(s.hazardRatio, 2)) about \(count(s.expectedEventsAtAnalysis)) progression "
                + "events are expected at the analysis, and the log-rank test has \(percent(s.powerOneSided)) power "
                + "at one-sided alpha 0.025 (\(percent(s.powerTwoSided)) at two-sided alpha 0.05)"
        }
        text += parts.joined(separator: "; ") + ". "
        let needs = scenarios.map { s in
            let when = s.monthEventsFor80PercentPowerReached.map { "expected at month \(number($0))" }
                ?? "more events than \(count(participants)) participants are expected to produce"
            return "\(s.eventsFor80PercentPower) events at a hazard ratio of \(number(s.hazardRatio, 2)) (\(when))"
        }
        text += "80% power at one-sided alpha 0.025 needs " + needs.joined(separator: " and ") + ". "
        text += "Power and events follow Schoenfeld's approximation; expected events assume uniform accrual."
        return text
    }

    func chinese(_ scenarios: [Scenario], analysis: Double) -> String {
        var text = "\(count(participants)) 例受试者在 \(number(accrualMonths)) 个月内按 1:1 随机入组，末例入组后随访 "
            + "\(number(followUpMonths)) 个月（自首例入组起第 \(number(analysis)) 个月进行分析）；假设对照组中位无进展生存期为 "
            + "\(number(controlMedian)) 个月，两组生存时间服从指数分布，年脱落率均为 \(percent(dropoutRatePerYear))。"
        let parts = scenarios.map { s in
            "风险比为 \(number(s.hazardRatio, 2)) 时，分析时预计发生约 \(count(s.expectedEventsAtAnalysis)) 例疾病进展事件，"
                + "log-rank 检验在单侧 α = 0.025 下的检验效能为 \(percent(s.powerOneSided))"
                + "（双侧 α = 0.05 下为 \(percent(s.powerTwoSided))）"
        }
        text += parts.joined(separator: "；") + "。"
        let needs = scenarios.map { s in
            let when = s.monthEventsFor80PercentPowerReached.map { "预计在第 \(number($0)) 个月达到" }
                ?? "超过 \(count(participants)) 例受试者预计可发生的事件数"
            return "风险比为 \(number(s.hazardRatio, 2)) 时需 \(s.eventsFor80PercentPower) 例事件（\(when)）"
        }
        text += "若要在单侧 α = 0.025 下达到 80% 的检验效能，" + needs.joined(separator: "，") + "。"
        text += "检验效能与事件数按 Schoenfeld 近似公式计算；预期事件数假设匀速入组。"
        return text
    }
}
