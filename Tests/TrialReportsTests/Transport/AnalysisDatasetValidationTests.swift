import Foundation
import Testing
import TrialCore
@testable import TrialReports

@Suite struct AnalysisDatasetValidationTests {
    static let valid = AnalysisDataset(
        name: "ADTTE",
        label: "Time-to-Event Analysis Dataset",
        variables: [
            .character("PARAMCD", label: "Parameter Code", length: 8),
            .numeric("AVAL", label: "Analysis Value"),
            .date("ADT", label: "Analysis Date"),
        ],
        rows: [
            [.text("PFS"), .number(201), .date(CalendarDate(year: 2026, month: 9, day: 1))],
            [.text("OS"), .missing, .missing],
        ]
    )

    static func fields(_ dataset: AnalysisDataset) -> [String] {
        dataset.validationErrors().map(\.field)
    }

    @Test func a_dataset_within_every_limit_has_no_errors() throws {
        #expect(Self.valid.validationErrors().isEmpty)
        try Self.valid.validate()
    }

    @Test(arguments: ["", "ADTTEXYZ9", "adtte", "1ADTTE", "AD TTE", "ADTTÉ"])
    func dataset_names_are_1_to_8_uppercase_letters_digits_or_underscore_not_starting_with_a_digit(name: String) {
        var dataset = Self.valid
        dataset.name = name
        #expect(Self.fields(dataset) == ["name"])
    }

    @Test(arguments: ["A", "_TMP", "ADTTE_01"])
    func names_of_up_to_8_allowed_characters_pass(name: String) {
        var dataset = Self.valid
        dataset.name = name
        dataset.variables[0].name = name
        #expect(Self.fields(dataset).isEmpty)
    }

    @Test func labels_are_limited_to_40_utf8_bytes_so_13_chinese_characters_fit_and_14_do_not() {
        var dataset = Self.valid
        dataset.label = String(repeating: "x", count: 40)
        dataset.variables[1].label = String(repeating: "无", count: 13)  // 39 bytes
        #expect(Self.fields(dataset).isEmpty)
        dataset.label = String(repeating: "x", count: 41)
        dataset.variables[1].label = String(repeating: "无", count: 14)  // 42 bytes
        #expect(Self.fields(dataset) == ["label", "variables[1].label"])
    }

    @Test func duplicate_variable_names_are_reported_on_the_later_variable() {
        var dataset = Self.valid
        dataset.variables[2].name = "AVAL"
        dataset.rows = []
        let errors = dataset.validationErrors()
        #expect(errors.map(\.field) == ["variables[2].name"])
        #expect(errors.first?.message.contains("variables[1]") == true)
    }

    @Test func a_dataset_needs_a_variable() {
        let dataset = AnalysisDataset(name: "EMPTY", label: "", variables: [])
        #expect(Self.fields(dataset) == ["variables"])
    }

    @Test(arguments: [
        (AnalysisVariableType.numeric(length: 2), true),
        (.numeric(length: 3), false),
        (.numeric(length: 8), false),
        (.numeric(length: 9), true),
        (.character(length: 0), true),
        (.character(length: 1), false),
        (.character(length: 200), false),
        (.character(length: 201), true),
    ])
    func variable_lengths_are_3_to_8_for_numerics_and_1_to_200_for_character(type: AnalysisVariableType, rejected: Bool) {
        let dataset = AnalysisDataset(name: "T", label: "", variables: [AnalysisVariable(name: "X", label: "", type: type)])
        #expect(Self.fields(dataset) == (rejected ? ["variables[0].type"] : []))
    }

    @Test func formats_must_suit_the_variable_type() {
        var dataset = Self.valid
        dataset.rows = []
        dataset.variables[0].format = SASDisplayFormat("$8.")
        dataset.variables[1].format = SASDisplayFormat("8.2")
        #expect(Self.fields(dataset).isEmpty)
        dataset.variables[0].format = .date9
        dataset.variables[1].format = SASDisplayFormat("$CHAR8.")
        #expect(Self.fields(dataset) == ["variables[0].format", "variables[1].format"])
        dataset.variables[0].format = SASDisplayFormat("20.")
        dataset.variables[1].format = nil
        #expect(Self.fields(dataset) == ["variables[0].format"])
        dataset.variables[0].format = nil
        dataset.variables[1].format = SASDisplayFormat(name: "TOOLONGNAME", width: 8)
        #expect(Self.fields(dataset) == ["variables[1].format"])
    }

