import Foundation
import Testing
import TrialCore
@testable import TrialReports

@Suite struct XPTRoundTripTests {
    static let writer = XPTWriter(created: Date(timeIntervalSince1970: 1_772_719_629))

    /// What the reader should give back for a value: dates as SAS date numbers, NaN as missing, tiny
    /// numbers as 0, missing
    /// character values as empty text, trailing blanks dropped.
    static func expected(_ value: AnalysisValue, _ variable: AnalysisVariable) -> XPTTestReader.Value {
        switch value {
        case .number(let number) where number.isNaN: return .missing
        // Below the IBM range a number is written as 0, as SAS does.
        case .number(let number) where number.magnitude < IBMHexFloat.leastNormalMagnitude: return .number(0)
        case .number(let number): return .number(number)
        case .date(let date): return .number(Double(SASDateNumber.number(of: date)))
        case .text(let text): return .text(text.replacingOccurrences(of: " +$", with: "", options: .regularExpression))
        case .missing: return variable.type.isNumeric ? .missing : .text("")
        }
    }

    @Test func every_value_name_label_and_format_reads_back_from_the_written_file() throws {
        let dataset = XPTTestDatasets.timeToEvent
        let reader = try XPTTestReader(try Self.writer.data(for: dataset))
        #expect(reader.sasVersion == "9.4")
        #expect(reader.created == "05MAR26:14:07:09")
        let member = try #require(reader.members.first)
        #expect(reader.members.count == 1)
        #expect(member.name == "ADTTE")
        #expect(member.label == "Time-to-Event Analysis Dataset")
        #expect(member.variables.map(\.name) == dataset.variables.map(\.name))
        #expect(member.variables.map(\.label) == dataset.variables.map(\.label))
        #expect(member.variables.map(\.number) == Array(1...dataset.variables.count))
        #expect(member.variables.map(\.formatName) == ["", "", "", "", "DATE", "DATE", "", ""])
        #expect(member.variables.last.map { [$0.formatWidth, $0.formatDecimals] } == [8, 3])
        #expect(member.variables.map(\.position) == [0, 12, 20, 28, 36, 44, 52, 112])
        #expect(member.rows.count == dataset.rows.count)
        for (rowIndex, (read, written)) in zip(member.rows, dataset.rows).enumerated() {
            let wanted = zip(written, dataset.variables).map { Self.expected($0, $1) }
            #expect(read == wanted, "row \(rowIndex)")
        }
    }

    @Test func chinese_text_is_stored_as_its_utf8_bytes() throws {
        let data = Array(try Self.writer.data(for: XPTTestDatasets.timeToEvent))
        let needle = Array("疾病进展 (RECIST 1.1)".utf8)
        #expect(needle.count == 25)  // 4 Chinese characters of 3 bytes + 13 ASCII
        let found = (0...(data.count - needle.count)).contains { data[$0..<($0 + needle.count)].elementsEqual(needle) }
        #expect(found)
    }

    @Test func several_members_including_an_empty_one_read_back_in_order() throws {
        let datasets = [XPTTestDatasets.subjects, XPTTestDatasets.empty, XPTTestDatasets.timeToEvent]
        let reader = try XPTTestReader(try Self.writer.data(for: datasets))
        #expect(reader.members.map(\.name) == ["ADSL", "ADAE", "ADTTE"])
        #expect(reader.members.map(\.label) == datasets.map(\.label))
        #expect(reader.members.map(\.rows.count) == [2, 0, 4])
        #expect(reader.members[0].rows == [[.text("TD-001"), .number(61)], [.text("TD-002"), .number(47)]])
    }

    @Test func a_4_byte_numeric_takes_4_bytes_of_the_row_and_keeps_integers_exactly() throws {
        var dataset = XPTTestDatasets.subjects
        dataset.rows = [[.text("TD-1"), .integer(16_777_215)], [.text("TD-2"), .number(0.1)]]
        let reader = try XPTTestReader(try Self.writer.data(for: dataset))
        let member = try #require(reader.members.first)
        #expect(member.variables.last.map { [$0.length, $0.position] } == [4, 12])
        #expect(member.rows.first?.last == .number(16_777_215))
        // 0.1 keeps only 24 fraction bits: 0x199999 / 2^24.
        #expect(member.rows.last?.last == .number(Double(0x199999) / 0x1p24))
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 9, 10, 11, 19, 20, 21, 40, 79, 80, 81, 160])
    func the_file_length_is_a_multiple_of_80_for_any_row_count(rowCount: Int) throws {
        var dataset = XPTTestDatasets.subjects
        dataset.rows = (0..<rowCount).map { [.text("TD-\($0)"), .integer($0)] }
        let data = try Self.writer.data(for: dataset)
        #expect(data.count % 80 == 0)
        let reader = try XPTTestReader(data)
        #expect(reader.members.first?.rows.count == rowCount)
        #expect(reader.members.first?.rows.last == [.text("TD-\(rowCount - 1)"), .number(Double(rowCount - 1))])
    }

    @Test func the_writer_writes_a_file_that_reads_back() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xpt-\(UUID().uuidString).xpt")
        defer { try? FileManager.default.removeItem(at: url) }
        try Self.writer.write([XPTTestDatasets.subjects], to: url)
        let reader = try XPTTestReader(try Data(contentsOf: url))
        #expect(reader.members.first?.name == "ADSL")
    }
}
