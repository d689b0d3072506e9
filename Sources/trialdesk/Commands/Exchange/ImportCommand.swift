import ArgumentParser
import Foundation
import TrialCore
import TrialServer
import TrialStore

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read a trial's records from an exchange standard into a new database.",
        subcommands: [ImportODMCommand.self]
    )
}

struct ImportODMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "odm",
        abstract: "Recreate a study's participants, forms and history from a TrialDesk ODM 1.3.2 export (written with --history).",
        discussion: """
        The database must hold no screenings or participants; it is created and migrated when missing, with the built-in
        study (for another study, install it first: serve --study FILE on the new database). A file whose metadata differ
        from the installed study is refused naming the first OID that differs. Each imported change is an audited event whose reason names the file
        and the original AuditRecord (docs/exchange.md).
        Example: trialdesk import odm study.odm.xml --db copy.sqlite
        """
    )

    @Argument(help: "The ODM file to read.")
    var file: String

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let url = URL(fileURLWithPath: file)
        guard let data = try? Data(contentsOf: url) else {
            throw CommandOutput.reject(field: "file", message: "cannot read \(file)")
        }
        let summary = try await CommandApplication.withDatabase(database.configuration) { app -> OperationalDataModelImporter.Summary in
            let store = TrialStore(database: app.db)
            guard let study = try await StudyRepository(store: store).current() else {
                throw CommandOutput.reject(field: "db", message: "the database holds no study")
            }
            let importer = OperationalDataModelImporter(store: store, study: study.definition,
                                                        actor: .commandLine(ProcessInfo.processInfo.environment["USER"] ?? "unknown"))
            do {
                return try await importer.importFile(data, fileName: url.lastPathComponent)
            } catch let failure as ValidationFailure {
                throw CommandOutput.reject(failure.errors)
            }
        }
        print("Imported \(summary.participants) participants, \(summary.forms) forms in \(summary.versions) versions from \(url.lastPathComponent)")
    }
}
