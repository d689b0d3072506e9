// RequestSchemaProbe.swift
//
// Derives a JSON Schema (OpenAPI 3.1 dialect) for a Decodable request type by decoding a known-good
// example through a decoder that serves the example's real values and records every key and type the
// type's `init(from:)` asks for. Because the real decoding code runs, custom validation, custom keys and
// hand-written `init(from:)` implementations are described as they actually behave.
//
// Foundation only.

import Foundation

/// A type that states its own JSON Schema (a calendar date string, a bounded text, a UUID wrapper...).
/// The probe uses `jsonSchema` verbatim instead of looking inside the type's decoding.
///
/// When the probe has no example value for such a type (an optional property missing from the example),
/// it serves a sample derived from the schema (`default`, `const`, `example(s)`, `enum`, `format`, `type`)
/// so that the enclosing type can go on decoding.
protocol JSONSchemaDescribed {
    static var jsonSchema: [String: Any] { get }
}

enum RequestSchemaProbe {
    /// The JSON Schema of `type`, found by decoding `example` (encoded with JSONEncoder, dates as ISO 8601)
    /// through a recording decoder. Never throws: if decoding stops part-way, what was recorded is returned.
    static func schema<T: Codable>(
        of type: T.Type,
        example: T,
        userInfo: [CodingUserInfoKey: Any] = [:]
    ) -> [String: Any] {
        schema(of: type, examples: [example], userInfo: userInfo)
    }

    /// Like `schema(of:example:)` with several examples, for types whose decoding takes different paths
    /// depending on the value (enums with associated values, "number or string" values...).
    /// Examples that produce the same schema collapse; different ones become `anyOf` branches.
    /// With no example at all, the type is probed schema-only.
    static func schema<T: Codable>(
        of type: T.Type,
        examples: [T],
        userInfo: [CodingUserInfoKey: Any] = [:]
    ) -> [String: Any] {
        let trees: [Any?] = examples.isEmpty ? [nil] : examples.map { exampleTree(of: $0) }
        let schemas = trees.map { tree -> [String: Any] in
            let root = ProbedNode()
            let session = ProbeSession(userInfo: userInfo)
            // A nil tree (the example could not be encoded) means schema-only probing.
            _ = try? session.decode(T.self, from: tree, into: root, codingPath: [])
            return root.jsonSchema()
        }
        return SchemaAlgebra.anyOf(schemas)
    }

    /// The schema of `type` found by decoding an example written as JSON (the shape a client sends, which
    /// can differ from how the type encodes itself, e.g. an activity entered as value and unit).
    static func schema(of type: any Decodable.Type, exampleJSON: Data, userInfo: [CodingUserInfoKey: Any] = [:]) -> [String: Any] {
        let tree = try? JSONSerialization.jsonObject(with: exampleJSON, options: [.fragmentsAllowed])
        return schema(decoding: type, tree: tree, userInfo: userInfo)
    }

    private static func schema<T: Decodable>(decoding type: T.Type, tree: Any?, userInfo: [CodingUserInfoKey: Any]) -> [String: Any] {
        let root = ProbedNode()
        let session = ProbeSession(userInfo: userInfo)
        _ = try? session.decode(T.self, from: tree, into: root, codingPath: [])
        return root.jsonSchema()
    }

    /// The example as a JSONSerialization tree: [String: Any], [Any], String, NSNumber, NSNull.
    private static func exampleTree<T: Encodable>(of example: T) -> Any? {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(example) else { return nil }
        return try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }
}

// MARK: - Recorded schema tree

/// One position in the decoded value (the root, a property, an array element...).
/// Each Swift type asked to decode at this position gets its own variant, so that a decoder that tries
/// type A and falls back to type B is described as "A or B" rather than a blend of both.
private final class ProbedNode {
    private var variantOrder: [ObjectIdentifier] = []
    private var variantsByType: [ObjectIdentifier: SchemaVariant] = [:]

    func variant(for type: Any.Type) -> SchemaVariant {
        let id = ObjectIdentifier(type)
        if let existing = variantsByType[id] { return existing }
        let variant = SchemaVariant()
        variantsByType[id] = variant
        variantOrder.append(id)
        return variant
    }

    func jsonSchema() -> [String: Any] {
        let variants = variantOrder.compactMap { variantsByType[$0] }
        return SchemaAlgebra.anyOf(variants.flatMap { $0.alternatives() })
    }
}

/// What one Swift type asked for at one position.
private final class SchemaVariant {
    /// Set for types that describe themselves (JSONSchemaDescribed, enums, Date, UUID...).
    var fixedSchema: [String: Any]?
    /// Set when schema-only probing reached a type that is already being decoded further up:
    /// the position is described by that ancestor's outline instead of unrolling the recursion.
    var recursionTarget: SchemaVariant?
    private(set) var scalarTypes: [String] = []
    private(set) var objectShape: ObjectShape?
    private(set) var arrayShape: ArrayShape?
    private(set) var dictionaryShape: DictionaryShape?

