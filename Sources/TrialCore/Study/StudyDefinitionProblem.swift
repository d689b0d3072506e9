import Foundation

/// One thing wrong with a study definition: where (field path), which rule, and a message
/// that tells the study team what to change.
public struct StudyDefinitionProblem: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var path: StudyFieldPath
    public var rule: StudyRule
    public var message: String

    public init(path: StudyFieldPath, rule: StudyRule, message: String) {
        self.path = path
        self.rule = rule
        self.message = message
    }

    /// The path as text, e.g. `allocationRatio.XYZ`.
    public var field: String { path.description }

    public var description: String { "\(field): \(message)" }

    /// The same problem in the shape every entry point reports rejected input.
    public var fieldError: FieldError { FieldError(field: field, message: message) }
}

/// Thrown while decoding a study definition when a value is present but not allowed
/// (an unknown form name, a value rule that does not parse). It carries the decoder's
/// path so that a file reader can point at the line.
public struct StudyValueRejection: Error, Sendable, Hashable, CustomStringConvertible {
    public var problem: StudyDefinitionProblem

    public init(codingPath: [any CodingKey], rule: StudyRule, message: String) {
        self.problem = StudyDefinitionProblem(path: StudyFieldPath(codingPath: codingPath), rule: rule, message: message)
    }

    public var description: String { problem.description }
}

extension Decoder {
    /// Decodes a closed set of words (form names, criterion kinds, ...) and rejects anything else
    /// with a message that lists what is allowed.
    func decodeWord<Word: RawRepresentable & CaseIterable>(
        _ type: Word.Type, rule: StudyRule = .invalidValue, noun: String
    ) throws -> Word where Word.RawValue == String {
        let text = try singleValueContainer().decode(String.self)
        if let word = Word(rawValue: text) { return word }
        let allowed = Word.allCases.map(\.rawValue).joined(separator: ", ")
        throw StudyValueRejection(
            codingPath: codingPath, rule: rule,
            message: "'\(text)' is not a known \(noun); use one of: \(allowed)")
    }
}

extension KeyedDecodingContainer {
    /// `Decoder.decodeWord` for a keyed value; a missing key is reported as missing.
    func decodeWord<Word: RawRepresentable & CaseIterable>(
        _ type: Word.Type, forKey key: Key, rule: StudyRule = .invalidValue, noun: String
    ) throws -> Word where Word.RawValue == String {
        let text = try decode(String.self, forKey: key)
        if let word = Word(rawValue: text) { return word }
        let allowed = Word.allCases.map(\.rawValue).joined(separator: ", ")
        throw StudyValueRejection(
            codingPath: codingPath + [key], rule: rule,
            message: "'\(text)' is not a known \(noun); use one of: \(allowed)")
    }
}
