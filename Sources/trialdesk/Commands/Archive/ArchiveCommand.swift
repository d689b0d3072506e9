import ArgumentParser
import Foundation
import TrialCore
import TrialServer
import TrialStore
import TrialStoredAnalysis

struct ArchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Write a site's archive at the end of the trial: every participant's casebook (English and Chinese), the site's ODM 1.3.2 file, its audit trail, the study definition and a SHA-256 manifest.",
        discussion: """
        The folder opens on any computer with a web browser (index.en.html, index.zh-Hans.html); nothing in it \
        links outside it. Check it with sha256sum -c manifest.sha256 and the audit trail with \
        trialdesk audit verify --export audit-trail/audit-trail-site-CODE.json. The folder must be new or empty. \
        Example: trialdesk archive --site 960 --out archive-960 --db trial.sqlite
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The site's code.")
    var site: String

    @Option(help: "The folder to write into (created when missing; must be empty).")
    var out: String

    func run() async throws {
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: out, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw CommandOutput.reject(field: "out", message: "'\(out)' is a file; give a new or empty folder") }
            if let existing = try? manager.contentsOfDirectory(atPath: out), !existing.isEmpty {
                throw CommandOutput.reject(field: "out", message: "'\(out)' is not empty: an archive is written into a new or empty folder, so that its manifest lists every file in it")
            }
        }
        let archive = try await CommandApplication.withDatabase(database.configuration, migrate: false) { app in
            do {
                // The site's ODM file: its full transactional history (every version of every form with its
                // audit record), the file a sponsor or another EDC reads back.
                return try await SiteArchive.build(database: app.db, siteCode: site) { database, siteCode in
                    let store = TrialStore(database: database)
                    guard let study = try await StudyRepository(store: store).current() else {
                        throw CommandOutput.reject(field: "db", message: "the database holds no study yet: start the server or run demo first")
                    }
                    let document = try await OperationalDataModelWriter(store: store, study: study.definition, labels: .pageCatalogues)
                        .document(OperationalDataModelOptions(siteCode: siteCode, history: true))
                    return ("odm/odm-site-\(siteCode).xml", Data(document.utf8))
                }
            } catch let failure as ValidationFailure {
                throw CommandOutput.reject(failure.errors)
            }
        }
        do {
            for file in archive.files {
                let url = folder.appendingPathComponent(file.path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.data.write(to: url, options: .atomic)
            }
        } catch {
            throw CommandOutput.reject(field: "out", message: "could not write into \(folder.path): \((error as NSError).localizedFailureReason ?? String(describing: error))")
        }
        print("Archive of site \(site) written to \(folder.path): \(archive.participantCount) casebooks in English and Chinese, \(archive.auditEventCount) audit events, \(archive.files.count) files listed in manifest.json and manifest.sha256.")
    }
}
