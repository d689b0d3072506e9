import Foundation
import Testing
import TrialCore
@testable import TrialReports

@Suite struct AnalysisDatasetExportTests {
    static let dataset = AnalysisDataset(
        name: "ADTTE",
        label: "Time-to-Event",
        variables: [
            .character("PARAMCD", label: "Parameter Code", length: 8),
            .numeric("AVAL", label: "Analysis Value"),
            .date("ADT", label: "Analysis Date"),
            .character("EVNTDESC", label: "Event Description", length: 40),
        ],
        rows: [
            [.text("PFS"), .number(201), .date(CalendarDate(year: 2026, month: 7, day: 25)), .text("进展, RECIST")],
            [.text("OS"), .number(.nan), .missing, .missing],
        ]
    )

    @Test func csv_has_variable_names_as_header_dates_as_iso_text_and_missing_as_empty() throws {
        let csv = try Self.dataset.csvText()
        #expect(csv == "PARAMCD,AVAL,ADT,EVNTDESC\r\nPFS,201.0,2026-07-25,\"进展, RECIST\"\r\nOS,,,\r\n")
    }

    @Test func json_description_lists_variables_with_type_length_format_and_rows_with_nulls() throws {
        let json = try Self.dataset.descriptionJSON()
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["name"] as? String == "ADTTE")
        #expect(object["label"] as? String == "Time-to-Event")
        let variables = try #require(object["variables"] as? [[String: Any]])
        #expect(variables.map { $0["type"] as? String } == ["character", "numeric", "numeric", "character"])
        #expect(variables.map { $0["length"] as? Int } == [8, 8, 8, 40])
        #expect(variables[2]["format"] as? String == "DATE9.")
        #expect(variables[0]["format"] is NSNull)
        let rows = try #require(object["rows"] as? [[Any]])
        #expect(rows[0][2] as? String == "2026-07-25")
        #expect(rows[0][1] as? Double == 201)
        #expect(rows[1].dropFirst().allSatisfy { $0 is NSNull })
    }

    @Test func json_description_without_rows_leaves_them_to_the_csv() throws {
        let object = try JSONSerialization.jsonObject(with: try Self.dataset.descriptionJSON(includingRows: false)) as? [String: Any]
        #expect(object?["rows"] == nil)
        #expect(object?["variables"] != nil)
    }

    @Test func helper_values_turn_nil_into_missing() {
        #expect(AnalysisValue.number(nil as Double?) == .missing)
        #expect(AnalysisValue.integer(nil) == .missing)
        #expect(AnalysisValue.integer(3) == .number(3))
        #expect(AnalysisValue.date(nil as CalendarDate?) == .missing)
    }
}
