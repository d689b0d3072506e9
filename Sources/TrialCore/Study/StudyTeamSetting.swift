import Foundation

/// Marks a value that the trial registration does not fix and the study team chose,
/// with the reason, so that a reviewer can tell protocol facts from local choices.
///
/// Written in a study file as `studyTeamSetting: {reason: "..."}` beside the chosen value.
public struct StudyTeamSetting: Codable, Sendable, Hashable {
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }
}

/// One study-team choice found in a study definition: where it is, what it concerns and why it was made.
public struct StudyTeamChoice: Sendable, Hashable, Codable {
    /// Path of the object holding the choice, e.g. `eligibility[3]`.
    public var field: String
    /// What the choice concerns: the criterion id, visit, factor or endpoint code, or the section name.
    public var subject: String
    public var reason: String

    public init(field: String, subject: String, reason: String) {
        self.field = field
        self.subject = subject
        self.reason = reason
    }
}
