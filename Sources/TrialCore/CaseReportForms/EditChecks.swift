import Foundation

/// Runs the edit check catalogue over a participant's whole casebook. The store runs it after every
/// save: hard findings mean the save must be refused, soft findings open automatic queries.
public enum EditChecks {
    public static func run(on casebook: Casebook, study: StudyDefinition,
                           recistSettings: RecistSettings = RecistSettings(),
                           percistSettings: PercistSettings = PercistSettings()) -> [EditCheckFinding] {
        var findings: [EditCheckFinding] = []
        func add(_ check: EditCheck, _ form: CaseReportForm, _ id: String, _ field: String, _ rule: RuleMessage) {
            findings.append(EditCheckFinding(check: check, form: form, recordId: id, field: field, rule))
        }
        // A finding that reports another rule's error keeps that error's code and values.
        func addReported(_ check: EditCheck, _ form: CaseReportForm, _ id: String, _ field: String, _ error: FieldError) {
            if let rule = error.rule {
                add(check, form, id, field, rule)
            } else {
                findings.append(EditCheckFinding(check: check, form: form, recordId: id, field: field, message: error.message))
            }
        }

        datesAgainstRandomizationAndDeath(casebook, add: add)
        implantations(casebook, study: study, add: add)
        let responses = assessments(casebook, study: study, recistSettings: recistSettings, percistSettings: percistSettings,
                                    add: add, addReported: addReported)
        therapyLines(casebook, add: add)
        progressionLines(casebook, responses: responses, add: add)
        survival(casebook, add: add)
        return findings
    }

    /// The findings before and after one change of a casebook, as `run` gives each. The responses of the
    /// assessment series (RECIST 1.1 and PERCIST 1.0 over every time point, most of the checks' work) depend
    /// on the baseline and the assessments alone, so after a change that leaves both as they were (any other
    /// form) the second run finds the series the first computed kept (`RecentSeries`).
    public static func runBeforeAndAfter(before: Casebook, after: Casebook, study: StudyDefinition,
                                         recistSettings: RecistSettings = RecistSettings(),
                                         percistSettings: PercistSettings = PercistSettings()) -> (before: [EditCheckFinding], after: [EditCheckFinding]) {
        (run(on: before, study: study, recistSettings: recistSettings, percistSettings: percistSettings),
         run(on: after, study: study, recistSettings: recistSettings, percistSettings: percistSettings))
    }

    /// The findings a save introduced: those after it that were not there before. A save whose
    /// introduced findings include a hard one is refused; its soft ones open queries. Findings that were
    /// already there keep their open queries rather than opening new ones.
    public static func introduced(after: [EditCheckFinding], before: [EditCheckFinding]) -> [EditCheckFinding] {
        let existing = Set(before)
        return after.filter { !existing.contains($0) }
    }

    typealias Add = (EditCheck, CaseReportForm, String, String, RuleMessage) -> Void
    typealias AddReported = (EditCheck, CaseReportForm, String, String, FieldError) -> Void

    /// The dated records that belong after randomization, with the field holding the date.
    static func postRandomizationDates(_ casebook: Casebook) -> [(CaseReportForm, String, String, CalendarDate)] {
        var dates: [(CaseReportForm, String, String, CalendarDate)] = []
        dates += casebook.implantations.map { (.implantation, $0.id, "date", $0.form.date) }
        dates += casebook.assessments.map { (.tumourAssessment, $0.id, "date", $0.form.date) }
        dates += casebook.followUps.map { (.followUp, $0.id, "date", $0.form.date) }
        if let death = casebook.death { dates.append((.death, death.id, "date", death.form.date)) }
        if let end = casebook.endOfStudy { dates.append((.endOfStudy, end.id, "date", end.form.date)) }
        return dates
    }

    static func datesAgainstRandomizationAndDeath(_ casebook: Casebook, add: Add) {
        if let randomized = casebook.randomizationDate {
            for (form, id, field, date) in postRandomizationDates(casebook) where date < randomized {
                add(.dateBeforeRandomization, form, id, field,
                    RuleMessage("editCheck.dateBeforeRandomization", "{date} is before randomization on {randomized}",
                                ["date": date.iso8601, "randomized": randomized.iso8601]))
            }
        }
        guard let death = casebook.deathDate else { return }
        // Everything that needs the participant alive: procedures, scans, therapy starts, event onsets, alive contacts.
        var alive: [(CaseReportForm, String, String, CalendarDate)] = []
        alive += casebook.implantations.map { (.implantation, $0.id, "date", $0.form.date) }
        alive += casebook.assessments.map { (.tumourAssessment, $0.id, "date", $0.form.date) }
        alive += casebook.therapyLines.map { (.systemicTherapy, $0.id, "startDate", $0.form.startDate) }
        alive += casebook.therapyLines.compactMap { line in line.form.stopDate.map { (.systemicTherapy, line.id, "stopDate", $0) } }
        alive += casebook.adverseEvents.map { (.adverseEvents, $0.id, "onsetDate", $0.form.onsetDate) }
        alive += casebook.adverseEvents.compactMap { event in event.form.resolutionDate.map { (.adverseEvents, event.id, "resolutionDate", $0) } }
        alive += casebook.qualityOfLifeDates.map { (.qlqC30, $0.id, "date", $0.form) }
        alive += casebook.followUps.map { (.followUp, $0.id, "lastKnownAliveDate", $0.form.lastKnownAliveDate) }
        for (form, id, field, date) in alive where date > death {
            add(.dateAfterDeath, form, id, field,
                RuleMessage("editCheck.dateAfterDeath", "{date} is after the participant's death on {death}",
                            ["date": date.iso8601, "death": death.iso8601]))
        }
    }