    func recordScalar(_ jsonType: String) {
        if !scalarTypes.contains(jsonType) { scalarTypes.append(jsonType) }
    }

    func ensureObjectShape() -> ObjectShape {
        if let objectShape { return objectShape }
        let shape = ObjectShape()
        objectShape = shape
        return shape
    }

    func ensureArrayShape() -> ArrayShape {
        if let arrayShape { return arrayShape }
        let shape = ArrayShape()
        arrayShape = shape
        return shape
    }

    func ensureDictionaryShape() -> DictionaryShape {
        if let dictionaryShape { return dictionaryShape }
        let shape = DictionaryShape()
        dictionaryShape = shape
        return shape
    }

    func alternatives() -> [[String: Any]] {
        var result: [[String: Any]] = []
        if let fixedSchema { result.append(fixedSchema) }
        if let recursionTarget { result += recursionTarget.outline() }
        result += scalarTypes.map { ["type": $0] }
        if let objectShape { result.append(objectShape.jsonSchema()) }
        if let arrayShape { result.append(arrayShape.jsonSchema()) }
        if let dictionaryShape { result.append(dictionaryShape.jsonSchema()) }
        return result
    }

    /// The variant's kinds without their contents: enough to say "an object" at a recursion cut.
    private func outline() -> [[String: Any]] {
        var result: [[String: Any]] = []
        if let fixedSchema { result.append(fixedSchema) }
        result += scalarTypes.map { ["type": $0] }
        if objectShape != nil || dictionaryShape != nil { result.append(["type": "object"]) }
        if arrayShape != nil { result.append(["type": "array"]) }
        return result
    }
}

private final class ObjectShape {
    private var propertyNodes: [String: ProbedNode] = [:]
    private var requiredKeys: Set<String> = []
    private var keysCheckedWithContains: Set<String> = []

    func requiredProperty(_ name: String) -> ProbedNode {
        // `if container.contains(key) { try container.decode(..., forKey: key) }` tolerates an absent key,
        // so a key checked with `contains` before being decoded stays optional.
        if !keysCheckedWithContains.contains(name) { requiredKeys.insert(name) }
        return property(name)
    }

    func optionalProperty(_ name: String) -> ProbedNode { property(name) }

    func noteContainsCheck(_ name: String) { keysCheckedWithContains.insert(name) }

    /// The example lacked the key, `decode(_:forKey:)` threw, and the type still decoded: the key is optional.
    func forgiveMissingKey(_ name: String) { requiredKeys.remove(name) }

    private func property(_ name: String) -> ProbedNode {
        if let node = propertyNodes[name] { return node }
        let node = ProbedNode()
        propertyNodes[name] = node
        return node
    }

    func jsonSchema() -> [String: Any] {
        var schema: [String: Any] = ["type": "object"]
        if !propertyNodes.isEmpty { schema["properties"] = propertyNodes.mapValues { $0.jsonSchema() } }
        if !requiredKeys.isEmpty { schema["required"] = requiredKeys.sorted() }
        return schema
    }
}

private final class ArrayShape {
    private var elementNodes: [Int: ProbedNode] = [:]

    func elementNode(at index: Int) -> ProbedNode {
        if let node = elementNodes[index] { return node }
        let node = ProbedNode()
        elementNodes[index] = node
        return node
    }

    func jsonSchema() -> [String: Any] {
        var schema: [String: Any] = ["type": "array"]
        let elementSchemas = elementNodes.keys.sorted().compactMap { elementNodes[$0]?.jsonSchema() }
        let items = SchemaAlgebra.mergeSiblings(elementSchemas)
        if !items.isEmpty { schema["items"] = items }
        return schema
    }
}

/// A Swift Dictionary decoded from a JSON object: every key maps to the same value schema.
private final class DictionaryShape {
    var propertyNamesSchema: [String: Any]?
    private var valueNodes: [String: ProbedNode] = [:]
    /// Receives the schema-only probe of the value type when the example dictionary is empty.
    let probeNode = ProbedNode()

    func valueNode(forKey key: String) -> ProbedNode {
        if let node = valueNodes[key] { return node }
        let node = ProbedNode()
        valueNodes[key] = node
        return node
    }

    func jsonSchema() -> [String: Any] {
        var schema: [String: Any] = ["type": "object"]
        let valueSchemas = valueNodes.keys.sorted().compactMap { valueNodes[$0]?.jsonSchema() } + [probeNode.jsonSchema()]
        let values = SchemaAlgebra.mergeSiblings(valueSchemas)
        if !values.isEmpty { schema["additionalProperties"] = values }
        if let propertyNamesSchema { schema["propertyNames"] = propertyNamesSchema }
        return schema
    }
}

// MARK: - Probe session

private enum ProbeStop: Error {
    case recursiveType
    case tooDeep
}

/// Marks the variant used by containers asked without a Swift type
/// (`nestedContainer`, `nestedUnkeyedContainer`, `superDecoder`).
private enum NestedContainerMarker {}

