import Foundation

/// Every word the report prints, one dictionary per language (`ReportVocabulary.english`,
/// `ReportVocabulary.simplifiedChinese`); the report looks every label up here, and a test checks that
/// both dictionaries hold every key.
public enum ReportText: String, CaseIterable, Sendable {
    case reportTitle
    case protocolId
    case registry
    case dataCutoff
    case populationSizes
    case screened
    case randomized
    case ittPopulation
    case ppPopulation
    case safetyPopulation
    case notTreated
    case treatedLesions
    case treatedParticipants
    case sectionRegistration
    case registeredEndpoint
    case timeFrame
    case answeredIn
    case regPFS
    case regOS
    case regTTNT
    case regLC
    case regSafety
    case regQoL
    case tfRandomization12
    case tfRandomization24
    case tfIntervention12
    case tfSafety
    case tfQoL
    case sectionConsort
    case consortDescription
    case enrollment
    case allocation
    case followUp
    case analysis
    case assessedForEligibility
    case excluded
    case allocatedTo
    case receivedAllocated
    case didNotReceive
    case lostToFollowUp
    case discontinued
    case analysed
    case excludedFromAnalysis
    case reasonIneligible
    case reasonCriterion
    case reasonUnspecified
    case reasonDeclined
    case reasonNotRandomized
    case reasonNoImplantation
    case reasonImplantedAgainstAllocation
    case reasonNoSystemicTherapy
    case reasonDeath
    case reasonWithdrewConsent
    case reasonInvestigatorDecision
    case reasonOther
    case sectionBaseline
    case characteristic
    case allParticipants
    case ageYears
    case ageGroup
    case sex
    case female
    case male
    case ecog
    case modality
    case modalityCT
    case modalityPET
    case lesionCount
    case stratum
    case primarySite
    case priorLines
    case medianRange
    case meanSD
    case nPercent
    case sectionPFS
    case sectionOS
    case sectionTTNT
    case sectionLC
    case sectionSafety
    case sectionQoL
    case sectionSubgroups
    case sectionMethods
    case protocolVersions
    case protocolVersion
    case protocolVersionInForceFrom
    case arm
    case n
    case events
    case median95
    case rateAt
    case monthsShort
    case stratifiedLogRank
    case hazardRatio
    case rmstDifference
    case phTest
    case notReached
    case notEstimable
    case notEstimableNote
    case kmDescription
    case xAxisRandomization
    case xAxisImplantation
    case numberAtRisk
    case yPFS
    case yOS
    case yTTNT
    case ppSensitivity
    case newLineSensitivity
    case cifTTNT
    case cifLC
    case cifDescription
    case cifYAxis
    case competingEvents
    case cifAt
    case grayTest
    case lcPerLesion
    case lcPerParticipant
    case lcByOrgan
    case lcNote
    case allLesions
    case group
    case anyTEAE
    case grade3plus
    case serious
    case procedureRelated
    case procedureRelatedGrade3
    case therapyRelated
    case therapyRelatedGrade3
    case fatal
    case worstGrade
    case grade
    case term
    case anyGrade
    case fisherP
    case procedureRelatedEvents
    case seriousEvents
    case termTable
    case none
    case scale
    case higherBetter
    case lowerBetter
    case baselineMean
    case changeMean
    case ancovaDifference
    case improvedPercent
    case pValue
    case summaryScore
    case scaleQL2
    case scalePF2
    case scaleRF2
    case scaleEF
    case scaleCF
    case scaleSF
    case scaleFA
    case scaleNV
    case scalePA
    case scaleDY
    case scaleSL
    case scaleAP
    case scaleCO
    case scaleDI
    case scaleFI
    case subgroup
    case eventsN
    case hrColumn
    case hrAxis
    case favoursExperimental
    case favoursControl
    case overall
    case forestDescription
    case sgSex
    case sgAge
    case sgModality
    case sgEcog
    case footnotes
    case methodPopulations
    case methodCutoff
    case methodCensoring
    case methodKM
    case methodLogRank
    case methodCox
    case methodPH
    case methodRMST
    case methodCIF
    case methodGray
    case methodTTNT
    case methodLC
    case methodTEAE
    case methodFisher
    case methodQoL
    case methodAncova
    case methodResponder
    case methodSubgroup
    case pointsUnit
    case daysUnit
    case sectionPatterns
    case regPatterns
    case tfFirstProgression
    case patternsNote
    case progressedParticipants
    case pattern
    case organ
    case daysToProgression
    case patTarget
    case patNonTarget
    case patNewLesion
    case patNewFDG
    case patSULpeak
    case patInField
    case patOutOfField
    case patInAndOut
    case patNoTreatedLesions
    case newLesionOrgans
    case fieldRelation
    case patternsFigureDescription
    case patternsDiseasePanel
    case patternsFieldPanel
    case progressedWord
    case sectionResponseCourse
    case waterfallTitle
    case waterfallDescription
    case waterfallYAxis
    case unmeasuredHeading
    case lineResponse
    case lineProgression
    case responseCR
    case responsePR
    case responseSD
    case responsePD
    case responseNE
    case spiderTitle
    case spiderDescription
    case spiderYAxis
    case spiderEndsAbove
    case swimmerTitle
    case swimmerDescription
    case swImplantation
    case swPartialResponse
    case swCompleteResponse
    case swProgression
    case swNewLine
    case swDeath
    case swAlive
    case methodPatterns
    case methodResponseCourse
}

