import Foundation

public enum TherapyClass: String, Hashable, Sendable, Codable, CaseIterable {
    case chemotherapy
    case immunotherapy
    case targeted
    case maintenance
    case other
}

public enum TherapyStopReason: String, Hashable, Sendable, Codable, CaseIterable {
    case progression
    case toxicity
    case completed
    case clinicalDecision
    case patientChoice
    case death
}

/// One line of systemic anticancer therapy given on study.
public struct SystemicTherapyLineForm: Hashable, Sendable, Codable {
    public var lineNumber: Int
    public var regimen: String
    public var agents: [String]
    public var therapyClass: TherapyClass
    public var startDate: CalendarDate
    public var stopDate: CalendarDate?
    public var stopReason: TherapyStopReason?
    /// Why this line started; time to next treatment counts starts for progression or clinical decision.
    public var startReason: EndpointTherapyStart.Reason

    public init(lineNumber: Int, regimen: String, agents: [String], therapyClass: TherapyClass, startDate: CalendarDate,
                stopDate: CalendarDate? = nil, stopReason: TherapyStopReason? = nil, startReason: EndpointTherapyStart.Reason) {
        self.lineNumber = lineNumber
        self.regimen = regimen
        self.agents = agents
        self.therapyClass = therapyClass
        self.startDate = startDate
        self.stopDate = stopDate
        self.stopReason = stopReason
        self.startReason = startReason
    }

    /// This line's start as endpoint derivation reads it; nil for a line started before randomization.
    public func endpointTherapyStart(randomizationDate: CalendarDate) -> EndpointTherapyStart? {
        startDate > randomizationDate ? EndpointTherapyStart(date: startDate, reason: startReason) : nil
    }

    /// Checks a therapy line. Hard rules: line number 1 or more and not used by another line, regimen
    /// and agents named, stop not before start, a stop date and its reason given together, dates not
    /// in the future nor (start) after death, a stop for death on the death date. Soft: a start before
    /// randomization, a first line started for progression.
    /// Lines are numbered 1, 2, 3 in the order they started.
    public static let firstLineNumber = 1

    public func check(in context: CaseReportContext, recordId: String? = nil) -> FormCheckResult {
        var result = FormCheckResult()
        if lineNumber < Self.firstLineNumber {
            result.refuse("lineNumber", RuleMessage("therapyLine.lineNumberAtLeastOne", "must be 1 or more ({lineNumber})", ["lineNumber": String(lineNumber)]))
        } else if context.casebook.therapyLines.contains(where: { $0.id != recordId && $0.form.lineNumber == lineNumber }) {
            result.refuse("lineNumber", RuleMessage("therapyLine.lineNumberTaken", "line {lineNumber} is already recorded; number lines 1, 2, 3 in the order they started",
                                                   ["lineNumber": String(lineNumber)]))
        }
        result.requireText(regimen, field: "regimen",
                           RuleMessage("therapyLine.regimenRequired", "is required: name the regimen (for example carboplatin + pemetrexed)"))
        if agents.isEmpty {
            result.refuse("agents", RuleMessage("therapyLine.agentsEmpty", "list at least one agent"))
        }
        for (index, agent) in agents.enumerated() {
            result.requireText(agent, field: "agents[\(index)]", RuleMessage("therapyLine.agentRequired", "is required: name the agent"))
        }
        result.checkDate(startDate, field: "startDate", context: context, notBeforeRandomization: false)
        if let randomized = context.casebook.randomizationDate, startDate < randomized {
            result.query("startDate", RuleMessage("therapyLine.startBeforeRandomization", "{startDate} is before randomization on {randomized}; lines before randomization belong in the baseline's prior lines",
                                                 ["startDate": startDate.iso8601, "randomized": randomized.iso8601]))
        }
        switch (stopDate, stopReason) {
        case (.some(let stop), .some(let reason)):
            if stop < startDate {
                result.refuse("stopDate", RuleMessage("therapyLine.stopBeforeStart", "{stopDate} is before the start on {startDate}",
                                                     ["stopDate": stop.iso8601, "startDate": startDate.iso8601]))
            }
            result.checkDate(stop, field: "stopDate", context: context, notBeforeRandomization: false)
            if reason == .death {
                if let death = context.casebook.deathDate {
                    if stop != death {
                        result.refuse("stopDate", RuleMessage("therapyLine.deathStopNotOnDeathDate", "a line stopped by death stops on the death date ({death})",
                                                             ["death": death.iso8601]))
                    }
                } else {
                    result.refuse("stopReason", RuleMessage("therapyLine.deathStopWithoutDeath", "is death, but no death is recorded; record the death form first"))
                }
            }
        case (.some, .none):
            // The reasons are spelled in the template so that each language names them in its own words;
            // a test keeps the list equal to `TherapyStopReason.allCases`.
            result.refuse("stopReason", RuleMessage("therapyLine.stopReasonRequired", "is required when a stop date is given (progression, toxicity, completed, clinicalDecision, patientChoice, death)"))
        case (.none, .some):
            result.refuse("stopDate", RuleMessage("therapyLine.stopDateRequired", "is required when a reason for stopping is given"))
        case (.none, .none):
            break
        }
        if lineNumber == 1 && startReason == .progression {
            result.query("startReason", RuleMessage("therapyLine.firstLineForProgression", "the first line on study is started for progression; confirm it is not the planned first line (use other)"))
        }
        return result
    }
}