/// Runs one probe: serves the example, records into the schema tree, guards schema-only recursion.
private final class ProbeSession {
    let userInfo: [CodingUserInfoKey: Any]
    private var frames: [DecodeFrame] = []
    private static let maxSchemaOnlyDepth = 12

    /// One `decode` call in progress.
    private final class DecodeFrame {
        let type: ObjectIdentifier
        let variant: SchemaVariant
        let isSchemaOnly: Bool
        var keysMissingFromExample: [(shape: ObjectShape, key: String)] = []

        init(type: ObjectIdentifier, variant: SchemaVariant, isSchemaOnly: Bool) {
            self.type = type
            self.variant = variant
            self.isSchemaOnly = isSchemaOnly
        }
    }

    init(userInfo: [CodingUserInfoKey: Any]) {
        self.userInfo = userInfo
    }

    /// Decodes a `T` at `node` from `value`, recording what T asks for.
    /// `value == nil` means schema-only: no example data here, placeholders are served instead.
    func decode<T: Decodable>(
        _ type: T.Type,
        from value: Any?,
        into node: ProbedNode,
        codingPath: [CodingKey]
    ) throws -> T {
        let typeID = ObjectIdentifier(T.self)
        let variant = node.variant(for: T.self)
        let isSchemaOnly = value == nil
        if isSchemaOnly {
            // Example data always ends; schema-only probing does not, so recursion is cut explicitly.
            if let ancestor = frames.last(where: { $0.type == typeID }) {
                variant.recursionTarget = ancestor.variant
                throw ProbeStop.recursiveType
            }
            guard frames.filter(\.isSchemaOnly).count < Self.maxSchemaOnlyDepth else { throw ProbeStop.tooDeep }
        }
        let frame = DecodeFrame(type: typeID, variant: variant, isSchemaOnly: isSchemaOnly)
        frames.append(frame)
        defer { frames.removeLast() }

        let result = try decodeRecording(T.self, from: value, variant: variant, codingPath: codingPath, node: node)
        // T caught the keyNotFound errors for these keys and still decoded, so they are not required.
        for missing in frame.keysMissingFromExample { missing.shape.forgiveMissingKey(missing.key) }
        return result
    }

    /// Records whatever `type` asks for at `node` with no example value; errors only end the probe,
    /// what was recorded before them stays.
    func probeSchemaOnly(_ type: any Decodable.Type, into node: ProbedNode, codingPath: [CodingKey]) {
        _ = try? decode(type, from: nil, into: node, codingPath: codingPath)
    }

    /// Called by a keyed container just before it throws keyNotFound for a key the example lacks.
    func noteKeyMissingFromExample(_ key: String, in shape: ObjectShape) {
        // The innermost frame is the type whose init(from:) asked for the key.
        frames.last?.keysMissingFromExample.append((shape, key))
    }

    private func decodeRecording<T: Decodable>(
        _ type: T.Type,
        from value: Any?,
        variant: SchemaVariant,
        codingPath: [CodingKey],
        node: ProbedNode
    ) throws -> T {
        if let fixedSchema = Self.fixedSchema(for: T.self) {
            variant.fixedSchema = fixedSchema
            let servedValue = value ?? SchemaSample.value(for: fixedSchema)
            return try decodeUnrecorded(T.self, from: servedValue, codingPath: codingPath)
        }

        if let sequenceType = T.self as? any ProbeableSequence.Type, JSONValue.isAbsentOrEmptyArray(value) {
            // An empty array never asks for an element; probe the element type so that `items` is known.
            let elementNode = variant.ensureArrayShape().elementNode(at: 0)
            let elementPath = codingPath + [AnyCodingKey(intValue: 0)]
            probeSchemaOnly(sequenceType.probeElementType, into: elementNode, codingPath: elementPath)
        }

        var keysAreArbitrary = false
        if let dictionaryType = T.self as? any ProbeableDictionary.Type, dictionaryType.decodesFromJSONObject {
            keysAreArbitrary = true
            let shape = variant.ensureDictionaryShape()
            shape.propertyNamesSchema = Self.propertyNamesSchema(for: dictionaryType.probeKeyType)
            if JSONValue.isAbsentOrEmptyObject(value) {
                let valuePath = codingPath + [AnyCodingKey(stringValue: "*")]
                probeSchemaOnly(dictionaryType.probeValueType, into: shape.probeNode, codingPath: valuePath)
            }
        }

        let decoder = RecordingDecoder(
            value: value, node: node, variant: variant, codingPath: codingPath,
            keysAreArbitrary: keysAreArbitrary, session: self
        )
        return try T(from: decoder)
    }

    /// Decodes a type whose schema is already known, without recording what it asks for.
    private func decodeUnrecorded<T: Decodable>(_ type: T.Type, from value: Any?, codingPath: [CodingKey]) throws -> T {
        guard let value else {
            throw DecodingError.valueNotFound(T.self, .init(
                codingPath: codingPath,
                debugDescription: "No example value here and no sample derivable from the schema of \(T.self)"
            ))
        }
        if let foundationValue = try FoundationValue.decode(T.self, from: value, codingPath: codingPath) {
            return foundationValue
        }
        let scratch = ProbedNode()
        return try T(from: RecordingDecoder(
            value: value, node: scratch, variant: scratch.variant(for: T.self), codingPath: codingPath,
            keysAreArbitrary: false, session: self
        ))
    }

