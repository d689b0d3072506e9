import Foundation
import TrialCore
import TrialStats

/// The report's figures, each an SVG document named as in `figures/<name>.svg`.
struct ReportFigures {
    let analysis: TrialAnalysis
    let words: ReportVocabulary

    struct Figure {
        let name: String
        let caption: String
        let svg: (Bool) -> String
    }

    var language: String { words.language.rawValue }

    func armLabel(_ code: String) -> String {
        analysis.arms.first { $0.code == code }?.label.text(forLanguage: language) ?? code
    }

    func survival(_ name: String, _ result: TimeToEventAnalysis, title: ReportText, yAxis: ReportText) -> Figure {
        var annotation: [String] = []
        if let hr = result.hazardRatio {
            annotation.append("HR \(FigureNumberFormat.estimateWithInterval(hr.estimate, lower: hr.lower, upper: hr.upper))")
        }
        if let logRank = result.stratifiedLogRank { annotation.append("\(words[.stratifiedLogRank]) \(ReportFormat.pEquals(logRank.p))") }
        let plot = KaplanMeierPlot(
            series: result.arms.enumerated().map { KaplanMeierPlot.Series(label: armLabel($0.element.arm), fit: $0.element.curve, style: .standard($0.offset)) },
            labels: SurvivalPlotLabels(title: words[title], description: words[.kmDescription], xAxis: words[.xAxisRandomization],
                                       yAxis: words[yAxis], numberAtRisk: words[.numberAtRisk]),
            options: SurvivalPlotOptions(horizonDays: Double(result.horizonDays), tickStep: 3, annotation: annotation,
                                         identifier: name, drawsTitle: false))
        return Figure(name: name, caption: words[title]) { plot.svg(xmlDeclaration: $0) }
    }

    func incidence(_ name: String, _ result: CompetingRiskAnalysis, title: ReportText, xAxis: ReportText, horizon: Int) -> Figure {
        var annotation: [String] = []
        if let gray = result.grayTest, let p = gray.p { annotation.append("\(words[.grayTest]) \(ReportFormat.pEquals(p))") }
        let plot = CumulativeIncidencePlot(
            series: result.groups.enumerated().map { index, group in
                CumulativeIncidencePlot.Series(label: groupLabel(group.group, groupedBy: result.groupedBy), curve: group.eventCurve, style: .standard(index))
            },
            labels: SurvivalPlotLabels(title: words[title], description: words[.cifDescription], xAxis: words[xAxis],
                                       yAxis: words[.cifYAxis], numberAtRisk: words[.numberAtRisk]),
            options: SurvivalPlotOptions(horizonDays: Double(horizon), tickStep: 3, annotation: annotation,
                                         identifier: name, drawsTitle: false))
        return Figure(name: name, caption: words[title]) { plot.svg(xmlDeclaration: $0) }
    }

    func groupLabel(_ group: String, groupedBy: String) -> String {
        switch groupedBy {
        case "arm": return armLabel(group)
        case "all": return words[.allLesions]
        default: return categoryLabel(group)
        }
    }

    /// A recorded word (a primary site, a lesion's organ) by the study's label for it, when it is one of the
    /// study's category words; otherwise as recorded.
    func categoryLabel(_ word: String) -> String {
        analysis.categoryLabels[word]?.text(forLanguage: language) ?? word
    }

    var consort: Figure {
        let flow = analysis.consort
        let translated = ConsortFlow(
            assessedForEligibility: flow.assessedForEligibility,
            excluded: flow.excluded.map { ConsortReason(reason: reasonText($0.reason), count: $0.count) },
            randomized: flow.randomized,
            arms: flow.arms.map { arm in
                ConsortArmFlow(
                    name: armLabel(arm.name), allocated: arm.allocated, receivedAllocatedIntervention: arm.receivedAllocatedIntervention,
                    didNotReceiveAllocatedIntervention: arm.didNotReceiveAllocatedIntervention.map { ConsortReason(reason: reasonText($0.reason), count: $0.count) },
                    lostToFollowUp: arm.lostToFollowUp.map { ConsortReason(reason: reasonText($0.reason), count: $0.count) },
                    discontinuedIntervention: arm.discontinuedIntervention.map { ConsortReason(reason: reasonText($0.reason), count: $0.count) },
                    analysed: arm.analysed,
                    excludedFromAnalysis: arm.excludedFromAnalysis.map { ConsortReason(reason: reasonText($0.reason), count: $0.count) })
            })
        let labels = ConsortDiagramLabels(
            title: words[.sectionConsort], description: words[.consortDescription], enrollment: words[.enrollment],
            allocation: words[.allocation], followUp: words[.followUp], analysis: words[.analysis],
            assessedForEligibility: words[.assessedForEligibility], excluded: words[.excluded], randomized: words[.randomized],
            allocatedTo: words[.allocatedTo], receivedAllocatedIntervention: words[.receivedAllocated],
            didNotReceiveAllocatedIntervention: words[.didNotReceive], lostToFollowUp: words[.lostToFollowUp],
            discontinuedIntervention: words[.discontinued], analysed: words[.analysed], excludedFromAnalysis: words[.excludedFromAnalysis])
        let diagram = ConsortDiagram(flow: translated, labels: labels, identifier: "consort", drawsTitle: false)
        return Figure(name: "consort", caption: words[.sectionConsort]) { diagram.svg(xmlDeclaration: $0) }
    }

