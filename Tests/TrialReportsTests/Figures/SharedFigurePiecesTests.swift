import Foundation
import Testing
@testable import TrialReports

struct NiceAxisTicksTests {
    @Test(arguments: [
        (0.0, 12.0, 7, [1.0, 3, 6, 12, 24, 36, 60], [0.0, 3, 6, 9, 12]),
        (0.0, 24.0, 7, [1.0, 3, 6, 12, 24, 36, 60], [0.0, 6, 12, 18, 24]),
        (0.0, 5.2, 7, [1.0, 3, 6, 12, 24, 36, 60], [0.0, 1, 2, 3, 4, 5, 6]),
        (0.0, 1.0, 6, [], [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        (0.0, 0.37, 6, [], [0.0, 0.1, 0.2, 0.3, 0.4]),
        (0.0, 730.0, 7, [], [0.0, 200, 400, 600, 800]),
    ])
    func linear_ticks_are_nice_numbers_covering_the_range(lower: Double, upper: Double, maxCount: Int,
                                                         preferred: [Double], expected: [Double]) {
        #expect(NiceAxisTicks.linear(lower: lower, upper: upper, maxCount: maxCount, preferredSteps: preferred) == expected)
    }

    @Test(arguments: [(0.6, true, 0.5), (1.6, true, 2.0), (4.0, true, 5.0), (8.0, true, 10.0),
                      (2.2, false, 2.5), (2.6, false, 5.0), (0.011, false, 0.02), (100, false, 100)])
    func nice_number_rounds_or_takes_the_ceiling_at_1_2_2point5_5(value: Double, round: Bool, expected: Double) {
        #expect(NiceAxisTicks.niceNumber(value, round: round) == expected)
    }

    @Test func given_step_ticks_end_at_or_after_the_upper_limit_without_floating_noise() {
        #expect(NiceAxisTicks.ticks(from: 0, to: 1, step: 0.1).count == 11)
        #expect(NiceAxisTicks.ticks(from: 0, to: 0.3, step: 0.1) == [0, 0.1, 0.2, 0.3])
        #expect(NiceAxisTicks.ticks(from: 0, to: 10.5, step: 3) == [0, 3, 6, 9, 12])
    }

    @Test func logarithmic_ticks_follow_1_2_5_and_thin_out_on_wide_ranges() {
        #expect(NiceAxisTicks.logarithmic(lower: 0.1, upper: 10) == [0.1, 0.2, 0.5, 1, 2, 5, 10])
        #expect(NiceAxisTicks.logarithmic(lower: 0.25, upper: 4) == [0.5, 1, 2])
        #expect(NiceAxisTicks.logarithmic(lower: 0.001, upper: 1000) == [0.001, 0.01, 0.1, 1, 10, 100, 1000])
    }
}

struct SVGEscapingTests {
    @Test func the_five_xml_specials_are_escaped_and_control_characters_dropped() {
        #expect(SVGEscaping.escape("a<b>&\"c\"'d") == "a&lt;b&gt;&amp;&quot;c&quot;&apos;d")
        #expect(SVGEscaping.escape("x\u{0007}y\u{0000}z") == "xyz")
        #expect(SVGEscaping.escape("无进展生存 ≥ 65") == "无进展生存 ≥ 65")
    }

    @Test func a_label_with_markup_characters_stays_text_in_the_figure() throws {
        let label = "<A> & \"B\" </text><script>"
        let plot = ForestPlot(rows: [ForestPlotRow(label: label, estimate: 0.5, lower: 0.3, upper: 0.9)],
                              labels: FigureExamples.forestLabels())
        let svg = try SVGInspection(plot.svg())
        #expect(svg.texts.contains(label))
        #expect(svg.elements("script").isEmpty)
    }
}

struct TextWrappingTests {
    @Test func latin_text_breaks_at_spaces_within_the_width() {
        let text = "Not meeting inclusion criteria because of more than ten metastatic lesions"
        let lines = TextWrapping.wrap(text, maxWidth: 120, fontSize: 12)
        #expect(lines.count > 1)
        #expect(lines.joined(separator: " ") == text)
        for line in lines { #expect(EstimatedTextWidth.of(line, fontSize: 12) <= 120) }
    }

    @Test func chinese_counts_double_width_and_breaks_between_characters() {
        #expect(EstimatedTextWidth.of("无进展", fontSize: 10) == 30)
        #expect(abs(EstimatedTextWidth.of("abc", fontSize: 10) - 3 * 10 * EstimatedTextWidth.narrowAdvance) < 1e-9)
        let text = "不符合纳入标准的患者因转移病灶数目超过十个而被排除"
        let lines = TextWrapping.wrap(text, maxWidth: 60, fontSize: 12)
        #expect(lines.joined() == text)
        #expect(lines.allSatisfy { $0.count <= 5 })
        #expect(lines.count == 5)
    }

    @Test func closing_punctuation_never_starts_a_line() {
        let lines = TextWrapping.wrap("一二三四，五六七八。", maxWidth: 48, fontSize: 12)
        #expect(lines.joined() == "一二三四，五六七八。")
        #expect(lines.allSatisfy { !$0.hasPrefix("，") && !$0.hasPrefix("。") })
    }

    @Test func mixed_text_keeps_its_spaces_and_splits_an_over_long_word() {
        #expect(TextWrapping.wrap("125I 粒子植入 plus therapy", maxWidth: 1000, fontSize: 12) == ["125I 粒子植入 plus therapy"])
        let lines = TextWrapping.wrap("Supercalifragilistic", maxWidth: 40, fontSize: 12)
        #expect(lines.joined() == "Supercalifragilistic")
        #expect(lines.count > 1)
        #expect(TextWrapping.wrap("", maxWidth: 40, fontSize: 12) == [""])
        #expect(TextWrapping.wrap("a\nb", maxWidth: 400, fontSize: 12) == ["a", "b"])
    }

    @Test func bold_text_is_estimated_wider_and_wraps_sooner() {
        let text = "Allocated to seeds plus systemic therapy"
        let width = EstimatedTextWidth.of(text, fontSize: 12) + 1
        #expect(TextWrapping.wrap(text, maxWidth: width, fontSize: 12).count == 1)
        #expect(TextWrapping.wrap(text, maxWidth: width, fontSize: 12, bold: true).count == 2)
    }
}

struct FigureNumberFormatTests {
    @Test func numbers_use_a_decimal_point_and_never_print_negative_zero() {
        #expect(FigureNumberFormat.fixed(0.6149, digits: 2) == "0.61")
        #expect(FigureNumberFormat.fixed(-0.001, digits: 2) == "0.00")
        #expect(FigureNumberFormat.fixed(.nan, digits: 2) == "NA")
        #expect(FigureNumberFormat.compact(2.50) == "2.5")
        #expect(FigureNumberFormat.compact(3.0) == "3")
        #expect(FigureNumberFormat.compact(-0.0001) == "0")
        #expect(FigureNumberFormat.estimateWithInterval(0.62, lower: 0.41, upper: 0.934) == "0.62 (0.41–0.93)")
    }

    @Test func months_are_days_over_30_4375() {
        #expect(FigureTimeUnit.months.value(fromDays: 365.25) == 12)
        #expect(FigureTimeUnit.months.days(from: 3) == 91.3125)
        #expect(FigureTimeUnit.days.value(fromDays: 100) == 100)
    }
}
