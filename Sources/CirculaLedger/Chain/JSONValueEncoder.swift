/// Encodes a Codable value straight into a `JSONValue` tree.
///
/// Why: every event the ledger seals, and every state row it writes, was encoded by `JSONEncoder` into bytes and
/// parsed back into a `JSONValue` for its canonical text; together about a third of an allocation's CPU time. This
/// builds the same tree in one pass: integers as `.integer`, strings, booleans, `nil` as `.null`, keyed containers
/// as objects (dictionaries keyed by `String`, `Int` or a `CodingKeyRepresentable` type are objects, as the
/// standard library encodes them), unkeyed ones as arrays. A fraction is refused, as the ledger's JSON refuses it
/// (`JSONValue`); an integral `Double` is its integer, as `JSONEncoder` writes it. `JSONWriterTests` checks that
/// the canonical text equals that of the `JSONEncoder` route for every event and row type.
/// ```
/// let tree = try JSONValueEncoder.encode(Site(id: "s1", name: "Smelter"))   // .object(["id": .string("s1"), …])
/// ```
enum JSONValueEncoder {
    static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        if let leaf = leafValue(value) { return leaf }
        let node = EncodingNode()
        try value.encode(to: TreeEncoder(node: node, parentPath: [], key: nil))
        return node.value
    }

    /// The tree of the standard leaf types without an encoder (most fields of most rows).
    static func leafValue<T: Encodable>(_ value: T) -> JSONValue? {
        switch value {
        case let s as String: return .string(s)
        case let i as Int64: return .integer(i)
        case let i as Int: return .integer(Int64(i))
        case let b as Bool: return .bool(b)
        case let i as Int32: return .integer(Int64(i))
        default: return nil
        }
    }

    static func integer<T: BinaryInteger>(_ value: T, at path: [any CodingKey]) throws -> JSONValue {
        guard let exact = Int64(exactly: value) else {
            throw EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "\(value) does not fit a 64-bit integer"))
        }
        return .integer(exact)
    }

    static func number(_ value: Double, at path: [any CodingKey]) throws -> JSONValue {
        guard value.rounded() == value, let exact = Int64(exactly: value) else {
            throw EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "\(value): the ledger's JSON holds integers only"))
        }
        return .integer(exact)
    }
}

/// A value under construction. Fields and items are stored as finished values (a field's value is complete when
/// its `encode(to:)` returns); only containers handed out by `nestedContainer` and `superEncoder`, which are written
/// after they are placed, are kept as nodes and read at the end. (A node per field was most of the encoder's time.)
final class EncodingNode {
    enum Shape { case empty, leaf, object, array }
    var shape = Shape.empty
    var leaf = JSONValue.null
    var fields: [String: JSONValue] = [:]
    var items: [JSONValue] = []
    var nestedFields: [String: EncodingNode] = [:]
    var nestedItems: [Int: EncodingNode] = [:]

    /// An encoder that wrote nothing gives an empty object, as `JSONEncoder` does.
    var value: JSONValue {
        switch shape {
        case .empty: return .object([:])
        case .leaf: return leaf
        case .object:
            if nestedFields.isEmpty { return .object(fields) }
            var all = fields
            for (key, node) in nestedFields { all[key] = node.value }
            return .object(all)
        case .array:
            if nestedItems.isEmpty { return .array(items) }
            var all = items
            for (index, node) in nestedItems { all[index] = node.value }
            return .array(all)
        }
    }

    func setLeaf(_ value: JSONValue) { shape = .leaf; leaf = value }

    func set(_ key: String, _ value: JSONValue) {
        shape = .object
        if !nestedFields.isEmpty { nestedFields[key] = nil }
        fields[key] = value
    }

    func setNested(_ key: String, _ node: EncodingNode) {
        shape = .object
        fields[key] = nil
        nestedFields[key] = node
    }

    func append(_ value: JSONValue) { shape = .array; items.append(value) }

    func appendNested(_ node: EncodingNode) {
        shape = .array
        nestedItems[items.count] = node
        items.append(.null)
    }

    var count: Int {
        switch shape {
        case .array: items.count
        case .object: fields.count + nestedFields.count
        default: 0
        }
    }
}

