import Foundation
import Testing
@testable import TrialCore

private typealias F = ResponseFixtures

private func course(_ scans: [TreatedLesionRecord.Scan]) -> TreatedLesionRecord {
    TreatedLesionRecord(id: "S1", implantationDate: F.baselineDate, scans: scans)
}

private func scan(_ day: Int, mm: String? = nil, sul: String? = nil, radiologist: Bool? = nil, reason: String? = nil) -> TreatedLesionRecord.Scan {
    .init(date: F.day(day), mm: mm.map(F.decimal), sulPeak: sul.map(F.decimal), radiologistInFieldProgression: radiologist, reason: reason)
}

private func localControlErrors(_ record: TreatedLesionRecord) -> [FieldError] {
    do {
        _ = try TreatedLesionLocalControl(evaluating: record)
        return []
    } catch let failure as ValidationFailure {
        return failure.errors
    } catch {
        return [FieldError(field: "(unexpected)", message: "\(error)")]
    }
}

@Test func in_field_progression_needs_20_percent_and_5mm_over_the_lesions_own_nadir() throws {
    // Nadir 25 after implantation: 30 is +20% and +5.0 mm.
    let at5 = try TreatedLesionLocalControl(evaluating: course([scan(0, mm: "32"), scan(60, mm: "25"), scan(120, mm: "30")]))
    #expect(at5.scans.map(\.inFieldProgression) == [false, false, true])
    #expect(at5.scans[2].grounds == [.sizeIncrease])
    #expect(at5.scans[2].sizeNadir == F.mm("25"))
    #expect(at5.inFieldProgressionDate == F.day(120))
    #expect(at5.daysToInFieldProgression == 120)
    // Nadir 24.5: 29.4 is +20% but only +4.9 mm.
    let at49 = try TreatedLesionLocalControl(evaluating: course([scan(0, mm: "24.5"), scan(60, mm: "29.4")]))
    #expect(at49.inFieldProgressionDate == nil)
    // +5.9 mm but +19.7%: no.
    let under20 = try TreatedLesionLocalControl(evaluating: course([scan(0, mm: "30"), scan(60, mm: "35.9")]))
    #expect(under20.inFieldProgressionDate == nil)
}

@Test func the_size_nadir_counts_only_earlier_measurements_since_implantation() throws {
    let result = try TreatedLesionLocalControl(evaluating: course([scan(0, mm: "40"), scan(50, mm: "20"), scan(100, sul: "3.0"), scan(150, mm: "23")]))
    #expect(result.scans.map(\.sizeNadir) == [nil, F.mm("40"), F.mm("20"), F.mm("20")])
    #expect(result.scans[3].changeFromNadirPct == 15)
    #expect(result.inFieldProgressionDate == nil)
    #expect(result.lastImagingDate == F.day(150))
}

@Test func metabolic_in_field_progression_uses_percist_thresholds_against_the_post_implant_baseline() throws {
    // Post-implant PET baseline 2.60: 3.39 (+0.79) is not enough, 3.40 (+0.80, +30.8%) is.
    let result = try TreatedLesionLocalControl(evaluating: course([scan(30, sul: "2.60"), scan(90, sul: "3.39"), scan(150, sul: "3.40")]))
    #expect(result.scans.map(\.sulPeakBaseline) == [nil, F.decimal("2.6"), F.decimal("2.6")])
    #expect(result.scans.map(\.grounds) == [[], [], [.metabolicIncrease]])
    #expect(result.inFieldProgressionDate == F.day(150))
    // Exactly +30% is not more than 30%.
    let exact = try TreatedLesionLocalControl(evaluating: course([scan(30, sul: "3.00"), scan(90, sul: "3.90")]))
    #expect(exact.inFieldProgressionDate == nil)
}

@Test func the_radiologists_read_of_in_field_progression_counts_with_its_reason() throws {
    let result = try TreatedLesionLocalControl(evaluating: course([
        scan(30, mm: "20"), scan(90, mm: "20", radiologist: true, reason: "new nodular enhancement at the seed margin"),
    ]))
    #expect(result.scans[1].grounds == [.radiologistRead])
    #expect(result.inFieldProgressionDate == F.day(90))
}

