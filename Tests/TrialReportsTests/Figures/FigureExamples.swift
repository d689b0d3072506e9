import Foundation
@testable import TrialReports

/// Inputs shared by the figure tests.
enum FigureExamples {
    static func survivalLabels(title: String) -> SurvivalPlotLabels {
        SurvivalPlotLabels(title: title, description: "\(title) by arm", xAxis: "Time", yAxis: "Probability",
                           numberAtRisk: "Number at risk")
    }

    static func consortLabels() -> ConsortDiagramLabels {
        ConsortDiagramLabels(title: "CONSORT 2010 flow diagram", description: "Participant flow", enrollment: "Enrollment",
                             allocation: "Allocation", followUp: "Follow-up", analysis: "Analysis",
                             assessedForEligibility: "Assessed for eligibility", excluded: "Excluded", randomized: "Randomized",
                             allocatedTo: "Allocated to {arm}", receivedAllocatedIntervention: "Received allocated intervention",
                             didNotReceiveAllocatedIntervention: "Did not receive allocated intervention",
                             lostToFollowUp: "Lost to follow-up", discontinuedIntervention: "Discontinued intervention",
                             analysed: "Analysed", excludedFromAnalysis: "Excluded from analysis")
    }

    static func chineseConsortLabels() -> ConsortDiagramLabels {
        ConsortDiagramLabels(title: "CONSORT 2010 流程图", description: "受试者流程", enrollment: "入组", allocation: "分配",
                             followUp: "随访", analysis: "分析", assessedForEligibility: "评估合格性", excluded: "排除",
                             randomized: "随机化", allocatedTo: "分配至{arm}组", receivedAllocatedIntervention: "接受分配的干预",
                             didNotReceiveAllocatedIntervention: "未接受分配的干预", lostToFollowUp: "失访",
                             discontinuedIntervention: "中止干预", analysed: "纳入分析", excludedFromAnalysis: "排除出分析")
    }

    static func flow(arms count: Int = 2, longReasons: Bool = false) -> ConsortFlow {
        let long = longReasons
            ? " because the participant had more than ten metastatic lesions or a lesion not reachable percutaneously, 病灶数目超过十个且无法经皮穿刺到达"
            : ""
        let arms = (0..<count).map { index in
            ConsortArmFlow(name: ["Seeds + systemic therapy", "Systemic therapy alone", "Observation"][index % 3],
                           allocated: 60 + index, receivedAllocatedIntervention: 57 + index,
                           didNotReceiveAllocatedIntervention: [ConsortReason(reason: "Withdrew consent" + long, count: 3)],
                           lostToFollowUp: [ConsortReason(reason: "Moved away", count: 11 + index)],
                           discontinuedIntervention: [ConsortReason(reason: "Toxicity" + long, count: 21 + index),
                                                      ConsortReason(reason: "Progression", count: 31 + index)],
                           analysed: 59 - index,
                           excludedFromAnalysis: [ConsortReason(reason: "No baseline assessment", count: 1 + index)])
        }
        return ConsortFlow(assessedForEligibility: 148,
                           excluded: [ConsortReason(reason: "Not meeting inclusion criteria" + long, count: 17),
                                      ConsortReason(reason: "Declined to participate", count: 8)],
                           randomized: 120, arms: arms)
    }

    static func forestLabels() -> ForestPlotLabels {
        ForestPlotLabels(title: "PFS by subgroup", description: "Hazard ratios by subgroup", subgroup: "Subgroup",
                         columnHeadings: ["Seeds", "Control"], estimate: "HR (95% CI)", axis: "Hazard ratio",
                         favoursLeft: "Favours seeds", favoursRight: "Favours control")
    }

    static func forestRows() -> [ForestPlotRow] {
        [
            .heading("Age"),
            ForestPlotRow(label: "< 65 years", columns: ["20/35", "28/34"], estimate: 0.55, lower: 0.31, upper: 0.98, weight: 48),
            ForestPlotRow(label: "≥ 65 years", columns: ["14/25", "18/26"], estimate: 0.71, lower: 0.35, upper: 1.43, weight: 32),
        ]
    }
}
