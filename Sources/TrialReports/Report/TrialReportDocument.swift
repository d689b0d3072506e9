import Foundation
import TrialCore
import TrialStats

/// The statistical report as one self-contained HTML page (inline CSS and SVG figures, printable),
/// written in one language from the numbers of a `TrialAnalysis`; every label comes from
/// `ReportVocabulary`, every method is a numbered footnote.
public struct TrialReportDocument: Sendable {
    public let analysis: TrialAnalysis
    public let language: ReportLanguage

    public init(analysis: TrialAnalysis, language: ReportLanguage? = nil) {
        self.analysis = analysis
        self.language = language ?? analysis.language
    }

    var words: ReportVocabulary { .forLanguage(language) }
    var figures: ReportFigures { ReportFigures(analysis: analysis, words: words) }

    /// Each figure as a standalone SVG document, keyed by its file name without extension.
    public func figureFiles() -> [(name: String, svg: String)] {
        figures.all.map { ($0.name, $0.svg(true)) }
    }

    /// The methods, numbered in this order in the footnotes.
    static let methods: [ReportText] = [
        .methodPopulations, .methodCutoff, .methodCensoring, .methodKM, .methodLogRank, .methodCox, .methodPH,
        .methodRMST, .methodCIF, .methodGray, .methodTTNT, .methodLC, .methodTEAE, .methodFisher, .methodQoL,
        .methodAncova, .methodResponder, .methodSubgroup, .methodResponseCourse, .methodPatterns,
    ]

    /// Superscript links to the footnotes of `keys`.
    func cite(_ keys: ReportText...) -> String {
        let links = keys.compactMap { key in Self.methods.firstIndex(of: key).map { "<a href=\"#m\($0 + 1)\">\($0 + 1)</a>" } }
        return "<sup class=\"cite\">[\(links.joined(separator: ","))]</sup>"
    }

    func armLabel(_ code: String) -> String { figures.armLabel(code) }

    func escape(_ text: String) -> String { ReportFormat.html(text) }

    /// The whole page.
    public func html() -> String {
        let w = words
        let figureList = figures.all
        func figure(_ name: String) -> String {
            guard let found = figureList.first(where: { $0.name == name }) else { return "" }
            return "<figure id=\"fig-\(found.name)\">\(found.svg(false))<figcaption>\(escape(found.caption))</figcaption></figure>"
        }
        var page = """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(analysis.title.text(forLanguage: language.rawValue))) – \(escape(w[.reportTitle]))</title>
        <style>\(Self.css)</style>
        </head>
        <body>
        <header>
        <h1>\(escape(analysis.title.text(forLanguage: language.rawValue)))</h1>
        <p class="subtitle">\(escape(w[.reportTitle]))</p>
        <dl class="meta">
        <dt>\(escape(w[.protocolId]))</dt><dd>\(escape(analysis.protocolId))</dd>
        <dt>\(escape(w[.registry]))</dt><dd>\(escape(analysis.registryId ?? "–"))</dd>
        <dt>\(escape(w[.dataCutoff]))</dt><dd id="data-cutoff">\(analysis.dataCutoff.iso8601)\(cite(.methodCutoff))</dd>
        </dl>
        </header>
        <main>
        """
        page += populationSection()
        page += registrationSection()
        page += "<section id=\"consort\"><h2>\(escape(w[.sectionConsort]))</h2>\(figure("consort"))</section>\n"
        page += baselineSection()
        page += survivalSection(id: "pfs", title: .sectionPFS, result: analysis.progressionFreeSurvival, figure: figure("pfs-km"),
                                extra: sensitivityTable())
        page += survivalSection(id: "os", title: .sectionOS, result: analysis.overallSurvival, figure: figure("os-km"), extra: "")
        page += survivalSection(id: "ttnt", title: .sectionTTNT, result: analysis.timeToNextTreatment, figure: figure("ttnt-km"),
                                extra: "<h3>\(escape(w[.cifTTNT]))\(cite(.methodTTNT, .methodCIF, .methodGray))</h3>"
                                    + incidenceTable(analysis.timeToNextTreatmentCompetingRisk) + figure("ttnt-cif"))
        page += localControlSection(figure: figure("lc-cif"))
        page += safetySection()
        page += qualityOfLifeSection()
        page += "<section id=\"response-course\"><h2>\(escape(w[.sectionResponseCourse]))\(cite(.methodResponseCourse))</h2>"
            + figure("waterfall") + figure("spider") + figure("swimmer") + "</section>\n"
        page += progressionPatternSection(figure: figure("progression-patterns"))
        page += "<section id=\"subgroups\"><h2>\(escape(w[.sectionSubgroups]))\(cite(.methodSubgroup, .methodCox))</h2>\(figure("pfs-forest"))</section>\n"
        page += methodsSection()
        page += "</main>\n</body>\n</html>\n"
        return page
    }

