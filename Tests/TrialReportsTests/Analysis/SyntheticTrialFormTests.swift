import Foundation
import Testing
import TrialCore
import TrialReports

@Suite struct SyntheticTrialFormTests {
    @Test func every_synthetic_form_passes_its_case_report_check_when_entered() throws {
        let trial = SyntheticTrial()
        let dictionary = try CtcaeDictionary.bundled()
        var refused: [String] = []
        for participant in trial.participants {
            var casebook = Casebook(participantId: participant.participant.studyId, armCode: participant.participant.armCode,
                                    randomizationDate: participant.participant.randomizationDate)
            for (id, entry) in participant.entries {
                let context = CaseReportContext(study: trial.study, casebook: casebook, today: SyntheticTrial.dataEnd)
                let result = entry.check(in: context, recordId: id, dictionary: dictionary)
                refused += result.errors.map { "\(participant.participant.studyId) \(id) \($0.field): \($0.message)" }
                casebook.place(entry, id: id)
            }
        }
        #expect(refused.isEmpty, "\(refused.prefix(10).joined(separator: "\n"))")
        #expect(trial.participants.count == 120)
    }
}