/// The report's words in one language.
public struct ReportVocabulary: Sendable {
    public let language: ReportLanguage
    public let entries: [ReportText: String]

    /// The label of `key`; the key itself (visible, and caught by the tests) if a dictionary lacks it.
    public subscript(_ key: ReportText) -> String { entries[key] ?? "[\(key.rawValue)]" }

    public static func forLanguage(_ language: ReportLanguage) -> ReportVocabulary {
        switch language {
        case .english: return english
        case .simplifiedChinese: return simplifiedChinese
        }
    }

    public static let english = ReportVocabulary(language: .english, entries: [
        .reportTitle: "Statistical analysis report",
        .protocolId: "Protocol",
        .registry: "Registration",
        .dataCutoff: "Data cut-off",
        .populationSizes: "Analysis populations",
        .screened: "Screened",
        .randomized: "Randomized",
        .ittPopulation: "Intention to treat (by randomized arm)",
        .ppPopulation: "Per protocol",
        .safetyPopulation: "Safety (by treatment received)",
        .notTreated: "Randomized, no study treatment",
        .treatedLesions: "125I-treated lesions",
        .treatedParticipants: "Participants with treated lesions",
        .sectionRegistration: "Registered endpoints and where they are answered",
        .registeredEndpoint: "Registered endpoint",
        .timeFrame: "Time frame",
        .answeredIn: "Answered in",
        .regPFS: "Progression-free survival (PFS), primary",
        .regOS: "Overall survival (OS)",
        .regTTNT: "Time to initiation of a new systemic therapy (TTNT)",
        .regLC: "Local control of treated lesions",
        .regSafety: "Safety and treatment-related adverse events (CTCAE)",
        .regQoL: "Quality of life (EORTC QLQ-C30)",
        .tfRandomization12: "From randomization up to 12 months",
        .tfRandomization24: "From randomization up to 24 months",
        .tfIntervention12: "From intervention up to 12 months",
        .tfSafety: "From intervention through 12 months",
        .tfQoL: "Baseline and 6 months",
        .sectionConsort: "Participant flow (CONSORT 2010)",
        .consortDescription: "Flow of participants from screening to analysis by randomized arm",
        .enrollment: "Enrollment",
        .allocation: "Allocation",
        .followUp: "Follow-up",
        .analysis: "Analysis",
        .assessedForEligibility: "Assessed for eligibility",
        .excluded: "Excluded",
        .allocatedTo: "Allocated to",
        .receivedAllocated: "Received allocated intervention",
        .didNotReceive: "Did not receive allocated intervention",
        .lostToFollowUp: "Lost to follow-up",
        .discontinued: "Discontinued",
        .analysed: "Analysed (intention to treat)",
        .excludedFromAnalysis: "Excluded from analysis",
        .reasonIneligible: "Not meeting eligibility criteria",
        .reasonCriterion: "Criterion not met:",
        .reasonUnspecified: "criterion not recorded",
        .reasonDeclined: "Declined to participate",
        .reasonNotRandomized: "Eligible and consented, not randomized",
        .reasonNoImplantation: "No 125I implantation",
        .reasonImplantedAgainstAllocation: "Received 125I implantation",
        .reasonNoSystemicTherapy: "No systemic therapy recorded",
        .reasonDeath: "Died",
        .reasonWithdrewConsent: "Withdrew consent",
        .reasonInvestigatorDecision: "Investigator decision",
        .reasonOther: "Other reason",
        .sectionBaseline: "Baseline characteristics (intention to treat)",
        .characteristic: "Characteristic",
        .allParticipants: "All",
        .ageYears: "Age, years",
        .ageGroup: "Age group",
        .sex: "Sex",
        .female: "Female",
        .male: "Male",
        .ecog: "ECOG performance status",
        .modality: "Baseline imaging (governing criterion)",
        .modalityCT: "CT (RECIST 1.1)",
        .modalityPET: "PET/CT (PERCIST 1.0)",
        .lesionCount: "Number of metastatic lesions",
        .stratum: "Randomization stratum",
        .primarySite: "Primary tumour site",
        .priorLines: "Prior lines of therapy",
        .medianRange: "median (range)",
        .meanSD: "mean (SD)",
        .nPercent: "n (%)",
        .sectionPFS: "Progression-free survival (primary endpoint)",
        .sectionOS: "Overall survival",
        .sectionTTNT: "Time to new systemic therapy",
        .sectionLC: "Local control of 125I-treated lesions",
        .sectionSafety: "Adverse events (safety population)",
        .sectionQoL: "Quality of life (EORTC QLQ-C30)",
        .sectionSubgroups: "PFS by subgroup",
        .sectionMethods: "Methods",
        .protocolVersions: "Protocol versions (the data were collected under each from its effective date)",
        .protocolVersion: "Version",
        .protocolVersionInForceFrom: "in force from",
        .arm: "Arm",
        .n: "N",
        .events: "Events",
        .median95: "Median, months (95% CI)",
        .rateAt: "Rate at",
        .monthsShort: "mo",
        .stratifiedLogRank: "Stratified log-rank test",
        .hazardRatio: "Hazard ratio (95% CI), stratified Cox",
        .rmstDifference: "RMST difference up to 12 months, months (95% CI)",
        .phTest: "Proportional hazards test (Schoenfeld-type, cox.zph)",
        .notReached: "not reached",
        .notEstimable: "NE",
        .notEstimableNote: "not estimable: no follow-up reaches that time (the Kaplan-Meier curve is not extended beyond the last observed time).",
        .kmDescription: "Kaplan-Meier curves by arm with censoring marks and the numbers at risk under the time axis",
        .xAxisRandomization: "Months since randomization",
        .xAxisImplantation: "Months since implantation",
        .numberAtRisk: "Number at risk",
        .yPFS: "Progression-free survival",
        .yOS: "Overall survival",
        .yTTNT: "Free of new systemic therapy",
        .ppSensitivity: "Per-protocol sensitivity analysis",
        .newLineSensitivity: "Sensitivity analysis: PFS censored at the last adequate assessment before a new line of systemic therapy",
        .cifTTNT: "Cumulative incidence of new systemic therapy, death before a new line competing",
        .cifLC: "Cumulative incidence of in-field progression per treated lesion, death competing",
        .cifDescription: "Aalen-Johansen cumulative incidence curves",
        .cifYAxis: "Cumulative incidence",
        .competingEvents: "Competing deaths",
        .cifAt: "Cumulative incidence at",
        .grayTest: "Gray's test",
        .lcPerLesion: "Per treated lesion",
        .lcPerParticipant: "Per participant (first in-field progression of any treated lesion)",
        .lcByOrgan: "Per treated lesion, by organ",
        .lcNote: "Only participants implanted with 125I seeds have treated lesions, so local control is estimated without a between-arm comparison: per lesion, per participant, and per lesion by organ, with Gray's test between organs (lesions of one participant are not independent; the test is descriptive).",
        .allLesions: "All treated lesions",
        .group: "Group",
        .anyTEAE: "Any treatment-emergent adverse event",
        .grade3plus: "Grade 3 or worse",
        .serious: "Serious adverse event",
        .procedureRelated: "Related to the 125I procedure",
        .procedureRelatedGrade3: "Procedure-related, grade 3 or worse",
        .therapyRelated: "Related to systemic therapy",
        .therapyRelatedGrade3: "Therapy-related, grade 3 or worse",
        .fatal: "Grade 5 (fatal)",
        .worstGrade: "Participants by worst grade",
        .grade: "Grade",
        .term: "CTCAE term",
        .anyGrade: "Any grade",
        .fisherP: "Fisher's exact p",
        .procedureRelatedEvents: "Procedure-related adverse events by term",
        .seriousEvents: "Serious adverse events by term",
        .termTable: "Treatment-emergent adverse events by term",
        .none: "None",
        .scale: "Scale",
        .higherBetter: "higher is better",
        .lowerBetter: "higher is worse",
        .baselineMean: "Baseline, mean",
        .changeMean: "Change, mean (SD)",
        .ancovaDifference: "Difference adjusted for baseline (95% CI)",
        .improvedPercent: "Improved, n/N (%)",
        .pValue: "p",
        .summaryScore: "Summary score",
        .scaleQL2: "Global health status/QoL",
        .scalePF2: "Physical functioning",
        .scaleRF2: "Role functioning",
        .scaleEF: "Emotional functioning",
        .scaleCF: "Cognitive functioning",
        .scaleSF: "Social functioning",
        .scaleFA: "Fatigue",
        .scaleNV: "Nausea and vomiting",
        .scalePA: "Pain",
        .scaleDY: "Dyspnoea",
        .scaleSL: "Insomnia",
        .scaleAP: "Appetite loss",
        .scaleCO: "Constipation",
        .scaleDI: "Diarrhoea",
        .scaleFI: "Financial difficulties",
        .subgroup: "Subgroup",
        .eventsN: "Events/N",
        .hrColumn: "HR (95% CI)",
        .hrAxis: "Hazard ratio",
        .favoursExperimental: "Favours seeds + systemic",
        .favoursControl: "Favours systemic alone",
        .overall: "Overall (stratified)",
        .forestDescription: "PFS hazard ratios (seeds + systemic over systemic alone) within subgroups, unstratified Cox models",
        .sgSex: "Sex",
        .sgAge: "Age, years",
        .sgModality: "Baseline imaging",
        .sgEcog: "ECOG",
        .footnotes: "Methods used",
        .methodPopulations: "Populations: intention to treat = all randomized participants by randomized arm (efficacy); per protocol = ITT participants who received the allocated treatment without a major protocol deviation (sensitivity); safety = participants who received any study treatment, by treatment received.",
        .methodCutoff: "Data cut-off: nothing dated after the cut-off is used; participants randomized after it are not included.",
        .methodCensoring: "PFS, OS and TTNT are derived from recorded dates by the rules of the endpoint documentation (FDA 2018 PFS censoring table; responses computed from the measurements by RECIST 1.1, or PERCIST 1.0 for a PET/CT baseline); administrative censoring at 12 months (OS 24 months).",
        .methodKM: "Kaplan-Meier estimates; 95% CIs of survival rates with the log transform and Greenwood variance; median CI by the Brookmeyer-Crowley method (as R survival::survfit). Rates at 6 months (day 183), 12 months (day 365) and 24 months (day 730).",
        .methodLogRank: "Log-rank test stratified by the randomization strata (R survival::survdiff with strata).",
        .methodCox: "Hazard ratio of seeds + systemic over systemic alone from a Cox model stratified by the randomization strata, Efron ties, Wald 95% CI and p (R survival::coxph).",
        .methodPH: "Proportional hazards assumption: global test of cox.zph with the Kaplan-Meier time transform.",
        .methodRMST: "Restricted mean survival time up to 12 months per arm (area under the Kaplan-Meier curve) and their difference with a normal-approximation 95% CI.",
        .methodCIF: "Cumulative incidence by the Aalen-Johansen estimator with the competing event shown separately; standard errors by the infinitesimal jackknife (R survival::survfit, multi-state).",
        .methodGray: "Gray's test for equality of cumulative incidence between groups (R cmprsk::cuminc).",
        .methodTTNT: "TTNT: a new line started for progression or a clinical decision is the event; death before a new line is censored in the primary analysis and is the competing event in the cumulative incidence analysis.",
        .methodLC: "Local control per treated lesion from its implantation: in-field progression (growth of at least 20% and 5 mm over the lesion's nadir, PERCIST thresholds, or the radiologist's call) is the event, death without it the competing event, up to 12 months.",
        .methodTEAE: "Treatment-emergent adverse events: onset on or after the first study treatment and within 30 days after the last; graded by CTCAE v5.0; each participant counted once per row at the worst grade; relatedness = possible, probable or definite, recorded separately for the procedure and for systemic therapy.",
        .methodFisher: "Proportions between arms compared with Fisher's exact test (two-sided).",
        .methodQoL: "QLQ-C30 scored by the EORTC scoring manual (0-100); change from baseline to month 6 in participants with both scores; no imputation.",
        .methodAncova: "ANCOVA: month-6 score on arm and baseline score (linear model), difference seeds + systemic minus systemic alone with a t-based 95% CI.",
        .methodResponder: "Responders: improved by at least the study's threshold (points) in the favourable direction of the scale (higher for functioning and global health, lower for symptoms); Clopper-Pearson 95% CI.",
        .methodSubgroup: "Subgroup hazard ratios from unstratified Cox models within each subgroup; the overall row is the stratified model. Subgroups are descriptive, without multiplicity adjustment.",
        .pointsUnit: "points",
        .daysUnit: "days",
        .sectionPatterns: "Patterns of progression",
        .regPatterns: "Descriptive analyses of patterns of disease progression (exploratory)",
        .tfFirstProgression: "At the first progression (PFS event)",
        .patternsNote: "Every participant whose PFS event is progression, by randomized arm: how the first progression showed itself on the scan that established it (a participant can have several patterns), the organs of new lesions, and for participants with 125I-treated lesions whether a treated lesion progressed in field, only untreated disease progressed, or both. Descriptive, without tests.",
        .progressedParticipants: "Participants with progression as the PFS event",
        .pattern: "Pattern",
        .organ: "Organ",
        .daysToProgression: "Days to first progression, median (range)",
        .patTarget: "Growth of target lesions (RECIST 1.1)",
        .patNonTarget: "Unequivocal non-target progression",
        .patNewLesion: "New lesion (RECIST 1.1)",
        .patNewFDG: "New FDG-avid lesion (PERCIST 1.0)",
        .patSULpeak: "SULpeak increase (PERCIST 1.0)",
        .patInField: "In field only (a 125I-treated lesion)",
        .patOutOfField: "Out of field only (untreated lesions or new lesions)",
        .patInAndOut: "In field and out of field",
        .patNoTreatedLesions: "No 125I-treated lesions",
        .newLesionOrgans: "Organs of new lesions (participants)",
        .fieldRelation: "Relation to the 125I-treated lesions (participants with treated lesions and progression)",
        .patternsFigureDescription: "Per arm: the share of participants with progression showing each pattern, and a stacked bar of the relation of the first progression to the 125I-treated lesions.",
        .patternsDiseasePanel: "Disease patterns (% of participants with progression; several possible)",
        .patternsFieldPanel: "Relation to the 125I-treated lesions",
        .progressedWord: "progressed",
        .sectionResponseCourse: "Tumour response over time",
        .waterfallTitle: "Best change in the sum of target diameters (waterfall plot)",
        .waterfallDescription: "One bar per participant: the best percentage change from baseline in the sum of target lesion diameters over the post-baseline assessments, sorted; filled bars for the first arm, open bars for the second; the marker gives the RECIST 1.1 best overall response; dashed line -30% (partial response), dotted line +20% (progression).",
        .waterfallYAxis: "Best change from baseline (%)",
        .unmeasuredHeading: "Without a post-baseline measurement of every target lesion",
        .lineResponse: "-30% (partial response)",
        .lineProgression: "+20% (progression)",
        .responseCR: "Complete response (CR)",
        .responsePR: "Partial response (PR)",
        .responseSD: "Stable disease (SD)",
        .responsePD: "Progressive disease (PD)",
        .responseNE: "Not evaluable (NE)",
        .spiderTitle: "Change in the sum of target diameters over time (spider plot)",
        .spiderDescription: "One line per participant from baseline (0%) through each assessment with every target lesion measured, one panel per arm; dashed line -30%, dotted line +20%.",
        .spiderYAxis: "Change from baseline (%)",
        .spiderEndsAbove: "Last measurement at +20% or more",
        .swimmerTitle: "Each participant's course (swimmer plot)",
        .swimmerDescription: "One bar per participant from randomization to the last contact, grouped by arm and ordered by time on study, with markers for implantation, the onset of a response, the first progression, the start of a new line of systemic therapy and death; an arrow marks a participant alive at the last contact.",
        .swImplantation: "125I seed implantation",
        .swPartialResponse: "Partial response begins (PR, PMR)",
        .swCompleteResponse: "Complete response begins (CR, CMR)",
        .swProgression: "First progression",
        .swNewLine: "New line of systemic therapy",
        .swDeath: "Death",
        .swAlive: "Alive at last contact",
        .methodPatterns: "Patterns of progression: the scan that established the PFS progression, read by the governing criterion's computed responses: RECIST 1.1 target PD (growth of target lesions), non-target PD, an unequivocal new lesion or a confirmed equivocal one (dated from the scan that first showed it); PERCIST 1.0 a new FDG-avid lesion, unequivocal non-target progression, or a SULpeak increase of more than 30% and 0.8 SUL. In field: a 125I-treated lesion had progressed in field by that date (local-control rule) or is what grew; out of field: a new lesion or an untreated lesion grew.",
        .methodResponseCourse: "Waterfall and spider plots: the sum of target diameters as the RECIST 1.1 evaluator counts it (a lesion too small to measure as 5 mm), at each post-baseline assessment with every target lesion measured; change = (sum - baseline sum) / baseline sum; the best change is the smallest. Swimmer plot: responses of the governing criterion before the first progression, new lines as TTNT counts them, the last contact as for OS.",
    ])

