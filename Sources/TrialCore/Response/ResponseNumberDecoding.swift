import Foundation

extension KeyedDecodingContainer {
    /// Decodes a JSON number as an exact `Decimal` (never through binary floating point), with a
    /// message that says what is expected when the value is not a number.
    func decodeResponseDecimal(forKey key: Key, meaning: String) throws -> Decimal {
        // Asked with `decode`, so that an absent key is `keyNotFound` ("is required") and the API's schema,
        // derived from what decoding asks, lists the key as required.
        do {
            return try decode(Decimal.self, forKey: key)
        } catch DecodingError.typeMismatch {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "must be \(meaning)")
        } catch DecodingError.valueNotFound {
            throw DecodingError.valueNotFound(Double.self, DecodingError.Context(codingPath: codingPath + [key], debugDescription: "must be \(meaning), not null"))
        }
    }

    /// As `decodeResponseDecimal`, with an absent key or `null` read as nil.
    func decodeResponseDecimalIfPresent(forKey key: Key, meaning: String) throws -> Decimal? {
        do {
            return try decodeIfPresent(Decimal.self, forKey: key)
        } catch DecodingError.typeMismatch {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "must be \(meaning)")
        }
    }
}
