import Foundation

/// The numbers endpoint derivation takes from the study: horizons and the imaging rhythm
/// that decides when assessments count as missed. Each is nil when the study lacks it.
public struct EndpointDefaults: Codable, Sendable, Hashable {
    public var pfsHorizonDays: Int?
    public var osHorizonDays: Int?
    public var ttntHorizonDays: Int?
    public var localControlHorizonDays: Int?
    /// Days between scheduled tumour assessments (56 = every 8 weeks).
    public var imagingIntervalDays: Int?
    /// Days after the target day an assessment may still be done (the window's plus side).
    public var imagingWindowDays: Int?

    public init(pfsHorizonDays: Int?, osHorizonDays: Int?, ttntHorizonDays: Int?, localControlHorizonDays: Int?,
                imagingIntervalDays: Int?, imagingWindowDays: Int?) {
        self.pfsHorizonDays = pfsHorizonDays
        self.osHorizonDays = osHorizonDays
        self.ttntHorizonDays = ttntHorizonDays
        self.localControlHorizonDays = localControlHorizonDays
        self.imagingIntervalDays = imagingIntervalDays
        self.imagingWindowDays = imagingWindowDays
    }

    /// Endpoints rules: more than 2 x interval + window days without an adequate assessment
    /// means two or more assessments were missed (119 days for 56 and 7).
    public var missedAssessmentsGapDays: Int? {
        guard let imagingIntervalDays, let imagingWindowDays else { return nil }
        return 2 * imagingIntervalDays + imagingWindowDays
    }
}

extension StudyDefinition {
    public var endpointDefaults: EndpointDefaults {
        let imagingVisit = visit(code: imaging.visit)
        return EndpointDefaults(
            pfsHorizonDays: endpoint(.PFS)?.timeFrameDays,
            osHorizonDays: endpoint(.OS)?.timeFrameDays,
            ttntHorizonDays: endpoint(.TTNT)?.timeFrameDays,
            localControlHorizonDays: endpoint(.LC)?.timeFrameDays,
            imagingIntervalDays: imagingVisit?.repeat?.everyDays,
            imagingWindowDays: imagingVisit?.windowPlusDays)
    }
}
