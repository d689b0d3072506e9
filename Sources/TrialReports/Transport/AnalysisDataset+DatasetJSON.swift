import Foundation
import TrialCore

/// What a Dataset-JSON file says about where it comes from: the study, the Define-XML that describes it
/// and the system that wrote it (CDISC Dataset-JSON 1.1, top-level attributes).
public struct DatasetJSONContext: Hashable, Sendable {
    public var studyOID: String
    public var metaDataVersionOID: String
    /// The Define-XML beside the datasets, relative to them; nil for a dataset it does not describe.
    public var metaDataRef: String?
    public var created: Date
    /// TrialDesk's version, when the caller knows it (the source system is left out otherwise).
    public var sourceSystemVersion: String?

    public init(studyOID: String, metaDataVersionOID: String, metaDataRef: String? = "define.xml", created: Date,
                sourceSystemVersion: String? = nil) {
        self.studyOID = studyOID
        self.metaDataVersionOID = metaDataVersionOID
        self.metaDataRef = metaDataRef
        self.created = created
        self.sourceSystemVersion = sourceSystemVersion
    }
}

extension AnalysisVariable {
    /// The Define-XML / Dataset-JSON OID of this variable in `dataset`: `IT.<DATASET>.<NAME>`.
    public func itemOID(in dataset: String) -> String { "IT.\(dataset).\(name)" }

    /// The variable's Dataset-JSON 1.1 data type: text is `string`; a numeric with a date format is a `date`
    /// (ISO 8601 text in JSON, a SAS date number in the transport file, hence `targetDataType: integer`);
    /// every other numeric is a `double`, the 8-byte number the transport file holds.
    public var datasetJSONDataType: String {
        guard type.isNumeric else { return "string" }
        return format == .date9 ? "date" : "double"
    }
}

extension AnalysisDataset {
    /// The dataset as CDISC Dataset-JSON 1.1 (the schema in tools/dataset-json/): the top-level attributes,
    /// one column per variable carrying what the transport file holds about it (name, label, type, length,
    /// display format), and the rows, one per line. Missing values are null, dates ISO 8601 text, numbers
    /// JSON numbers that read back to the same doubles. The metadata comes before the rows, as the standard
    /// asks, so that a streaming reader knows the columns first.
    public func datasetJSON(_ context: DatasetJSONContext) throws -> Data {
        let metadata = DatasetJSONMetadata(
            datasetJSONCreationDateTime: UTCTimestamp.string(from: context.created),
            datasetJSONVersion: "1.1.0",
            fileOID: "\(context.studyOID)/\(context.metaDataVersionOID)/\(name)",
            originator: "TrialDesk",
            sourceSystem: context.sourceSystemVersion.map { DatasetJSONMetadata.SourceSystem(name: "TrialDesk", version: $0) },
            studyOID: context.studyOID,
            metaDataVersionOID: context.metaDataVersionOID,
            metaDataRef: context.metaDataRef,
            itemGroupOID: "IG.\(name)",
            records: rows.count,
            name: name,
            label: label,
            columns: variables.map { variable in
                DatasetJSONColumn(
                    itemOID: variable.itemOID(in: name), name: variable.name, label: variable.label,
                    dataType: variable.datasetJSONDataType,
                    targetDataType: variable.datasetJSONDataType == "date" ? "integer" : nil,
                    length: variable.type.length, displayFormat: variable.format?.description)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes = Array(try encoder.encode(metadata))
        // `{...}` becomes `{..., "rows": [...]}` with the rows last.
        bytes.removeLast()
        bytes.append(contentsOf: ",\"rows\":[\n".utf8)
        // The rows are written cell by cell: through JSONEncoder they were a sixth of `analyze` at 1,200 participants.
        for (index, row) in rows.enumerated() {
            if index > 0 { bytes.append(contentsOf: ",\n".utf8) }
            bytes.append(UInt8(ascii: "["))
            for (column, value) in row.enumerated() {
                if column > 0 { bytes.append(UInt8(ascii: ",")) }
                Self.appendCell(value, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        }
        bytes.append(contentsOf: "\n]}\n".utf8)
        return Data(bytes)
    }

    /// One cell: null for missing (and NaN or infinity, which JSON cannot hold), a date as ISO 8601 text, a number
    /// as Swift's shortest text that reads back to the same double (valid JSON for every finite double).
    static func appendCell(_ value: AnalysisValue, to bytes: inout [UInt8]) {
        switch value {
        case .number(let number) where !number.isFinite: bytes.append(contentsOf: "null".utf8)
        case .number(let number): bytes.append(contentsOf: number.description.utf8)
        case .text(let text): JSONStringLiteral.append(text, to: &bytes)
        case .date(let date): JSONStringLiteral.append(date.iso8601, to: &bytes)
        case .missing: bytes.append(contentsOf: "null".utf8)
        }
    }
}

struct DatasetJSONMetadata: Encodable {
    struct SourceSystem: Encodable {
        var name: String
        var version: String
    }

    var datasetJSONCreationDateTime: String
    var datasetJSONVersion: String
    var fileOID: String
    var originator: String
    var sourceSystem: SourceSystem?
    var studyOID: String
    var metaDataVersionOID: String
    var metaDataRef: String?
    var itemGroupOID: String
    var records: Int
    var name: String
    var label: String
    var columns: [DatasetJSONColumn]
}

struct DatasetJSONColumn: Encodable {
    var itemOID: String
    var name: String
    var label: String
    var dataType: String
    var targetDataType: String?
    var length: Int
    var displayFormat: String?
}
