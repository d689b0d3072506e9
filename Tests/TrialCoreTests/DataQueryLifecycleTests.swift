import Testing
@testable import TrialCore

@Suite struct DataQueryLifecycleTests {
    @Test func the_site_answers_an_open_query_and_the_monitor_closes_or_reopens_it() throws {
        #expect(try DataQueryLifecycle.transition(from: .open, .answer, by: .coordinator, text: "value re-checked").get() == .answered)
        #expect(try DataQueryLifecycle.transition(from: .answered, .close, by: .monitor, text: nil).get() == .closed)
        #expect(try DataQueryLifecycle.transition(from: .answered, .reopen, by: .dataManager, text: "still inconsistent").get() == .open)
        #expect(try DataQueryLifecycle.transition(from: .closed, .reopen, by: .monitor, text: "new source document").get() == .open)
    }

    @Test(arguments: [
        (DataQueryStatus.open, DataQueryAction.answer, Role.monitor, "x", "role"),
        (.answered, .answer, .coordinator, "again", "status"),
        (.open, .answer, .investigator, "  ", "text"),
        (.open, .close, .coordinator, "", "role"),
        (.closed, .close, .monitor, "", "status"),
        (.open, .reopen, .dataManager, "why", "status"),
        (.closed, .reopen, .monitor, "", "text"),
        (.answered, .reopen, .statistician, "why", "role"),
    ])
    func each_forbidden_step_names_its_rule(status: DataQueryStatus, action: DataQueryAction, role: Role, text: String, field: String) {
        switch DataQueryLifecycle.transition(from: status, action, by: role, text: text) {
        case .success(let next): Issue.record("\(action) from \(status) by \(role) allowed, giving \(next)")
        case .failure(let error): #expect(error.field == field)
        }
    }

    @Test func raising_needs_a_field_and_a_question() {
        #expect(DataQueryLifecycle.problems(raisingOn: "lesions[0].sizeMm", text: "Please confirm against the CT report").isEmpty)
        #expect(Set(DataQueryLifecycle.problems(raisingOn: " ", text: "").map(\.field)) == ["field", "text"])
        #expect(DataQueryLifecycle.canRaise(.monitor) && DataQueryLifecycle.canRaise(.dataManager))
        #expect(!DataQueryLifecycle.canRaise(.coordinator))
    }
}
