import Foundation
import TrialStore

/// Everything the server needs to start, resolved from flags and environment by the CLI.
public struct ServerSettings: Sendable {
    public var database: StoreDatabaseConfiguration
    public var host: String
    public var port: Int
    /// Marks the session cookie `Secure`; on when TrialDesk is served over TLS (TRIALDESK_PUBLIC_URL https://...).
    public var secureCookies: Bool
    /// How long an API bearer token lives.
    public var tokenLifetime: TimeInterval
    /// bcrypt work factor; 12 in production. Tests lower it to keep the suite fast.
    public var bcryptCost: Int
    /// A study definition file to install at first start instead of the built-in default study.
    public var studyFile: String?

    public init(
        database: StoreDatabaseConfiguration,
        host: String = "127.0.0.1",
        port: Int = 8080,
        secureCookies: Bool = false,
        tokenLifetime: TimeInterval = 8 * 3600,
        bcryptCost: Int = 12,
        studyFile: String? = nil
    ) {
        self.database = database
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.tokenLifetime = tokenLifetime
        self.bcryptCost = bcryptCost
        self.studyFile = studyFile
    }
}
