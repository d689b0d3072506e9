import Foundation

/// What RECIST 1.1 makes of a lesion of a given size at baseline.
public enum RecistLesionMeasurability: Hashable, Sendable {
    /// May be chosen as a target lesion.
    case measurable
    /// A non-nodal lesion below the measurable diameter: a non-target lesion.
    case nonMeasurable
    /// A lymph node of 10 to < 15 mm short axis: pathological, followed as a non-target lesion.
    case pathologicalNonMeasurableNode
    /// A lymph node below 10 mm short axis: normal, not recorded at all.
    case normalNode

    /// RECIST 1.1: non-nodal lesions by longest diameter (>= 10 mm, or twice the slice thickness when
    /// slices are thicker than 5 mm); lymph nodes by short axis (>= 15 mm measurable,
    /// 10 to < 15 mm pathological but non-measurable, < 10 mm normal).
    public static func classify(nodal: Bool, size: Millimetres, settings: RecistSettings = RecistSettings()) -> RecistLesionMeasurability {
        if nodal {
            if size >= settings.measurableNodeShortAxis { return .measurable }
            if size >= settings.pathologicalNodeShortAxis { return .pathologicalNonMeasurableNode }
            return .normalNode
        }
        return size >= settings.measurableNonNodalDiameter ? .measurable : .nonMeasurable
    }
}
