import Foundation

extension StudyDefinition {
    /// Every value the study team chose where the registration is silent, with its reason.
    public var studyTeamChoices: [StudyTeamChoice] {
        var choices: [StudyTeamChoice] = []
        func note(_ setting: StudyTeamSetting?, _ field: StudyFieldPath, _ subject: String) {
            if let setting {
                choices.append(StudyTeamChoice(field: field.description, subject: subject, reason: setting.reason))
            }
        }
        note(randomization.studyTeamSetting, "randomization", "randomization")
        for (i, factor) in stratification.enumerated() {
            note(factor.studyTeamSetting, StudyFieldPath("stratification").index(i), factor.code)
        }
        for (i, criterion) in eligibility.enumerated() {
            note(criterion.studyTeamSetting, StudyFieldPath("eligibility").index(i), criterion.id)
        }
        for (i, visit) in visits.enumerated() { note(visit.studyTeamSetting, StudyFieldPath("visits").index(i), visit.code) }
        for (i, endpoint) in endpoints.enumerated() {
            note(endpoint.studyTeamSetting, StudyFieldPath("endpoints").index(i), endpoint.code.rawValue)
        }
        note(qualityOfLife.studyTeamSetting, "qualityOfLife", "qualityOfLife")
        return choices
    }
}
