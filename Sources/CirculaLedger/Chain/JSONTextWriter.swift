import CirculaCore

/// Writes compact JSON text straight into bytes, for the few types every append and every `verify` writes (credit
/// batches, receipts, deliveries, accounts and their events): the caller names the keys in sorted order, so no
/// tree is built and nothing is sorted. Strings are escaped as `JSONValue.serialized` escapes them in `style`, so
/// the text is byte for byte the text of the `Codable` route (`JSONTreeCodingTests` compares both on every type
/// that conforms, against `JSONEncoder` too).
/// ```
/// var writer = JSONTextWriter(style: .ledger)
/// writer.beginObject(); writer.field("id", "s1"); writer.field("name", "Smelter"); writer.endObject()
/// writer.text   // {"id":"s1","name":"Smelter"}
/// ```
struct JSONTextWriter {
    private(set) var bytes: [UInt8] = []
    let style: JSONStyle
    /// The open objects and arrays, innermost last, and whether each has a member yet (for the commas).
    private var open: [(isArray: Bool, hasMember: Bool)] = []

    init(style: JSONStyle) {
        self.style = style
        bytes.reserveCapacity(512)
        open.reserveCapacity(8)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// A comma before every member but the first: object members start at their key, array members at their value.
    private mutating func member() {
        guard let last = open.indices.last else { return }
        if open[last].hasMember { bytes.append(UInt8(ascii: ",")) } else { open[last].hasMember = true }
    }

    private mutating func valueStart() { if open.last?.isArray == true { member() } }

    mutating func beginObject() { valueStart(); bytes.append(UInt8(ascii: "{")); open.append((false, false)) }
    mutating func endObject() { open.removeLast(); bytes.append(UInt8(ascii: "}")) }
    mutating func beginArray() { valueStart(); bytes.append(UInt8(ascii: "[")); open.append((true, false)) }
    mutating func endArray() { open.removeLast(); bytes.append(UInt8(ascii: "]")) }

    /// A key: ASCII letters only (every key these types have), so it needs no escape.
    mutating func key(_ key: StaticString) {
        member()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// A key from data (a period, an element symbol, a batch id), escaped.
    mutating func dynamicKey(_ key: String) {
        member()
        JSONValue.writeString(key, into: &bytes, style)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func string(_ value: String) { valueStart(); JSONValue.writeString(value, into: &bytes, style) }
    mutating func integer(_ value: Int64) { valueStart(); bytes.append(contentsOf: String(value).utf8) }
    mutating func bool(_ value: Bool) { valueStart(); bytes.append(contentsOf: (value ? "true" : "false").utf8) }

    mutating func field(_ name: StaticString, _ value: String) { key(name); string(value) }
    mutating func field(_ name: StaticString, _ value: Int64) { key(name); integer(value) }
    mutating func field(_ name: StaticString, _ value: Bool) { key(name); bool(value) }
    /// Omitted when nil, as synthesised `Encodable` does (`encodeIfPresent`).
    mutating func field(_ name: StaticString, ifPresent value: String?) { if let value { field(name, value) } }
    mutating func field(_ name: StaticString, _ value: some JSONTextWritable) { key(name); value.write(to: &self) }

    mutating func field(_ name: StaticString, strings: [String]) {
        key(name)
        beginArray()
        for s in strings { string(s) }
        endArray()
    }

    /// An object keyed by data, keys sorted as the style sorts them.
    mutating func field<V>(_ name: StaticString, map: [String: V], _ write: (inout JSONTextWriter, V) -> Void) {
        key(name)
        beginObject()
        for k in map.keys.sorted(by: style.keyOrder.precedes) {
            dynamicKey(k)
            write(&self, map[k]!)
        }
        endObject()
    }

    /// An object keyed by element symbol, as `[Element: V]` encodes (`Element` is a string key).
    mutating func field<V>(_ name: StaticString, elements map: [Element: V], _ write: (inout JSONTextWriter, V) -> Void) {
        field(name, map: Dictionary(uniqueKeysWithValues: map.map { ($0.key.symbol, $0.value) }), write)
    }
}

/// A type that writes its own JSON text, keys in sorted order, as its `Encodable` conformance would encode it.
protocol JSONTextWritable {
    func write(to writer: inout JSONTextWriter)
}

extension JSONTextWritable {
    /// The text in `style`.
    func jsonText(_ style: JSONStyle) -> String {
        var writer = JSONTextWriter(style: style)
        write(to: &writer)
        return writer.text
    }
}