    public static let simplifiedChinese = ReportVocabulary(language: .simplifiedChinese, entries: [
        .reportTitle: "统计分析报告",
        .protocolId: "方案编号",
        .registry: "注册号",
        .dataCutoff: "数据截止日期",
        .populationSizes: "分析人群",
        .screened: "筛选人数",
        .randomized: "随机化人数",
        .ittPopulation: "意向性治疗人群（按随机分组）",
        .ppPopulation: "符合方案人群",
        .safetyPopulation: "安全性人群（按实际接受治疗）",
        .notTreated: "已随机但未接受研究治疗",
        .treatedLesions: "125I 治疗病灶数",
        .treatedParticipants: "有治疗病灶的受试者",
        .sectionRegistration: "注册终点及其在本报告中的位置",
        .registeredEndpoint: "注册终点",
        .timeFrame: "时间范围",
        .answeredIn: "对应章节",
        .regPFS: "无进展生存期（PFS），主要终点",
        .regOS: "总生存期（OS）",
        .regTTNT: "至开始新的全身治疗时间（TTNT）",
        .regLC: "治疗病灶的局部控制",
        .regSafety: "安全性及治疗相关不良事件（CTCAE）",
        .regQoL: "生活质量（EORTC QLQ-C30）",
        .tfRandomization12: "自随机化起至 12 个月",
        .tfRandomization24: "自随机化起至 24 个月",
        .tfIntervention12: "自干预起至 12 个月",
        .tfSafety: "自干预起至 12 个月",
        .tfQoL: "基线及第 6 个月",
        .sectionConsort: "受试者流程（CONSORT 2010）",
        .consortDescription: "从筛选到分析的受试者流程（按随机分组）",
        .enrollment: "入组",
        .allocation: "分配",
        .followUp: "随访",
        .analysis: "分析",
        .assessedForEligibility: "评估合格性",
        .excluded: "排除",
        .allocatedTo: "分配至",
        .receivedAllocated: "接受了分配的干预",
        .didNotReceive: "未接受分配的干预",
        .lostToFollowUp: "失访",
        .discontinued: "终止研究",
        .analysed: "纳入分析（意向性治疗）",
        .excludedFromAnalysis: "排除出分析",
        .reasonIneligible: "不符合入选/排除标准",
        .reasonCriterion: "未满足标准：",
        .reasonUnspecified: "未记录具体标准",
        .reasonDeclined: "拒绝参加",
        .reasonNotRandomized: "合格且已签署知情同意但未随机",
        .reasonNoImplantation: "未行 125I 粒子植入",
        .reasonImplantedAgainstAllocation: "接受了 125I 粒子植入",
        .reasonNoSystemicTherapy: "未记录全身治疗",
        .reasonDeath: "死亡",
        .reasonWithdrewConsent: "撤回知情同意",
        .reasonInvestigatorDecision: "研究者决定",
        .reasonOther: "其他原因",
        .sectionBaseline: "基线特征（意向性治疗人群）",
        .characteristic: "特征",
        .allParticipants: "合计",
        .ageYears: "年龄（岁）",
        .ageGroup: "年龄组",
        .sex: "性别",
        .female: "女",
        .male: "男",
        .ecog: "ECOG 体能状态",
        .modality: "基线影像（决定评效标准）",
        .modalityCT: "CT（RECIST 1.1）",
        .modalityPET: "PET/CT（PERCIST 1.0）",
        .lesionCount: "转移病灶数",
        .stratum: "随机分层",
        .primarySite: "原发肿瘤部位",
        .priorLines: "既往治疗线数",
        .medianRange: "中位数（范围）",
        .meanSD: "均值（标准差）",
        .nPercent: "n（%）",
        .sectionPFS: "无进展生存期（主要终点）",
        .sectionOS: "总生存期",
        .sectionTTNT: "至新的全身治疗时间",
        .sectionLC: "125I 治疗病灶的局部控制",
        .sectionSafety: "不良事件（安全性人群）",
        .sectionQoL: "生活质量（EORTC QLQ-C30）",
        .sectionSubgroups: "PFS 亚组分析",
        .sectionMethods: "统计方法",
        .protocolVersions: "方案版本（数据自各版本生效日起按该版本收集）",
        .protocolVersion: "版本",
        .protocolVersionInForceFrom: "生效日期",
        .arm: "组别",
        .n: "例数",
        .events: "事件数",
        .median95: "中位时间，月（95% CI）",
        .rateAt: "时间点生存率：",
        .monthsShort: "个月",
        .stratifiedLogRank: "分层 log-rank 检验",
        .hazardRatio: "风险比（95% CI），分层 Cox 模型",
        .rmstDifference: "12 个月限制平均生存时间差，月（95% CI）",
        .phTest: "比例风险假定检验（cox.zph）",
        .notReached: "未达到",
        .notEstimable: "不可估计",
        .notEstimableNote: "不可估计：无随访达到该时间点（Kaplan-Meier 曲线不外推至最后观察时间之后）。",
        .kmDescription: "各组 Kaplan-Meier 曲线，标注删失，时间轴下方为风险人数",
        .xAxisRandomization: "随机化后月数",
        .xAxisImplantation: "植入后月数",
        .numberAtRisk: "风险人数",
        .yPFS: "无进展生存率",
        .yOS: "总生存率",
        .yTTNT: "未开始新的全身治疗比例",
        .ppSensitivity: "符合方案人群敏感性分析",
        .newLineSensitivity: "敏感性分析：在开始新的全身治疗前最后一次充分评估时删失的 PFS",
        .cifTTNT: "新的全身治疗累积发生率（新治疗前死亡为竞争事件）",
        .cifLC: "每个治疗病灶的野内进展累积发生率（死亡为竞争事件）",
        .cifDescription: "Aalen-Johansen 累积发生率曲线",
        .cifYAxis: "累积发生率",
        .competingEvents: "竞争性死亡",
        .cifAt: "累积发生率：",
        .grayTest: "Gray 检验",
        .lcPerLesion: "按治疗病灶",
        .lcPerParticipant: "按受试者（任一治疗病灶首次野内进展）",
        .lcByOrgan: "按治疗病灶的器官",
        .lcNote: "仅接受 125I 粒子植入的受试者有治疗病灶，因此局部控制不做组间比较：按病灶、按受试者及按器官估计，器官间采用 Gray 检验（同一受试者的病灶不独立，检验仅为描述性）。",
        .allLesions: "全部治疗病灶",
        .group: "分组",
        .anyTEAE: "任何治疗期出现的不良事件",
        .grade3plus: "3 级及以上",
        .serious: "严重不良事件",
        .procedureRelated: "与 125I 粒子植入操作相关",
        .procedureRelatedGrade3: "操作相关，3 级及以上",
        .therapyRelated: "与全身治疗相关",
        .therapyRelatedGrade3: "全身治疗相关，3 级及以上",
        .fatal: "5 级（死亡）",
        .worstGrade: "按最严重分级的受试者",
        .grade: "分级",
        .term: "CTCAE 术语",
        .anyGrade: "任何级别",
        .fisherP: "Fisher 精确检验 p 值",
        .procedureRelatedEvents: "按术语列出的操作相关不良事件",
        .seriousEvents: "按术语列出的严重不良事件",
        .termTable: "按术语列出的治疗期不良事件",
        .none: "无",
        .scale: "量表",
        .higherBetter: "分值越高越好",
        .lowerBetter: "分值越高越差",
        .baselineMean: "基线均值",
        .changeMean: "变化，均值（标准差）",
        .ancovaDifference: "经基线校正的组间差（95% CI）",
        .improvedPercent: "改善，n/N（%）",
        .pValue: "p 值",
        .summaryScore: "总结分",
        .scaleQL2: "总体健康状况/生活质量",
        .scalePF2: "躯体功能",
        .scaleRF2: "角色功能",
        .scaleEF: "情绪功能",
        .scaleCF: "认知功能",
        .scaleSF: "社会功能",
        .scaleFA: "疲乏",
        .scaleNV: "恶心呕吐",
        .scalePA: "疼痛",
        .scaleDY: "气促",
        .scaleSL: "失眠",
        .scaleAP: "食欲丧失",
        .scaleCO: "便秘",
        .scaleDI: "腹泻",
        .scaleFI: "经济困难",
        .subgroup: "亚组",
        .eventsN: "事件数/例数",
        .hrColumn: "HR（95% CI）",
        .hrAxis: "风险比",
        .favoursExperimental: "倾向粒子联合全身治疗",
        .favoursControl: "倾向单纯全身治疗",
        .overall: "总体（分层）",
        .forestDescription: "各亚组 PFS 风险比（粒子联合全身治疗 vs 单纯全身治疗），非分层 Cox 模型",
        .sgSex: "性别",
        .sgAge: "年龄（岁）",
        .sgModality: "基线影像",
        .sgEcog: "ECOG",
        .footnotes: "所用方法",
        .methodPopulations: "分析人群：意向性治疗 = 全部随机受试者，按随机分组（疗效分析）；符合方案 = 接受了分配治疗且无重大方案偏离的 ITT 受试者（敏感性分析）；安全性 = 接受任何研究治疗的受试者，按实际接受的治疗分组。",
        .methodCutoff: "数据截止：截止日期之后的任何数据均不使用；截止后随机的受试者不纳入。",
        .methodCensoring: "PFS、OS 和 TTNT 按终点文档规则由记录的日期推导（FDA 2018 年 PFS 删失表；疗效由测量值按 RECIST 1.1 计算，PET/CT 基线者按 PERCIST 1.0）；12 个月（OS 为 24 个月）行政删失。",
        .methodKM: "Kaplan-Meier 估计；生存率 95% CI 采用 log 变换及 Greenwood 方差；中位时间 CI 采用 Brookmeyer-Crowley 法（同 R survival::survfit）。6 个月（第 183 天）、12 个月（第 365 天）及 24 个月（第 730 天）的生存率。",
        .methodLogRank: "按随机分层因素分层的 log-rank 检验（R survival::survdiff 含 strata）。",
        .methodCox: "粒子联合全身治疗相对单纯全身治疗的风险比，来自按随机分层的 Cox 模型，Efron 处理结点，Wald 95% CI 及 p 值（R survival::coxph）。",
        .methodPH: "比例风险假定：cox.zph 全局检验（Kaplan-Meier 时间变换）。",
        .methodRMST: "各组 12 个月限制平均生存时间（Kaplan-Meier 曲线下面积）及其差值，正态近似 95% CI。",
        .methodCIF: "采用 Aalen-Johansen 估计累积发生率，竞争事件单独列出；标准误采用无穷小刀切法（R survival::survfit 多状态）。",
        .methodGray: "组间累积发生率比较采用 Gray 检验（R cmprsk::cuminc）。",
        .methodTTNT: "TTNT：因进展或临床决定开始的新治疗线为事件；新治疗前死亡在主分析中删失，在累积发生率分析中为竞争事件。",
        .methodLC: "按治疗病灶自植入起计算局部控制：野内进展（较病灶最低值增大至少 20% 且 5 mm、PERCIST 阈值或影像医师判定）为事件，无进展死亡为竞争事件，至 12 个月。",
        .methodTEAE: "治疗期不良事件：在首次研究治疗当日或之后、末次治疗后 30 天内发生；按 CTCAE v5.0 分级；每位受试者在每行仅按最严重级别计一次；相关性 = 可能、很可能或肯定相关，操作与全身治疗分别记录。",
        .methodFisher: "组间比例比较采用 Fisher 精确检验（双侧）。",
        .methodQoL: "QLQ-C30 按 EORTC 计分手册计分（0-100）；在基线及第 6 个月均有评分的受试者中计算变化；不做填补。",
        .methodAncova: "协方差分析：第 6 个月评分对组别及基线评分的线性模型，组间差（粒子联合全身治疗减单纯全身治疗）及基于 t 分布的 95% CI。",
        .methodResponder: "应答者：按量表有利方向（功能和总体健康越高越好，症状越低越好）改善达到研究阈值（分）；Clopper-Pearson 95% CI。",
        .methodSubgroup: "亚组风险比来自各亚组内的非分层 Cox 模型；总体行为分层模型。亚组分析为描述性，未做多重性校正。",
        .pointsUnit: "分",
        .daysUnit: "天",
        .sectionPatterns: "疾病进展模式",
        .regPatterns: "疾病进展模式的描述性分析（探索性）",
        .tfFirstProgression: "首次进展时（PFS 事件）",
        .patternsNote: "所有 PFS 事件为疾病进展的受试者，按随机分组：确定首次进展的影像上进展的表现形式（一名受试者可有多种模式）、新病灶所在器官，以及对有 125I 治疗病灶的受试者，区分治疗病灶野内进展、仅未治疗病灶进展或两者兼有。仅作描述，不做检验。",
        .progressedParticipants: "PFS 事件为疾病进展的受试者",
        .pattern: "模式",
        .organ: "器官",
        .daysToProgression: "至首次进展天数，中位数（范围）",
        .patTarget: "靶病灶增大（RECIST 1.1）",
        .patNonTarget: "非靶病灶明确进展",
        .patNewLesion: "新病灶（RECIST 1.1）",
        .patNewFDG: "新的 FDG 高摄取病灶（PERCIST 1.0）",
        .patSULpeak: "SULpeak 升高（PERCIST 1.0）",
        .patInField: "仅野内（125I 治疗病灶）",
        .patOutOfField: "仅野外（未治疗病灶或新病灶）",
        .patInAndOut: "野内及野外",
        .patNoTreatedLesions: "无 125I 治疗病灶",
        .newLesionOrgans: "新病灶器官（受试者数）",
        .fieldRelation: "与 125I 治疗病灶的关系（有治疗病灶且进展的受试者）",
        .patternsFigureDescription: "各组：显示每种模式的进展受试者比例，以及首次进展与 125I 治疗病灶关系的堆积条形图。",
        .patternsDiseasePanel: "进展模式（占进展受试者的百分比；可有多种）",
        .patternsFieldPanel: "与 125I 治疗病灶的关系",
        .progressedWord: "进展",
        .sectionResponseCourse: "肿瘤疗效随时间变化",
        .waterfallTitle: "靶病灶直径总和的最佳变化（瀑布图）",
        .waterfallDescription: "每位受试者一根条形：基线后各次评估中靶病灶直径总和相对基线的最佳百分比变化，已排序；实心条为第一组，空心条为第二组；标记表示 RECIST 1.1 最佳总体疗效；虚线为 -30%（部分缓解），点线为 +20%（进展）。",
        .waterfallYAxis: "相对基线的最佳变化（%）",
        .unmeasuredHeading: "基线后无全部靶病灶测量",
        .lineResponse: "-30%（部分缓解）",
        .lineProgression: "+20%（进展）",
        .responseCR: "完全缓解（CR）",
        .responsePR: "部分缓解（PR）",
        .responseSD: "疾病稳定（SD）",
        .responsePD: "疾病进展（PD）",
        .responseNE: "无法评价（NE）",
        .spiderTitle: "靶病灶直径总和随时间的变化（蛛网图）",
        .spiderDescription: "每位受试者一条线，自基线（0%）经过每次全部靶病灶均有测量的评估，每组一个面板；虚线为 -30%，点线为 +20%。",
        .spiderYAxis: "相对基线的变化（%）",
        .spiderEndsAbove: "末次测量 ≥ +20%",
        .swimmerTitle: "每位受试者的病程（泳道图）",
        .swimmerDescription: "每位受试者一根条形，自随机化至末次联系，按组分组并按在研时间排序，标记粒子植入、疗效开始、首次进展、新一线全身治疗开始及死亡；箭头表示末次联系时存活。",
        .swImplantation: "125I 粒子植入",
        .swPartialResponse: "部分缓解开始（PR、PMR）",
        .swCompleteResponse: "完全缓解开始（CR、CMR）",
        .swProgression: "首次进展",
        .swNewLine: "新一线全身治疗",
        .swDeath: "死亡",
        .swAlive: "末次联系时存活",
        .methodPatterns: "进展模式：按主导标准的计算疗效解读确定 PFS 进展的影像：RECIST 1.1 靶病灶 PD（靶病灶增大）、非靶病灶 PD、明确新病灶或经确认的可疑新病灶（自首次显示的影像计）；PERCIST 1.0 新的 FDG 高摄取病灶、非靶病灶明确进展或 SULpeak 升高超过 30% 且 0.8 SUL。野内：截至该日期 125I 治疗病灶已发生野内进展（局部控制规则）或为增大的病灶；野外：出现新病灶或未治疗病灶增大。",
        .methodResponseCourse: "瀑布图和蛛网图：按 RECIST 1.1 评估器计算的靶病灶直径总和（过小无法测量的病灶计 5 mm），取基线后每次全部靶病灶均有测量的评估；变化 =（总和 - 基线总和）/ 基线总和；最佳变化取最小值。泳道图：首次进展前主导标准的疗效，新治疗线按 TTNT 规则计，末次联系同 OS。",
    ])
}
