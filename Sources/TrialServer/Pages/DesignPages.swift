import Foundation
import TrialCore
import TrialStats
import Vapor

/// The statistician's trial design page: a survival design (events, sample size, power, analysis month)
/// with its group-sequential boundaries on the z and p scales, and this trial's own design question as
/// the paragraph `trialdesk design trial` prints. TrialStats computes everything (SurvivalDesignQuestion,
/// GroupSequentialDesign, TrialPowerStatement); this page reads the form and renders.
struct DesignPages: RouteCollection {
    static let statisticians: AccessPolicy = .roles(.statistician)

    /// The form's inputs, named as the JSON keys of `trialdesk design survival` (lists comma-separated).
    static let numberFields = ["alpha", "sided", "power", "sampleSize", "hazardRatio", "allocationRatio",
                               "controlMedianMonths", "accrualMonths", "followUpMonths", "dropoutRatePerYear", "gamma"]
    static let listFields = ["informationFractions", "futilityBounds", "piecewiseSurvivalTime", "controlHazardsPerMonth",
                             "accrualTime", "accrualIntensity"]
    static let choiceFields = ["method", "type"]

    struct Input: Encodable {
        var name: String
        var label: String
        var value: String
    }

    struct Choice: Encodable {
        var value: String
        var selected: Bool
    }

    struct Row: Encodable {
        var stage: Int
        var fraction: String
        var events: String
        var month: String
        var criticalZ: String
        var criticalP: String
        var alphaSpent: String
        var futilityZ: String
        var futilityP: String
        var rejectH1: String
        var futilityH1: String
    }

    struct Outcome: Encodable {
        var events: String
        var eventsExact: String
        var sampleSize: String
        var sampleSizeExact: String
        var power: String
        var analysisMonth: String
        var followUpMonths: String
        var expectedEventsAtAnalysis: String
        var monthToRoundedEvents: String
        var expectedEventsH0: String?
        var expectedEventsH1: String?
        var rows: [Row]
    }

