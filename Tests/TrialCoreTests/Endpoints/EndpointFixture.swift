import TrialCore

/// Builds endpoint inputs by study day, counting from a fixed randomization date.
enum EndpointFixture {
    static let randomized = CalendarDate(iso8601: "2026-01-05")!

    static func day(_ n: Int) -> CalendarDate {
        randomized.adding(days: n)
    }

    static func assessment(_ studyDay: Int, _ response: EndpointAssessment.Response) -> EndpointAssessment {
        EndpointAssessment(date: day(studyDay), response: response)
    }

    static func therapy(_ studyDay: Int, _ reason: EndpointTherapyStart.Reason) -> EndpointTherapyStart {
        EndpointTherapyStart(date: day(studyDay), reason: reason)
    }

    static func lesion(
        _ id: String, implantedOn studyDay: Int, imaging: [(day: Int, progression: Bool)]
    ) -> TreatedLesionFollowUp {
        TreatedLesionFollowUp(
            id: id, implantationDate: day(studyDay),
            imaging: imaging.map { .init(date: day($0.day), inFieldProgression: $0.progression) })
    }

    /// A participant alive at the last contact (last assessment, or day `aliveDay` when given).
    static func participant(
        baseline: Bool = true,
        _ assessments: [EndpointAssessment] = [],
        deathDay: Int? = nil,
        aliveDay: Int? = nil,
        therapies: [EndpointTherapyStart] = [],
        lesions: [TreatedLesionFollowUp] = []
    ) -> EndpointParticipant {
        let lastContact = (assessments.map(\.date) + therapies.map(\.date)
            + lesions.flatMap { [$0.implantationDate] + $0.imaging.map(\.date) }).max() ?? randomized
        let alive: CalendarDate? = aliveDay.map(day) ?? (deathDay == nil ? lastContact : nil)
        return EndpointParticipant(
            id: "960-0001", randomizationDate: randomized, hasBaselineAssessment: baseline,
            assessments: assessments, deathDate: deathDay.map(day), lastKnownAliveDate: alive,
            newTherapyStarts: therapies, treatedLesions: lesions)
    }
}
