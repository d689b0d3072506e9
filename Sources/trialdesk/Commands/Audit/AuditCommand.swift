import ArgumentParser
import FluentKit
import Foundation
import TrialCore
import TrialServer
import TrialStore
import Vapor

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the audit trail, and sign it with a key kept outside the database.",
        subcommands: [AuditVerifyCommand.self, AuditExportCommand.self, AuditKeygenCommand.self, AuditCheckpointCommand.self]
    )
}

struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Walk the audit chain and check every link, every record against its history, the randomization against the lists published at activation, and every signed checkpoint; exit 1 when anything is off.",
        discussion: """
        Checkpoints are checked against the public key of TRIALDESK_AUDIT_KEY_FILE (or --public-key): one \
        signed by another key is a problem. --checkpoints FILE also holds the chain to an exported copy, which \
        catches a chain rewritten together with the checkpoints stored in the database. --export FILE checks \
        an audit-trail export (trialdesk audit export) instead of the database: a complete export end to end, \
        a filtered one event by event.
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Exported checkpoints (trialdesk audit checkpoint --export FILE) to hold the chain to.")
    var checkpoints: String?

    @Option(name: .customLong("public-key"), help: "An audit public key (FILE.pub) trusted to sign checkpoints; repeat it after a key rotation (default: that of TRIALDESK_AUDIT_KEY_FILE).")
    var publicKey: [String] = []

    @Option(name: .customLong("export"), help: "An audit-trail export (CSV or JSON, trialdesk audit export) to verify without the database.")
    var exportFile: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() async throws {
        if let exportFile {
            try verifyExport(exportFile)
            return
        }
        let exported = try checkpoints.map { path in
            try AuditCheckpoints.read(try CommandOutput.readInput(path: path, field: "checkpoints"), source: path)
        } ?? []
        var trusted: [String]
        do {
            trusted = try publicKey.map(AuditSigningKey.loadPublicKey(path:))
            if trusted.isEmpty, let key = try ServerSettings.auditKeyFromEnvironment() { trusted = [key.publicKeyText] }
        } catch StoreError.invalidConfiguration(let message) {
            throw CommandOutput.reject(field: publicKey.isEmpty ? "TRIALDESK_AUDIT_KEY_FILE" : "public-key", message: message)
        }
        let report = try await CommandApplication.withDatabase(database.configuration, migrate: false) { app in
            // The records are read on a second event loop's connection while the chain is read on the first.
            let loops = Array(app.eventLoopGroup.makeIterator())
            let records = loops.count > 1 ? app.databases.database(logger: app.logger, on: loops[1]) : nil
            let chain = loops.count > 1 ? app.databases.database(logger: app.logger, on: loops[0]) : nil
            return try await AuditVerifier(database: chain ?? app.db, recordsDatabase: records)
                .verify(checkpoints: exported, trustedPublicKeys: trusted)
        }
        if json {
            try CommandOutput.printJSON(report)
        } else if report.isIntact {
            print("Audit chain intact: \(report.eventsChecked) events, \(report.recordsChecked) records match their history.")
            if let seconds = report.seconds, seconds > 0 {
                print(String(format: "Verified in %.2f s (%.0f events per second, records included).", seconds, Double(report.eventsChecked) / seconds))
            }
        } else {
            if let first = report.firstBrokenLink {
                print("First broken link: event \(first.sequence.map(String.init) ?? "?"): \(first.message)")
            }
            for problem in report.problems { print("- \(problem.message)") }
            print("\(report.problems.count) problem(s) in \(report.eventsChecked) events and \(report.recordsChecked) records.")
        }
        if !json {
            if report.isUnsigned {
                print("The chain is unsigned: no signed checkpoint was checked, so an edit that re-hashes the chain would not be found (docs/security.md).")
            } else {
                print("\(report.checkpointsChecked ?? 0) signed checkpoint(s) checked\(trusted.isEmpty ? " (no trusted public key given: the signer's key was not compared)" : ""); the chain is signed through event \(report.signedThrough.map(String.init) ?? "none").")
            }
        }
        if !report.isIntact { throw ExitCode.failure }
    }
}

extension AuditVerifyCommand {
    /// Checks an exported file on its own: the database is not opened.
    func verifyExport(_ path: String) throws {
        let export: AuditTrailExport
        var trusted: [String] = []
        do {
            export = try AuditTrailExport.read(try CommandOutput.readInput(path: path, field: "export"), source: path)
            trusted = try publicKey.map(AuditSigningKey.loadPublicKey(path:))
        } catch StoreError.invalidConfiguration(let message) {
            throw CommandOutput.reject(field: "export", message: message)
        }
        let report = AuditExportVerifier.verify(export, trustedPublicKeys: trusted)
        if json {
            try CommandOutput.printJSON(report)
        } else {
            let scope = report.isComplete
                ? "complete export: the chain was checked end to end, from the first event to the head (event \(report.chainHead.sequence))"
                : "partial export (\(Self.describe(export.filter))): each event's own hash was checked, and the links between events that follow each other; the events left out cannot be checked from this file"
            if report.isIntact {
                print("Audit-trail export intact: \(report.eventsChecked) events; \(scope).")
            } else {
                for problem in report.problems { print("- \(problem.message)") }
                print("\(report.problems.count) problem(s) in \(report.eventsChecked) exported events; \(scope).")
            }
            if report.checkpointsChecked > 0 {
                print("\(report.checkpointsChecked) signed checkpoint(s) in the file checked\(trusted.isEmpty ? " (no trusted public key given: the signer's key was not compared)" : "")\(report.signedThrough.map { "; the export is signed through event \($0)" } ?? "").")
            }
        }
        if !report.isIntact { throw ExitCode.failure }
    }

    static func describe(_ filter: AuditExportFilter) -> String {
        var parts: [String] = []
        if let participant = filter.participantID { parts.append("participant \(participant)") }
        if let site = filter.siteCode { parts.append("site \(site)") }
        if let from = filter.from { parts.append("from \(from)") }
        return parts.joined(separator: ", ")
    }
}

struct AuditExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the audit trail (every event with its field-level old and new values, reason and hash) as CSV or JSON.",
        discussion: """
        The file carries the chain head and the signed checkpoints, so that trialdesk audit verify --export FILE \
        checks it later without the database. Without a filter the export is complete; --participant, --site \
        and --from make a partial one. Example: trialdesk audit export --format csv --site 960 --db trial.sqlite --out audit-960.csv
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, json
    }

    @OptionGroup var database: DatabaseOptions

    @Option(help: "csv (one row per changed field, for a spreadsheet) or json.")
    var format: Format = .csv

    @Option(help: "Only the events of this participant's records (e.g. 960-0001).")
    var participant: String?

    @Option(help: "Only the events of this site's records.")
    var site: String?

    @Option(help: "Only events on or after this date, YYYY-MM-DD (UTC).")
    var from: String?

    @Option(help: "Write to FILE (default: standard output).")
    var out: String?

    func run() async throws {
        let filter: AuditExportFilter
        do {
            filter = try AuditExportFilter(participantID: participant, siteCode: site, from: from).validated()
        } catch let failure as ValidationFailure {
            throw CommandOutput.reject(failure.errors)
        }
        let export = try await CommandApplication.withDatabase(database.configuration, migrate: false) { app in
            try await AuditTrailExporter(store: TrialStore(database: app.db)).export(scope: .allSites, filter: filter, exportedBy: nil)
        }
        let data = format == .csv ? export.csv() : try export.json()
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: data) else {
                throw CommandOutput.reject(field: "out", message: "cannot write \(out)")
            }
            FileHandle.standardError.write(Data("Exported \(export.events.count) audit event(s) (chain head \(export.chainHead.sequence), \(export.isComplete ? "complete" : "partial")) to \(out).\n".utf8))
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}

