import Foundation

/// `manifest.json` of a backup archive: what made it, which schema and audit chain it holds, and the
/// checksum of every table file, so that a restore can prove it loaded exactly what was saved.
public struct BackupManifest: Codable, Sendable, Equatable {
    /// Names this file format; a restore refuses any other.
    public static let formatName = "trialdesk-backup"
    /// Bumped when the archive layout changes in a way an older reader would misread.
    public static let currentFormatVersion = 1

    public struct Schema: Codable, Sendable, Equatable {
        /// The applied migrations, in the order this TrialDesk version runs them.
        public var migrations: [String]
        public var migrationCount: Int
    }

    public struct ChainHead: Codable, Sendable, Equatable {
        public var sequence: Int64
        public var hash: String

        public init(sequence: Int64, hash: String) {
            self.sequence = sequence
            self.hash = hash
        }
    }

    public struct Table: Codable, Sendable, Equatable {
        public var name: String
        /// The archive entry holding the rows: one JSON array of values per line, in `columns` order.
        public var file: String
        public var columns: [BackupColumn]
        public var rows: Int
        public var bytes: Int
        public var sha256: String
    }

    public var format: String
    public var formatVersion: Int
    public var trialDeskVersion: String
    public var createdAt: String
    /// "sqlite" or "postgresql": where the rows came from (they restore into either).
    public var sourceDatabase: String
    public var schema: Schema
    public var auditChainHead: ChainHead
    public var tables: [Table]
    /// SHA-256 of every table file's bytes, concatenated in `tables` order.
    public var contentSHA256: String
}

/// A column as a backup describes it: its name and the kind of value it holds, independent of how SQLite or
/// PostgreSQL declares it (a boolean is INTEGER in SQLite and BOOL in PostgreSQL).
public struct BackupColumn: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case integer, real, text, boolean, uuid, bytes
    }

    public var name: String
    public var kind: Kind

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

extension BackupColumn.Kind {
    /// Maps a declared column type to its kind; an unknown type stops the backup rather than lose its values.
    init(declaredType: String, table: String, column: String) throws {
        let type = declaredType.lowercased()
        switch type {
        case "integer", "int", "bigint", "smallint", "int4", "int8", "int2": self = .integer
        case "real", "double", "double precision", "float", "numeric": self = .real
        case "text", "character varying", "varchar", "character", "char", "json", "jsonb": self = .text
        case "boolean", "bool": self = .boolean
        case "uuid": self = .uuid
        case "blob", "bytea": self = .bytes
        default:
            throw BackupError.unsupportedColumn(table: table, column: column, declaredType: declaredType)
        }
    }
}

/// One stored value in a backup line. Written by the kind of the source column, read back by the kind of
/// the target column (an integer 1 becomes `true` in a PostgreSQL boolean column, and the reverse).
enum BackupValue: Codable, Equatable {
    case null
    case boolean(Bool)
    case integer(Int64)
    case real(Double)
    case text(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .boolean(value) }
        else if let value = try? container.decode(Int64.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .real(value) }
        else { self = .text(try container.decode(String.self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .boolean(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .real(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        }
    }
}
