import Foundation

extension StudyDefinition {
    /// Every value the study team chose where the registration is silent, with its reason.
    public var studyTeamChoices: [StudyTeamChoice] {
        var choices: [StudyTeamChoice] = []
        func note(_ setting: StudyTeamSetting?, _ field: StudyFieldPath) {
            if let setting { choices.append(StudyTeamChoice(field: field.description, reason: setting.reason)) }
        }
        note(randomization.studyTeamSetting, "randomization")
        for (i, factor) in stratification.enumerated() { note(factor.studyTeamSetting, StudyFieldPath("stratification").index(i)) }
        for (i, criterion) in eligibility.enumerated() { note(criterion.studyTeamSetting, StudyFieldPath("eligibility").index(i)) }
        for (i, visit) in visits.enumerated() { note(visit.studyTeamSetting, StudyFieldPath("visits").index(i)) }
        for (i, endpoint) in endpoints.enumerated() { note(endpoint.studyTeamSetting, StudyFieldPath("endpoints").index(i)) }
        note(qualityOfLife.studyTeamSetting, "qualityOfLife")
        return choices
    }
}
