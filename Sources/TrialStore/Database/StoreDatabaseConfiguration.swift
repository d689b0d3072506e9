import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging

/// Where TrialDesk keeps its data: one SQLite file by default, PostgreSQL when `DATABASE_URL` is set.
/// Both run the same models, migrations and queries.
public enum StoreDatabaseConfiguration: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    public static let defaultSQLitePath = "./trialdesk.sqlite"

    /// Resolves the configuration the way every command does: `DATABASE_URL` (PostgreSQL) wins; otherwise
    /// the `--db` flag, then `TRIALDESK_DB`, then `./trialdesk.sqlite`.
    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> Self {
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            return .postgres(url: url)
        }
        if let flag, !flag.isEmpty { return .sqlite(path: flag) }
        if let path = environment["TRIALDESK_DB"], !path.isEmpty { return .sqlite(path: path) }
        return .sqlite(path: defaultSQLitePath)
    }

    public var kind: String {
        switch self {
        case .sqlite: return "sqlite"
        case .postgres: return "postgresql"
        }
    }

    /// A description safe to print: the PostgreSQL password is never shown.
    public var description: String {
        switch self {
        case .sqlite(let path): return "SQLite file \(path)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "PostgreSQL" }
            if components.password != nil { components.password = "***" }
            return "PostgreSQL \(components.string ?? "")"
        }
    }

    /// How long a request waits for a pooled connection before it fails. Writers queue for the one write lock,
    /// so on a loaded machine a burst of writes can keep every connection busy for longer than the drivers'
    /// 10-second default; a write that waits is better than one refused.
    public static let connectionWait: TimeAmount = .seconds(60)

    /// The drivers' settings for this database; `connectionWait` is how long a request may wait for a pooled
    /// connection (the server's is `connectionWait` above).
    public func factory(connectionWait: TimeAmount = Self.connectionWait) throws -> DatabaseConfigurationFactory {
        switch self {
        case .sqlite(let path):
            return .sqlite(.file(path), connectionPoolTimeout: connectionWait, sqlLogLevel: nil)
        case .postgres:
            return .postgres(configuration: try postgresConfiguration(connectionWait: connectionWait),
                             maxConnectionsPerEventLoop: 4, connectionPoolTimeout: connectionWait, sqlLogLevel: .trace)
        }
    }

    /// The PostgreSQL connection settings. Opening a connection may take as long as waiting for a pooled one:
    /// the driver's 10-second default covers the TCP handshake, the server starting a backend and the login,
    /// and a server busy starting many backends at once (a burst of requests after a restart, or a test run)
    /// can take longer; the request then failed although the server was only slow.
    public func postgresConfiguration(connectionWait: TimeAmount = Self.connectionWait) throws -> SQLPostgresConfiguration {
        guard case .postgres(let url) = self else {
            throw StoreError.invalidConfiguration("\(description) is not a PostgreSQL database")
        }
        do {
            var configuration = try SQLPostgresConfiguration(url: url)
            configuration.coreConfiguration.options.connectTimeout = connectionWait
            return configuration
        } catch {
            throw StoreError.invalidConfiguration("DATABASE_URL is not a usable PostgreSQL URL (postgres://user:password@host:port/database): \(error)")
        }
    }

    public var databaseID: DatabaseID {
        switch self {
        case .sqlite: return .sqlite
        case .postgres: return .psql
        }
    }
}