    private static func fixedSchema(for type: Any.Type) -> [String: Any]? {
        if let described = type as? any JSONSchemaDescribed.Type { return described.jsonSchema }
        if let foundationSchema = FoundationValue.schema(for: type) { return foundationSchema }
        if let enumeration = type as? any (CaseIterable & RawRepresentable).Type { return enumerationSchema(enumeration) }
        return nil
    }

    /// `{"type": ..., "enum": [raw values]}` for String, integer or floating-point raw values.
    private static func enumerationSchema<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> [String: Any]? {
        let rawValues = E.allCases.map(\.rawValue)
        guard !rawValues.isEmpty else { return nil }
        if let strings = rawValues as? [String] { return ["type": "string", "enum": strings] }
        let integers = rawValues.compactMap { ($0 as? any BinaryInteger).flatMap { Int(exactly: $0) } }
        if integers.count == rawValues.count { return ["type": "integer", "enum": integers] }
        let numbers = rawValues.compactMap { ($0 as? any BinaryFloatingPoint).map { Double($0) } }
        if numbers.count == rawValues.count { return ["type": "number", "enum": numbers] }
        return nil
    }

    /// Constraints on the JSON keys of a dictionary whose Swift key is not String.
    private static func propertyNamesSchema(for keyType: any Decodable.Type) -> [String: Any]? {
        if keyType == Int.self { return ["pattern": "^-?[0-9]+$"] }
        if let enumeration = keyType as? any (CaseIterable & RawRepresentable).Type,
           let schema = enumerationSchema(enumeration), schema["type"] as? String == "string",
           let names = schema["enum"] {
            return ["enum": names]
        }
        return nil
    }
}

// MARK: - Type detection

/// Arrays and sets: lets an empty example array still describe its elements.
private protocol ProbeableSequence {
    static var probeElementType: any Decodable.Type { get }
}

extension Array: ProbeableSequence where Element: Decodable {
    fileprivate static var probeElementType: any Decodable.Type { Element.self }
}

extension ContiguousArray: ProbeableSequence where Element: Decodable {
    fileprivate static var probeElementType: any Decodable.Type { Element.self }
}

extension Set: ProbeableSequence where Element: Decodable {
    fileprivate static var probeElementType: any Decodable.Type { Element.self }
}

/// Dictionaries: their keyed container has arbitrary keys, described as `additionalProperties`.
private protocol ProbeableDictionary {
    static var probeKeyType: any Decodable.Type { get }
    static var probeValueType: any Decodable.Type { get }
    static var decodesFromJSONObject: Bool { get }
}

extension Dictionary: ProbeableDictionary where Key: Decodable, Value: Decodable {
    fileprivate static var probeKeyType: any Decodable.Type { Key.self }
    fileprivate static var probeValueType: any Decodable.Type { Value.self }
    /// Swift decodes a dictionary from a JSON object only for String, Int and CodingKeyRepresentable keys;
    /// other keys use a flat [key, value, key, value...] array, which is recorded as an ordinary array.
    fileprivate static var decodesFromJSONObject: Bool {
        Key.self == String.self || Key.self == Int.self || Key.self is any CodingKeyRepresentable.Type
    }
}

// MARK: - JSON values

private enum JSONValue {
    /// JSONSerialization gives NSNumber for both booleans and numbers; booleans are the CFBoolean
    /// singletons (a dedicated subclass on Linux too), which is how JSONDecoder tells them apart.
    static func isBoolean(_ number: NSNumber) -> Bool {
        number === (true as NSNumber) || number === (false as NSNumber)
            || String(describing: type(of: number)).contains("Boolean")
    }

    static func bool(_ value: Any) -> Bool? {
        guard let number = value as? NSNumber, isBoolean(number) else { return nil }
        return number.boolValue
    }

    static func number(_ value: Any) -> NSNumber? {
        guard let number = value as? NSNumber, !isBoolean(number) else { return nil }
        return number
    }

    /// Accepts integral JSON numbers whichever way they were parsed (`12`, `12.0`, `1e3`), like JSONDecoder.
    static func integer<I: FixedWidthInteger>(_ type: I.Type, from value: Any) -> I? {
        guard let number = number(value) else { return nil }
        // The decimal text is exact for 64-bit values that a Double would round.
        return I(number.stringValue) ?? I(exactly: number.doubleValue)
    }

    static func isAbsentOrEmptyArray(_ value: Any?) -> Bool {
        guard let value else { return true }
        return (value as? [Any])?.isEmpty == true
    }

    static func isAbsentOrEmptyObject(_ value: Any?) -> Bool {
        guard let value else { return true }
        return (value as? [String: Any])?.isEmpty == true
    }

