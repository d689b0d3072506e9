import Foundation

/// How one arm or group is drawn. Colours are the Okabe-Ito colour-blind-safe palette; every series also has
/// its own dash pattern so the figure stays readable when printed in black and white.
public struct SeriesStyle: Sendable, Hashable {
    public var colour: String
    /// SVG stroke-dasharray, nil for a solid line.
    public var dash: String?

    public init(colour: String, dash: String?) {
        self.colour = colour
        self.dash = dash
    }

    static let colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    static let dashes: [String?] = [nil, "8 4", "2 3", "10 3 2 3", "4 4", "12 4 2 4 2 4"]

    /// The style of the series at `index` (0-based); colour and dash cycle independently.
    public static func standard(_ index: Int) -> SeriesStyle {
        SeriesStyle(colour: colours[index % colours.count], dash: dashes[index % dashes.count])
    }
}
