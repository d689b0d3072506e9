import Foundation

extension CaseReportEntry {
    /// The kinds of form a site may start for a randomized participant of `armCode`, in the casebook's order:
    /// a baseline, death or end of study already saved is corrected, not entered again (the store refuses a
    /// second one), and only an arm with 125I implantation records an implantation procedure.
    public static func kindsToAdd(study: StudyDefinition, armCode: String?, saved: Set<CaseReportForm>) -> [CaseReportForm] {
        recordedKinds.filter { kind in
            if kind == .implantation, !study.implantationArms.contains(armCode ?? "") { return false }
            return !(kind.isOnePerParticipant && saved.contains(kind))
        }
    }
}