    /// A CONSORT reason code of the analysis in the report's words.
    func reasonText(_ code: String) -> String {
        if code.hasPrefix("criterion:") {
            let criterion = String(code.dropFirst("criterion:".count))
            return "\(words[.reasonCriterion]) \(criterion == "unspecified" ? words[.reasonUnspecified] : criterion)"
        }
        switch code {
        case "ineligible": return words[.reasonIneligible]
        case "declined": return words[.reasonDeclined]
        case "notRandomized": return words[.reasonNotRandomized]
        case "noImplantation": return words[.reasonNoImplantation]
        case "implantedAgainstAllocation": return words[.reasonImplantedAgainstAllocation]
        case "noSystemicTherapy": return words[.reasonNoSystemicTherapy]
        case "lostToFollowUp": return words[.lostToFollowUp]
        case "death": return words[.reasonDeath]
        case "withdrewConsent": return words[.reasonWithdrewConsent]
        case "investigatorDecision": return words[.reasonInvestigatorDecision]
        default: return words[.reasonOther]
        }
    }

    var forest: Figure {
        let rows = analysis.progressionFreeSurvivalSubgroups
        var plotRows: [ForestPlotRow] = []
        var lastVariable = ""
        for row in rows {
            if row.variable != lastVariable {
                plotRows.append(.heading(subgroupHeading(row.variable)))
                lastVariable = row.variable
            }
            plotRows.append(ForestPlotRow(
                label: subgroupLevel(row.variable, row.level),
                columns: zip(row.events, row.n).map { "\($0)/\($1)" },
                estimate: row.hazardRatio?.estimate, lower: row.hazardRatio?.lower, upper: row.hazardRatio?.upper,
                weight: Double(row.events.reduce(0, +))))
        }
        let pfs = analysis.progressionFreeSurvival
        let overall = pfs.hazardRatio.map { hr in
            ForestPlotRow(label: words[.overall], columns: pfs.arms.map { "\($0.events)/\($0.n)" },
                          estimate: hr.estimate, lower: hr.lower, upper: hr.upper, weight: Double(hr.events), indent: 0)
        }
        let plot = ForestPlot(
            rows: plotRows, overall: overall,
            labels: ForestPlotLabels(title: words[.sectionSubgroups], description: words[.forestDescription], subgroup: words[.subgroup],
                                     columnHeadings: analysis.arms.map { armLabel($0.code) },
                                     estimate: words[.hrColumn], axis: words[.hrAxis],
                                     favoursLeft: words[.favoursExperimental], favoursRight: words[.favoursControl]),
            width: 1000, identifier: "forest", drawsTitle: false)
        return Figure(name: "pfs-forest", caption: "\(words[.sectionSubgroups]); \(words[.eventsN])") { plot.svg(xmlDeclaration: $0) }
    }

    func subgroupHeading(_ variable: String) -> String {
        if variable.hasPrefix("stratum:") { return "\(words[.stratum]): \(factorLabel(String(variable.dropFirst("stratum:".count))))" }
        switch variable {
        case "sex": return words[.sgSex]
        case "age": return words[.sgAge]
        case "modality": return words[.sgModality]
        default: return words[.sgEcog]
        }
    }

    /// A stratification factor's label in the report's language (its code when unknown).
    func factorLabel(_ code: String) -> String {
        analysis.stratificationFactors.first { $0.code == code }?.label.text(forLanguage: language) ?? code
    }

    func subgroupLevel(_ variable: String, _ level: String) -> String {
        switch (variable, level) {
        case ("sex", "F"): return words[.female]
        case ("sex", "M"): return words[.male]
        case ("modality", "CT"): return words[.modalityCT]
        case ("modality", "PET/CT"): return words[.modalityPET]
        case ("primarySite", _): return categoryLabel(level)
        default: return level
        }
    }

    /// The arm's position in the report's order (0 experimental, drawn filled; 1 control, drawn open).
    func armIndex(_ code: String) -> Int { analysis.arms.firstIndex { $0.code == code } ?? 0 }

    var waterfall: Figure {
        let bars = analysis.waterfall.map {
            WaterfallPlot.Bar(participant: $0.participant, arm: armIndex($0.arm), percentChange: $0.bestPercentChange,
                              bestOverallResponse: $0.bestOverallResponse)
        }
        let labels = WaterfallLabels(
            title: words[.waterfallTitle], description: words[.waterfallDescription], yAxis: words[.waterfallYAxis],
            arms: analysis.arms.map { armLabel($0.code) },
            responses: ["CR": words[.responseCR], "PR": words[.responsePR], "SD": words[.responseSD], "PD": words[.responsePD], "NE": words[.responseNE]],
            partialResponseLine: words[.lineResponse], progressionLine: words[.lineProgression],
            unmeasuredHeading: words[.unmeasuredHeading], noneText: words[.none])
        let plot = WaterfallPlot(bars: bars, labels: labels,
                                 unmeasured: analysis.waterfallUnmeasured.map { "\($0.participant) (\(armLabel($0.arm)))" })
        return Figure(name: "waterfall", caption: words[.waterfallTitle]) { plot.svg(xmlDeclaration: $0) }
    }

