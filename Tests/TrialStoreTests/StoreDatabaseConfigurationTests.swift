import Foundation
import NIOCore
import Testing
import TrialStore

@Suite struct StoreDatabaseConfigurationTests {
    @Test func database_url_wins_then_the_flag_then_the_environment_then_the_default() {
        let url = "postgres://trialdesk:secret@db.example:5432/trialdesk"
        #expect(StoreDatabaseConfiguration.resolve(flag: "a.sqlite", environment: ["DATABASE_URL": url, "TRIALDESK_DB": "b.sqlite"]) == .postgres(url: url))
        #expect(StoreDatabaseConfiguration.resolve(flag: "a.sqlite", environment: ["DATABASE_URL": "", "TRIALDESK_DB": "b.sqlite"]) == .sqlite(path: "a.sqlite"))
        #expect(StoreDatabaseConfiguration.resolve(flag: nil, environment: ["TRIALDESK_DB": "b.sqlite"]) == .sqlite(path: "b.sqlite"))
        #expect(StoreDatabaseConfiguration.resolve(flag: "", environment: [:]) == .sqlite(path: StoreDatabaseConfiguration.defaultSQLitePath))
    }

    @Test func the_description_never_shows_the_postgresql_password() {
        let configuration = StoreDatabaseConfiguration.postgres(url: "postgres://trialdesk:s3cret-Pass@db.example:5432/trialdesk")
        #expect(!configuration.description.contains("s3cret-Pass"))
        #expect(configuration.description.contains("db.example"))
    }

    /// Opening a PostgreSQL connection may take as long as waiting for a pooled one. With the driver's
    /// 10-second default, a server slow to start backends under a burst of connections (CI's test run) failed
    /// requests that a pooled connection would have served a few seconds later.
    @Test func opening_a_postgresql_connection_may_take_as_long_as_waiting_for_a_pooled_one() throws {
        let configuration = StoreDatabaseConfiguration.postgres(url: "postgres://trialdesk:secret@127.0.0.1:5432/trialdesk?sslmode=disable")
        let standard = try configuration.postgresConfiguration()
        #expect(standard.coreConfiguration.options.connectTimeout == StoreDatabaseConfiguration.connectionWait)
        #expect(StoreDatabaseConfiguration.connectionWait > .seconds(10))
        let patient = try configuration.postgresConfiguration(connectionWait: .minutes(5))
        #expect(patient.coreConfiguration.options.connectTimeout == .minutes(5))
        #expect(patient.coreConfiguration.username == "trialdesk")
        #expect(patient.coreConfiguration.database == "trialdesk")
    }

    @Test func an_unusable_database_url_is_refused_with_the_expected_form() {
        do {
            _ = try StoreDatabaseConfiguration.postgres(url: "mysql://root@localhost/trialdesk").factory()
            Issue.record("a MySQL URL was accepted")
        } catch let error as StoreError {
            #expect("\(error)".contains("postgres://user:password@host:port/database"), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
        #expect(throws: StoreError.self) { try StoreDatabaseConfiguration.sqlite(path: "x.sqlite").postgresConfiguration() }
    }
}
