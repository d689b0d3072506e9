import Foundation

/// ICH E2A seriousness and the reporting clocks that follow from it.
public enum Seriousness {
    /// ICH E2A: an event is serious if and only if it meets at least one criterion.
    public static func isSerious(_ criteria: Set<SeriousnessCriterion>) -> Bool {
        !criteria.isEmpty
    }

    /// A serious adverse event must reach the sponsor within 24 hours of the site learning of it.
    public static let sponsorReportingWindow: TimeInterval = 24 * 60 * 60

    /// When the site's report of a serious adverse event is due at the sponsor: 24 hours after the site learned of it.
    public static func sponsorReportDeadline(siteAwareAt: Date) -> Date {
        siteAwareAt.addingTimeInterval(sponsorReportingWindow)
    }

    /// Whether a report sent at `reportedAt` met the 24-hour deadline (a report exactly at 24 hours is on time).
    public static func isReportedOnTime(siteAwareAt: Date, reportedAt: Date) -> Bool {
        reportedAt <= sponsorReportDeadline(siteAwareAt: siteAwareAt)
    }

    /// Calendar days the sponsor has to notify the regulator of a suspected unexpected serious adverse reaction:
    /// 7 for fatal or life-threatening, 15 for the others; nil when expedited reporting does not apply
    /// (not serious, expected, or not related to a study treatment).
    public static func expeditedRegulatoryReportingDays(
        criteria: Set<SeriousnessCriterion>, expected: Bool, related: Bool
    ) -> Int? {
        guard isSerious(criteria), !expected, related else { return nil }
        return criteria.contains(.death) || criteria.contains(.lifeThreatening) ? 7 : 15
    }
}