    @Test func display_formats_parse_from_their_written_form() {
        #expect(SASDisplayFormat("DATE9.") == .date9)
        #expect(SASDisplayFormat("8.2") == SASDisplayFormat(name: "", width: 8, decimals: 2))
        #expect(SASDisplayFormat("$char20.") == SASDisplayFormat(name: "$CHAR", width: 20))
        #expect(SASDisplayFormat("YYMMDD10.")?.description == "YYMMDD10.")
        #expect(SASDisplayFormat("BEST") == nil)
        #expect(SASDisplayFormat("8.x") == nil)
    }

    @Test func values_of_the_wrong_type_are_reported_with_row_and_variable() {
        var dataset = Self.valid
        dataset.rows = [
            [.number(1), .text("201"), .date(CalendarDate(year: 2026, month: 1, day: 1))],
            [.date(CalendarDate(year: 2026, month: 1, day: 1)), .number(3), .number(24_000)],
        ]
        #expect(Self.fields(dataset) == ["rows[0].PARAMCD", "rows[0].AVAL", "rows[1].PARAMCD"])
    }

    @Test func rows_must_have_one_value_per_variable() {
        var dataset = Self.valid
        dataset.rows = [[.text("PFS"), .number(1)]]
        #expect(Self.fields(dataset) == ["rows[0]"])
    }

    @Test func character_values_longer_than_their_length_in_utf8_bytes_are_rejected() {
        var dataset = Self.valid
        dataset.rows = [
            [.text("疾病进展"), .number(1), .missing],  // 12 bytes in 8
            [.text("无进展"), .number(1), .missing],  // 9 bytes in 8
            [.text("PFS12345"), .number(1), .missing],  // 8 bytes: fits
            [.text("进展"), .number(1), .missing],  // 6 bytes: fits
        ]
        let errors = dataset.validationErrors()
        #expect(errors.map(\.field) == ["rows[0].PARAMCD", "rows[1].PARAMCD"])
        #expect(errors.first?.message.contains("12 UTF-8 bytes") == true)
    }

    @Test func nul_characters_are_rejected_because_readers_strip_them() {
        var dataset = Self.valid
        dataset.rows = [[.text("PF\u{0}S"), .number(1), .missing]]
        #expect(Self.fields(dataset) == ["rows[0].PARAMCD"])
    }

    @Test(arguments: [Double.infinity, -.infinity, 1e76, -8e75])
    func numbers_outside_the_ibm_range_are_rejected(value: Double) {
        var dataset = Self.valid
        dataset.rows = [[.text("PFS"), .number(value), .missing]]
        #expect(Self.fields(dataset) == ["rows[0].AVAL"])
    }

    @Test(arguments: [Double.nan, 1e-300, 7e75, -0.0])
    func nan_tiny_and_large_in_range_numbers_are_accepted(value: Double) {
        var dataset = Self.valid
        dataset.rows = [[.text("PFS"), .number(value), .missing]]
        #expect(Self.fields(dataset).isEmpty)
    }

    @Test func the_writer_reports_every_problem_of_every_dataset_prefixed_by_its_name() {
        var broken = Self.valid
        broken.rows = [[.text("PFS"), .number(.infinity), .missing]]
        var unnamed = Self.valid
        unnamed.name = ""
        do {
            _ = try XPTWriter(created: Date(timeIntervalSince1970: 0)).data(for: [broken, Self.valid, unnamed])
            Issue.record("the writer accepted invalid datasets")
        } catch let failure as ValidationFailure {
            #expect(failure.errors.map(\.field) == ["ADTTE.rows[0].AVAL", "datasets[1].name", "datasets[2].name"])
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func the_writer_needs_at_least_one_dataset_and_short_ascii_header_names() {
        var writer = XPTWriter(created: Date(timeIntervalSince1970: 0))
        writer.operatingSystem = "LinuxKernel"
        #expect(throws: ValidationFailure.self) { try writer.data(for: [Self.valid]) }
        #expect(throws: ValidationFailure.self) { try XPTWriter(created: Date(timeIntervalSince1970: 0)).data(for: []) }
        let year2100 = Date(timeIntervalSince1970: 4_102_444_800)
        do {
            _ = try XPTWriter(created: Date(timeIntervalSince1970: 0), modified: year2100).data(for: [Self.valid])
            Issue.record("a 2100 modification date was accepted")
        } catch let failure as ValidationFailure {
            #expect(failure.errors.map(\.field) == ["modified"])
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