    static func implantations(_ casebook: Casebook, study: StudyDefinition, add: Add) {
        let arms = study.implantationArms
        let inventory = casebook.baseline.map { Set($0.form.lesions.map(\.id)) }
        for procedure in casebook.implantations {
            if let arm = casebook.armCode, !arms.contains(arm) {
                add(.implantationInArmWithout, .implantation, procedure.id, "lesions",
                    RuleMessage("editCheck.implantationInArmWithout", "the participant is in arm {arm}, which has no 125I implantation", ["arm": arm]))
            }
            for (index, lesion) in procedure.form.lesions.enumerated() where !(inventory?.contains(lesion.lesionId) ?? false) {
                add(.implantedLesionNotInInventory, .implantation, procedure.id, "lesions[\(index)].lesionId",
                    RuleMessage("editCheck.implantedLesionNotInInventory", "'{lesionId}' is not in the baseline lesion inventory",
                                ["lesionId": lesion.lesionId]))
            }
        }
    }

    static func assessments(_ casebook: Casebook, study: StudyDefinition, recistSettings: RecistSettings,
                            percistSettings: PercistSettings, add: Add, addReported: AddReported) -> [ComputedTimepointResponse] {
        let ordered = casebook.assessmentsByDate
        let implanted = casebook.treatedLesionFirstImplantation
        for entry in ordered {
            let assessment = entry.form
            if let randomized = casebook.randomizationDate, assessment.date >= randomized,
               study.visit(of: study.imaging.visit, randomizedOn: randomized, windowContaining: assessment.date) == nil {
                add(.assessmentOutsideWindow, .tumourAssessment, entry.id, "date",
                    // The same sentence as the assessment form's own soft rule, so the same code.
                    RuleMessage("assessment.outsideImagingWindow", "day {day} from randomization is outside every imaging visit window",
                                ["day": "\(randomized.days(until: assessment.date))"]))
            }
            for (index, reading) in assessment.targets.enumerated() where reading.mm == nil && reading.tooSmall != true {
                add(.missingTargetMeasurement, .tumourAssessment, entry.id, "targets[\(index)].mm",
                    RuleMessage("editCheck.targetNotMeasured", "target lesion '{lesionId}' was not measured", ["lesionId": reading.id]))
            }
            if let baseline = casebook.baseline?.form {
                let read = Set(assessment.targets.map(\.id))
                for target in baseline.targetLesions where !read.contains(target.id) {
                    add(.missingTargetMeasurement, .tumourAssessment, entry.id, "targets",
                        RuleMessage("editCheck.targetWithoutReading", "target lesion '{lesionId}' has no reading", ["lesionId": target.id]))
                }
            }
            let readLesions = Set(assessment.treatedLesions.map(\.lesionId))
            for (lesionId, implantedOn) in implanted.sorted(by: { $0.key < $1.key })
            where implantedOn < assessment.date && !readLesions.contains(lesionId) {
                add(.treatedLesionWithoutReading, .tumourAssessment, entry.id, "treatedLesions",
                    RuleMessage("editCheck.treatedLesionWithoutReading", "treated lesion '{lesionId}' has no in-field reading", ["lesionId": lesionId]))
            }
        }
        guard let baseline = casebook.baseline?.form, !ordered.isEmpty else { return [] }
        do {
            let computed = try AssessmentResponses.recomputeAll(
                baseline: baseline, assessments: ordered,
                recistSettings: recistSettings, percistSettings: percistSettings)
            for response in computed {
                guard let entry = ordered.first(where: { $0.id == response.assessmentId }) else { continue }
                for disagreement in response.disagreements(with: entry.form) {
                    addReported(.investigatorReadingDisagrees, .tumourAssessment, entry.id, disagreement.field, disagreement)
                }
            }
            return computed
        } catch let failure as ValidationFailure {
            for error in failure.errors {
                let (id, field) = splitAssessmentPath(error.field)
                if let id {
                    addReported(.responseNotComputable, .tumourAssessment, id, field, error)
                } else {
                    addReported(.responseNotComputable, .baseline, casebook.baseline?.id ?? "", baseline.inventoryPath(field), error)
                }
            }
        } catch {
            add(.responseNotComputable, .tumourAssessment, ordered[0].id, "",
                RuleMessage("editCheck.responseComputationFailed", "{error}", ["error": "\(error)"]))
        }
        return []
    }

