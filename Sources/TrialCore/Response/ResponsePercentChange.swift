import Foundation

/// The percentage change shown next to a response (change of the sum from baseline, of SULpeak from
/// baseline): rounded half away from zero to one decimal for people to read.
///
/// Response categories never use this rounded figure; they compare the exact measurements, so a
/// change shown as -30.0 is a partial response only when the exact change reaches -30%.
public enum ResponsePercentChange {
    /// `(value - reference) / reference x 100`, rounded to `places` decimals; nil when the reference is 0
    /// (a change from nothing has no percentage).
    public static func rounded(from reference: Decimal, to value: Decimal, places: Int = 1) -> Decimal? {
        guard reference != 0 else { return nil }
        var exact = (value - reference) * 100 / reference
        var result = Decimal()
        NSDecimalRound(&result, &exact, places, .plain)
        return result
    }

    public static func rounded(from reference: Millimetres, to value: Millimetres, places: Int = 1) -> Decimal? {
        rounded(from: Decimal(reference.tenths), to: Decimal(value.tenths), places: places)
    }
}
