import FluentKit
import FluentSQL
import Foundation
import Testing
@testable import TrialStore

/// The lookups that writes make stay index lookups as the trial grows. Without `AddWriteLookupIndexes`,
/// SQLite read a participant's tumour assessments through the (form, site) index, that is every tumour
/// assessment of the trial, on each imaging save; and a stratum's next free slot through every free slot.
@Suite struct WriteLookupIndexTests {
    @Test func a_participants_forms_of_one_kind_are_read_through_the_participant_and_kind_index() async throws {
        try await withStoreDatabase { db in
            guard db.sql.dialect.name == "sqlite" else { return }
            let select = CaseReportFormRecord.ofParticipant("960-0001", kind: .tumourAssessment)(
                db.sql.select().column("id").from(CaseReportFormRecord.schema))
            let steps = try await sqliteQueryPlan(of: select.select, on: db.sql)
            #expect(steps.contains { $0.contains("INDEX case_report_forms_participant_form (participant_id=? AND form=?)") }, "\(steps)")
        }
    }

    @Test func the_next_free_slot_of_a_stratum_is_one_index_range_in_slot_order() async throws {
        try await withStoreDatabase { db in
            guard db.sql.dialect.name == "sqlite" else { return }
            // The shape of the randomization's read: this list version and stratum, free, lowest slot first.
            let select = db.sql.select().column("id").from(AllocationSlotRecord.schema)
                .where("list_version", .equal, SQLBind(1))
                .where("stratum", .equal, SQLBind("lesionCount=6-7"))
                .where("participant_id", .is, SQLLiteral.null)
                .orderBy("slot_number")
                .limit(1)
            let steps = try await sqliteQueryPlan(of: select.select, on: db.sql)
            #expect(steps.contains { $0.contains("INDEX allocation_slots_free (list_version=? AND stratum=? AND participant_id=?)") }, "\(steps)")
            #expect(!steps.contains { $0.contains("TEMP B-TREE") }, "the free slots are sorted again: \(steps)")
        }
    }
}