    static func mismatch(_ type: Any.Type, found value: Any, codingPath: [CodingKey]) -> DecodingError {
        if value is NSNull {
            return .valueNotFound(type, .init(codingPath: codingPath, debugDescription: "Expected \(type) but found null"))
        }
        return .typeMismatch(type, .init(
            codingPath: codingPath,
            debugDescription: "Expected \(type) but found \(Swift.type(of: value))"
        ))
    }
}

/// Foundation types that JSONEncoder/JSONDecoder (ISO 8601 dates, base64 data) write as strings or numbers.
private enum FoundationValue {
    static func schema(for type: Any.Type) -> [String: Any]? {
        if type == Date.self { return ["type": "string", "format": "date-time"] }
        if type == UUID.self { return ["type": "string", "format": "uuid"] }
        if type == URL.self { return ["type": "string", "format": "uri"] }
        if type == Data.self { return ["type": "string", "contentEncoding": "base64"] }
        if type == Decimal.self { return ["type": "number"] }
        return nil
    }

    /// The decoded value if `T` is one of the types above, nil if it is not.
    static func decode<T>(_ type: T.Type, from value: Any, codingPath: [CodingKey]) throws -> T? {
        guard schema(for: T.self) != nil else { return nil }
        let text = value as? String
        let decoded: Any?
        if T.self == Date.self {
            decoded = text.flatMap(parseISO8601)
        } else if T.self == UUID.self {
            decoded = text.flatMap(UUID.init(uuidString:))
        } else if T.self == URL.self {
            decoded = text.flatMap { URL(string: $0) }
        } else if T.self == Data.self {
            decoded = text.flatMap { Data(base64Encoded: $0) }
        } else {
            decoded = JSONValue.number(value).flatMap { Decimal(string: $0.stringValue) ?? Decimal($0.doubleValue) }
        }
        guard let typed = decoded as? T else { throw JSONValue.mismatch(T.self, found: value, codingPath: codingPath) }
        return typed
    }

    private static func parseISO8601(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}

/// A value satisfying a schema, served in schema-only mode to types with a fixed schema.
private enum SchemaSample {
    static func value(for schema: [String: Any]) -> Any? {
        if let value = schema["default"] ?? schema["const"] ?? schema["example"] { return value }
        if let values = (schema["examples"] as? [Any]) ?? (schema["enum"] as? [Any]), let first = values.first {
            return first
        }
        switch schema["format"] as? String {
        case "date": return "2000-01-01"
        case "date-time": return "2000-01-01T00:00:00Z"
        case "time": return "00:00:00"
        case "uuid": return "00000000-0000-0000-0000-000000000000"
        case "uri", "url": return "https://example.com"
        case "email": return "user@example.com"
        default: break
        }
        switch schema["type"] as? String {
        case "string": return String(repeating: "a", count: (schema["minLength"] as? Int) ?? 0)
        case "integer", "number": return schema["minimum"] ?? 0
        case "boolean": return false
        case "object": return [String: Any]()
        case "array": return [Any]()
        default: return nil
        }
    }
}

// MARK: - Schema combination

private enum SchemaAlgebra {
    /// The alternatives accepted at one position: duplicates collapse, bare types join into one `type`
    /// list, anything else becomes an `anyOf` branch.
    static func anyOf(_ schemas: [[String: Any]]) -> [String: Any] {
        let flattened = schemas.flatMap { schema -> [[String: Any]] in
            if schema.count == 1, let branches = schema["anyOf"] as? [[String: Any]] { return branches }
            return [schema]
        }
        var bareTypes: [String] = []
        var others: [[String: Any]] = []
        for schema in simplified(flattened) {
            if let types = bareTypeNames(schema) {
                for type in types where !bareTypes.contains(type) { bareTypes.append(type) }
            } else {
                others.append(schema)
            }
        }
        // Every integer is a number.
        if bareTypes.contains("number") { bareTypes.removeAll { $0 == "integer" } }
        var alternatives = others
        if let onlyType = bareTypes.first, bareTypes.count == 1 {
            alternatives.insert(["type": onlyType], at: 0)
        } else if !bareTypes.isEmpty {
            alternatives.insert(["type": bareTypes], at: 0)
        }
        if alternatives.count > 1 { return ["anyOf": alternatives] }
        return alternatives.first ?? [:]
    }

    /// Several values of one declared type (array elements, dictionary values): objects merge into one
    /// (properties united, only keys required by every value stay required), arrays merge their items,
    /// anything else is kept as alternatives.
    static func mergeSiblings(_ schemas: [[String: Any]]) -> [String: Any] {
        let candidates = simplified(schemas)
        guard candidates.count > 1 else { return candidates.first ?? [:] }

        if candidates.allSatisfy({ isPlain($0, type: "object", keys: ["type", "properties", "required"]) }) {
            var propertySchemas: [String: [[String: Any]]] = [:]
            var requiredByAll: Set<String>?
            for schema in candidates {
                for (name, propertySchema) in (schema["properties"] as? [String: [String: Any]]) ?? [:] {
                    propertySchemas[name, default: []].append(propertySchema)
                }
                let required = Set((schema["required"] as? [String]) ?? [])
                requiredByAll = requiredByAll.map { $0.intersection(required) } ?? required
            }
            var merged: [String: Any] = ["type": "object"]
            if !propertySchemas.isEmpty { merged["properties"] = propertySchemas.mapValues(mergeSiblings) }
            if let requiredByAll, !requiredByAll.isEmpty { merged["required"] = requiredByAll.sorted() }
            return merged
        }

        if candidates.allSatisfy({ isPlain($0, type: "array", keys: ["type", "items"]) }) {
            var merged: [String: Any] = ["type": "array"]
            let items = mergeSiblings(candidates.compactMap { $0["items"] as? [String: Any] })
            if !items.isEmpty { merged["items"] = items }
            return merged
        }

        return anyOf(candidates)
    }