    // MARK: sections

    func populationSection() -> String {
        let w = words
        let p = analysis.populations
        var rows = "<tr><th>\(escape(w[.screened]))</th><td colspan=\"\(analysis.arms.count)\">\(p.screened)</td><td>\(p.screened)</td></tr>"
        rows += "<tr><th>\(escape(w[.randomized]))</th>\(p.intentionToTreat.map { "<td>\($0)</td>" }.joined())<td>\(p.randomized)</td></tr>"
        for (key, counts) in [(ReportText.ittPopulation, p.intentionToTreat), (.ppPopulation, p.perProtocol), (.safetyPopulation, p.safety)] {
            rows += "<tr><th>\(escape(w[key]))</th>\(counts.map { "<td>\($0)</td>" }.joined())<td>\(counts.reduce(0, +))</td></tr>"
        }
        rows += "<tr><th>\(escape(w[.notTreated]))</th><td colspan=\"\(analysis.arms.count)\"></td><td>\(p.notTreated)</td></tr>"
        rows += "<tr><th>\(escape(w[.treatedLesions]))</th><td colspan=\"\(analysis.arms.count)\"></td><td>\(p.treatedLesions)</td></tr>"
        return """
        <section id="populations"><h2>\(escape(w[.populationSizes]))\(cite(.methodPopulations))</h2>
        <table><thead><tr><th></th>\(armHeaders())<th>\(escape(w[.allParticipants]))</th></tr></thead><tbody>\(rows)</tbody></table>
        </section>

        """
    }

    func armHeaders() -> String {
        analysis.arms.map { "<th>\(escape(armLabel($0.code)))</th>" }.joined()
    }

    func registrationSection() -> String {
        let w = words
        let rows: [(ReportText, ReportText, String, ReportText)] = [
            (.regPFS, .tfRandomization12, "pfs", .sectionPFS),
            (.regOS, .tfRandomization24, "os", .sectionOS),
            (.regTTNT, .tfRandomization12, "ttnt", .sectionTTNT),
            (.regLC, .tfIntervention12, "local-control", .sectionLC),
            (.regSafety, .tfSafety, "safety", .sectionSafety),
            (.regQoL, .tfQoL, "quality-of-life", .sectionQoL),
            (.regPatterns, .tfFirstProgression, "progression-patterns", .sectionPatterns),
        ]
        let body = rows.map { endpoint, frame, anchor, section in
            "<tr><td>\(escape(w[endpoint]))</td><td>\(escape(w[frame]))</td><td><a href=\"#\(anchor)\">\(escape(w[section]))</a></td></tr>"
        }.joined()
        return """
        <section id="registration"><h2>\(escape(w[.sectionRegistration]))</h2>
        <table><thead><tr><th>\(escape(w[.registeredEndpoint]))</th><th>\(escape(w[.timeFrame]))</th><th>\(escape(w[.answeredIn]))</th></tr></thead>
        <tbody>\(body)</tbody></table></section>

        """
    }

