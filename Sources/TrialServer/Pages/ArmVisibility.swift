import TrialCore

/// Who sees the assigned arm on the pages: the same roles that read it over the API (the trial is open
/// label; what nobody but the statistician sees is a future allocation, which no page shows).
enum ArmVisibility {
    static func maySeeArms(_ role: Role) -> Bool { ParticipantController.readers.allows(role) }
}