    /// Drops empty (unknown) schemas when others exist, duplicates, and bare `{"type": t}` schemas that
    /// a richer schema of the same type already covers (e.g. an object cut at a recursion).
    private static func simplified(_ schemas: [[String: Any]]) -> [[String: Any]] {
        var unique: [[String: Any]] = []
        var seen: Set<String> = []
        for schema in schemas where !schema.isEmpty && seen.insert(canonical(schema)).inserted {
            unique.append(schema)
        }
        return unique.filter { schema in
            guard schema.count == 1, let type = schema["type"] as? String else { return true }
            return !unique.contains { $0.count > 1 && ($0["type"] as? String) == type }
        }
    }

    private static func bareTypeNames(_ schema: [String: Any]) -> [String]? {
        guard schema.count == 1 else { return nil }
        if let type = schema["type"] as? String { return [type] }
        return schema["type"] as? [String]
    }

    private static func isPlain(_ schema: [String: Any], type: String, keys: Set<String>) -> Bool {
        (schema["type"] as? String) == type && Set(schema.keys).isSubset(of: keys)
    }

    static func canonical(_ schema: [String: Any]) -> String {
        guard JSONSerialization.isValidJSONObject(schema),
              let data = try? JSONSerialization.data(withJSONObject: schema, options: [.sortedKeys])
        else { return String(describing: schema) }
        return String(decoding: data, as: UTF8.self)
    }
}

// MARK: - Recording decoder

private struct AnyCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}

private final class RecordingDecoder: Decoder {
    /// The example value at this position; nil in schema-only mode.
    let value: Any?
    let node: ProbedNode
    let variant: SchemaVariant
    let codingPath: [CodingKey]
    /// True while decoding a Dictionary: its keys are data, not property names.
    let keysAreArbitrary: Bool
    let session: ProbeSession

    var userInfo: [CodingUserInfoKey: Any] { session.userInfo }

    init(
        value: Any?, node: ProbedNode, variant: SchemaVariant, codingPath: [CodingKey],
        keysAreArbitrary: Bool, session: ProbeSession
    ) {
        self.value = value
        self.node = node
        self.variant = variant
        self.codingPath = codingPath
        self.keysAreArbitrary = keysAreArbitrary
        self.session = session
    }

    /// A decoder for a container asked without a Swift type (nested containers, super decoders).
    func childDecoder(value: Any?, node: ProbedNode, codingPath: [CodingKey]) -> RecordingDecoder {
        RecordingDecoder(
            value: value, node: node, variant: node.variant(for: NestedContainerMarker.self),
            codingPath: codingPath, keysAreArbitrary: false, session: session
        )
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let shape: KeyedShape = keysAreArbitrary
            ? .dictionary(variant.ensureDictionaryShape())
            : .object(variant.ensureObjectShape())
        var entries: [String: Any]?
        if let value {
            guard let object = value as? [String: Any] else {
                throw JSONValue.mismatch([String: Any].self, found: value, codingPath: codingPath)
            }
            entries = object
        }
        return KeyedDecodingContainer(RecordingKeyedContainer<Key>(decoder: self, entries: entries, shape: shape))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        let shape = variant.ensureArrayShape()
        var elements: [Any]?
        if let value {
            guard let array = value as? [Any] else {
                throw JSONValue.mismatch([Any].self, found: value, codingPath: codingPath)
            }
            elements = array
        }
        return RecordingUnkeyedContainer(decoder: self, elements: elements, shape: shape)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer {
        RecordingSingleValueContainer(decoder: self)
    }
}

/// Where a keyed container records its keys.
private enum KeyedShape {
    case object(ObjectShape)
    case dictionary(DictionaryShape)

    func node(forKey name: String, required: Bool) -> ProbedNode {
        switch self {
        case .object(let shape): return required ? shape.requiredProperty(name) : shape.optionalProperty(name)
        case .dictionary(let shape): return shape.valueNode(forKey: name)
        }
    }

    var objectShape: ObjectShape? {
        if case .object(let shape) = self { return shape }
        return nil
    }
}

private struct RecordingKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: RecordingDecoder
    /// The example object's entries; nil in schema-only mode.
    let entries: [String: Any]?
    let shape: KeyedShape

