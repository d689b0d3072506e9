import Foundation

extension AnalysisDataset {
    /// A JSON description of the dataset that the transport checker compares a written file against:
    ///
    ///     {"name": "ADTTE", "label": "...",
    ///      "variables": [{"name": "AVAL", "label": "...", "type": "numeric", "length": 8, "format": "DATE9."}],
    ///      "rows": [[12.0, "text", "2026-03-14", null]]}
    ///
    /// `format` is null when the variable has none; dates are `YYYY-MM-DD`; missing values (and NaN) are
    /// null. Without rows (`includingRows: false`) the values come from the companion CSV instead.
    public func descriptionJSON(includingRows: Bool = true) throws -> Data {
        let description = DatasetDescription(
            name: name,
            label: label,
            variables: variables.map { variable in
                VariableDescription(
                    name: variable.name,
                    label: variable.label,
                    type: variable.type.isNumeric ? "numeric" : "character",
                    length: variable.type.length,
                    format: variable.format?.description
                )
            },
            rows: includingRows ? rows.map { $0.map(ValueDescription.init) } : nil
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(description)
    }
}

private struct DatasetDescription: Encodable {
    var name: String
    var label: String
    var variables: [VariableDescription]
    var rows: [[ValueDescription]]?
}

private struct VariableDescription: Encodable {
    var name: String
    var label: String
    var type: String
    var length: Int
    var format: String?

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(label, forKey: .label)
        try container.encode(type, forKey: .type)
        try container.encode(length, forKey: .length)
        try container.encode(format, forKey: .format)  // an explicit null, so the checker sees "no format"
    }

    enum CodingKeys: String, CodingKey { case name, label, type, length, format }
}

private struct ValueDescription: Encodable {
    var value: AnalysisValue

    init(_ value: AnalysisValue) { self.value = value }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .number(let number) where number.isNaN: try container.encodeNil()
        case .number(let number): try container.encode(number)
        case .text(let text): try container.encode(text)
        case .date(let date): try container.encode(date.iso8601)
        case .missing: try container.encodeNil()
        }
    }
}
