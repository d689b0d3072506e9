import Crypto
import Foundation
import ZIPFoundation

/// The backup file: a zip archive (readable with any unzip tool) holding `manifest.json` and one
/// deflated JSON-lines file per table. Opening one checks everything before a single row is loaded: the
/// archive's structure, each entry's CRC, the manifest's format and every table's SHA-256.
public struct StoreBackupArchive: Sendable {
    public static let manifestEntry = "manifest.json"

    public let path: String
    public let manifest: BackupManifest
    /// The verified bytes of each table file, by entry name.
    let tableFiles: [String: Data]

    /// Reads and verifies the whole archive at `path`.
    public init(path: String) throws {
        self.path = path
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "no zip directory at its end" : "no such file"
            throw BackupError.unreadableArchive(path: path, reason: reason)
        }
        let manifestData = try Self.extract(Self.manifestEntry, from: archive, path: path)
        let manifest: BackupManifest
        do {
            manifest = try JSONDecoder().decode(BackupManifest.self, from: manifestData)
        } catch {
            throw BackupError.invalidManifest(path: path, reason: "it is not the JSON of a TrialDesk backup manifest")
        }
        guard manifest.format == BackupManifest.formatName else {
            throw BackupError.invalidManifest(path: path, reason: "its format is '\(manifest.format)', not '\(BackupManifest.formatName)'")
        }
        guard manifest.formatVersion <= BackupManifest.currentFormatVersion else {
            throw BackupError.invalidManifest(path: path, reason: "format version \(manifest.formatVersion) is newer than this TrialDesk \(TrialDeskVersion.current) reads (\(BackupManifest.currentFormatVersion)): use TrialDesk \(manifest.trialDeskVersion) or newer")
        }
        var files: [String: Data] = [:]
        var content = SHA256()
        for table in manifest.tables {
            let data = try Self.extract(table.file, from: archive, path: path)
            let found = StoreBackupWriter.hex(SHA256.hash(data: data))
            guard found == table.sha256 else {
                throw BackupError.checksumMismatch(path: path, entry: table.file, expected: table.sha256, found: found)
            }
            content.update(data: data)
            files[table.file] = data
        }
        let contentHash = StoreBackupWriter.hex(content.finalize())
        guard contentHash == manifest.contentSHA256 else {
            throw BackupError.checksumMismatch(path: path, entry: "the table files together", expected: manifest.contentSHA256, found: contentHash)
        }
        self.manifest = manifest
        self.tableFiles = files
    }

    /// The rows of one table, each as the values of `table.columns` in order.
    func rows(of table: BackupManifest.Table) throws -> [[BackupValue]] {
        guard let data = tableFiles[table.file] else { throw BackupError.missingEntry(path: path, entry: table.file) }
        let decoder = JSONDecoder()
        var rows: [[BackupValue]] = []
        rows.reserveCapacity(table.rows)
        var lineNumber = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
            lineNumber += 1
            guard let values = try? decoder.decode([BackupValue].self, from: Data(line)), values.count == table.columns.count else {
                throw BackupError.corruptEntry(path: path, entry: table.file, reason: "line \(lineNumber) is not a row of \(table.columns.count) values")
            }
            rows.append(values)
        }
        guard rows.count == table.rows else {
            throw BackupError.corruptEntry(path: path, entry: table.file, reason: "\(rows.count) rows where the manifest recorded \(table.rows)")
        }
        return rows
    }

    private static func extract(_ entryName: String, from archive: Archive, path: String) throws -> Data {
        guard let entry = archive[entryName] else { throw BackupError.missingEntry(path: path, entry: entryName) }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
        } catch {
            throw BackupError.corruptEntry(path: path, entry: entryName, reason: "it does not decompress to what its CRC-32 says (\(error))")
        }
        return data
    }

    /// Writes a new archive at `path`; an existing file is never overwritten.
    static func write(manifest: BackupManifest, tableFiles: [String: Data], to path: String) throws {
        let target = URL(fileURLWithPath: path)
        guard !FileManager.default.fileExists(atPath: path) else {
            throw BackupError.cannotWrite(path: path, reason: "the file exists already (a backup never overwrites one)")
        }
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).partial")
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let archive = try Archive(url: temporary, accessMode: .create)
            try add(try encoder.encode(manifest), as: manifestEntry, to: archive)
            for table in manifest.tables {
                try add(tableFiles[table.file] ?? Data(), as: table.file, to: archive)
            }
            try FileManager.default.moveItem(at: temporary, to: target)
        } catch let error as BackupError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw BackupError.cannotWrite(path: path, reason: "\(error)")
        }
    }

    private static func add(_ data: Data, as name: String, to archive: Archive) throws {
        try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
}