    var codingPath: [CodingKey] { decoder.codingPath }
    var allKeys: [Key] { (entries?.keys.sorted() ?? []).compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool {
        shape.objectShape?.noteContainsCheck(key.stringValue)
        // With no example to consult, say yes so that keys guarded by `contains` are still probed.
        guard let entries else { return true }
        return entries[key.stringValue] != nil
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let entries else { return false }
        guard let entry = entries[key.stringValue] else { throw keyNotFound(key) }
        return entry is NSNull
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decodeRequired(type, forKey: key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decodeRequired(type, forKey: key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decodeRequired(type, forKey: key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decodeRequired(type, forKey: key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decodeRequired(type, forKey: key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decodeRequired(type, forKey: key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decodeRequired(type, forKey: key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decodeRequired(type, forKey: key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decodeRequired(type, forKey: key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decodeRequired(type, forKey: key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decodeRequired(type, forKey: key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decodeRequired(type, forKey: key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decodeRequired(type, forKey: key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decodeRequired(type, forKey: key) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decodeRequired(type, forKey: key) }
    // The protocol's defaults for the 128-bit integers throw instead of decoding.
    @available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, visionOS 2.0, *)
    func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 { try decodeRequired(type, forKey: key) }
    @available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, visionOS 2.0, *)
    func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 { try decodeRequired(type, forKey: key) }

    // The protocol's default decodeIfPresent would go through decode(_:forKey:) and look required.
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try decodeOptional(type, forKey: key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try decodeOptional(type, forKey: key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try decodeOptional(type, forKey: key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try decodeOptional(type, forKey: key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try decodeOptional(type, forKey: key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try decodeOptional(type, forKey: key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try decodeOptional(type, forKey: key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try decodeOptional(type, forKey: key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try decodeOptional(type, forKey: key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try decodeOptional(type, forKey: key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try decodeOptional(type, forKey: key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try decodeOptional(type, forKey: key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try decodeOptional(type, forKey: key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try decodeOptional(type, forKey: key) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try decodeOptional(type, forKey: key)
    }
    @available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, visionOS 2.0, *)
    func decodeIfPresent(_ type: Int128.Type, forKey key: Key) throws -> Int128? { try decodeOptional(type, forKey: key) }
    @available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, visionOS 2.0, *)
    func decodeIfPresent(_ type: UInt128.Type, forKey key: Key) throws -> UInt128? { try decodeOptional(type, forKey: key) }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try childDecoder(forKey: key, nullIfMissing: false).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        try childDecoder(forKey: key, nullIfMissing: false).unkeyedContainer()
    }

    func superDecoder() throws -> Decoder {
        try childDecoder(forKey: AnyCodingKey(stringValue: "super"), nullIfMissing: true)
    }

    func superDecoder(forKey key: Key) throws -> Decoder {
        try childDecoder(forKey: key, nullIfMissing: true)
    }

    private func decodeRequired<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let name = key.stringValue
        let node = shape.node(forKey: name, required: true)
        let path = codingPath + [key]
        guard let entries else {
            return try decoder.session.decode(T.self, from: nil, into: node, codingPath: path)
        }
        guard let entry = entries[name] else {
            decoder.session.probeSchemaOnly(T.self, into: node, codingPath: path)
            throw keyNotFound(key)
        }
        // A null still has to be decoded (Optional accepts it), but it says nothing about the type.
        if entry is NSNull { decoder.session.probeSchemaOnly(T.self, into: node, codingPath: path) }
        return try decoder.session.decode(T.self, from: entry, into: node, codingPath: path)
    }

    private func decodeOptional<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        let node = shape.node(forKey: key.stringValue, required: false)
        let path = codingPath + [key]
        guard let entry = entries?[key.stringValue], !(entry is NSNull) else {
            decoder.session.probeSchemaOnly(T.self, into: node, codingPath: path)
            return nil
        }
        return try decoder.session.decode(T.self, from: entry, into: node, codingPath: path)
    }

    /// `nullIfMissing`: super decoders serve null for an absent key, as JSONDecoder does; nested
    /// containers throw keyNotFound.
    private func childDecoder(forKey key: CodingKey, nullIfMissing: Bool) throws -> RecordingDecoder {
        let name = key.stringValue
        let node = shape.node(forKey: name, required: true)
        let path = codingPath + [key]
        guard let entries else { return decoder.childDecoder(value: nil, node: node, codingPath: path) }
        guard let entry = entries[name] else {
            if nullIfMissing { return decoder.childDecoder(value: NSNull(), node: node, codingPath: path) }
            throw keyNotFound(key)
        }
        return decoder.childDecoder(value: entry, node: node, codingPath: path)
    }

    private func keyNotFound(_ key: CodingKey) -> DecodingError {
        if let objectShape = shape.objectShape {
            decoder.session.noteKeyMissingFromExample(key.stringValue, in: objectShape)
        }
        return .keyNotFound(key, .init(
            codingPath: codingPath,
            debugDescription: "No value associated with key \"\(key.stringValue)\" in the example"
        ))
    }
}

private struct RecordingUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: RecordingDecoder
    /// The example array; nil in schema-only mode, where the container looks empty (so loops end) but
    /// still serves placeholders to code that decodes a fixed number of elements.
    let elements: [Any]?
    let shape: ArrayShape
    private(set) var currentIndex = 0

    init(decoder: RecordingDecoder, elements: [Any]?, shape: ArrayShape) {
        self.decoder = decoder
        self.elements = elements
        self.shape = shape
    }

    var codingPath: [CodingKey] { decoder.codingPath }
    var count: Int? { elements?.count }
    var isAtEnd: Bool { currentIndex >= (elements?.count ?? 0) }

    private var elementPath: [CodingKey] { codingPath + [AnyCodingKey(intValue: currentIndex)] }

    mutating func decodeNil() throws -> Bool {
        guard let elements else { return false }
        guard currentIndex < elements.count else { throw atEnd(Any?.self) }
        guard elements[currentIndex] is NSNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeElement(type) }
    mutating func decode(_ type: String.Type) throws -> String { try decodeElement(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decodeElement(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decodeElement(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decodeElement(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decodeElement(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decodeElement(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decodeElement(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decodeElement(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decodeElement(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeElement(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeElement(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeElement(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeElement(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeElement(type) }
    @available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, visionOS 2.0, *)
    mutating func decode(_ type: Int128.Type) throws -> Int128 { try decodeElement(type) }
    @available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, visionOS 2.0, *)
    mutating func decode(_ type: UInt128.Type) throws -> UInt128 { try decodeElement(type) }

    mutating func decodeIfPresent<T: Decodable>(_ type: T.Type) throws -> T? {
        if let elements, currentIndex < elements.count, !(elements[currentIndex] is NSNull) {
            return try decodeElement(type)
        }
        decoder.session.probeSchemaOnly(T.self, into: shape.elementNode(at: currentIndex), codingPath: elementPath)
        if let elements, currentIndex < elements.count { currentIndex += 1 }  // consume the null
        return nil
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let container = try currentElementDecoder().container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        let container = try currentElementDecoder().unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> Decoder {
        let elementDecoder = try currentElementDecoder()
        currentIndex += 1
        return elementDecoder
    }

    private mutating func decodeElement<T: Decodable>(_ type: T.Type) throws -> T {
        let node = shape.elementNode(at: currentIndex)
        var value: Any?
        if let elements {
            guard currentIndex < elements.count else {
                decoder.session.probeSchemaOnly(T.self, into: node, codingPath: elementPath)
                throw atEnd(T.self)
            }
            value = elements[currentIndex]
        }
        let decoded = try decoder.session.decode(T.self, from: value, into: node, codingPath: elementPath)
        currentIndex += 1
        return decoded
    }

    private func currentElementDecoder() throws -> RecordingDecoder {
        let node = shape.elementNode(at: currentIndex)
        var value: Any?
        if let elements {
            guard currentIndex < elements.count else { throw atEnd(Decoder.self) }
            value = elements[currentIndex]
        }
        return decoder.childDecoder(value: value, node: node, codingPath: elementPath)
    }

    private func atEnd(_ type: Any.Type) -> DecodingError {
        .valueNotFound(type, .init(codingPath: elementPath, debugDescription: "Unkeyed container is at end."))
    }
}

private struct RecordingSingleValueContainer: SingleValueDecodingContainer {
    let decoder: RecordingDecoder

    var codingPath: [CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.value is NSNull }

    func decode(_ type: Bool.Type) throws -> Bool { try scalar("boolean", placeholder: false, JSONValue.bool) }
    func decode(_ type: String.Type) throws -> String { try scalar("string", placeholder: "") { $0 as? String } }
    func decode(_ type: Double.Type) throws -> Double {
        try scalar("number", placeholder: 0) { JSONValue.number($0)?.doubleValue }
    }
    func decode(_ type: Float.Type) throws -> Float {
        try scalar("number", placeholder: 0) { JSONValue.number($0).map { Float($0.doubleValue) } }
    }
    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
    @available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, visionOS 2.0, *)
    func decode(_ type: Int128.Type) throws -> Int128 { try integer(type) }
    @available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, visionOS 2.0, *)
    func decode(_ type: UInt128.Type) throws -> UInt128 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // Same position, another Swift type: recorded as another variant of this node.
        try decoder.session.decode(T.self, from: decoder.value, into: decoder.node, codingPath: codingPath)
    }

    private func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        try scalar("integer", placeholder: 0) { JSONValue.integer(I.self, from: $0) }
    }

    /// Records the asked type before converting, so that a failed attempt ("a number, else a string")
    /// still shows in the schema. Schema-only mode serves the placeholder.
    private func scalar<V>(_ jsonType: String, placeholder: V, _ convert: (Any) -> V?) throws -> V {
        decoder.variant.recordScalar(jsonType)
        guard let value = decoder.value else { return placeholder }
        guard let converted = convert(value) else {
            throw JSONValue.mismatch(V.self, found: value, codingPath: codingPath)
        }
        return converted
    }
}
