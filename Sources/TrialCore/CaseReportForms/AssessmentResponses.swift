import Foundation

/// Computes each tumour assessment's response from the baseline inventory and the assessments up to
/// its date, with the existing RECIST 1.1 and PERCIST 1.0 evaluators. Because every time point is
/// computed from the whole history up to it, correcting an earlier assessment changes later
/// responses (a new nadir, a confirmed equivocal lesion): recompute all after any change.
public enum AssessmentResponses {
    /// The response of the last assessment dated on or before `date`, from the assessments up to it;
    /// nil when there is none.
    /// - Throws: `ValidationFailure` when the baseline or an assessment breaks the criteria's input rules;
    ///   fields are `assessments[<id>].<path>` or `baseline.<path>`.
    public static func response(
        baseline: BaselineForm, assessments: [RecordedForm<TumourAssessmentForm>], asOf date: CalendarDate,
        recistSettings: RecistSettings = RecistSettings(), percistSettings: PercistSettings = PercistSettings()
    ) throws -> ComputedTimepointResponse? {
        let upTo = sorted(assessments).filter { $0.form.date <= date }
        guard let last = upTo.last else { return nil }
        let settings = baseline.recistSettings(recistSettings)

        let recistRequest = RecistEvaluationRequest(baseline: baseline.recistBaseline, followUps: upTo.map(\.form.recistFollowUp))
        let recist: RecistEvaluation
        do {
            recist = try RecistEvaluation(evaluating: recistRequest, settings: settings)
        } catch let failure as ValidationFailure {
            throw ValidationFailure(failure.errors.map { rename($0, ids: upTo.map(\.id), followUpPrefix: "") })
        }

        var percist: PercistTimepointResult?
        if baseline.imagingModality == .petCt {
            let withPet = upTo.filter { $0.form.percist != nil }
            if let lastPet = withPet.last, lastPet.id == last.id {
                let scans = withPet.map { entry -> PercistEvaluationRequest.Scan in
                    var scan = entry.form.percist!
                    scan.date = entry.form.date
                    return scan
                }
                do {
                    let evaluation = try PercistEvaluation(
                        evaluating: PercistEvaluationRequest(baseline: baseline.percistBaseline, followUps: scans),
                        settings: percistSettings)
                    percist = evaluation.timepoints.last
                } catch let failure as ValidationFailure {
                    throw ValidationFailure(failure.errors.map { rename($0, ids: withPet.map(\.id), followUpPrefix: "percist.") })
                }
            }
        }
        return ComputedTimepointResponse(
            assessmentId: last.id, date: last.form.date, criterion: baseline.imagingModality.governingCriterion,
            recist: recist.timepoints.last, percist: percist)
    }

    /// Every assessment's response, each computed from the assessments up to its own date, in date order.
    public static func recomputeAll(
        baseline: BaselineForm, assessments: [RecordedForm<TumourAssessmentForm>],
        recistSettings: RecistSettings = RecistSettings(), percistSettings: PercistSettings = PercistSettings()
    ) throws -> [ComputedTimepointResponse] {
        // The responses depend on the assessments in date order alone (`computeAll` sorts them), so callers that
        // list them in saving order and in date order share one kept series.
        let ordered = sorted(assessments)
        let key = RecentSeries.Key(baseline: baseline, assessments: ordered, recistSettings: recistSettings, percistSettings: percistSettings)
        if let known = RecentSeries.shared.responses(for: key) { return known }
        let responses = try computeAll(baseline: baseline, assessments: ordered, recistSettings: recistSettings, percistSettings: percistSettings)
        RecentSeries.shared.remember(responses, for: key)
        return responses
    }

