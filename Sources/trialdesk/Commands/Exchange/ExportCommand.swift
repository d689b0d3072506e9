import ArgumentParser
import Foundation
import TrialCore
import TrialServer
import TrialStore

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the trial's records in an exchange standard.",
        subcommands: [ExportODMCommand.self]
    )
}

struct ExportODMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "odm",
        abstract: "Write the study as one CDISC ODM 1.3.2 file (metadata, admin data, clinical data with audit records).",
        discussion: """
        A snapshot (current values, each with the audit record of its last change) unless --history asks for every
        recorded version (a transactional file). docs/exchange.md describes the file.
        Example: trialdesk export odm --db demo.sqlite --out study.odm.xml --site 960 --history
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The file to write.")
    var out: String

    @Flag(help: "The study's metadata only (no users, sites or clinical data).")
    var metadataOnly = false

    @Option(help: "Only this site's participants, users and locations.")
    var site: String?

    @Flag(help: "Every recorded version of every form (a transactional file) instead of the current values.")
    var history = false

    func run() async throws {
        let options = OperationalDataModelOptions(metadataOnly: metadataOnly, siteCode: site, history: history)
        let document = try await CommandApplication.withDatabase(database.configuration, migrate: false) { app -> String in
            let store = TrialStore(database: app.db)
            guard let study = try await StudyRepository(store: store).current() else {
                throw CommandOutput.reject(field: "db", message: "the database holds no study yet: start the server or run demo first")
            }
            do {
                return try await OperationalDataModelWriter(store: store, study: study.definition, labels: .pageCatalogues).document(options)
            } catch let failure as ValidationFailure {
                throw CommandOutput.reject(failure.errors)
            }
        }
        do {
            try Data(document.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CommandOutput.reject(field: "out", message: "could not write \(out): \((error as NSError).localizedFailureReason ?? String(describing: error))")
        }
        print("ODM 1.3.2 \(history ? "transactional history" : metadataOnly ? "metadata" : "snapshot")\(site.map { " of site \($0)" } ?? "") written to \(out)")
    }
}
