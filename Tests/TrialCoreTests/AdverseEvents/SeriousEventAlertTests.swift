import Foundation
import Testing
import TrialCore

@Suite struct SeriousEventAlertTests {
    static let aware = Date(timeIntervalSince1970: 1_780_000_000)

    static func event(serious: Bool, aware: Date? = SeriousEventAlertTests.aware) -> AdverseEventRecord {
        AdverseEventRecord(term: "Pneumothorax", grade: 3, onsetDate: CalendarDate(localDayOf: aware ?? Self.aware, in: TimeZone(identifier: "UTC")!),
                           outcome: .recovering, seriousnessCriteria: serious ? [.hospitalization] : [], siteAwareAt: aware)
    }

    @Test func a_non_serious_event_raises_no_alert() {
        #expect(SeriousEventAlert(participantId: "960-0001", formId: "f", event: Self.event(serious: false), enteredAt: Self.aware,
                                  acknowledgedBy: nil, acknowledgedAt: nil, now: Self.aware) == nil)
    }

    @Test func the_deadline_is_24_hours_after_the_site_learned_of_the_event_and_is_overdue_one_second_later() throws {
        let justBefore = try #require(SeriousEventAlert(participantId: "960-0001", formId: "f", event: Self.event(serious: true), enteredAt: Self.aware.addingTimeInterval(3600),
                                                       acknowledgedBy: nil, acknowledgedAt: nil, now: Self.aware.addingTimeInterval(86_400)))
        #expect(justBefore.deadline == Self.aware.addingTimeInterval(86_400))
        #expect(justBefore.status == .awaitingAcknowledgement)
        #expect(justBefore.secondsRemaining(now: Self.aware.addingTimeInterval(86_400)) == 0)
        let late = try #require(SeriousEventAlert(participantId: "960-0001", formId: "f", event: Self.event(serious: true), enteredAt: Self.aware,
                                                 acknowledgedBy: nil, acknowledgedAt: nil, now: Self.aware.addingTimeInterval(86_401)))
        #expect(late.status == .overdue)
        #expect(late.isOpen)
    }

    @Test func acknowledgement_closes_the_alert_on_time_or_late() throws {
        let onTime = try #require(SeriousEventAlert(participantId: "960-0001", formId: "f", event: Self.event(serious: true), enteredAt: Self.aware,
                                                   acknowledgedBy: "monitor", acknowledgedAt: Self.aware.addingTimeInterval(86_400), now: Self.aware.addingTimeInterval(90_000)))
        #expect(onTime.status == .acknowledgedOnTime)
        #expect(!onTime.isOpen)
        let late = try #require(SeriousEventAlert(participantId: "960-0001", formId: "f", event: Self.event(serious: true), enteredAt: Self.aware,
                                                 acknowledgedBy: "monitor", acknowledgedAt: Self.aware.addingTimeInterval(86_401), now: Self.aware.addingTimeInterval(90_000)))
        #expect(late.status == .acknowledgedLate)
    }

    @Test func without_an_awareness_time_the_clock_starts_when_the_event_was_entered() throws {
        let entered = Self.aware.addingTimeInterval(7200)
        let alert = try #require(SeriousEventAlert(participantId: "960-0001", formId: "f", event: Self.event(serious: true, aware: nil), enteredAt: entered,
                                                  acknowledgedBy: nil, acknowledgedAt: nil, now: entered))
        #expect(alert.deadline == entered.addingTimeInterval(86_400))
    }

    @Test func open_alerts_come_first_nearest_deadline_first() throws {
        func alert(_ id: String, aware: TimeInterval, acknowledged: Bool) throws -> SeriousEventAlert {
            try #require(SeriousEventAlert(participantId: "960-0001", formId: id, event: Self.event(serious: true, aware: Self.aware.addingTimeInterval(aware)),
                                           enteredAt: Self.aware, acknowledgedBy: acknowledged ? "m" : nil,
                                           acknowledgedAt: acknowledged ? Self.aware.addingTimeInterval(aware + 60) : nil, now: Self.aware))
        }
        let sorted = try [alert("a", aware: 0, acknowledged: true), alert("b", aware: 500, acknowledged: false), alert("c", aware: 100, acknowledged: false)]
            .sorted(by: SeriousEventAlert.listOrder)
        #expect(sorted.map(\.formId) == ["c", "b", "a"])
    }
}
