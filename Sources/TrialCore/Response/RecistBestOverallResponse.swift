import Foundation

/// RECIST 1.1 best overall response for a randomized trial, where CR and PR need no confirmation.
public enum RecistBestOverallResponse {
    /// The best time-point response recorded before progression: CR, then PR, then SD (or, with only
    /// non-target disease, non-CR/non-PD) reached at least `minimumStableDiseaseDays` after baseline.
    /// Without any of these: PD when progression followed (an SD that came too early and then PD is
    /// PD), otherwise NE (too-early SD followed by nothing evaluable, or no follow-up at all).
    ///
    /// - Parameters:
    ///   - overall: each follow-up's date and overall response, in date order.
    ///   - progressionIndex: the index of the time point dated as the first progression, if any.
    public static func determine(
        overall: [(date: CalendarDate, response: RecistResponse)], baselineDate: CalendarDate,
        progressionIndex: Int?, minimumStableDiseaseDays: Int
    ) -> RecistResponse {
        let beforeProgression = overall.prefix(progressionIndex ?? overall.count)
        let responses = beforeProgression.map(\.response)
        if responses.contains(.completeResponse) { return .completeResponse }
        if responses.contains(.partialResponse) { return .partialResponse }
        func reachedLateEnough(_ response: RecistResponse) -> Bool {
            beforeProgression.contains {
                $0.response == response && baselineDate.days(until: $0.date) >= minimumStableDiseaseDays
            }
        }
        if reachedLateEnough(.stableDisease) { return .stableDisease }
        if reachedLateEnough(.nonCRNonPD) { return .nonCRNonPD }
        return progressionIndex == nil ? .notEvaluable : .progressiveDisease
    }
}