struct TreeEncoder: Encoder {
    let node: EncodingNode
    /// The parent's path and this key, joined only when asked for (as `TreeDecoder` keeps it).
    let parentPath: [any CodingKey]
    let key: (any CodingKey)?
    var codingPath: [any CodingKey] { key.map { parentPath + [$0] } ?? parentPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        // A second keyed container on the same encoder adds to the same object (as `JSONEncoder` allows).
        if node.shape != .object { node.shape = .object }
        return KeyedEncodingContainer(KeyedTreeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.shape != .array { node.shape = .array }
        return UnkeyedTreeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueTreeContainer(node: node, codingPath: codingPath)
    }

    /// Encodes `value` as a child node at `parentPath` + `key`.
    static func child<T: Encodable>(_ value: T, parentPath: [any CodingKey], key: any CodingKey) throws -> JSONValue {
        if let leaf = JSONValueEncoder.leafValue(value) { return leaf }
        let node = EncodingNode()
        try value.encode(to: TreeEncoder(node: node, parentPath: parentPath, key: key))
        return node.value
    }
}

struct KeyedTreeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    private func put(_ value: JSONValue, _ key: Key) { node.set(key.stringValue, value) }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { put(try JSONValueEncoder.number(value, at: codingPath + [key]), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { put(try JSONValueEncoder.number(Double(value), at: codingPath + [key]), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(.integer(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(try JSONValueEncoder.integer(value, at: codingPath + [key]), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(.integer(Int64(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(.integer(Int64(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(.integer(Int64(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(try JSONValueEncoder.integer(value, at: codingPath + [key]), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.set(key.stringValue, try TreeEncoder.child(value, parentPath: codingPath, key: key))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode()
        child.shape = .object
        node.setNested(key.stringValue, child)
        return KeyedEncodingContainer(KeyedTreeContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = EncodingNode()
        child.shape = .array
        node.setNested(key.stringValue, child)
        return UnkeyedTreeContainer(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }
    private func superEncoder(named name: String) -> any Encoder {
        let child = EncodingNode()
        node.setNested(name, child)
        return TreeEncoder(node: child, parentPath: codingPath, key: TreeKey(name))
    }
}

struct UnkeyedTreeContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    private var nextPath: [any CodingKey] { codingPath + [TreeKey(index: count)] }
    private func add(_ value: JSONValue) { node.append(value) }

    mutating func encodeNil() throws { add(.null) }
    mutating func encode(_ value: Bool) throws { add(.bool(value)) }
    mutating func encode(_ value: String) throws { add(.string(value)) }
    mutating func encode(_ value: Double) throws { add(try JSONValueEncoder.number(value, at: nextPath)) }
    mutating func encode(_ value: Float) throws { add(try JSONValueEncoder.number(Double(value), at: nextPath)) }
    mutating func encode(_ value: Int) throws { add(.integer(Int64(value))) }
    mutating func encode(_ value: Int8) throws { add(.integer(Int64(value))) }
    mutating func encode(_ value: Int16) throws { add(.integer(Int64(value))) }
    mutating func encode(_ value: Int32) throws { add(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { add(.integer(value)) }
    mutating func encode(_ value: UInt) throws { add(try JSONValueEncoder.integer(value, at: nextPath)) }
    mutating func encode(_ value: UInt8) throws { add(.integer(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { add(.integer(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { add(.integer(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { add(try JSONValueEncoder.integer(value, at: nextPath)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        node.append(try TreeEncoder.child(value, parentPath: codingPath, key: TreeKey(index: count)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        let child = EncodingNode()
        child.shape = .object
        node.appendNested(child)
        return KeyedEncodingContainer(KeyedTreeContainer<NestedKey>(node: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        let child = EncodingNode()
        child.shape = .array
        node.appendNested(child)
        return UnkeyedTreeContainer(node: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let index = count
        let child = EncodingNode()
        node.appendNested(child)
        return TreeEncoder(node: child, parentPath: codingPath, key: TreeKey(index: index))
    }
}

struct SingleValueTreeContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    private func set(_ value: JSONValue) { node.setLeaf(value) }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(try JSONValueEncoder.number(value, at: codingPath)) }
    mutating func encode(_ value: Float) throws { set(try JSONValueEncoder.number(Double(value), at: codingPath)) }
    mutating func encode(_ value: Int) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: Int8) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: Int16) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: Int32) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { set(.integer(value)) }
    mutating func encode(_ value: UInt) throws { set(try JSONValueEncoder.integer(value, at: codingPath)) }
    mutating func encode(_ value: UInt8) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { set(try JSONValueEncoder.integer(value, at: codingPath)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        if let leaf = JSONValueEncoder.leafValue(value) { set(leaf); return }
        try value.encode(to: TreeEncoder(node: node, parentPath: codingPath, key: nil))
    }
}

/// A coding key for paths the tree coders make up: an array index, or `super`.
struct TreeKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ string: String) { stringValue = string; intValue = nil }
    init(index: Int) { stringValue = "Index \(index)"; intValue = index }
    init?(stringValue: String) { self.stringValue = stringValue; intValue = nil }
    init?(intValue: Int) { self.init(index: intValue) }
}
