import Foundation

/// Derives a JSON Schema (the OpenAPI 3.1 dialect) from an example value by watching how the value encodes
/// itself: strings, numbers, booleans, arrays and objects, with every key the example writes. The examples
/// are the API's own Codable types, so the document cannot drift from the wire format.
enum JSONSchemaEncoder {
    static func schema(of value: any Encodable) -> [String: Any] {
        let recorder = SchemaNode()
        let encoder = RecordingEncoder(node: recorder, codingPath: [])
        try? value.encode(to: encoder)
        return recorder.schema
    }
}

/// One node of the schema being recorded.
final class SchemaNode {
    enum Kind {
        case unknown, string, integer, number, boolean, null
        case object([(String, SchemaNode)])
        case array([SchemaNode])
    }

    var kind: Kind = .unknown

    var schema: [String: Any] {
        switch kind {
        case .unknown: return [:]
        case .string: return ["type": "string"]
        case .integer: return ["type": "integer"]
        case .number: return ["type": "number"]
        case .boolean: return ["type": "boolean"]
        case .null: return ["type": "null"]
        case .object(let properties):
            var props: [String: Any] = [:]
            for (key, node) in properties { props[key] = node.schema }
            return ["type": "object", "properties": props]
        case .array(let items):
            return ["type": "array", "items": items.first?.schema ?? [:]]
        }
    }

    func property(_ key: String) -> SchemaNode {
        let node = SchemaNode()
        if case .object(var properties) = kind {
            properties.append((key, node))
            kind = .object(properties)
        } else {
            kind = .object([(key, node)])
        }
        return node
    }

    func element() -> SchemaNode {
        let node = SchemaNode()
        if case .array(var items) = kind {
            items.append(node)
            kind = .array(items)
        } else {
            kind = .array([node])
        }
        return node
    }
}

struct RecordingEncoder: Encoder {
    let node: SchemaNode
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.kind {} else { node.kind = .object([]) }
        return KeyedEncodingContainer(KeyedRecorder<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.kind {} else { node.kind = .array([]) }
        return UnkeyedRecorder(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleRecorder(node: node, codingPath: codingPath)
    }
}

private func record(_ value: some Encodable, into node: SchemaNode, codingPath: [any CodingKey]) throws {
    switch value {
    case is String: node.kind = .string
    case is Bool: node.kind = .boolean
    case is Int, is Int8, is Int16, is Int32, is Int64, is UInt, is UInt8, is UInt16, is UInt32, is UInt64: node.kind = .integer
    case is Double, is Float: node.kind = .number
    case is Date, is UUID, is URL: node.kind = .string
    default: try value.encode(to: RecordingEncoder(node: node, codingPath: codingPath))
    }
}

struct KeyedRecorder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: SchemaNode
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.property(key.stringValue).kind = .null }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try record(value, into: node.property(key.stringValue), codingPath: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = node.property(key.stringValue)
        child.kind = .object([])
        return KeyedEncodingContainer(KeyedRecorder<NestedKey>(node: child, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.property(key.stringValue)
        child.kind = .array([])
        return UnkeyedRecorder(node: child, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> any Encoder { RecordingEncoder(node: node, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { RecordingEncoder(node: node.property(key.stringValue), codingPath: codingPath + [key]) }
}

struct UnkeyedRecorder: UnkeyedEncodingContainer {
    let node: SchemaNode
    var codingPath: [any CodingKey]
    var count: Int = 0

    mutating func encodeNil() throws { node.element().kind = .null; count += 1 }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try record(value, into: node.element(), codingPath: codingPath)
        count += 1
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = node.element()
        child.kind = .object([])
        count += 1
        return KeyedEncodingContainer(KeyedRecorder<NestedKey>(node: child, codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = node.element()
        child.kind = .array([])
        count += 1
        return UnkeyedRecorder(node: child, codingPath: codingPath)
    }
    mutating func superEncoder() -> any Encoder { RecordingEncoder(node: node.element(), codingPath: codingPath) }
}

struct SingleRecorder: SingleValueEncodingContainer {
    let node: SchemaNode
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.kind = .null }
    mutating func encode<T: Encodable>(_ value: T) throws { try record(value, into: node, codingPath: codingPath) }
}