    /// TTNT counts a line started for progression; the casebook should show that progression: a
    /// computed PD (RECIST 1.1) or PMD (PERCIST 1.0), or in-field progression, on or before the start.
    static func progressionLines(_ casebook: Casebook, responses: [ComputedTimepointResponse], add: Add) {
        guard let randomized = casebook.randomizationDate else { return }
        let progressionDates = responses.filter {
            $0.recist?.overall == .progressiveDisease || $0.percist?.response == .progressiveMetabolicDisease
        }.map(\.date) + casebook.assessments.filter {
            $0.form.treatedLesions.contains { $0.status == .progression }
        }.map(\.form.date)
        for line in casebook.therapyLines where line.form.startReason == .progression && line.form.startDate > randomized {
            if !progressionDates.contains(where: { $0 <= line.form.startDate }) {
                add(.progressionLineWithoutProgression, .systemicTherapy, line.id, "startReason",
                    RuleMessage("editCheck.progressionLineWithoutProgression", "line {line} started on {start} for progression, but no assessment on or before that date shows progression; record the assessment or correct the reason",
                                ["line": "\(line.form.lineNumber)", "start": line.form.startDate.iso8601]))
            }
        }
    }

    /// `assessments[A7].targets[0].mm` -> ("A7", "targets[0].mm").
    static func splitAssessmentPath(_ path: String) -> (String?, String) {
        let prefix = "assessments["
        guard path.hasPrefix(prefix), let close = path.firstIndex(of: "]") else { return (nil, path) }
        let id = String(path[path.index(path.startIndex, offsetBy: prefix.count)..<close])
        var rest = String(path[path.index(after: close)...])
        if rest.hasPrefix(".") { rest.removeFirst() }
        return (id, rest)
    }

    static func therapyLines(_ casebook: Casebook, add: Add) {
        let ordered = casebook.therapyLines.sorted { ($0.form.startDate, $0.form.lineNumber) < ($1.form.startDate, $1.form.lineNumber) }
        for (position, line) in ordered.enumerated() {
            if line.form.lineNumber != position + 1 {
                add(.therapyLineNumbering, .systemicTherapy, line.id, "lineNumber",
                    RuleMessage("editCheck.therapyLineNumbering", "line {line} is the {position}. line to start (on {start}); number lines in order of start",
                                ["line": "\(line.form.lineNumber)", "position": "\(position + 1)", "start": line.form.startDate.iso8601]))
            }
            guard position > 0 else { continue }
            let previous = ordered[position - 1]
            if let stop = previous.form.stopDate {
                if line.form.startDate < stop {
                    add(.therapyLineOverlap, .systemicTherapy, line.id, "startDate",
                        RuleMessage("editCheck.therapyLineOverlap", "starts on {start}, before line {previous} stopped on {stop}",
                                    ["start": line.form.startDate.iso8601, "previous": "\(previous.form.lineNumber)", "stop": stop.iso8601]))
                }
            } else {
                add(.therapyLineOverlap, .systemicTherapy, line.id, "startDate",
                    RuleMessage("editCheck.previousLineNotStopped", "starts on {start} while line {previous} has no stop date; record when it stopped",
                                ["start": line.form.startDate.iso8601, "previous": "\(previous.form.lineNumber)"]))
            }
        }
    }

    static func survival(_ casebook: Casebook, add: Add) {
        for event in casebook.adverseEvents where event.form.isFatal && casebook.death == nil {
            add(.fatalEventWithoutDeath, .adverseEvents, event.id, "grade",
                RuleMessage("editCheck.fatalEventWithoutDeath", "a grade 5 (fatal) event needs a death record; record the death or correct the grade"))
        }
        if let death = casebook.death, casebook.endOfStudy == nil {
            add(.deathWithoutEndOfStudy, .death, death.id, "date",
                RuleMessage("editCheck.deathWithoutEndOfStudy", "the participant died on {death} but no end-of-study record closes the casebook",
                            ["death": death.form.date.iso8601]))
        }
        for followUp in casebook.followUps where followUp.form.status == .dead && casebook.death == nil {
            add(.reportedDeadWithoutDeath, .followUp, followUp.id, "status",
                RuleMessage("editCheck.reportedDeadWithoutDeath", "the follow-up reports the participant dead but no death form is recorded"))
        }
    }
}