@Test func the_first_in_field_progression_date_never_moves_with_later_scans() throws {
    let result = try TreatedLesionLocalControl(evaluating: course([scan(0, mm: "20"), scan(60, mm: "30"), scan(120, mm: "10"), scan(180, mm: "40")]))
    #expect(result.scans.map(\.inFieldProgression) == [false, true, false, true])
    #expect(result.inFieldProgressionDate == F.day(60))
}

@Test func in_field_progression_thresholds_are_settings() throws {
    let record = course([scan(0, mm: "20"), scan(60, mm: "23")])
    #expect(try TreatedLesionLocalControl(evaluating: record).inFieldProgressionDate == nil)
    let strict = InFieldProgressionSettings(sizeIncreasePercent: 10, minimumSizeIncrease: F.mm("3"))
    #expect(try TreatedLesionLocalControl(evaluating: record, settings: strict).inFieldProgressionDate == F.day(60))
}

@Test func the_first_local_failure_among_a_participants_lesions() throws {
    let first = try TreatedLesionLocalControl(evaluating: TreatedLesionRecord(
        id: "S1", implantationDate: F.baselineDate, scans: [scan(0, mm: "20"), scan(100, mm: "30")]))
    let second = try TreatedLesionLocalControl(evaluating: TreatedLesionRecord(
        id: "S2", implantationDate: F.baselineDate, scans: [scan(0, mm: "20"), scan(60, mm: "30")]))
    let controlled = try TreatedLesionLocalControl(evaluating: TreatedLesionRecord(
        id: "S3", implantationDate: F.baselineDate, scans: [scan(0, mm: "20"), scan(60, mm: "18")]))
    let failure = try #require(TreatedLesionLocalControl.firstInFieldProgression(among: [first, second, controlled]))
    #expect(failure.lesionID == "S2")
    #expect(failure.date == F.day(60))
    #expect(TreatedLesionLocalControl.firstInFieldProgression(among: [controlled]) == nil)
}

@Test func local_control_rejects_each_invalid_field() {
    let cases: [(TreatedLesionRecord, String, String)] = [
        (TreatedLesionRecord(id: " ", implantationDate: F.baselineDate, scans: []), "id", "must not be empty"),
        (course([scan(-1, mm: "20")]), "scans[0].date", "on or after implantationDate"),
        (course([scan(10, mm: "20"), scan(10, mm: "21")]), "scans[1].date", "after scans[0].date"),
        (course([scan(10, mm: "-2")]), "scans[0].mm", "must not be negative"),
        (course([scan(10, mm: "2.25")]), "scans[0].mm", "0.1 mm"),
        (course([scan(10, sul: "-0.5")]), "scans[0].sulPeak", "must not be negative"),
        (course([scan(10, radiologist: true)]), "scans[0].reason", "is required"),
        (course([scan(10, radiologist: true, reason: "  ")]), "scans[0].reason", "is required"),
        (course([scan(10)]), "scans[0]", "records nothing"),
    ]
    for (record, field, message) in cases {
        let errors = localControlErrors(record)
        let match = errors.first { $0.field == field }
        #expect(match != nil, "expected an error on \(field), got \(errors)")
        #expect(match?.message.contains(message) == true, "\(match?.message ?? "-")")
    }
    #expect(localControlErrors(course([scan(0, mm: "20"), scan(10, sul: "2.5")])).isEmpty)
}

@Test func a_treated_lesion_record_decodes_from_json() throws {
    let json = """
        {"id":"S1","implantationDate":"2026-01-05","scans":[{"date":"2026-01-05","mm":22.5},
         {"date":"2026-03-02","mm":null,"sulPeak":3.1},{"date":"2026-05-01","radiologistInFieldProgression":true,"reason":"rim growth"}]}
        """
    let result = try TreatedLesionLocalControl(evaluating: F.decodeJSON(TreatedLesionRecord.self, json))
    #expect(result.scans.map(\.size) == [F.mm("22.5"), nil, nil])
    #expect(result.inFieldProgressionDate == CalendarDate(iso8601: "2026-05-01"))
}
