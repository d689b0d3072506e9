import Foundation

/// A point marker told apart by its shape, so that a figure printed in black and white still says what each
/// marker means (colour only repeats what the shape says).
public enum MarkerShape: String, Sendable, Hashable, CaseIterable {
    case circle, square, diamond, triangleUp, triangleDown, triangleRight, cross, star

    /// The marker centred on (x, y), `size` pixels across; `filled` false draws the outline only.
    func markup(x: Double, y: Double, size: Double, colour: String, filled: Bool = true, extra: String = "") -> String {
        let r = size / 2
        let fill = filled ? colour : "#fff"
        let n = SVGCanvas.n
        let stroke = "stroke=\"\(colour)\" stroke-width=\"1.2\"\(extra)"
        func polygon(_ points: [(Double, Double)]) -> String {
            "<path d=\"M\(points.map { "\(n(x + $0.0)),\(n(y + $0.1))" }.joined(separator: " L"))Z\" fill=\"\(fill)\" \(stroke)/>"
        }
        switch self {
        case .circle:
            return "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(r))\" fill=\"\(fill)\" \(stroke)/>"
        case .square:
            return "<rect x=\"\(n(x - r * 0.85))\" y=\"\(n(y - r * 0.85))\" width=\"\(n(r * 1.7))\" height=\"\(n(r * 1.7))\" fill=\"\(fill)\" \(stroke)/>"
        case .diamond: return polygon([(0, -r), (r, 0), (0, r), (-r, 0)])
        case .triangleUp: return polygon([(0, -r), (r, r), (-r, r)])
        case .triangleDown: return polygon([(-r, -r), (r, -r), (0, r)])
        case .triangleRight: return polygon([(-r, -r), (r, 0), (-r, r)])
        case .cross:
            return "<path d=\"M\(n(x - r)),\(n(y - r)) L\(n(x + r)),\(n(y + r)) M\(n(x - r)),\(n(y + r)) L\(n(x + r)),\(n(y - r))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(extra)/>"
        case .star:
            let points = (0..<10).map { index -> (Double, Double) in
                let angle = Double(index) * .pi / 5 - .pi / 2
                let radius = index % 2 == 0 ? r * 1.15 : r * 0.5
                return (radius * cos(angle), radius * sin(angle))
            }
            return polygon(points)
        }
    }
}

/// The marker of each RECIST 1.1 / PERCIST 1.0 best response on the waterfall and spider plots.
enum ResponseMarker {
    static func shape(_ response: String) -> MarkerShape {
        switch response {
        case "CR", "CMR": return .star
        case "PR", "PMR": return .triangleDown
        case "SD", "SMD", "NonCR/NonPD": return .circle
        case "PD", "PMD": return .triangleUp
        default: return .cross
        }
    }

    /// The responses in legend order.
    static let legendOrder = ["CR", "PR", "SD", "PD", "NE"]
}
