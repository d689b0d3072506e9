import Foundation

/// The trial-design rules on the statistician's page in the page language. TrialStats states each rule in
/// English, as the command line prints it (`DesignError.rule`); the page translates by the rule's text with
/// its numbers taken out ("must be between {0} and {1}"), the way a message catalogue keyed by its source
/// text works, and shows the English text for a rule it does not know.
enum DesignRuleText {
    static func text(_ rule: String, in language: Language) -> String {
        guard language == .simplifiedChinese else { return rule }
        let (template, numbers) = template(of: rule)
        guard var chinese = chinese[template] else { return rule }
        for (index, number) in numbers.enumerated() { chinese = chinese.replacingOccurrences(of: "{\(index)}", with: number) }
        return chinese
    }

    /// The rule with each number replaced by {0}, {1}, ... in order, and the numbers.
    static func template(of rule: String) -> (String, [String]) {
        var template = ""
        var numbers: [String] = []
        var current = ""
        var previous: Character?
        func flush() {
            guard !current.isEmpty else { return }
            template += "{\(numbers.count)}"
            numbers.append(current)
            current = ""
        }
        for character in rule {
            let startsNegative = character == "-" && current.isEmpty && (previous == nil || previous == " " || previous == "(")
            if character.isASCII && character.isNumber {
                current.append(character)
            } else if character == ".", !current.isEmpty, current.last?.isNumber == true {
                current.append(character)
            } else if startsNegative {
                current.append(character)
            } else {
                if current == "-" { template += "-"; current = "" }
                if current.hasSuffix(".") { current.removeLast(); flush(); template += "." } else { flush() }
                template.append(character)
            }
            previous = character
        }
        if current == "-" { template += "-" } else { flush() }
        return (template, numbers)
    }

    /// Chinese for every rule TrialStats states (a test holds this list to the rules the design types give).
    static let chinese: [String: String] = [
        "is required, or instead controlHazardPerMonth, controlEventRate with controlEventRateMonth, or controlHazardsPerMonth with piecewiseSurvivalTime (exactly one of the four)":
            "必填；或改为给出 controlHazardPerMonth、controlEventRate 与 controlEventRateMonth、或 controlHazardsPerMonth 与 piecewiseSurvivalTime（四者只能给一种）",
        "must enrol enough participants to expect the {0} events required after the end of accrual (it enrols {1})":
            "入组人数必须足以在入组结束后预期达到所需的 {0} 个事件（当前入组 {1} 人）",
        "are supported for one-sided designs only": "只适用于单侧设计",
        "is required when sampleSize is given (the accrual then gives only its shape)": "给出 sampleSize 时必填（此时入组速率只决定入组曲线的形状）",
        "is required when type is asHSD": "type 为 asHSD 时必填",
        "is required when type is asKD": "type 为 asKD 时必填",
        "is required with accrualMonths": "给出 accrualMonths 时必填",
        "is required with accrualTime": "给出 accrualTime 时必填",
        "is required with controlEventRate": "给出 controlEventRate 时必填",
        "is required with controlHazardsPerMonth": "给出 controlHazardsPerMonth 时必填",
        "is required, or instead accrualTime with accrualIntensity (exactly one of the two)": "必填；或改为给出 accrualTime 与 accrualIntensity（两者只能给一种）",
        "is supported for fixed designs only; give power for a group-sequential design": "只适用于固定设计；成组序贯设计请给出 power",
        "must be {0} or {1}": "必须为 {0} 或 {1}",
        "must be > {0}": "必须 > {0}",
        "must be > {0} and != {1}": "必须 > {0} 且不等于 {1}",
        "must be > {0} and < {1} when sided is {2}": "sided 为 {2} 时必须 > {0} 且 < {1}",
        "must be > {0} and < {1}": "必须 > {0} 且 < {1}",
        "must be > {0} for asKD": "asKD 时必须 > {0}",
        "must be > alpha / sided and < {0}": "必须 > alpha / sided 且 < {0}",
        "must be >= {0}": "必须 >= {0}",
        "must be >= {0} and < {1}": "必须 >= {0} 且 < {1}",
        "must be >= {0} and not all {1}": "必须 >= {0} 且不能全为 {1}",
        "must be a number between {0} and {1} for asHSD": "asHSD 时必须是 {0} 到 {1} 之间的数",
        "must be below the efficacy boundary at each stage (stage {0}: below {1})": "每个阶段都必须低于有效性界值（第 {0} 阶段：低于 {1}）",
        "must be between {0} and participants": "必须在 {0} 与 participants 之间",
        "must be between {0} and {1}": "必须在 {0} 与 {1} 之间",
        "must be numbers >= {0} on the z scale ({1}: no futility stop at that stage)": "必须是 z 尺度上 >= {0} 的数（{1}：该阶段不因无效而停止）",
        "must be one of OF, P, asOF, asP, asKD, asHSD": "必须是 OF、P、asOF、asP、asKD、asHSD 之一",
        "must be schoenfeld or freedman": "必须为 schoenfeld 或 freedman",
        "must end with {0}": "必须以 {0} 结尾",
        "must equal the group-sequential design's alpha and sides": "必须与成组序贯设计的 alpha 和单双侧一致",
        "must give one bound for each stage but the last": "除最后一个阶段外，每个阶段给出一个界值",
        "must give one hazard for each interval of piecewiseSurvivalTime": "piecewiseSurvivalTime 的每个区间须给出一个风险率",
        "must give one intensity for each interval of accrualTime": "accrualTime 的每个区间须给出一个入组速率",
        "must increase strictly": "必须严格递增",
        "must leave at least one participant in each arm": "每组至少须有一名受试者",
        "must list {0} to {1} hazard ratios": "须列出 {0} 到 {1} 个风险比",
        "must list {0} to {1} stages": "须列出 {0} 到 {1} 个阶段",
        "must start with {0} and end with the end of accrual (at most {1} intervals)": "必须以 {0} 开始、以入组结束时间结尾（最多 {1} 个区间）",
        "must start with {0} and list at most {1} times": "必须以 {0} 开始，最多列出 {1} 个时间点",
        "need an analysis at a number of events (eventsAtAnalysis), not at a month": "需要按事件数（eventsAtAnalysis）而非按月份进行分析",
        "need informationFractions": "需要 informationFractions",
        "or sampleSize must be given, not both": "或 sampleSize 二者须给出其一，不能同时给出",
    ]
}
