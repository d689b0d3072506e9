import Foundation
import Testing
import TrialCore
@testable import TrialReports

/// Dataset rows checked against values derived by hand (see `HandDerivedCases`).
@Suite struct AnalysisDatasetRowTests {
    static func rows(_ dataset: AnalysisDataset, where column: String, is value: String) -> [[String: AnalysisValue]] {
        let index = dataset.variableIndex(named: column)!
        return dataset.rows.filter { $0[index] == .text(value) }.map { row in
            Dictionary(uniqueKeysWithValues: zip(dataset.variables.map(\.name), row))
        }
    }

    static func row(_ dataset: AnalysisDataset, subject: String, paramcd: String, lesion: String? = nil) throws -> [String: AnalysisValue] {
        try #require(rows(dataset, where: "SUBJID", is: subject).first {
            $0["PARAMCD"] == .text(paramcd) && (lesion == nil || $0["LESIONID"] == .text(lesion!))
        })
    }

    let datasets = try! AnalysisDatasets(HandDerivedCases.input())

    @Test func progression_at_day_112_is_the_pfs_event_and_death_at_day_200_the_os_event() throws {
        let adtte = try #require(datasets.dataset(named: "ADTTE"))
        let pfs = try Self.row(adtte, subject: "960-0001", paramcd: "PFS")
        #expect(pfs["AVAL"] == .number(112) && pfs["CNSR"] == .number(0))
        #expect(pfs["EVNTDESC"] == .text("DISEASE PROGRESSION") && pfs["CNSDTDSC"] == .missing)
        #expect(pfs["ADT"] == .date(HandDerivedCases.date("2026-04-27")) && pfs["STARTDT"] == .date(HandDerivedCases.date("2026-01-05")))
        #expect(pfs["SRCDOM"] == .text("RS") && pfs["SRCSEQ"] == .number(2))
        let os = try Self.row(adtte, subject: "960-0001", paramcd: "OS")
        #expect(os["AVAL"] == .number(200) && os["CNSR"] == .number(0))
        let ttnt = try Self.row(adtte, subject: "960-0001", paramcd: "TTNT")
        #expect(ttnt["AVAL"] == .number(120) && ttnt["CNSR"] == .number(0) && ttnt["CRSTAT"] == .number(1))
        // The second line (day 120) started after the day-112 progression: the sensitivity analysis keeps the event.
        let sensitivity = try Self.row(adtte, subject: "960-0001", paramcd: "PFSNLC")
        #expect(sensitivity["AVAL"] == .number(112) && sensitivity["CNSR"] == .number(0))
    }

    @Test func stable_disease_is_censored_at_the_last_adequate_assessment_and_os_at_the_last_contact() throws {
        let adtte = try #require(datasets.dataset(named: "ADTTE"))
        let pfs = try Self.row(adtte, subject: "960-0002", paramcd: "PFS")
        #expect(pfs["AVAL"] == .number(112) && pfs["CNSR"] == .number(4))
        #expect(pfs["CNSDTDSC"] == .text("LAST ADEQUATE TUMOR ASSESSMENT"))
        let os = try Self.row(adtte, subject: "960-0002", paramcd: "OS")
        #expect(os["AVAL"] == .number(182) && os["CNSR"] == .number(1) && os["CNSDTDSC"] == .text("LAST KNOWN ALIVE DATE"))
        // No new line: TTNT censored at the last date known alive, competing-risk status 0.
        let ttnt = try Self.row(adtte, subject: "960-0002", paramcd: "TTNT")
        #expect(ttnt["AVAL"] == .number(182) && ttnt["CRSTAT"] == .number(0))
        #expect(Self.rows(adtte, where: "SUBJID", is: "960-0002").allSatisfy { $0["PARAMCD"] != .text("LC") })
    }

    @Test func local_control_is_one_row_per_treated_lesion_with_death_competing() throws {
        let adtte = try #require(datasets.dataset(named: "ADTTE"))
        // L1: in-field progression on day 112, implanted on day 7: 105 days.
        let l1 = try Self.row(adtte, subject: "960-0001", paramcd: "LC", lesion: "L1")
        #expect(l1["AVAL"] == .number(105) && l1["CNSR"] == .number(0) && l1["CRSTAT"] == .number(1))
        #expect(l1["LESORGAN"] == .text("liver") && l1["STARTDT"] == .date(HandDerivedCases.date("2026-01-12")))
        // L2: controlled, then death on day 200 (193 days after implantation): the competing event.
        let l2 = try Self.row(adtte, subject: "960-0001", paramcd: "LC", lesion: "L2")
        #expect(l2["AVAL"] == .number(193) && l2["CNSR"] == .number(2) && l2["CRSTAT"] == .number(2))
        #expect(l2["EVNTDESC"] == .text("DEATH WITHOUT LOCAL FAILURE"))
        let perParticipant = try Self.row(adtte, subject: "960-0001", paramcd: "LCSUBJ")
        #expect(perParticipant["AVAL"] == .number(105) && perParticipant["CRSTAT"] == .number(1))
    }

    @Test func adsl_flags_populations_treatment_and_disposition() throws {
        let adsl = try #require(datasets.dataset(named: "ADSL"))
        let a = try #require(Self.rows(adsl, where: "SUBJID", is: "960-0001").first)
        #expect(a["TRT01P"] == .text("I125") && a["TRT01A"] == .text("I125") && a["TRT01PN"] == .number(1))
        #expect(a["ITTFL"] == .text("Y") && a["SAFFL"] == .text("Y") && a["PPROTFL"] == .text("Y"))
        #expect(a["DTHFL"] == .text("Y") && a["DTHDT"] == .date(HandDerivedCases.date("2026-07-24")))
        #expect(a["EOSSTT"] == .text("DISCONTINUED") && a["DCSREAS"] == .text("DEATH"))
        #expect(a["STRAT1"] == .text("6-7") && a["LESNUMBL"] == .number(6) && a["IMGMODBL"] == .text("CT") && a["AGEGR1"] == .text(">=65"))
        // Last known alive: the latest contact (the day-120 line start), not after death.
        #expect(a["LSTALVDT"] == .date(HandDerivedCases.date("2026-05-05")))
        let b = try #require(Self.rows(adsl, where: "SUBJID", is: "960-0002").first)
        #expect(b["TRT01A"] == .text("SYS") && b["EOSSTT"] == .text("ONGOING") && b["DTHFL"] == .missing)
        #expect(b["USUBJID"] == .text("TD125-960-0002"))
    }

    @Test func adae_flags_emergence_seriousness_and_each_attribution() throws {
        let adae = try #require(datasets.dataset(named: "ADAE"))
        let a = try #require(Self.rows(adae, where: "USUBJID", is: "TD125-960-0001").first)
        #expect(a["AEDECOD"] == .text("Pneumothorax") && a["TRTEMFL"] == .text("Y") && a["AESER"] == .text("Y"))
        #expect(a["AERELPR"] == .text("Y") && a["AERELST"] == .text("N") && a["ATOXGRN"] == .number(3) && a["ASTDY"] == .number(9))
        #expect(a["AEBODSYS"] == .text("Respiratory, thoracic and mediastinal disorders"))
        let b = Self.rows(adae, where: "USUBJID", is: "TD125-960-0002")
        #expect(b.map { $0["TRTEMFL"] } == [.missing, .text("Y")])
        #expect(b.map { $0["AERELST"] } == [.text("N"), .text("Y")])
        // AEACN carries the CDISC term of the action recorded on the form, blank when none was recorded.
        #expect(b.map { $0["AEACN"] } == [.missing, .text("DOSE REDUCED")])
        #expect(a["AEACN"] == .missing)
        let ae = try #require(datasets.dataset(named: "AE"))
        #expect(Self.rows(ae, where: "USUBJID", is: "TD125-960-0002").map { $0["AEACN"] }.last == .text("DOSE REDUCED"))
    }

    @Test func adqs_holds_baseline_change_and_the_responder_flag_by_scale_direction() throws {
        let adqs = try #require(datasets.dataset(named: "ADQS"))
        let rows = Self.rows(adqs, where: "USUBJID", is: "TD125-960-0002")
        // 16 scores (15 scales and the summary score) at baseline and at month 6.
        #expect(rows.count == 32)
        let fatigue = try #require(rows.first { $0["PARAMCD"] == .text("FA") && $0["AVISIT"] == .text("QOL6") })
        // Items 2 -> 1 on a symptom scale: 33.3 -> 0, improved.
        guard case .number(let change) = fatigue["CHG"], case .number(let base) = fatigue["BASE"] else { Issue.record("FA change missing"); return }
        #expect(abs(base - 100.0 / 3) < 1e-9 && abs(change + 100.0 / 3) < 1e-9)
        #expect(fatigue["CRIT1FL"] == .text("Y") && fatigue["AVALCAT1"] == .text("IMPROVED"))
        let physical = try #require(rows.first { $0["PARAMCD"] == .text("PF2") && $0["AVISIT"] == .text("QOL6") })
        #expect(physical["AVAL"] == .number(100) && physical["CRIT1FL"] == .text("Y"))
        let baselineRow = try #require(rows.first { $0["PARAMCD"] == .text("PF2") && $0["AVISIT"] == .text("BL") })
        #expect(baselineRow["ABLFL"] == .text("Y") && baselineRow["CHG"] == .missing)
    }

    @Test func a_cutoff_before_the_progression_scan_censors_pfs_at_the_earlier_assessment() throws {
        // Cut-off on day 111 for A: the day-112 PD is not seen; censored at day 56; the death is unknown.
        let cut = try AnalysisDatasets(HandDerivedCases.input(cutoff: HandDerivedCases.date("2026-04-26")))
        let adtte = try #require(cut.dataset(named: "ADTTE"))
        let pfs = try Self.row(adtte, subject: "960-0001", paramcd: "PFS")
        #expect(pfs["AVAL"] == .number(56) && pfs["CNSR"] == .number(4))
        let os = try Self.row(adtte, subject: "960-0001", paramcd: "OS")
        #expect(os["CNSR"] == .number(1))
        // On the scan day itself the progression counts.
        let onDay = try AnalysisDatasets(HandDerivedCases.input(cutoff: HandDerivedCases.date("2026-04-27")))
        let seen = try Self.row(try #require(onDay.dataset(named: "ADTTE")), subject: "960-0001", paramcd: "PFS")
        #expect(seen["AVAL"] == .number(112) && seen["CNSR"] == .number(0))
    }

    @Test func a_participant_randomized_after_the_cutoff_is_left_out() throws {
        let cut = try AnalysisDatasets(HandDerivedCases.input(cutoff: HandDerivedCases.date("2026-01-10")))
        #expect(cut.dataset(named: "ADSL")?.rows.count == 1)
    }
}
