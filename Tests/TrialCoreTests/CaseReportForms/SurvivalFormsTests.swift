import Foundation
import Testing
import TrialCore

@Suite struct SurvivalFormsTests {
    typealias F = CaseReportFixture

    static var deadCasebook: Casebook {
        var casebook = F.casebook
        casebook.death = RecordedForm(id: "D", form: DeathForm(date: F.day(120), cause: .progression))
        return casebook
    }

    @Test func an_alive_follow_up_saves_and_is_last_known_alive_on_its_date() {
        let form = FollowUpForm(date: F.day(91), status: .alive, lastKnownAliveDate: F.day(91))
        #expect(form.check(in: F.context()).errors == [])
        let stale = FollowUpForm(date: F.day(91), status: .alive, lastKnownAliveDate: F.day(80))
        #expect(stale.check(in: F.context()).errorFields == ["lastKnownAliveDate"])
    }

    @Test func follow_up_dates_are_refused_before_randomization_in_the_future_or_inverted() {
        #expect(FollowUpForm(date: F.day(-2), status: .lostToFollowUp, lastKnownAliveDate: F.day(-2)).check(in: F.context()).errorFields == ["date", "lastKnownAliveDate"])
        #expect(FollowUpForm(date: F.today.adding(days: 1), status: .lostToFollowUp, lastKnownAliveDate: F.day(90)).check(in: F.context()).errorFields == ["date"])
        #expect(FollowUpForm(date: F.day(91), status: .lostToFollowUp, lastKnownAliveDate: F.day(95)).check(in: F.context()).errorFields == ["lastKnownAliveDate"])
    }

    @Test func alive_after_a_recorded_death_is_refused_and_dead_without_death_opens_a_query() {
        let alive = FollowUpForm(date: F.day(121), status: .alive, lastKnownAliveDate: F.day(121))
        #expect(alive.check(in: F.context(Self.deadCasebook)).errorFields == ["lastKnownAliveDate", "status"])
        let reportedDead = FollowUpForm(date: F.day(121), status: .dead, lastKnownAliveDate: F.day(110))
        #expect(reportedDead.check(in: F.context()).queryFields == ["status"])
        #expect(reportedDead.check(in: F.context(Self.deadCasebook)).softFindings == [])
    }

    @Test func death_rules() {
        #expect(DeathForm(date: F.day(120), cause: .progression).check(in: F.context()).errors == [])
        #expect(DeathForm(date: F.day(-1), cause: .progression).check(in: F.context()).errorFields == ["date"])
        #expect(DeathForm(date: F.day(120), cause: .other).check(in: F.context()).errorFields == ["details"])
        #expect(DeathForm(date: F.day(120), cause: .adverseEvent).check(in: F.context()).queryFields == ["adverseEventId"])
        #expect(DeathForm(date: F.day(120), cause: .adverseEvent, adverseEventId: "AE9").check(in: F.context()).errorFields == ["adverseEventId"])
        var withEvents = F.casebook
        withEvents.adverseEvents = [RecordedForm(id: "AE1", form: F.fatalEvent()), RecordedForm(id: "AE2", form: F.fatalEvent(grade: 3))]
        #expect(DeathForm(date: F.day(9), cause: .adverseEvent, adverseEventId: "AE1").check(in: F.context(withEvents)).errors == [])
        #expect(DeathForm(date: F.day(9), cause: .adverseEvent, adverseEventId: "AE2").check(in: F.context(withEvents)).errorFields == ["adverseEventId"])
        #expect(DeathForm(date: F.day(9), cause: .progression, adverseEventId: "AE1").check(in: F.context(withEvents)).errorFields == ["adverseEventId"])
    }

    @Test func death_before_a_follow_up_that_saw_the_participant_alive_is_refused() {
        var casebook = F.casebook
        casebook.followUps = [RecordedForm(id: "FU1", form: FollowUpForm(date: F.day(91), status: .alive, lastKnownAliveDate: F.day(91)))]
        #expect(DeathForm(date: F.day(90), cause: .progression).check(in: F.context(casebook)).errorFields == ["date"])
        #expect(DeathForm(date: F.day(91), cause: .progression).check(in: F.context(casebook)).errors == [])
    }

    @Test func end_of_study_rules() {
        #expect(EndOfStudyForm(date: F.day(100), reason: .withdrewConsent).check(in: F.context()).errors == [])
        #expect(EndOfStudyForm(date: F.day(100), reason: .death).check(in: F.context()).errorFields == ["reason"])
        #expect(EndOfStudyForm(date: F.day(121), reason: .death).check(in: F.context(Self.deadCasebook)).errorFields == ["date"])
        #expect(EndOfStudyForm(date: F.day(120), reason: .death).check(in: F.context(Self.deadCasebook)).errors == [])
        #expect(EndOfStudyForm(date: F.day(120), reason: .lostToFollowUp).check(in: F.context(Self.deadCasebook)).errorFields == ["reason"])
        #expect(EndOfStudyForm(date: F.day(100), reason: .other).check(in: F.context()).errorFields == ["details"])
        #expect(EndOfStudyForm(date: F.day(-3), reason: .investigatorDecision).check(in: F.context()).errorFields == ["date"])
    }

    @Test func protocol_deviation_rules() {
        let valid = ProtocolDeviationForm(date: F.day(-2), category: .eligibility, severity: .major,
                                          description: "INR 1.7 at screening, above the 1.5 limit, not repeated before randomization")
        #expect(valid.check(in: F.context()).errors == [])
        #expect(valid.check(in: F.context()).softFindings == [])
        var empty = valid
        empty.description = "  "
        #expect(empty.check(in: F.context()).errorFields == ["description"])
        var terse = valid
        terse.description = "INR too high"
        #expect(terse.check(in: F.context()).queryFields == ["description"])
        terse.severity = .minor
        #expect(terse.check(in: F.context()).softFindings == [])
        var future = valid
        future.date = F.today.adding(days: 2)
        #expect(future.check(in: F.context()).errorFields == ["date"])
    }

    @Test func every_form_round_trips_through_json() throws {
        func roundTrip<T: Codable & Equatable>(_ value: T) throws -> Bool {
            try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value)) == value
        }
        #expect(try roundTrip(F.implantation))
        #expect(try roundTrip(F.firstLine))
        #expect(try roundTrip(F.secondAssessment))
        #expect(try roundTrip(PercistFixture.casebook))
        #expect(try roundTrip(DeathForm(date: F.day(9), cause: .adverseEvent, details: "tension pneumothorax", adverseEventId: "AE1")))
        #expect(try roundTrip(EndOfStudyForm(date: F.day(9), reason: .death)))
    }
}
