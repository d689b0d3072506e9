import Crypto
import FluentKit
import Foundation
import TrialCore

/// The Ed25519 key that signs checkpoints of the audit chain. It is kept outside the database (a file
/// named by `TRIALDESK_AUDIT_KEY_FILE`), so whoever can write the database can re-hash the chain after an
/// edit but cannot sign the result: a checkpoint signed before the edit no longer matches.
public struct AuditSigningKey: Sendable {
    public let privateKey: Curve25519.Signing.PrivateKey

    public init(privateKey: Curve25519.Signing.PrivateKey = Curve25519.Signing.PrivateKey()) {
        self.privateKey = privateKey
    }

    /// The public key, as written to `FILE.pub` and into every checkpoint (base64 of the 32 raw bytes).
    public var publicKeyText: String { privateKey.publicKey.rawRepresentation.base64EncodedString() }

    /// A short name of the public key for logs and reports (first 16 hex digits of its SHA-256).
    public var fingerprint: String { AuditSigningKey.fingerprint(ofPublicKey: publicKeyText) }

    public static func fingerprint(ofPublicKey text: String) -> String {
        String(AuditChain.sha256Hex(text).prefix(16))
    }

    /// The file's first line: `trialdesk-audit-key-v1 <base64 of the 32-byte private key>`.
    static let filePrefix = "trialdesk-audit-key-v1 "

    /// Reads a key file written by `write(to:)`, naming the file and the problem when it cannot.
    public static func load(path: String) throws -> AuditSigningKey {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw StoreError.invalidConfiguration("cannot read the audit key file \(path)")
        }
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard line.hasPrefix(filePrefix), let raw = Data(base64Encoded: String(line.dropFirst(filePrefix.count))),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw StoreError.invalidConfiguration("\(path) is not a TrialDesk audit key (make one with `trialdesk audit keygen --out FILE`)")
        }
        return AuditSigningKey(privateKey: key)
    }

    /// Writes the private key (readable by its owner only) and the public key beside it as `path.pub`.
    /// Refuses to overwrite an existing key: a lost key cannot sign again, and a replaced one orphans the
    /// checkpoints it signed.
    public func write(to path: String) throws {
        let manager = FileManager.default
        for file in [path, path + ".pub"] where manager.fileExists(atPath: file) {
            throw StoreError.invalidConfiguration("\(file) exists already: choose another name (an audit key is never overwritten)")
        }
        let secret = Self.filePrefix + privateKey.rawRepresentation.base64EncodedString() + "\n"
        guard manager.createFile(atPath: path, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw StoreError.invalidConfiguration("cannot write \(path)")
        }
        guard manager.createFile(atPath: path + ".pub", contents: Data((publicKeyText + "\n").utf8), attributes: [.posixPermissions: 0o644]) else {
            throw StoreError.invalidConfiguration("cannot write \(path).pub")
        }
    }

    /// Reads a public key file (`FILE.pub`, or the public half of a key file).
    public static func loadPublicKey(path: String) throws -> String {
        if let key = try? load(path: path) { return key.publicKeyText }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw StoreError.invalidConfiguration("cannot read the public key file \(path)")
        }
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Data(base64Encoded: line), (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil else {
            throw StoreError.invalidConfiguration("\(path) is not a TrialDesk audit public key")
        }
        return line
    }

    /// A symmetric key for sealing secrets the database must not reveal (the randomization seed).
    var sealingKey: SymmetricKey {
        SymmetricKey(data: SHA256.hash(data: Data("trialdesk-seed-sealing-v1".utf8) + privateKey.rawRepresentation))
    }
}

/// A signed statement "the audit chain had reached event `sequence`, whose hash is `hash`, at `signedAt`".
public struct AuditCheckpoint: Codable, Sendable, Hashable {
    public var sequence: Int64
    public var hash: String
    public var signedAt: String
    /// The signer's public key (base64); `audit verify` compares it with the key it trusts.
    public var publicKey: String
    /// Ed25519 signature of `signedMessage` (base64).
    public var signature: String

    public init(sequence: Int64, hash: String, signedAt: String, publicKey: String, signature: String) {
        self.sequence = sequence
        self.hash = hash
        self.signedAt = signedAt
        self.publicKey = publicKey
        self.signature = signature
    }

    /// What is signed: a fixed label, the sequence, the hash and the time, one per line.
    public var signedMessage: Data {
        Data("trialdesk-audit-checkpoint-v1\n\(sequence)\n\(hash)\n\(signedAt)\n".utf8)
    }

    public static func signing(sequence: Int64, hash: String, at date: Date, with key: AuditSigningKey) throws -> AuditCheckpoint {
        var checkpoint = AuditCheckpoint(sequence: sequence, hash: hash, signedAt: UTCTimestamp.string(from: date),
                                         publicKey: key.publicKeyText, signature: "")
        checkpoint.signature = try key.privateKey.signature(for: checkpoint.signedMessage).base64EncodedString()
        return checkpoint
    }

    /// Whether the signature is valid for the key the checkpoint names.
    public var hasValidSignature: Bool {
        guard let rawKey = Data(base64Encoded: publicKey), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawKey),
              let rawSignature = Data(base64Encoded: signature) else { return false }
        return key.isValidSignature(rawSignature, for: signedMessage)
    }
}