    func baselineSection() -> String {
        let w = words
        var body = ""
        var lastVariable = ""
        for row in analysis.baseline {
            if let level = row.level {
                if row.variable != lastVariable {
                    body += "<tr class=\"group\"><th colspan=\"\(row.cells.count + 1)\">\(escape(baselineName(row.variable))), \(escape(w[.nPercent]))</th></tr>"
                }
                body += "<tr><th class=\"indent\">\(escape(baselineLevel(row.variable, level)))</th>"
                body += row.cells.map { "<td>\(ReportFormat.countPercent($0.count ?? 0, of: $0.n))</td>" }.joined() + "</tr>"
            } else {
                body += "<tr><th>\(escape(baselineName(row.variable))), \(escape(w[.medianRange]))</th>"
                body += row.cells.map { cell in
                    "<td>\(ReportFormat.fixed(cell.median, 1)) (\(ReportFormat.fixed(cell.minimum, 0))–\(ReportFormat.fixed(cell.maximum, 0)))</td>"
                }.joined() + "</tr>"
                body += "<tr><th class=\"indent\">\(escape(w[.meanSD]))</th>"
                body += row.cells.map { "<td>\(ReportFormat.fixed($0.mean, 1)) (\(ReportFormat.fixed($0.standardDeviation, 1)))</td>" }.joined() + "</tr>"
            }
            lastVariable = row.variable
        }
        let counts = analysis.populations.intentionToTreat
        let header = analysis.arms.enumerated().map { "<th>\(escape(armLabel($0.element.code))) (N = \(counts[$0.offset]))</th>" }.joined()
        return """
        <section id="baseline"><h2>\(escape(w[.sectionBaseline]))\(cite(.methodPopulations))</h2>
        <table><thead><tr><th>\(escape(w[.characteristic]))</th>\(header)<th>\(escape(w[.allParticipants])) (N = \(counts.reduce(0, +)))</th></tr></thead>
        <tbody>\(body)</tbody></table></section>

        """
    }

    func baselineName(_ variable: String) -> String {
        let w = words
        if variable.hasPrefix("stratum:") { return "\(w[.stratum]): \(figures.factorLabel(String(variable.dropFirst("stratum:".count))))" }
        switch variable {
        case "age": return w[.ageYears]
        case "ageGroup": return w[.ageGroup]
        case "sex": return w[.sex]
        case "ecog": return w[.ecog]
        case "modality": return w[.modality]
        case "lesionCount": return w[.lesionCount]
        case "primarySite": return w[.primarySite]
        default: return w[.priorLines]
        }
    }

    func baselineLevel(_ variable: String, _ level: String) -> String {
        figures.subgroupLevel(variable, level)
    }

    func survivalTable(_ result: TimeToEventAnalysis) -> String {
        let w = words
        let landmarkHeaders = TimeToEventAnalysis.landmarkDays(horizon: result.horizonDays).map { day in
            "<th>\(escape(w[.rateAt])) \(Int((day / FigureTimeUnit.daysPerMonth).rounded())) \(escape(w[.monthsShort])), % (95% CI)</th>"
        }.joined()
        let rows = result.arms.map { arm -> String in
            let median = arm.median
            let medianText = median.estimate == nil
                ? "\(escape(w[.notReached])) (\(ReportFormat.months(median.lower))–\(median.upper == nil ? escape(w[.notEstimable]) : ReportFormat.months(median.upper)))"
                : "\(ReportFormat.months(median.estimate)) (\(ReportFormat.months(median.lower))–\(median.upper == nil ? escape(w[.notEstimable]) : ReportFormat.months(median.upper)))"
            let rates = arm.landmarks.map { "<td>\(ReportFormat.percentInterval($0.survival, $0.lower, $0.upper))</td>" }.joined()
            return "<tr><th>\(escape(armLabel(arm.arm)))</th><td>\(arm.n)</td><td>\(arm.events)</td><td>\(medianText)</td>\(rates)</tr>"
        }.joined()
        return """
        <table><thead><tr><th>\(escape(w[.arm]))</th><th>\(escape(w[.n]))</th><th>\(escape(w[.events]))</th><th>\(escape(w[.median95]))\(cite(.methodKM))</th>\(landmarkHeaders)</tr></thead>
        <tbody>\(rows)</tbody></table>
        <p class="note">– \(escape(w[.notEstimableNote]))</p>

        """
    }

    func comparisonList(_ result: TimeToEventAnalysis) -> String {
        let w = words
        var items: [String] = []
        if let logRank = result.stratifiedLogRank {
            items.append("<li>\(escape(w[.stratifiedLogRank]))\(cite(.methodLogRank)): χ² = \(ReportFormat.fixed(logRank.chisq, 2)), \(ReportFormat.pEquals(logRank.p))</li>")
        }
        if let hr = result.hazardRatio {
            items.append("<li>\(escape(w[.hazardRatio]))\(cite(.methodCox)): \(FigureNumberFormat.estimateWithInterval(hr.estimate, lower: hr.lower, upper: hr.upper)), \(ReportFormat.pEquals(hr.p))</li>")
        }
        if let rmst = result.restrictedMeanDifference {
            items.append("<li>\(escape(w[.rmstDifference]))\(cite(.methodRMST)): \(ReportFormat.months(rmst.estimate)) (\(ReportFormat.months(rmst.lower))–\(ReportFormat.months(rmst.upper))), \(ReportFormat.pEquals(rmst.p))</li>")
        }
        if let ph = result.proportionalHazardsTest {
            items.append("<li>\(escape(w[.phTest]))\(cite(.methodPH)): χ² = \(ReportFormat.fixed(ph.chisq, 2)), df = \(ph.df), \(ReportFormat.pEquals(ph.p))</li>")
        }
        return "<ul class=\"tests\">\(items.joined())</ul>\n"
    }

