import Foundation

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
