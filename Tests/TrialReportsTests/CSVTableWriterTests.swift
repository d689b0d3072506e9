import Testing
@testable import TrialReports

@Test func fields_with_commas_quotes_and_line_breaks_are_quoted_and_quotes_doubled() throws {
    let writer = CSVTableWriter(columns: ["USUBJID", "AETERM", "AVAL"])
    let text = try writer.render([
        [.text("960-0001"), .text("Pain, chest wall"), .number(12.5)],
        [.text("960-0002"), .text("Said \"ouch\"\nlater"), .missing],
        [.text("960-0003"), .text("Nausea"), .integer(3)],
    ])
    #expect(text == "USUBJID,AETERM,AVAL\r\n960-0001,\"Pain, chest wall\",12.5\r\n960-0002,\"Said \"\"ouch\"\"\nlater\",\r\n960-0003,Nausea,3\r\n")
}

/// A CRLF inside a field (one grapheme in Swift, equal to neither "\r" nor "\n") is quoted like any line break:
/// unquoted it would end the row early.
@Test func a_field_holding_a_crlf_or_a_lone_carriage_return_is_quoted() throws {
    let writer = CSVTableWriter(columns: ["USUBJID", "COMMENT"])
    let text = try writer.render([[.text("960-0001"), .text("first line\r\nsecond line")], [.text("960-0002"), .text("a\rb")]])
    #expect(text == "USUBJID,COMMENT\r\n960-0001,\"first line\r\nsecond line\"\r\n960-0002,\"a\rb\"\r\n")
}

@Test func numbers_round_trip_and_non_finite_values_are_missing() throws {
    let writer = CSVTableWriter(columns: ["x"])
    let text = try writer.render([[.number(0.1 + 0.2)], [.number(.nan)], [.number(-1e-300)]])
    let lines = text.components(separatedBy: "\r\n")
    #expect(lines == ["x", "0.30000000000000004", "", "-1e-300", ""])
    #expect(Double(lines[1]) == 0.1 + 0.2)
    #expect(Double(lines[3]) == -1e-300)
}

@Test func a_row_with_the_wrong_number_of_cells_is_refused_with_its_number() {
    let writer = CSVTableWriter(columns: ["a", "b"])
    #expect(throws: CSVTableWriterError(row: 2, message: "has 1 cells for 2 columns")) {
        try writer.render([[.integer(1), .integer(2)], [.integer(3)]])
    }
}

@Test func text_a_spreadsheet_would_run_as_a_formula_is_neutralized_and_numbers_stay_data() throws {
    let writer = CSVTableWriter(columns: ["CMTRT"])
    let hostile = [#"=HYPERLINK("http://example.invalid","x")"#, "+SUM(A1:A9)", "-2+3", "@cmd", "\tTAB", "\rCR"]
    let text = try writer.render(hostile.map { [.text($0)] })
    let cells = text.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
    for cell in cells {
        let unquoted = cell.hasPrefix("\"") ? String(cell.dropFirst()) : cell
        #expect(unquoted.hasPrefix("'"), "\(cell.debugDescription) still starts a formula")
    }
    #expect(CSVTableWriter.neutralized("-1.5") == "-1.5", "a negative number written as text is data")
    #expect(CSVTableWriter.neutralized("carboplatin") == "carboplatin")
}
