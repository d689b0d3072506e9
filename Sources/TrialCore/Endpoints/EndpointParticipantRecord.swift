import Foundation

/// A participant's endpoint data as entered (dates and codes as text), so that every malformed
/// date, unknown response and unknown reason is reported at once with its JSON path, before the
/// typed `EndpointParticipant` is built.
///
/// JSON: `{"id","randomizationDate","baselineAssessment":bool,"assessments":[{"date","response"}],
/// "deathDate":date|null,"lastKnownAliveDate","newTherapyStarts":[{"date","reason"}],
/// "treatedLesions":[{"id","implantationDate","imaging":[{"date","inFieldProgression":bool}]}]}`;
/// absent arrays are empty.
public struct EndpointParticipantRecord: Sendable, Hashable, Codable {
    public var id: String
    public var randomizationDate: String
    public var baselineAssessment: Bool
    public var assessments: [Assessment]
    public var deathDate: String?
    public var lastKnownAliveDate: String?
    public var newTherapyStarts: [TherapyStart]
    public var treatedLesions: [TreatedLesion]

    public struct Assessment: Sendable, Hashable, Codable {
        public var date: String
        public var response: String

        public init(date: String, response: String) {
            self.date = date
            self.response = response
        }
    }

    public struct TherapyStart: Sendable, Hashable, Codable {
        public var date: String
        public var reason: String

        public init(date: String, reason: String) {
            self.date = date
            self.reason = reason
        }
    }

    public struct TreatedLesion: Sendable, Hashable, Codable {
        public var id: String
        public var implantationDate: String
        public var imaging: [Imaging]

        public struct Imaging: Sendable, Hashable, Codable {
            public var date: String
            public var inFieldProgression: Bool

            public init(date: String, inFieldProgression: Bool) {
                self.date = date
                self.inFieldProgression = inFieldProgression
            }
        }

        public init(id: String, implantationDate: String, imaging: [Imaging] = []) {
            self.id = id
            self.implantationDate = implantationDate
            self.imaging = imaging
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            implantationDate = try container.decode(String.self, forKey: .implantationDate)
            imaging = try container.decodeIfPresent([Imaging].self, forKey: .imaging) ?? []
        }
    }

    public init(
        id: String, randomizationDate: String, baselineAssessment: Bool, assessments: [Assessment] = [],
        deathDate: String? = nil, lastKnownAliveDate: String? = nil, newTherapyStarts: [TherapyStart] = [],
        treatedLesions: [TreatedLesion] = []
    ) {
        self.id = id
        self.randomizationDate = randomizationDate
        self.baselineAssessment = baselineAssessment
        self.assessments = assessments
        self.deathDate = deathDate
        self.lastKnownAliveDate = lastKnownAliveDate
        self.newTherapyStarts = newTherapyStarts
        self.treatedLesions = treatedLesions
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        randomizationDate = try container.decode(String.self, forKey: .randomizationDate)
        baselineAssessment = try container.decode(Bool.self, forKey: .baselineAssessment)
        assessments = try container.decodeIfPresent([Assessment].self, forKey: .assessments) ?? []
        deathDate = try container.decodeIfPresent(String.self, forKey: .deathDate)
        lastKnownAliveDate = try container.decodeIfPresent(String.self, forKey: .lastKnownAliveDate)
        newTherapyStarts = try container.decodeIfPresent([TherapyStart].self, forKey: .newTherapyStarts) ?? []
        treatedLesions = try container.decodeIfPresent([TreatedLesion].self, forKey: .treatedLesions) ?? []
    }

    /// The typed participant, or every format and consistency error, each named by its JSON path
    /// below `fieldPrefix` ("[2]" for the third participant of an array; "" for a single object).
    public func participant(fieldPrefix: String = "") throws(ValidationFailure) -> EndpointParticipant {
        func field(_ name: String) -> String {
            fieldPrefix.isEmpty ? name : "\(fieldPrefix).\(name)"
        }
        var errors: [FieldError] = []
        func date(_ text: String, _ name: String) -> CalendarDate? {
            if let parsed = CalendarDate(iso8601: text) { return parsed }
            errors.append(FieldError(
                field: field(name), message: "'\(text)' is not a calendar date; write it as YYYY-MM-DD (e.g. 2026-03-14)"))
            return nil
        }

        let randomized = date(randomizationDate, "randomizationDate")
        let death = deathDate.flatMap { date($0, "deathDate") }
        let alive = lastKnownAliveDate.flatMap { date($0, "lastKnownAliveDate") }

        var parsedAssessments: [EndpointAssessment] = []
        for (index, assessment) in assessments.enumerated() {
            let day = date(assessment.date, "assessments[\(index)].date")
            let response = EndpointAssessment.Response(rawValue: assessment.response)
            if response == nil {
                errors.append(FieldError(
                    field: field("assessments[\(index)].response"),
                    message: "'\(assessment.response)' is not a response; use one of \(EndpointAssessment.Response.allowedSpellings)"))
            }
            if let day, let response {
                parsedAssessments.append(EndpointAssessment(date: day, response: response))
            }
        }

        var parsedStarts: [EndpointTherapyStart] = []
        for (index, start) in newTherapyStarts.enumerated() {
            let day = date(start.date, "newTherapyStarts[\(index)].date")
            let reason = EndpointTherapyStart.Reason(rawValue: start.reason)
            if reason == nil {
                errors.append(FieldError(
                    field: field("newTherapyStarts[\(index)].reason"),
                    message: "'\(start.reason)' is not a reason; use one of \(EndpointTherapyStart.Reason.allowedSpellings) (only progression and clinicalDecision start a new line)"))
            }
            if let day, let reason {
                parsedStarts.append(EndpointTherapyStart(date: day, reason: reason))
            }
        }

        var parsedLesions: [TreatedLesionFollowUp] = []
        for (lesionIndex, lesion) in treatedLesions.enumerated() {
            let implanted = date(lesion.implantationDate, "treatedLesions[\(lesionIndex)].implantationDate")
            var scans: [TreatedLesionFollowUp.Imaging] = []
            for (imagingIndex, scan) in lesion.imaging.enumerated() {
                if let day = date(scan.date, "treatedLesions[\(lesionIndex)].imaging[\(imagingIndex)].date") {
                    scans.append(TreatedLesionFollowUp.Imaging(date: day, inFieldProgression: scan.inFieldProgression))
                }
            }
            if let implanted {
                parsedLesions.append(TreatedLesionFollowUp(id: lesion.id, implantationDate: implanted, imaging: scans))
            }
        }

        guard errors.isEmpty, let randomized else {
            throw ValidationFailure(errors)
        }
        let participant = EndpointParticipant(
            id: id, randomizationDate: randomized, hasBaselineAssessment: baselineAssessment,
            assessments: parsedAssessments, deathDate: death, lastKnownAliveDate: alive,
            newTherapyStarts: parsedStarts, treatedLesions: parsedLesions)
        try participant.validate(fieldPrefix: fieldPrefix)
        return participant
    }
}
