import Foundation

/// What the endpoint derivation needs to know about one randomized participant.
///
/// Dates are the recorded calendar dates; `assessments` are the post-baseline time points of the
/// participant's governing criterion (RECIST 1.1, or PERCIST 1.0 when baseline staging was PET/CT),
/// in any order. Feeding both criteria's time points gives the "first progression by either"
/// sensitivity analysis.
public struct EndpointParticipant: Sendable, Hashable, Codable {
    public var id: String
    public var randomizationDate: CalendarDate
    /// Whether a baseline tumour assessment exists (without one no later response is assessable).
    public var hasBaselineAssessment: Bool
    public var assessments: [EndpointAssessment]
    public var deathDate: CalendarDate?
    /// The last date of contact of any kind; may be omitted only for a participant who died.
    public var lastKnownAliveDate: CalendarDate?
    public var newTherapyStarts: [EndpointTherapyStart]
    /// 125I-treated lesions (experimental arm); empty for participants without implantation.
    public var treatedLesions: [TreatedLesionFollowUp]

    public init(
        id: String,
        randomizationDate: CalendarDate,
        hasBaselineAssessment: Bool,
        assessments: [EndpointAssessment] = [],
        deathDate: CalendarDate? = nil,
        lastKnownAliveDate: CalendarDate? = nil,
        newTherapyStarts: [EndpointTherapyStart] = [],
        treatedLesions: [TreatedLesionFollowUp] = []
    ) {
        self.id = id
        self.randomizationDate = randomizationDate
        self.hasBaselineAssessment = hasBaselineAssessment
        self.assessments = assessments
        self.deathDate = deathDate
        self.lastKnownAliveDate = lastKnownAliveDate
        self.newTherapyStarts = newTherapyStarts
        self.treatedLesions = treatedLesions
    }

    /// Every date that contradicts another (an assessment before randomization, a contact after
    /// death, ...), each naming its field below `fieldPrefix` (e.g. "[3]" for the fourth of an array).
    public func consistencyErrors(fieldPrefix: String = "") -> [FieldError] {
        func field(_ name: String) -> String {
            fieldPrefix.isEmpty ? name : "\(fieldPrefix).\(name)"
        }
        var errors: [FieldError] = []
        let randomized = randomizationDate

        if id.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError(field: field("id"), message: "must not be empty; give the participant's study ID"))
        }
        if let death = deathDate, death < randomized {
            errors.append(FieldError(
                field: field("deathDate"),
                message: "\(death) is before randomizationDate \(randomized); endpoints count from randomization"))
        }

        // Every recorded contact after randomization proves the participant alive that day.
        var contacts: [(field: String, date: CalendarDate)] = []

        for (index, assessment) in assessments.enumerated() {
            let name = field("assessments[\(index)].date")
            if assessment.date < randomized {
                errors.append(FieldError(
                    field: name,
                    message: "\(assessment.date) is before randomizationDate \(randomized); list post-baseline assessments only (the baseline scan is recorded by baselineAssessment)"))
            }
            if let death = deathDate, assessment.date > death {
                errors.append(FieldError(field: name, message: "\(assessment.date) is after deathDate \(death)"))
            }
            contacts.append((name, assessment.date))
        }

        for (index, start) in newTherapyStarts.enumerated() {
            let name = field("newTherapyStarts[\(index)].date")
            if start.date < randomized {
                errors.append(FieldError(
                    field: name,
                    message: "\(start.date) is before randomizationDate \(randomized); list therapy started after randomization only"))
            }
            if let death = deathDate, start.date > death {
                errors.append(FieldError(field: name, message: "\(start.date) is after deathDate \(death)"))
            }
            contacts.append((name, start.date))
        }

        var seenLesionIDs: Set<String> = []
        for (lesionIndex, lesion) in treatedLesions.enumerated() {
            let lesionField = field("treatedLesions[\(lesionIndex)]")
            if lesion.id.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(FieldError(field: "\(lesionField).id", message: "must not be empty; give the lesion's ID"))
            } else if !seenLesionIDs.insert(lesion.id).inserted {
                errors.append(FieldError(field: "\(lesionField).id", message: "'\(lesion.id)' is listed twice; each treated lesion once"))
            }
            let implantationField = "\(lesionField).implantationDate"
            if lesion.implantationDate < randomized {
                errors.append(FieldError(
                    field: implantationField,
                    message: "\(lesion.implantationDate) is before randomizationDate \(randomized); implantation follows randomization"))
            }
            if let death = deathDate, lesion.implantationDate > death {
                errors.append(FieldError(field: implantationField, message: "\(lesion.implantationDate) is after deathDate \(death)"))
            }
            contacts.append((implantationField, lesion.implantationDate))
            for (imagingIndex, scan) in lesion.imaging.enumerated() {
                let name = "\(lesionField).imaging[\(imagingIndex)].date"
                if scan.date < lesion.implantationDate {
                    errors.append(FieldError(
                        field: name,
                        message: "\(scan.date) is before the lesion's implantationDate \(lesion.implantationDate); list post-implant imaging only"))
                }
                if let death = deathDate, scan.date > death {
                    errors.append(FieldError(field: name, message: "\(scan.date) is after deathDate \(death)"))
                }
                contacts.append((name, scan.date))
            }
        }

        let aliveField = field("lastKnownAliveDate")
        if let alive = lastKnownAliveDate {
            if alive < randomized {
                errors.append(FieldError(field: aliveField, message: "\(alive) is before randomizationDate \(randomized)"))
            }
            if let death = deathDate, alive > death {
                errors.append(FieldError(
                    field: aliveField,
                    message: "\(alive) is after deathDate \(death); the last date known alive is at most the date of death"))
            }
            if let latest = contacts.max(by: { $0.date < $1.date }), latest.date > alive {
                errors.append(FieldError(
                    field: aliveField,
                    message: "\(alive) is before \(latest.field) \(latest.date); the participant was alive at every recorded contact, so the last date known alive is at least \(latest.date)"))
            }
        } else if deathDate == nil {
            errors.append(FieldError(
                field: aliveField,
                message: "is required when deathDate is null (OS and TTNT are censored at the last date known alive)"))
        }
        return errors
    }

    /// Throws every consistency error at once.
    public func validate(fieldPrefix: String = "") throws(ValidationFailure) {
        let errors = consistencyErrors(fieldPrefix: fieldPrefix)
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }

    /// Post-baseline time points in date order, one per date: a date with PD or PMD is progression;
    /// otherwise it is adequate when any response on it is other than NE.
    func timepoints() -> [EndpointTimepoint] {
        var byDate: [CalendarDate: EndpointTimepoint] = [:]
        for (index, assessment) in assessments.enumerated() {
            let incoming = EndpointTimepoint(
                date: assessment.date, assessmentIndex: index, response: assessment.response)
            if let existing = byDate[assessment.date] {
                byDate[assessment.date] = existing.rank >= incoming.rank ? existing : incoming
            } else {
                byDate[assessment.date] = incoming
            }
        }
        return byDate.values.sorted { $0.date < $1.date }
    }
}

/// One assessment date with the response that decides it.
struct EndpointTimepoint: Sendable, Hashable {
    let date: CalendarDate
    /// Position in the input's `assessments`, for the source of a derived date.
    let assessmentIndex: Int
    let response: EndpointAssessment.Response

    var isProgression: Bool { response.isProgression }
    var isAdequate: Bool { response.isAdequate }

    /// Progression outranks an adequate response, which outranks NE, when one date carries several.
    var rank: Int { isProgression ? 2 : (isAdequate ? 1 : 0) }
}