    func survivalSection(id: String, title: ReportText, result: TimeToEventAnalysis, figure: String, extra: String) -> String {
        """
        <section id="\(id)"><h2>\(escape(words[title]))\(cite(.methodCensoring))</h2>
        \(survivalTable(result))\(comparisonList(result))\(figure)\(extra)
        </section>

        """
    }

    func sensitivityTable() -> String {
        let pp = analysis.progressionFreeSurvivalPerProtocol
        let newLine = analysis.progressionFreeSurvivalNewTherapyCensored
        return "<h3>\(escape(words[.ppSensitivity]))\(cite(.methodPopulations))</h3>" + survivalTable(pp) + comparisonList(pp)
            + "<h3>\(escape(words[.newLineSensitivity]))\(cite(.methodCensoring))</h3>" + survivalTable(newLine) + comparisonList(newLine)
    }

    func incidenceTable(_ result: CompetingRiskAnalysis) -> String {
        let w = words
        guard let first = result.groups.first else { return "<p>\(escape(w[.none]))</p>" }
        let headers = first.landmarks.map { "<th>\(escape(w[.cifAt])) \(Int(($0.time / FigureTimeUnit.daysPerMonth).rounded())) \(escape(w[.monthsShort])), % (SE)</th>" }.joined()
        let rows = result.groups.map { group -> String in
            let cells = group.landmarks.map { "<td>\(ReportFormat.fixed(100 * $0.estimate, 1)) (\(ReportFormat.fixed(100 * $0.stdErr, 1)))</td>" }.joined()
            return "<tr><th>\(escape(figures.groupLabel(group.group, groupedBy: result.groupedBy)))</th><td>\(group.n)</td><td>\(group.events)</td><td>\(group.competingEvents)</td>\(cells)</tr>"
        }.joined()
        var gray = ""
        if let test = result.grayTest {
            gray = "<p class=\"test\">\(escape(w[.grayTest]))\(cite(.methodGray)): χ² = \(ReportFormat.fixed(test.chisq, 2)), df = \(test.df), \(ReportFormat.pEquals(test.p))</p>"
        }
        return """
        <table><thead><tr><th>\(escape(w[.group]))</th><th>\(escape(w[.n]))</th><th>\(escape(w[.events]))</th><th>\(escape(w[.competingEvents]))</th>\(headers)</tr></thead>
        <tbody>\(rows)</tbody></table>\(gray)

        """
    }

    func localControlSection(figure: String) -> String {
        let w = words
        let lc = analysis.localControl
        return """
        <section id="local-control"><h2>\(escape(w[.sectionLC]))\(cite(.methodLC, .methodCIF))</h2>
        <p>\(escape(w[.lcNote]))</p>
        <p>\(escape(w[.treatedLesions])): \(lc.treatedLesions); \(escape(w[.treatedParticipants])): \(lc.treatedParticipants)</p>
        <h3>\(escape(w[.lcPerLesion]))</h3>\(incidenceTable(lc.perLesion))
        <h3>\(escape(w[.lcPerParticipant]))</h3>\(incidenceTable(lc.perParticipant))
        <h3>\(escape(w[.lcByOrgan]))\(cite(.methodGray))</h3>\(incidenceTable(lc.perLesionByOrgan))
        \(figure)
        </section>

        """
    }

