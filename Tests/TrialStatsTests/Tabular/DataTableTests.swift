import Testing
@testable import TrialStats

struct DataTableTests {
    @Test func quoted_fields_keep_commas_quotes_and_line_breaks() throws {
        let table = try DataTable(csv: "id,note,time\r\n1,\"a, \"\"b\"\"\",3\n2,\"two\nlines\",4\n")
        #expect(table.rowCount == 2)
        #expect(try table.cell("note", row: 0) == "a, \"b\"")
        #expect(try table.cell("note", row: 1) == "two\nlines")
        #expect(try table.numbers("time", rows: table.completeRows(in: ["time"])) == [3, 4])
    }

    @Test(arguments: ["", "NA", "NaN"])
    func empty_NA_and_NaN_cells_are_missing_and_counted_as_dropped(missing: String) throws {
        let table = try DataTable(csv: "time,event\n1,1\n\(missing),0\n3,1\n")
        let rows = try table.completeRows(in: ["time", "event"])
        #expect(rows.rows == [0, 2])
        #expect(rows.nDropped == 1)
    }

    @Test func unknown_column_lists_the_columns_the_file_has() throws {
        let table = try DataTable(csv: "time,status\n1,1\n")
        #expect(throws: TableError(kind: .unknownColumn, column: "event", row: nil,
                                   message: "no such column; the file has time, status")) {
            try table.completeRows(in: ["time", "event"])
        }
    }

    @Test func non_numeric_time_names_column_and_data_row() throws {
        let table = try DataTable(csv: "time,event\n1,1\n2,0\nabc,1\n")
        let error = #expect(throws: TableError.self) {
            try table.times("time", rows: table.completeRows(in: ["time"]))
        }
        #expect(error?.kind == .nonNumeric)
        #expect(error?.column == "time")
        #expect(error?.row == 3)
    }

    @Test func negative_time_is_rejected_with_its_row() throws {
        let table = try DataTable(csv: "time,event\n1,1\n-2,0\n")
        let error = #expect(throws: TableError.self) {
            try table.times("time", rows: table.completeRows(in: ["time"]))
        }
        #expect(error?.kind == .negativeTime)
        #expect(error?.row == 2)
    }

    @Test(arguments: ["2", "0.5", "-1"])
    func event_codes_outside_0_and_1_are_rejected(code: String) throws {
        let table = try DataTable(csv: "time,event\n1,1\n2,\(code)\n")
        let error = #expect(throws: TableError.self) {
            try table.eventCodes("event", rows: table.completeRows(in: ["event"]), maximum: 1)
        }
        #expect(error?.kind == .eventCodeOutOfRange)
        #expect(error?.column == "event")
        #expect(error?.row == 2)
    }

    @Test func competing_risk_codes_up_to_the_maximum_are_accepted() throws {
        let table = try DataTable(csv: "event\n0\n1\n2\n")
        #expect(try table.eventCodes("event", rows: table.completeRows(in: ["event"]), maximum: 2) == [0, 1, 2])
    }

    @Test func a_group_whose_rows_are_all_incomplete_is_an_error_at_its_first_row() throws {
        let table = try DataTable(csv: "time,event,arm\n1,1,A\nNA,0,B\n3,1,A\n")
        let rows = try table.completeRows(in: ["time", "event", "arm"])
        let error = #expect(throws: TableError.self) { try table.requireEveryGroupHasRows("arm", rows: rows) }
        #expect(error?.kind == .emptyGroup)
        #expect(error?.row == 2)
    }

    @Test func ragged_row_is_malformed() {
        #expect(throws: TableError.self) { try DataTable(csv: "a,b\n1\n") }
    }

    @Test func unclosed_quote_is_malformed() {
        #expect(throws: TableError.self) { try DataTable(csv: "a,b\n1,\"x\n") }
    }

    @Test func levels_sort_numerically_when_all_numbers_else_as_text() {
        #expect(DataTable.sortedLevels(["10", "9", "2", "9"]) == ["2", "9", "10"])
        #expect(DataTable.sortedLevels(["b", "a", "10", "9"]) == ["10", "9", "a", "b"])
    }
}