    /// `recomputeAll` without the series kept (`RecentSeries`).
    static func computeAll(
        baseline: BaselineForm, assessments: [RecordedForm<TumourAssessmentForm>],
        recistSettings: RecistSettings, percistSettings: PercistSettings
    ) throws -> [ComputedTimepointResponse] {
        let ordered = sorted(assessments)
        // One evaluation of the whole series gives every time point as of its own date (each depends only on
        // those before it); evaluating every prefix gave the same at n(n+1)/2 time points. A series that
        // does not validate goes the prefix way, which names the first assessment at fault as before.
        if let series = try? responsesOfWholeSeries(baseline: baseline, ordered: ordered, recistSettings: recistSettings, percistSettings: percistSettings) {
            return series
        }
        return try responsesOfEachPrefix(baseline: baseline, ordered: ordered, recistSettings: recistSettings, percistSettings: percistSettings)
    }

    static func responsesOfWholeSeries(
        baseline: BaselineForm, ordered: [RecordedForm<TumourAssessmentForm>], recistSettings: RecistSettings, percistSettings: PercistSettings
    ) throws -> [ComputedTimepointResponse] {
        guard !ordered.isEmpty else { return [] }
        let recist = try RecistEvaluation(
            evaluating: RecistEvaluationRequest(baseline: baseline.recistBaseline, followUps: ordered.map(\.form.recistFollowUp)),
            settings: baseline.recistSettings(recistSettings))
        var percist: [Int: PercistTimepointResult] = [:]
        let withPet = ordered.indices.filter { ordered[$0].form.percist != nil }
        if baseline.imagingModality == .petCt, !withPet.isEmpty {
            let scans = withPet.map { index -> PercistEvaluationRequest.Scan in
                var scan = ordered[index].form.percist!
                scan.date = ordered[index].form.date
                return scan
            }
            let evaluation = try PercistEvaluation(
                evaluating: PercistEvaluationRequest(baseline: baseline.percistBaseline, followUps: scans), settings: percistSettings)
            for (position, index) in withPet.enumerated() { percist[index] = evaluation.timepoints[position] }
        }
        return ordered.indices.map { index in
            var timepoint = recist.timepoints[index]
            if let own = recist.overallBeforeDatingBack[index] { timepoint.overall = own }
            return ComputedTimepointResponse(assessmentId: ordered[index].id, date: ordered[index].form.date,
                                             criterion: baseline.imagingModality.governingCriterion, recist: timepoint, percist: percist[index])
        }
    }

    static func responsesOfEachPrefix(
        baseline: BaselineForm, ordered: [RecordedForm<TumourAssessmentForm>], recistSettings: RecistSettings, percistSettings: PercistSettings
    ) throws -> [ComputedTimepointResponse] {
        try ordered.indices.compactMap { index in
            try response(baseline: baseline, assessments: Array(ordered[...index]), asOf: ordered[index].form.date,
                         recistSettings: recistSettings, percistSettings: percistSettings)
        }
    }

    /// The responses the endpoints read: each assessment's own response (`recomputeAll`), except that a
    /// confirmed equivocal new lesion makes PD from the scan where it was first seen. RECIST 1.1 (Eisenhauer
    /// et al. 2009, 4.3.2): "if repeat scans confirm there is definitely a new lesion, then progression should
    /// be declared using the date of the initial scan". That scan's own response stays what it was when read
    /// (the investigator's reading at the time is not a disagreement); PFS, the schedule and the progression
    /// patterns date the progression back. The whole series is evaluated once for this (`RecistEvaluation`
    /// marks the run of equivocal readings that a confirmation ends).
    public static func endpointResponses(
        baseline: BaselineForm, assessments: [RecordedForm<TumourAssessmentForm>],
        recistSettings: RecistSettings = RecistSettings(), percistSettings: PercistSettings = PercistSettings()
    ) throws -> [ComputedTimepointResponse] {
        var responses = try recomputeAll(baseline: baseline, assessments: assessments, recistSettings: recistSettings, percistSettings: percistSettings)
        let ordered = sorted(assessments)
        guard ordered.contains(where: { $0.form.newLesionFinding == .equivocal }) else { return responses }
        let whole = try RecistEvaluation(
            evaluating: RecistEvaluationRequest(baseline: baseline.recistBaseline, followUps: ordered.map(\.form.recistFollowUp)),
            settings: baseline.recistSettings(recistSettings))
        // Each time point depends only on those before it, so the whole series' time points are the
        // responses above except where the confirmation reached back.
        for (index, timepoint) in whole.timepoints.enumerated() where index < responses.count {
            if timepoint.overall == .progressiveDisease, responses[index].recist?.overall != .progressiveDisease {
                responses[index].recist?.overall = .progressiveDisease
            }
        }
        return responses
    }