    var spider: Figure {
        let panels = analysis.arms.map { arm in
            SpiderPlot.Panel(title: armLabel(arm.code), lines: analysis.spider.filter { $0.arm == arm.code }.map { line in
                SpiderPlot.Line(participant: line.participant, points: line.points.map { (day: Double($0.day), percentChange: $0.percentChange) })
            })
        }
        let labels = SpiderLabels(title: words[.spiderTitle], description: words[.spiderDescription], xAxis: words[.xAxisRandomization],
                                  yAxis: words[.spiderYAxis], partialResponseLine: words[.lineResponse],
                                  progressionLine: words[.lineProgression], endsInProgression: words[.spiderEndsAbove])
        let plot = SpiderPlot(panels: panels, labels: labels)
        return Figure(name: "spider", caption: words[.spiderTitle]) { plot.svg(xmlDeclaration: $0) }
    }

    var swimmer: Figure {
        let groups = analysis.arms.map { arm in
            SwimmerPlot.Group(title: armLabel(arm.code), lanes: analysis.swimmer.filter { $0.arm == arm.code }.map { lane in
                SwimmerPlot.Lane(participant: lane.participant, endDay: Double(lane.endDay), died: lane.died,
                                 markers: lane.markers.map { (kind: $0.kind, day: Double($0.day), response: $0.response) })
            })
        }
        let labels = SwimmerLabels(
            title: words[.swimmerTitle], description: words[.swimmerDescription], xAxis: words[.xAxisRandomization],
            implantation: words[.swImplantation], partialResponse: words[.swPartialResponse], completeResponse: words[.swCompleteResponse],
            progression: words[.swProgression], newTherapyLine: words[.swNewLine], death: words[.swDeath], aliveAtLastContact: words[.swAlive])
        let plot = SwimmerPlot(groups: groups, labels: labels)
        return Figure(name: "swimmer", caption: words[.swimmerTitle]) { plot.svg(xmlDeclaration: $0) }
    }

    /// A progression pattern (ADPROG parameter code) in the report's words.
    func patternName(_ code: String) -> String {
        switch ProgressionPattern(rawValue: code) {
        case .targetGrowth: return words[.patTarget]
        case .nonTargetProgression: return words[.patNonTarget]
        case .newLesion: return words[.patNewLesion]
        case .newFDGAvidLesion: return words[.patNewFDG]
        case .metabolicIncrease: return words[.patSULpeak]
        case .inFieldOnly: return words[.patInField]
        case .outOfFieldOnly: return words[.patOutOfField]
        case .inAndOutOfField: return words[.patInAndOut]
        case nil: return code
        }
    }

    var progressionPatterns: Figure {
        let result = analysis.progressionPatterns
        let arms = result.arms.map { arm in
            ProgressionPatternChart.Arm(
                label: armLabel(arm.arm), progressed: arm.progressed, patternCounts: arm.patterns.map(\.count),
                fieldCounts: arm.field.map(\.count) + [arm.progressed - arm.progressedWithTreatedLesions])
        }
        let labels = ProgressionPatternLabels(
            title: words[.sectionPatterns], description: words[.patternsFigureDescription], diseasePanel: words[.patternsDiseasePanel],
            fieldPanel: words[.patternsFieldPanel], patterns: ProgressionPattern.diseasePatterns.map { patternName($0.rawValue) },
            fieldSegments: ProgressionPattern.fieldPatterns.map { patternName($0.rawValue) } + [words[.patNoTreatedLesions]],
            progressedWord: words[.progressedWord])
        let chart = ProgressionPatternChart(arms: arms, labels: labels)
        return Figure(name: "progression-patterns", caption: words[.sectionPatterns]) { chart.svg(xmlDeclaration: $0) }
    }

    /// Every figure of the report, in order.
    var all: [Figure] {
        [consort,
         survival("pfs-km", analysis.progressionFreeSurvival, title: .sectionPFS, yAxis: .yPFS),
         survival("os-km", analysis.overallSurvival, title: .sectionOS, yAxis: .yOS),
         survival("ttnt-km", analysis.timeToNextTreatment, title: .sectionTTNT, yAxis: .yTTNT),
         incidence("ttnt-cif", analysis.timeToNextTreatmentCompetingRisk, title: .cifTTNT, xAxis: .xAxisRandomization,
                   horizon: analysis.settings.ttntHorizonDays),
         incidence("lc-cif", analysis.localControl.perLesionByOrgan, title: .cifLC, xAxis: .xAxisImplantation,
                   horizon: analysis.settings.localControlHorizonDays),
         waterfall, spider, swimmer, progressionPatterns,
         forest]
    }
}
