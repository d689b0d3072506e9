import Foundation

/// The ICH E2A criteria that make an adverse event serious.
///
/// Seriousness is about outcome and consequences, not intensity: it is independent of the CTCAE grade
/// (a grade 2 event that prolongs a hospital stay is serious; a grade 3 laboratory value may not be).
public enum SeriousnessCriterion: String, CaseIterable, Codable, Sendable {
    /// Results in death.
    case death
    /// Puts the participant at immediate risk of death as it occurs.
    case lifeThreatening
    /// Requires inpatient hospitalisation or prolongs an existing one.
    case hospitalization
    /// Results in persistent or significant disability or incapacity.
    case disability
    /// Is a congenital anomaly or birth defect.
    case congenitalAnomaly
    /// Another important medical event that may jeopardise the participant or need intervention to prevent one
    /// of the outcomes above.
    case importantMedicalEvent
}

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