    func safetySection() -> String {
        let w = words
        let safety = analysis.safety
        let header = safety.arms.map { "<th>\(escape(armLabel($0.arm))) (N = \($0.n))</th>" }.joined()
        func row(_ key: ReportText, _ count: (SafetyAnalysis.Arm) -> Int, extra: String = "") -> String {
            "<tr><th>\(escape(w[key]))</th>\(safety.arms.map { "<td>\(ReportFormat.countPercent(count($0), of: $0.n))</td>" }.joined())<td>\(extra)</td></tr>"
        }
        func fisher(_ measure: String) -> String {
            safety.comparisons.first { $0.measure == measure }.map { ReportFormat.p($0.test.p) } ?? ""
        }
        var summary = row(.anyTEAE, \.anyEvent)
        summary += row(.grade3plus, \.grade3OrWorse, extra: fisher("grade3OrWorse"))
        summary += row(.serious, \.serious, extra: fisher("serious"))
        summary += row(.procedureRelated, \.procedureRelated)
        summary += row(.procedureRelatedGrade3, \.procedureRelatedGrade3OrWorse)
        summary += row(.therapyRelated, \.therapyRelated)
        summary += row(.therapyRelatedGrade3, \.therapyRelatedGrade3OrWorse)
        summary += row(.fatal, \.fatal)
        var grades = "<tr class=\"group\"><th colspan=\"\(safety.arms.count + 2)\">\(escape(w[.worstGrade]))</th></tr>"
        for grade in 1...5 {
            grades += "<tr><th class=\"indent\">\(escape(w[.grade])) \(grade)</th>\(safety.arms.map { "<td>\(ReportFormat.countPercent($0.byWorstGrade[grade - 1], of: $0.n))</td>" }.joined())<td></td></tr>"
        }
        func termTable(_ title: ReportText, _ rows: [SafetyAnalysis.TermRow]) -> String {
            let subHeader = safety.arms.map { "<th>\(escape(armLabel($0.arm))): \(escape(w[.anyGrade]))</th><th>\(escape(armLabel($0.arm))): \(escape(w[.grade3plus]))</th>" }.joined()
            let body = rows.isEmpty ? "<tr><td colspan=\"\(2 + 2 * safety.arms.count)\">\(escape(w[.none]))</td></tr>" : rows.map { term in
                var cells = ""
                for (index, arm) in safety.arms.enumerated() {
                    cells += "<td>\(ReportFormat.countPercent(term.anyGrade[index], of: arm.n))</td><td>\(ReportFormat.countPercent(term.grade3OrWorse[index], of: arm.n))</td>"
                }
                return "<tr><th>\(escape(ctcaeName(term.term)))</th><td>\(escape(systemOrganClassName(term.systemOrganClass)))</td>\(cells)</tr>"
            }.joined()
            return "<h3>\(escape(w[title]))\(cite(.methodTEAE))</h3><table><thead><tr><th>\(escape(w[.term]))</th><th>MedDRA SOC</th>\(subHeader)</tr></thead><tbody>\(body)</tbody></table>"
        }
        return """
        <section id="safety"><h2>\(escape(w[.sectionSafety]))\(cite(.methodTEAE, .methodPopulations))</h2>
        <table><thead><tr><th></th>\(header)<th>\(escape(w[.fisherP]))\(cite(.methodFisher))</th></tr></thead><tbody>\(summary)\(grades)</tbody></table>
        \(termTable(.procedureRelatedEvents, safety.procedureRelatedTerms))
        \(termTable(.seriousEvents, safety.seriousTerms))
        \(termTable(.termTable, safety.terms))
        </section>

        """
    }

    func scaleName(_ code: String) -> String {
        let w = words
        guard let key = ReportText(rawValue: "scale\(code)") else { return w[.summaryScore] }
        return w[key]
    }

