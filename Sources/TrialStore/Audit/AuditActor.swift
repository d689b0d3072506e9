import Foundation
import TrialCore

/// Who makes a change: the user, their role and their site, as every audit event records them.
public struct AuditActor: Sendable, Hashable, Codable {
    public var username: String
    public var role: String
    public var site: String?

    public init(username: String, role: Role, site: String?) {
        self.username = username
        self.role = role.rawValue
        self.site = site
    }

    /// TrialDesk itself (loading the study definition at first start, migrations' seed rows).
    public static let system = AuditActor(systemNamed: "trialdesk")

    /// A person at the command line who is not signed in as a TrialDesk user (e.g. `trialdesk user add`).
    public static func commandLine(_ osUser: String) -> AuditActor {
        AuditActor(systemNamed: "cli:\(osUser)")
    }

    private init(systemNamed name: String) {
        self.username = name
        self.role = "system"
        self.site = nil
    }
}
