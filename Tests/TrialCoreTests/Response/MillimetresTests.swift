import Foundation
import Testing
@testable import TrialCore

@Test func millimetres_hold_exact_tenths() {
    #expect(Millimetres("9.8")?.tenths == 98)
    #expect(Millimetres("14")?.tenths == 140)
    #expect(Millimetres(exactly: Decimal(string: "0.1")!)?.tenths == 1)
    #expect(Millimetres("12.35") == nil)
    #expect(Millimetres("abc") == nil)
    #expect(Millimetres(tenths: 98).decimalValue == Decimal(string: "9.8"))
    #expect([Millimetres(tenths: 98), Millimetres(14), .zero].total() == Millimetres(tenths: 238))
}

@Test func millimetres_decode_from_json_numbers_and_reject_finer_steps() throws {
    #expect(try JSONDecoder().decode([Millimetres].self, from: Data("[9.8, 0, 120]".utf8)) == [Millimetres(tenths: 98), .zero, Millimetres(120)])
    #expect(throws: DecodingError.self) { try JSONDecoder().decode([Millimetres].self, from: Data("[9.85]".utf8)) }
    #expect(String(decoding: try JSONEncoder().encode([Millimetres(tenths: 98)]), as: UTF8.self) == "[9.8]")
}

@Test func percentage_change_is_rounded_half_away_from_zero_for_display() {
    #expect(ResponsePercentChange.rounded(from: Millimetres(14), to: Millimetres(tenths: 98)) == -30)
    #expect(ResponsePercentChange.rounded(from: Millimetres(30), to: Millimetres(35)) == Decimal(string: "16.7"))
    #expect(ResponsePercentChange.rounded(from: Decimal(8), to: Decimal(string: "8.004")!) == Decimal(string: "0.1"))
    #expect(ResponsePercentChange.rounded(from: Millimetres.zero, to: Millimetres(5)) == nil)
}