    func qualityOfLifeSection() -> String {
        let w = words
        let qol = analysis.qualityOfLife
        let armHeader = analysis.arms.map { arm in
            "<th>\(escape(armLabel(arm.code))): \(escape(w[.n]))</th><th>\(escape(armLabel(arm.code))): \(escape(w[.baselineMean]))</th><th>\(escape(armLabel(arm.code))): \(escape(w[.changeMean]))</th><th>\(escape(armLabel(arm.code))): \(escape(w[.improvedPercent]))</th>"
        }.joined()
        let rows = qol.scales.map { scale -> String in
            var cells = ""
            for arm in scale.arms {
                cells += "<td>\(arm.n)</td><td>\(ReportFormat.fixed(arm.meanBaseline))</td><td>\(ReportFormat.fixed(arm.meanChange)) (\(ReportFormat.fixed(arm.sdChange)))</td>"
                cells += "<td>\(arm.improved)/\(arm.n) (\(arm.n > 0 ? ReportFormat.fixed(100 * Double(arm.improved) / Double(arm.n)) : "–"))</td>"
            }
            let ancova = scale.ancova.map { "\(ReportFormat.fixed($0.estimate)) (\(ReportFormat.fixed($0.lower))–\(ReportFormat.fixed($0.upper))), \(ReportFormat.pEquals($0.p))" } ?? "–"
            let direction = scale.higherIsBetter ? w[.higherBetter] : w[.lowerBetter]
            return "<tr><th>\(escape(scaleName(scale.scale))) <span class=\"dir\">(\(escape(direction)))</span></th><td>\(escape(scale.timepoint))</td>\(cells)<td>\(ancova)</td><td>\(ReportFormat.p(scale.improvedComparison?.p))</td></tr>"
        }.joined()
        return """
        <section id="quality-of-life"><h2>\(escape(w[.sectionQoL]))\(cite(.methodQoL, .methodAncova, .methodResponder))</h2>
        <p>\(escape(w[.improvedPercent])): ≥ \(FigureText.number(qol.responderThresholdPoints)) \(escape(w[.pointsUnit]))\(cite(.methodResponder))</p>
        <div class="wide"><table class="compact"><thead><tr><th>\(escape(w[.scale]))</th><th>\(escape(w[.timeFrame]))</th>\(armHeader)<th>\(escape(w[.ancovaDifference]))\(cite(.methodAncova))</th><th>\(escape(w[.fisherP]))\(cite(.methodFisher))</th></tr></thead>
        <tbody>\(rows)</tbody></table></div>
        </section>

        """
    }

    func progressionPatternSection(figure: String) -> String {
        let w = words
        let result = analysis.progressionPatterns
        let header = result.arms.map { "<th>\(escape(armLabel($0.arm))) (N = \($0.participants))</th>" }.joined()
        var rows = "<tr><th>\(escape(w[.progressedParticipants]))</th>\(result.arms.map { "<td>\(ReportFormat.countPercent($0.progressed, of: $0.participants))</td>" }.joined())</tr>"
        rows += "<tr class=\"group\"><th colspan=\"\(result.arms.count + 1)\">\(escape(w[.pattern])), \(escape(w[.nPercent]))</th></tr>"
        for pattern in ProgressionPattern.diseasePatterns {
            rows += "<tr><th class=\"indent\">\(escape(figures.patternName(pattern.rawValue)))</th>"
            rows += result.arms.map { arm in
                let count = arm.patterns.first { $0.pattern == pattern.rawValue }?.count ?? 0
                return "<td>\(ReportFormat.countPercent(count, of: arm.progressed))</td>"
            }.joined() + "</tr>"
        }
        rows += "<tr class=\"group\"><th colspan=\"\(result.arms.count + 1)\">\(escape(w[.fieldRelation]))</th></tr>"
        for pattern in ProgressionPattern.fieldPatterns {
            rows += "<tr><th class=\"indent\">\(escape(figures.patternName(pattern.rawValue)))</th>"
            rows += result.arms.map { arm in
                let count = arm.field.first { $0.pattern == pattern.rawValue }?.count ?? 0
                return "<td>\(ReportFormat.countPercent(count, of: arm.progressedWithTreatedLesions))</td>"
            }.joined() + "</tr>"
        }
        rows += "<tr class=\"group\"><th colspan=\"\(result.arms.count + 1)\">\(escape(w[.daysToProgression]))</th></tr>"
        for pattern in ProgressionPattern.allCases {
            let cells = result.arms.map { arm -> String in
                guard let count = (arm.patterns + arm.field).first(where: { $0.pattern == pattern.rawValue }),
                      let median = count.medianDay, let low = count.minimumDay, let high = count.maximumDay else { return "<td>–</td>" }
                return "<td>\(ReportFormat.fixed(median, 1)) (\(low)–\(high))</td>"
            }.joined()
            rows += "<tr><th class=\"indent\">\(escape(figures.patternName(pattern.rawValue)))</th>\(cells)</tr>"
        }
        let organs = Set(result.arms.flatMap { $0.newLesionOrgans.map(\.organ) }).sorted()
        var organRows = organs.map { organ in
            "<tr><th>\(escape(figures.categoryLabel(organ)))</th>" + result.arms.map { arm in
                "<td>\(arm.newLesionOrgans.first { $0.organ == organ }?.count ?? 0)</td>"
            }.joined() + "</tr>"
        }.joined()
        if organs.isEmpty { organRows = "<tr><td colspan=\"\(result.arms.count + 1)\">\(escape(w[.none]))</td></tr>" }
        return """
        <section id="progression-patterns"><h2>\(escape(w[.sectionPatterns]))\(cite(.methodPatterns))</h2>
        <p>\(escape(w[.patternsNote]))</p>
        <table><thead><tr><th></th>\(header)</tr></thead><tbody>\(rows)</tbody></table>
        <h3>\(escape(w[.newLesionOrgans]))</h3>
        <table><thead><tr><th>\(escape(w[.organ]))</th>\(header)</tr></thead><tbody>\(organRows)</tbody></table>
        \(figure)
        </section>

        """
    }

