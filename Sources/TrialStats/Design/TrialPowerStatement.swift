import Foundation

/// This trial's own design question, answered as a protocol would state it: with `participants`
/// randomized 1:1 over the accrual period and followed `followUpMonths` after the last enrolment, a
/// control median PFS and exponential dropout, the expected events and the power of the log-rank test at
/// each hazard ratio (Schoenfeld; one-sided alpha 0.025 and two-sided alpha 0.05), and the events 80%
/// power would need with the month they are expected; a paragraph in English and one in Chinese.
/// The command line (`trialdesk design trial`) and the statistician's page both print it.
public struct TrialPowerStatement: Sendable, Equatable {
    public var participants: Double
    public var controlMedian: Double
    public var accrualMonths: Double
    public var followUpMonths: Double
    public var dropoutRatePerYear: Double
    public var hazardRatios: [Double]

    public init(participants: Double = 120, controlMedian: Double = 5, accrualMonths: Double,
                followUpMonths: Double = 12, dropoutRatePerYear: Double = 0.05, hazardRatios: [Double] = [0.6, 0.7]) {
        self.participants = participants
        self.controlMedian = controlMedian
        self.accrualMonths = accrualMonths
        self.followUpMonths = followUpMonths
        self.dropoutRatePerYear = dropoutRatePerYear
        self.hazardRatios = hazardRatios
    }

    public struct Scenario: Codable, Sendable, Equatable {
        public let hazardRatio: Double
        public let expectedEventsAtAnalysis: Double
        public let powerOneSided: Double
        public let powerTwoSided: Double
        /// Events for 80% power at one-sided alpha 0.025 and the month 120 participants are expected to
        /// reach them (null: they never do).
        public let eventsFor80PercentPower: Int
        public let monthEventsFor80PercentPowerReached: Double?
    }

    public struct Result: Codable, Sendable, Equatable {
        public let participants: Double
        public let allocationRatio: Double
        public let controlMedianMonths: Double
        public let accrualMonths: Double
        public let followUpMonths: Double
        public let dropoutRatePerYear: Double
        public let analysisMonth: Double
        public let method: String
        public let scenarios: [Scenario]
        public let paragraphEnglish: String
        public let paragraphChinese: String
    }

    public func answer() throws -> Result {
        try DesignError.require(!hazardRatios.isEmpty && hazardRatios.count <= 10, "hazardRatio",
                                "must list 1 to 10 hazard ratios")
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

    public func english(_ scenarios: [Scenario], analysis: Double) -> String {
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

    public func chinese(_ scenarios: [Scenario], analysis: Double) -> String {
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
