import Foundation
import Testing
import TrialCore
@testable import TrialReports

@Suite struct XPTWriterHeaderTests {
    /// 2026-03-05 14:07:09 UTC.
    static let created = Date(timeIntervalSince1970: 1_772_719_629)

    static let dataset = AnalysisDataset(
        name: "ADSL",
        label: "Subject-Level Analysis Dataset",
        variables: [
            .character("USUBJID", label: "Unique Subject Identifier", length: 12),
            .date("RANDDT", label: "Date of Randomization"),
        ],
        rows: [[.text("TD-001"), .date(CalendarDate(year: 2026, month: 3, day: 14))]]
    )

    static func records(_ data: Data) -> [String] {
        let bytes = Array(data)
        return stride(from: 0, to: bytes.count, by: 80).map { String(decoding: bytes[$0..<min($0 + 80, bytes.count)], as: UTF8.self) }
    }

    @Test func library_and_member_header_records_have_the_ts140_layout() throws {
        let data = try XPTWriter(created: Self.created).data(for: Self.dataset)
        let records = Self.records(data)
        let blanks = { (n: Int) in String(repeating: " ", count: n) }
        #expect(records[0] == "HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!000000000000000000000000000000  ")
        #expect(records[1] == "SAS     SAS     SASLIB  9.4     Linux   " + blanks(24) + "05MAR26:14:07:09")
        #expect(records[2] == "05MAR26:14:07:09" + blanks(64))
        #expect(records[3] == "HEADER RECORD*******MEMBER  HEADER RECORD!!!!!!!000000000000000001600000000140  ")
        #expect(records[4] == "HEADER RECORD*******DSCRPTR HEADER RECORD!!!!!!!000000000000000000000000000000  ")
        #expect(records[5] == "SAS     ADSL    SASDATA 9.4     Linux   " + blanks(24) + "05MAR26:14:07:09")
        #expect(records[6] == "05MAR26:14:07:09" + blanks(16) + "Subject-Level Analysis Dataset" + blanks(10) + blanks(8))
        #expect(records[7] == "HEADER RECORD*******NAMESTR HEADER RECORD!!!!!!!000000000200000000000000000000  ")
        // Two namestrs take 280 bytes: records 8, 9, 10 and 40 bytes of record 11, then 40 blanks.
        #expect(records[11].hasSuffix(blanks(40)))
        #expect(records[12] == "HEADER RECORD*******OBS     HEADER RECORD!!!!!!!000000000000000000000000000000  ")
        // One 20-byte row, then 60 blanks.
        #expect(records.count == 14)
        #expect(data.count == 14 * 80)
    }

    @Test func namestr_records_hold_type_length_number_name_label_format_and_position() throws {
        let data = Array(try XPTWriter(created: Self.created).data(for: Self.dataset))
        let first = Array(data[(8 * 80)..<(8 * 80 + 140)])
        let second = Array(data[(8 * 80 + 140)..<(8 * 80 + 280)])
        func ascii(_ record: [UInt8], _ range: Range<Int>) -> String { String(decoding: record[range], as: UTF8.self) }

        #expect(Array(first[0..<8]) == [0, 2, 0, 0, 0, 12, 0, 1])  // character, hash 0, length 12, variable 1
        #expect(ascii(first, 8..<16) == "USUBJID ")
        #expect(ascii(first, 16..<56) == "Unique Subject Identifier" + String(repeating: " ", count: 15))
        #expect(ascii(first, 56..<64) == "        ")
        #expect(Array(first[64..<72]) == [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(ascii(first, 72..<80) == "        ")
        #expect(Array(first[80..<88]) == [0, 0, 0, 0, 0, 0, 0, 0])  // no informat, position 0
        #expect(first[88..<140].allSatisfy { $0 == 0 })

        #expect(Array(second[0..<8]) == [0, 1, 0, 0, 0, 8, 0, 2])  // numeric, length 8, variable 2
        #expect(ascii(second, 8..<16) == "RANDDT  ")
        #expect(ascii(second, 56..<64) == "DATE    ")
        #expect(Array(second[64..<72]) == [0, 9, 0, 0, 0, 0, 0, 0])  // width 9, 0 decimals, left
        #expect(Array(second[84..<88]) == [0, 0, 0, 12])  // after the 12-byte USUBJID
    }

    @Test func observations_are_character_bytes_blank_padded_then_ibm_numbers_then_blank_padding() throws {
        let data = Array(try XPTWriter(created: Self.created).data(for: Self.dataset))
        let row = Array(data[(13 * 80)..<(14 * 80)])
        #expect(Array(row[0..<12]) == Array("TD-001      ".utf8))
        // 2026-03-14 is SAS date 24179 = 0x5E73 → 0.5E73 × 16^4.
        #expect(SASDateNumber.number(of: CalendarDate(year: 2026, month: 3, day: 14)!) == 24_179)
        #expect(Array(row[12..<20]) == [0x44, 0x5E, 0x73, 0, 0, 0, 0, 0])
        #expect(row[20...].allSatisfy { $0 == 0x20 })
    }

    @Test func modified_datetime_and_header_names_can_differ_from_the_defaults() throws {
        let writer = XPTWriter(
            created: Self.created, modified: Date(timeIntervalSince1970: 946_684_799),
            sasVersion: "9.4", operatingSystem: "X64_10PR"
        )
        let records = Self.records(try writer.data(for: Self.dataset))
        #expect(records[1].hasPrefix("SAS     SAS     SASLIB  9.4     X64_10PR"))
        #expect(records[2].hasPrefix("31DEC99:23:59:59"))
        #expect(records[6].hasPrefix("31DEC99:23:59:59"))
    }

    @Test(arguments: [
        (0.0, "01JAN70:00:00:00"),
        (-1.0, "31DEC69:23:59:59"),
        (1_772_719_629.9, "05MAR26:14:07:09"),
        (951_782_400.0, "29FEB00:00:00:00"),
    ])
    func header_datetimes_are_ddMMMyy_hh_mm_ss_in_utc(seconds: Double, expected: String) {
        #expect(XPTWriter.transportDateTime(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func sas_dates_count_days_from_1960_01_01() {
        #expect(SASDateNumber.number(of: CalendarDate(year: 1960, month: 1, day: 1)!) == 0)
        #expect(SASDateNumber.number(of: CalendarDate(year: 1959, month: 12, day: 31)!) == -1)
        #expect(SASDateNumber.number(of: CalendarDate(year: 1970, month: 1, day: 1)!) == 3653)
        #expect(SASDateNumber.date(of: 24_179) == CalendarDate(year: 2026, month: 3, day: 14))
    }

    @Test func each_member_gets_its_own_member_descriptor_and_namestr_headers() throws {
        var second = Self.dataset
        second.name = "ADAE"
        second.label = "Adverse Events Analysis Dataset"
        let records = Self.records(try XPTWriter(created: Self.created).data(for: [Self.dataset, second]))
        let memberHeaders = records.indices.filter { records[$0].hasPrefix("HEADER RECORD*******MEMBER  HEADER RECORD") }
        #expect(memberHeaders == [3, 14])
        #expect(records[16].hasPrefix("SAS     ADAE    SASDATA "))
        #expect(records.count == 25)
    }
}