    struct DesignPage: Encodable {
        var action: String
        var inputs: [Input]
        var methods: [Choice]
        var types: [Choice]
        var errors: [String]
        var outcome: Outcome?
        var paragraph: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.design, access: Self.statisticians,
                  docs: .page("Trial design: this trial's survival design, its boundaries and its power paragraph"),
                  use: show)
        routes.on(.POST, SiteURL.design, access: Self.statisticians,
                  docs: .page("Compute a survival design (events, sample size, power, boundaries) from the form; "
                              + "a refused input shows the form again with its rule",
                              form: Self.numberFields + Self.listFields + Self.choiceFields),
                  use: compute)
    }

    /// This trial's design question as the form's starting values: 120 participants 1:1, the demo's
    /// accrual, 12 months of follow-up, control median 5 months, 5% dropout a year, HR 0.6, an interim
    /// look at half the events with O'Brien-Fleming-like spending.
    static func thisTrial() -> [String: String] {
        let statement = TrialPowerStatement(accrualMonths: PlannedAccrual.demonstration.months)
        return ["alpha": "0.025", "sided": "1", "power": "0.8", "hazardRatio": "0.6", "allocationRatio": "1",
                "controlMedianMonths": number(statement.controlMedian), "accrualMonths": number(statement.accrualMonths, 4),
                "followUpMonths": number(statement.followUpMonths), "dropoutRatePerYear": number(statement.dropoutRatePerYear),
                "method": "schoenfeld", "informationFractions": "0.5, 1", "type": "asOF", "futilityBounds": "0"]
    }

    func show(_ req: Request) async throws -> View {
        let values = Self.thisTrial()
        let (question, problems) = Self.question(from: values)
        return try await render(req, values: values, question: question, inputErrors: problems).view
    }

    func compute(_ req: Request) async throws -> Response {
        let posted = try PostedForm(req)
        var values: [String: String] = [:]
        for name in Self.numberFields + Self.listFields + Self.choiceFields {
            values[name] = posted.value(name)?.trimmingCharacters(in: .whitespaces) ?? ""
        }
        let (question, problems) = Self.question(from: values)
        let (view, refused) = try await render(req, values: values, question: question, inputErrors: problems)
        let response = try await view.encodeResponse(for: req)
        if refused { response.status = .unprocessableEntity }
        return response
    }

    private func render(_ req: Request, values: [String: String], question: SurvivalDesignQuestion?,
                        inputErrors: [FieldError]) async throws -> (view: View, refused: Bool) {
        let texts = req.texts
        var errors = inputErrors.map { texts.labelled($0) }
        var outcome: Outcome?
        if let question, inputErrors.isEmpty {
            do {
                outcome = try Self.outcome(question)
            } catch let error as DesignError {
                // TrialStats states the rule in English, as the command line prints it; the page gives it in its language.
                errors.append("\(error.field): \(DesignRuleText.text(error.rule, in: req.language))")
            }
        }
        let statement = try TrialPowerStatement(accrualMonths: PlannedAccrual.demonstration.months).answer()
        let page = DesignPage(
            action: SiteURL.design.path,
            inputs: (Self.numberFields + Self.listFields).map { Input(name: $0, label: texts["design.field.\($0)"], value: values[$0] ?? "") },
            methods: ["schoenfeld", "freedman"].map { Choice(value: $0, selected: values["method"] == $0) },
            types: ["", "OF", "P", "asOF", "asP", "asKD", "asHSD"].map { Choice(value: $0, selected: (values["type"] ?? "") == $0) },
            errors: errors, outcome: outcome,
            paragraph: req.language == .english ? statement.paragraphEnglish : statement.paragraphChinese)
        return (try await req.renderPage("design", title: texts["page.design"], page), !errors.isEmpty)
    }

    /// The form as a question: empty inputs are left out; numbers and comma-separated lists must parse.
    static func question(from values: [String: String]) -> (SurvivalDesignQuestion?, [FieldError]) {
        var problems: [FieldError] = []
        func number(_ name: String) -> Double? {
            guard let text = values[name], !text.isEmpty else { return nil }
            guard let value = Double(text), value.isFinite else {
                problems.append(FieldError(field: name, RuleMessage("input.notANumber", "'{value}' is not a number",
                                                                    ["value": String(text.prefix(40))])))
                return nil
            }
            return value
        }
        func list(_ name: String) -> [Double]? {
            guard let text = values[name], !text.isEmpty else { return nil }
            let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let numbers = parts.compactMap { Double($0) }.filter(\.isFinite)
            guard numbers.count == parts.count, parts.count <= 50 else {
                problems.append(FieldError(field: name, RuleMessage("input.notANumberList",
                                                                    "must be up to 50 numbers separated by commas")))
                return nil
            }
            return numbers
        }
        let alpha = number("alpha"), hazardRatio = number("hazardRatio")
        let sided = number("sided").map { Int($0) }
        var question = SurvivalDesignQuestion(alpha: alpha ?? .nan, sided: sided, power: number("power"),
                                              sampleSize: number("sampleSize"), hazardRatio: hazardRatio ?? .nan,
                                              allocationRatio: number("allocationRatio"),
                                              controlMedianMonths: number("controlMedianMonths"))
        question.piecewiseSurvivalTime = list("piecewiseSurvivalTime")
        question.controlHazardsPerMonth = list("controlHazardsPerMonth")
        question.accrualMonths = number("accrualMonths")
        question.accrualTime = list("accrualTime")
        question.accrualIntensity = list("accrualIntensity")
        question.followUpMonths = number("followUpMonths")
        question.dropoutRatePerYear = number("dropoutRatePerYear")
        question.method = values["method"].flatMap { $0.isEmpty ? nil : $0 }
        question.informationFractions = list("informationFractions")
        question.type = values["type"].flatMap { $0.isEmpty ? nil : $0 }
        question.gamma = number("gamma")
        question.futilityBounds = list("futilityBounds")
        return problems.isEmpty ? (question, []) : (nil, problems)
    }

    static func outcome(_ question: SurvivalDesignQuestion) throws -> Outcome {
        let design = try question.answer()
        let sequential = try question.sequentialDesign()
        var rows: [Row] = []
        if let sequential, !design.eventsPerStage.isEmpty {
            for k in sequential.criticalValues.indices {
                let futility = k < sequential.futilityBounds.count ? sequential.futilityBounds[k] : nil
                rows.append(Row(
                    stage: k + 1, fraction: number(sequential.informationFractions[k], 4),
                    events: number(design.eventsPerStage[k], 1), month: number(design.analysisMonthsPerStage[k], 1),
                    criticalZ: number(sequential.criticalValues[k], 4), criticalP: number(sequential.stageLevels[k], 6),
                    alphaSpent: number(sequential.cumulativeAlphaSpent[k], 6),
                    futilityZ: futility.map { number($0, 4) } ?? "",
                    futilityP: futility.map { number(Normal.survival($0), 4) } ?? "",
                    rejectH1: design.stoppingH1.map { number($0.rejectPerStage[k], 4) } ?? "",
                    futilityH1: design.stoppingH1.flatMap { k < $0.futilityPerStage.count ? number($0.futilityPerStage[k], 4) : nil } ?? ""))
            }
        }
        return Outcome(
            events: String(design.eventsRequired), eventsExact: number(design.eventsRequiredExact, 2),
            sampleSize: String(design.sampleSize), sampleSizeExact: number(design.sampleSizeExact, 2),
            power: number(design.power, 4), analysisMonth: number(design.analysisTimeMonths, 2),
            followUpMonths: number(design.followUpMonths, 2),
            expectedEventsAtAnalysis: number(design.expectedEventsAtAnalysis, 1),
            monthToRoundedEvents: design.monthsToRoundedEvents.map { number($0, 2) } ?? "–",
            expectedEventsH0: design.expectedEventsH0.map { number($0, 1) },
            expectedEventsH1: design.expectedEventsH1.map { number($0, 1) }, rows: rows)
    }

    /// Fixed decimals, locale-independent.
    static func number(_ value: Double, _ digits: Int = 2) -> String {
        var text = String(format: "%.\(digits)f", value)
        while text.contains(".") && (text.hasSuffix("0") || text.hasSuffix(".")) { text.removeLast() }
        return text
    }
}
