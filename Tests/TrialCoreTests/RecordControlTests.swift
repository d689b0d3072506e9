import Testing
@testable import TrialCore

@Suite struct RecordControlTests {
    @Test func locked_data_refuse_edits_and_say_who_can_unlock() {
        #expect(RecordControl.editRefusal(RecordControlState(formLocked: false, participantLocked: false)) == nil)
        #expect(RecordControl.editRefusal(RecordControlState(formLocked: true, participantLocked: false))?.field == "form")
        #expect(RecordControl.editRefusal(RecordControlState(formLocked: true, participantLocked: true))?.field == "participant")
    }

    @Test func each_control_belongs_to_one_role() {
        for role in Role.allCases {
            #expect(RecordControl.mayVerifySource(role) == (role == .monitor))
            #expect(RecordControl.mayLock(role) == (role == .dataManager))
            #expect(RecordControl.maySign(role) == (role == .investigator))
        }
    }

    @Test func unlocking_needs_a_reason() {
        #expect(RecordControl.unlockProblems(reason: "correcting a transcription error").isEmpty)
        #expect(RecordControl.unlockProblems(reason: "  ").map(\.field) == ["reason"])
        #expect(RecordControl.unlockProblems(reason: nil).map(\.field) == ["reason"])
    }
}