struct AuditKeygenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Write a new Ed25519 audit key to FILE (owner-readable only) and its public key to FILE.pub.",
        discussion: "Keep FILE outside the database and its backups; give FILE.pub and exported checkpoints to the sponsor. An existing file is never overwritten."
    )

    @Option(help: "Where to write the key.")
    var out: String

    func run() async throws {
        let key = AuditSigningKey()
        do {
            try key.write(to: out)
        } catch StoreError.invalidConfiguration(let message) {
            throw CommandOutput.reject(field: "out", message: message)
        }
        print("Wrote the audit key \(out) and its public key \(out).pub (fingerprint \(key.fingerprint)). Set TRIALDESK_AUDIT_KEY_FILE=\(out) for serve, demo and every command that writes.")
    }
}

struct AuditCheckpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign a checkpoint of the audit chain now (with TRIALDESK_AUDIT_KEY_FILE), and/or export every checkpoint for the sponsor to keep elsewhere.",
        discussion: "With --export and no key, nothing is signed: the checkpoints already in the database are written to FILE."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Write every checkpoint (JSON) to FILE.")
    var export: String?

    func run() async throws {
        let key: AuditSigningKey?
        do {
            key = try ServerSettings.auditKeyFromEnvironment()
        } catch StoreError.invalidConfiguration(let message) {
            throw CommandOutput.reject(field: "TRIALDESK_AUDIT_KEY_FILE", message: message)
        }
        if key == nil && export == nil {
            throw CommandOutput.reject(field: "TRIALDESK_AUDIT_KEY_FILE", message: "is not set: a checkpoint needs the audit key (trialdesk audit keygen --out FILE)")
        }
        try await CommandApplication.withDatabase(database.configuration, migrate: false) { app in
            let checkpoints = AuditCheckpoints(store: TrialStore(database: app.db))
            if let key {
                let signed = try await checkpoints.sign(with: key)
                print("Signed a checkpoint at event \(signed.sequence) (key \(key.fingerprint)).")
            }
            if let export {
                let all = try await checkpoints.all()
                guard FileManager.default.createFile(atPath: export, contents: try AuditCheckpoints.export(all)) else {
                    throw CommandOutput.reject(field: "export", message: "cannot write \(export)")
                }
                print("Exported \(all.count) checkpoint(s) to \(export).")
            }
        }
    }
}