    func methodsSection() -> String {
        let items = Self.methods.enumerated().map { "<li id=\"m\($0.offset + 1)\">\(escape(words[$0.element]))</li>" }.joined()
        return "<section id=\"methods\"><h2>\(escape(words[.sectionMethods]))</h2><ol class=\"methods\">\(items)</ol>\(protocolVersionsParagraph())</section>\n"
    }

    /// Every protocol version the data were collected under and the date it took effect (ICH E3 9.8: changes
    /// in the conduct of the study), with the reason for each amendment.
    func protocolVersionsParagraph() -> String {
        guard !analysis.protocolVersions.isEmpty else { return "" }
        let items = analysis.protocolVersions.enumerated().map { index, note -> String in
            let entry = "\(words[.protocolVersion]) \(note.version): \(words[.protocolVersionInForceFrom]) \(note.effectiveOn.iso8601)"
            return "<li>\(escape(entry))\(index == 0 ? "" : " — \(escape(note.reason))")</li>"
        }.joined()
        return "<h3>\(escape(words[.protocolVersions]))</h3><ul class=\"tests\">\(items)</ul>"
    }

    static let css = """
    body{font-family:"Helvetica Neue",Arial,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#111;margin:0 auto;max-width:1100px;padding:24px;line-height:1.4;font-size:14px}
    h1{font-size:22px;margin:0}h2{font-size:18px;border-bottom:1px solid #999;padding-bottom:4px;margin-top:32px}h3{font-size:15px;margin-top:18px}
    .subtitle{color:#444;margin:4px 0 12px}dl.meta{display:grid;grid-template-columns:max-content auto;gap:2px 12px}dl.meta dt{font-weight:bold}dl.meta dd{margin:0}
    table{border-collapse:collapse;margin:8px 0;width:100%}th,td{border-bottom:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
    thead th{border-bottom:2px solid #333;font-size:13px}td{font-variant-numeric:tabular-nums}th.indent{padding-left:20px;font-weight:normal}tr.group th{background:#f3f3f3}
    table.compact th,table.compact td{font-size:12px;padding:2px 4px}.wide{overflow-x:auto}.dir{color:#555;font-weight:normal;font-size:11px}
    sup.cite{font-size:10px;margin-left:2px}sup.cite a{color:#0b5394;text-decoration:none}
    figure{margin:12px 0;page-break-inside:avoid}figure svg{max-width:100%;height:auto}figcaption{font-size:12px;color:#333}
    ul.tests{margin:6px 0}p.note{font-size:12px;color:#444;margin:2px 0}ol.methods li{margin-bottom:4px;font-size:13px}
    @media print{body{max-width:none;padding:0;font-size:11px}h2{page-break-after:avoid}section{page-break-inside:auto}table,figure{page-break-inside:avoid}a{color:inherit}.wide{overflow:visible}@page{size:A4;margin:15mm}}
    """
}

extension TrialReportDocument {
    /// A CTCAE term as the report's language names it: the Chinese report gives the bundled dictionary's
    /// Chinese name with the English CTCAE term (the coded value) after it; an unknown term stays as recorded.
    func ctcaeName(_ term: String) -> String {
        guard language != .english, let chinese = (try? CtcaeDictionary.bundled())?.term(named: term)?.zh else { return term }
        return "\(chinese)（\(term)）"
    }

    /// A MedDRA system organ class in the report's language (Chinese name from the bundled CTCAE dictionary).
    func systemOrganClassName(_ name: String?) -> String {
        guard let name else { return "" }
        guard language != .english,
              let chinese = (try? CtcaeDictionary.bundled())?.systemOrganClasses.first(where: { $0.name == name })?.zh else { return name }
        return chinese
    }
}
