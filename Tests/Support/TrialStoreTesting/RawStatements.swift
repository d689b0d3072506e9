import FluentKit
import FluentSQL
import TrialStore

extension StoreDatabaseConfiguration {
    /// Runs SQL statements as they are, for tests that must leave a database in a state TrialDesk itself
    /// never writes (what an older or newer binary would have left behind).
    public func execute(_ statements: [String]) async throws {
        let (databases, database) = try await open()
        do {
            guard let sql = database as? any SQLDatabase else { throw StoreError.invalidConfiguration("not an SQL database") }
            for statement in statements { try await sql.raw("\(unsafeRaw: statement)").run() }
            await databases.shutdownAsync()
        } catch {
            await databases.shutdownAsync()
            throw error
        }
    }
}