/// A checkpoint kept in the database, beside the chain (not in it: signing must not move the head). The
/// copy that proves something is the exported one the sponsor keeps elsewhere (`audit checkpoint --export`).
public final class AuditCheckpointRecord: Model, @unchecked Sendable {
    public static let schema = "audit_checkpoints"

    @ID(key: .id) public var id: UUID?
    @Field(key: "sequence") public var sequence: Int64
    @Field(key: "hash") public var hash: String
    @Field(key: "signed_at") public var signedAt: String
    @Field(key: "public_key") public var publicKey: String
    @Field(key: "signature") public var signature: String

    public init() {}

    init(_ checkpoint: AuditCheckpoint) {
        id = UUID()
        sequence = checkpoint.sequence
        hash = checkpoint.hash
        signedAt = checkpoint.signedAt
        publicKey = checkpoint.publicKey
        signature = checkpoint.signature
    }

    public var checkpoint: AuditCheckpoint {
        AuditCheckpoint(sequence: sequence, hash: hash, signedAt: signedAt, publicKey: publicKey, signature: signature)
    }
}

/// Signs, lists, exports and reads checkpoints.
public struct AuditCheckpoints: Sendable {
    public let store: TrialStore

    public init(store: TrialStore) {
        self.store = store
    }

    /// Signs the chain head as it is now and keeps the checkpoint. The head is read under the writers'
    /// lock, so the signed sequence and hash belong together.
    @discardableResult
    public func sign(with key: AuditSigningKey) async throws -> AuditCheckpoint {
        try await store.write(as: .system) { tx in
            let head = tx.chainHead
            let checkpoint = try AuditCheckpoint.signing(sequence: head.sequence, hash: head.hash, at: tx.now, with: key)
            try await AuditCheckpointRecord(checkpoint).create(on: tx.database)
            return checkpoint
        }
    }

    public func all() async throws -> [AuditCheckpoint] {
        try await AuditCheckpointRecord.query(on: store.database).sort(\.$sequence).sort(\.$signedAt).all().map(\.checkpoint)
    }

    /// The newest checkpoint, if any.
    public func latest() async throws -> AuditCheckpoint? {
        try await AuditCheckpointRecord.query(on: store.database).sort(\.$sequence, .descending).sort(\.$signedAt, .descending).first()?.checkpoint
    }

    public static func export(_ checkpoints: [AuditCheckpoint]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(ExportedCheckpoints(format: "trialdesk-audit-checkpoints-v1", checkpoints: checkpoints))
    }

    public static func read(_ data: Data, source: String) throws -> [AuditCheckpoint] {
        guard let file = try? JSONDecoder().decode(ExportedCheckpoints.self, from: data), file.format == "trialdesk-audit-checkpoints-v1" else {
            throw StoreError.invalidConfiguration("\(source) is not an exported list of audit checkpoints (trialdesk audit checkpoint --export FILE)")
        }
        return file.checkpoints
    }

    struct ExportedCheckpoints: Codable {
        var format: String
        var checkpoints: [AuditCheckpoint]
    }
}

struct CreateAuditCheckpoints: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditCheckpointRecord.schema)
            .id()
            .field("sequence", .int64, .required)
            .field("hash", .string, .required)
            .field("signed_at", .string, .required)
            .field("public_key", .string, .required)
            .field("signature", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditCheckpointRecord.schema).delete()
    }
}

/// The randomization seed as the database keeps it: sealed with the audit key when TrialDesk has one (so
/// that reading the database does not reveal the seed, and with it every future allocation), in the clear
/// otherwise. Verification of the lists needs no seed: their SHA-256 is in the chain.
public enum RandomizationSeedSealing {
    static let prefix = "sealed-v1:"

    public static func stored(_ seed: RandomizationSeed, key: AuditSigningKey?) throws -> String {
        guard let key else { return seed.hex }
        let box = try ChaChaPoly.seal(Data(seed.hex.utf8), using: key.sealingKey)
        return prefix + box.combined.base64EncodedString()
    }

    public static func isSealed(_ stored: String) -> Bool { stored.hasPrefix(prefix) }

    /// The seed, unsealed with `key` when it is sealed; a clear refusal when the key is missing or wrong.
    public static func seed(from stored: String, key: AuditSigningKey?) throws -> RandomizationSeed {
        guard isSealed(stored) else { return try RandomizationSeed(hex: stored) }
        guard let key else {
            throw StoreError.conflict(RuleMessage("store.seedSealed", "the randomization seed is sealed with the audit key: set TRIALDESK_AUDIT_KEY_FILE to the key file"))
        }
        guard let data = Data(base64Encoded: String(stored.dropFirst(prefix.count))),
              let box = try? ChaChaPoly.SealedBox(combined: data),
              let opened = try? ChaChaPoly.open(box, using: key.sealingKey) else {
            throw StoreError.conflict(RuleMessage("store.seedKeyWrong", "the randomization seed was sealed with another audit key than the one given"))
        }
        return try RandomizationSeed(hex: String(decoding: opened, as: UTF8.self))
    }
}
