import Foundation
import TrialCore
@testable import TrialReports

/// Datasets shared by the round-trip and external-reader tests: numbers (integer, fractional, tiny,
/// large, negative), character values with Chinese text, dates and missing values of both kinds.
enum XPTTestDatasets {
    static let timeToEvent = AnalysisDataset(
        name: "ADTTE",
        label: "Time-to-Event Analysis Dataset",
        variables: [
            .character("USUBJID", label: "Unique Subject Identifier", length: 12),
            .character("PARAMCD", label: "Parameter Code", length: 8),
            .numeric("AVAL", label: "Analysis Value"),
            .numeric("CNSR", label: "Censor"),
            .date("STARTDT", label: "Time-to-Event Origin Date for Subject"),
            .date("ADT", label: "Analysis Date"),
            .character("EVNTDESC", label: "事件或删失描述", length: 60),
            .numeric("RATIO", label: "Ratio 比值", format: SASDisplayFormat("8.3")),
        ],
        rows: [
            [.text("TD-001"), .text("PFS"), .integer(201), .integer(0),
             .date(CalendarDate(year: 2026, month: 1, day: 5)), .date(CalendarDate(year: 2026, month: 7, day: 25)),
             .text("疾病进展 (RECIST 1.1)"), .number(0.1)],
            [.text("TD-002"), .text("PFS"), .integer(365), .integer(1),
             .date(CalendarDate(year: 2025, month: 12, day: 31)), .date(CalendarDate(year: 2026, month: 12, day: 31)),
             .text("Administrative censoring at 12 months"), .number(-1e-5)],
            [.text("TD-003"), .text("OS"), .missing, .missing,
             .date(CalendarDate(year: 1959, month: 12, day: 31)), .missing,
             .missing, .number(.nan)],
            [.text("TD-004"), .text(""), .number(1e75), .number(-123_456_789.125),
             .date(CalendarDate(year: 1960, month: 1, day: 1)), .date(CalendarDate(year: 2000, month: 2, day: 29)),
             .text("  leading blanks are kept"), .number(1e-300)],
        ]
    )

    static let subjects = AnalysisDataset(
        name: "ADSL",
        label: "受试者水平分析数据集",
        variables: [
            .character("USUBJID", label: "Unique Subject Identifier", length: 12),
            AnalysisVariable(name: "AGE", label: "Age", type: .numeric(length: 4)),
        ],
        rows: [[.text("TD-001"), .integer(61)], [.text("TD-002"), .integer(47)]]
    )

    static let empty = AnalysisDataset(
        name: "ADAE",
        label: "Adverse Events Analysis Dataset",
        variables: [.character("USUBJID", label: "Unique Subject Identifier", length: 12)]
    )
}
