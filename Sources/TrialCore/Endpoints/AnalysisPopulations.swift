import Foundation

/// Which analysis populations a randomized participant belongs to, and the treatment actually
/// received (docs/endpoints.md, "Populations"):
///
/// - **Intention to treat (ITT)**: every randomized participant, analysed by the randomized arm.
/// - **Safety**: every participant who received any study treatment (a 125I implantation, or a line of
///   systemic therapy started on or after randomization), analysed by the treatment received: an
///   implantation-arm participant never implanted counts in the control treatment; a control-arm
///   participant who was implanted counts in the implantation arm.
/// - **Per protocol**: ITT participants who received the allocated treatment (implantation arm: at least
///   one implantation; control arm: systemic therapy and no implantation) and have no major protocol
///   deviation.
public struct AnalysisPopulations: Sendable, Hashable, Codable {
    public var randomizedArm: String
    /// The arm whose treatment the participant received; nil when no study treatment was given.
    public var actualArm: String?
    public var intentionToTreat: Bool
    public var safety: Bool
    public var perProtocol: Bool
    public var receivedAllocatedTreatment: Bool
    public var majorDeviationCount: Int
    /// Why the participant is outside the per-protocol population (empty when inside).
    public var perProtocolExclusions: [PerProtocolExclusion]

    public enum PerProtocolExclusion: String, Sendable, Hashable, Codable, CaseIterable {
        case allocatedTreatmentNotReceived
        case majorProtocolDeviation
    }

    /// Classifies a randomized participant with data up to `dataCutoff`.
    /// - Throws: `ValidationFailure` when the casebook has no randomization date or arm, or the arm is
    ///   not one of the study's arms.
    public static func classify(
        _ casebook: Casebook, study: StudyDefinition, dataCutoff: CalendarDate? = nil
    ) throws(ValidationFailure) -> AnalysisPopulations {
        let book = dataCutoff.map { casebook.asOf(dataCutoff: $0) } ?? casebook
        guard let randomized = book.randomizationDate else {
            throw ValidationFailure(field: "randomizationDate", message: "participant \(casebook.participantId) is not randomized")
        }
        guard let arm = book.armCode, study.arm(code: arm) != nil else {
            throw ValidationFailure(
                field: "armCode",
                message: "'\(book.armCode ?? "")' is not an arm of the study; arms are \(study.arms.map(\.code).joined(separator: ", "))")
        }
        let implantationArms = study.implantationArms
        let implanted = book.implantations.contains { $0.form.date >= randomized }
        let systemic = book.therapyLines.contains { $0.form.startDate >= randomized }
        let treated = implanted || systemic

        let actual: String?
        if !treated {
            actual = nil
        } else if implanted {
            actual = implantationArms.contains(arm) ? arm : study.arms.map(\.code).first { implantationArms.contains($0) }
        } else {
            actual = implantationArms.contains(arm) ? study.arms.map(\.code).first { !implantationArms.contains($0) } : arm
        }
        let receivedAllocated = implantationArms.contains(arm) ? implanted : (systemic && !implanted)
        let major = book.deviations.filter { $0.form.severity == .major }.count
        var exclusions: [PerProtocolExclusion] = []
        if !receivedAllocated { exclusions.append(.allocatedTreatmentNotReceived) }
        if major > 0 { exclusions.append(.majorProtocolDeviation) }
        return AnalysisPopulations(
            randomizedArm: arm, actualArm: actual, intentionToTreat: true, safety: treated,
            perProtocol: exclusions.isEmpty, receivedAllocatedTreatment: receivedAllocated,
            majorDeviationCount: major, perProtocolExclusions: exclusions)
    }
}
