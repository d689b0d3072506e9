import Foundation
import TrialCore

/// The participant's screening, consent, enrolment and randomization as the first form of an ODM casebook
/// (`F.enrolment`): ODM has no place of its own for them, and an import needs them to recreate the
/// participant. The screening's recorded values, eligibility answers and failed criteria travel as the
/// JSON TrialDesk stores them (text items), so that nothing of the screening is lost.
enum EnrolmentItems {
    static let formName = "enrolment"

    /// Item key -> the record and field its audit events name it by.
    static let sources: [(item: String, entity: String, field: String)] = [
        ("screeningNumber", ScreeningRecord.auditEntityType, "screeningNumber"),
        ("screeningDate", ScreeningRecord.auditEntityType, "screeningDate"),
        ("screeningValues", ScreeningRecord.auditEntityType, "values"),
        ("eligibilityAnswers", ScreeningRecord.auditEntityType, "answers"),
        ("eligibilityVerdict", ScreeningRecord.auditEntityType, "verdict"),
        ("failedCriteria", ScreeningRecord.auditEntityType, "failedCriteria"),
        ("consentDate", ScreeningRecord.auditEntityType, "consentDate"),
        ("consentFormVersion", ScreeningRecord.auditEntityType, "consentFormVersion"),
        ("consentObtainedBy", ScreeningRecord.auditEntityType, "consentObtainedBy"),
        ("enrolledOn", ParticipantRecord.auditEntityType, "enrolledOn"),
        ("siteSequence", ParticipantRecord.auditEntityType, "siteSequence"),
        ("stratum", ParticipantRecord.auditEntityType, "stratum"),
        ("arm", ParticipantRecord.auditEntityType, "arm"),
        ("randomizedOn", ParticipantRecord.auditEntityType, "randomizedOn"),
        ("randomizedAt", ParticipantRecord.auditEntityType, "randomizedAt"),
        ("allocationNumber", ParticipantRecord.auditEntityType, "allocationNumber"),
    ]

    static func group(study: StudyDefinition) -> FormItemGroupDescription {
        FormItemGroupDescription(path: "", items: [
            FormItemDescription(key: "screeningNumber", dataType: .text, mandatory: true),
            FormItemDescription(key: "screeningDate", dataType: .date, mandatory: true),
            FormItemDescription(key: "screeningValues", dataType: .text, mandatory: true),
            FormItemDescription(key: "eligibilityAnswers", dataType: .text, mandatory: true),
            FormItemDescription(key: "eligibilityVerdict", dataType: .text, mandatory: true),
            FormItemDescription(key: "failedCriteria", dataType: .text, mandatory: true),
            FormItemDescription(key: "consentDate", dataType: .date),
            FormItemDescription(key: "consentFormVersion", dataType: .text),
            FormItemDescription(key: "consentObtainedBy", dataType: .text),
            FormItemDescription(key: "enrolledOn", dataType: .date, mandatory: true),
            FormItemDescription(key: "siteSequence", dataType: .integer, mandatory: true),
            FormItemDescription(key: "stratum", dataType: .text),
            FormItemDescription(key: "arm", dataType: .text, codes: study.arms.map(\.code), codeListName: "arm"),
            FormItemDescription(key: "randomizedOn", dataType: .date),
            FormItemDescription(key: "randomizedAt", dataType: .datetime),
            FormItemDescription(key: "allocationNumber", dataType: .integer),
        ])
    }

    /// The current values of a participant and their screening, as the records' audit snapshots hold them.
    static func values(participant: ParticipantRecord, screening: ScreeningRecord?) -> [String: String] {
        let snapshots = [ParticipantRecord.auditEntityType: participant.auditSnapshot, ScreeningRecord.auditEntityType: screening?.auditSnapshot ?? [:]]
        var values: [String: String] = [:]
        for source in sources {
            if let value = snapshots[source.entity]?[source.field] { values[source.item] = value }
        }
        return values
    }
}