    static func sorted(_ assessments: [RecordedForm<TumourAssessmentForm>]) -> [RecordedForm<TumourAssessmentForm>] {
        assessments.sorted { ($0.form.date, $0.id) < ($1.form.date, $1.id) }
    }

    /// `followUps[2].targets[0].mm` becomes `assessments[A7].targets[0].mm`.
    static func rename(_ error: FieldError, ids: [String], followUpPrefix: String) -> FieldError {
        let prefix = "followUps["
        guard error.field.hasPrefix(prefix) else { return error }
        let rest = error.field.dropFirst(prefix.count)
        guard let close = rest.firstIndex(of: "]"), let index = Int(rest[..<close]), ids.indices.contains(index) else { return error }
        var tail = String(rest[rest.index(after: close)...])
        if tail.hasPrefix(".") { tail.removeFirst() }
        let path = tail.isEmpty ? "" : ".\(followUpPrefix)\(tail)"
        // Only the path changes: the evaluator's code and values stay with the error.
        var renamed = error
        renamed.field = "assessments[\(ids[index])]\(path)"
        return renamed
    }
}

extension AssessmentResponses {
    /// The response to store with each assessment of a casebook, keyed by assessment id. An assessment
    /// whose response cannot be computed (no baseline yet, or measurements the criteria cannot read,
    /// which the edit checks report) has none.
    public static func storedResponses(
        for casebook: Casebook,
        recistSettings: RecistSettings = RecistSettings(), percistSettings: PercistSettings = PercistSettings()
    ) -> [String: ComputedTimepointResponse] {
        guard let baseline = casebook.baseline?.form, !casebook.assessments.isEmpty else { return [:] }
        guard let computed = try? recomputeAll(baseline: baseline, assessments: casebook.assessments,
                                               recistSettings: recistSettings, percistSettings: percistSettings) else {
            return [:]
        }
        return Dictionary(computed.map { ($0.assessmentId, $0) }, uniquingKeysWith: { _, last in last })
    }
}

/// The responses of the last series computed, by their whole input. A save computes the same series several
/// times (the edit checks before and after it, the responses it stores, the schedule's progression date), and
/// the next save of the participant starts from the series the last one left. The responses are a function
/// of the baseline, the assessments and the settings alone, and the key holds all of them, compared in full.
final class RecentSeries: @unchecked Sendable {
    struct Key: Hashable {
        var baseline: BaselineForm
        var assessments: [RecordedForm<TumourAssessmentForm>]
        var recistSettings: RecistSettings
        var percistSettings: PercistSettings
    }

    /// Room for every participant's series in a trial ten times this one's size: the demo (like a busy site
    /// day) saves in calendar order across all participants in follow-up, and with 256 a participant's next save
    /// came after the kept series had been forgotten, so the series before each save was computed again.
    static let shared = RecentSeries(capacity: 2_048)

    private let capacity: Int
    private let lock = NSLock()
    private var kept: [Key: [ComputedTimepointResponse]] = [:]

    init(capacity: Int) {
        self.capacity = capacity
    }

    func responses(for key: Key) -> [ComputedTimepointResponse]? {
        lock.withLock { kept[key] }
    }

    /// Past `capacity` series all are forgotten: a participant's saves follow each other closely, and a walk over
    /// the whole trial (the analysis) computes each series once.
    func remember(_ responses: [ComputedTimepointResponse], for key: Key) {
        lock.withLock {
            if kept.count >= capacity { kept.removeAll(keepingCapacity: true) }
            kept[key] = responses
        }
    }
}
