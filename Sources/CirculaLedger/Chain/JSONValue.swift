import Foundation

/// A JSON document restricted to what the ledger hashes: objects, arrays, strings, integers, booleans, null.
/// Floating-point numbers are refused so an amount can never be hashed in two spellings.
public indirect enum JSONValue: Codable, Sendable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case integer(Int64)
    case bool(Bool)
    case null

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null; return }
        if let b = try? c.decode(Bool.self) { self = .bool(b); return }
        if let i = try? c.decode(Int64.self) { self = .integer(i); return }
        if let s = try? c.decode(String.self) { self = .string(s); return }
        if let a = try? c.decode([JSONValue].self) { self = .array(a); return }
        if let o = try? c.decode([String: JSONValue].self) { self = .object(o); return }
        throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected an integer, string, boolean, null, array or object (no fractions)")
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .object(let o): try c.encode(o)
        case .array(let a): try c.encode(a)
        case .string(let s): try c.encode(s)
        case .integer(let i): try c.encode(i)
        case .bool(let b): try c.encode(b)
        case .null: try c.encodeNil()
        }
    }

    /// Canonical text: keys sorted by Unicode scalar, no whitespace, minimal escapes (`docs/hash-chain.md`).
    /// ```
    /// JSONValue.object(["b": .integer(1), "a": .string("x")]).canonical   // {"a":"x","b":1}
    /// ```
    public var canonical: String { serialized(.ledger) }

    /// Whether `text` is exactly this value's canonical text (`canonical == text`, compared as bytes without
    /// building the String: a check every verified event makes).
    public func isCanonical(text: String) -> Bool {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        write(into: &out, .ledger)
        var text = text
        return text.withUTF8 { utf8 in
            utf8.count == out.count && out.withUnsafeBytes { memcmp($0.baseAddress!, utf8.baseAddress!, utf8.count) == 0 }
        }
    }

    /// The one compact JSON writer: no whitespace, object keys sorted, strings escaped as `style` says.
    public func serialized(_ style: JSONStyle) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out, style)
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes UTF-8 bytes (appending to a String scalar by scalar was most of the writer's time).
    func write(into out: inout [UInt8], _ style: JSONStyle) {
        switch self {
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            for (i, key) in o.keys.sorted(by: style.keyOrder.precedes).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeString(key, into: &out, style)
                out.append(UInt8(ascii: ":"))
                o[key]!.write(into: &out, style)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                v.write(into: &out, style)
            }
            out.append(UInt8(ascii: "]"))
        case .string(let s): JSONValue.writeString(s, into: &out, style)
        case .integer(let i): out.append(contentsOf: String(i).utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        }
    }

    /// Escapes as the style says; every byte of a multi-byte UTF-8 sequence is >= 0x80 and copied as it is, so the
    /// text is the string's own UTF-8 with the escapes in place.
    static func writeString(_ s: String, into out: inout [UInt8], _ style: JSONStyle) {
        out.append(UInt8(ascii: "\""))
        var text = s
        let plain = text.withUTF8 { utf8 in
            // Most strings need no escape: copied whole.
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            out.append(contentsOf: utf8)
            return true
        }
        if plain { out.append(UInt8(ascii: "\"")); return }
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\\"))
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0x08 where style.shortControlEscapes: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "b"))
            case 0x0C where style.shortControlEscapes: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "f"))
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Encodes a value through its Codable conformance into a JSONValue.
    /// (No key strategy: it would also rewrite dictionary keys such as element symbols.)
    /// (`JSONValueEncoder`: the tree the `JSONEncoder` text would parse to, built without the text.)
    public static func from<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONValueEncoder.encode(value)
    }

    /// Parses JSON text (integers only; a fraction or exponent is refused).
    public static func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(text)
    }

    /// Decodes a Codable value from JSON text.
    /// (`JSONValueDecoder` over the parsed tree; text it refuses goes to `JSONDecoder`, whose value or error is
    /// then the answer, so messages and edge cases are exactly those of `JSONDecoder`.)
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        if let tree = try? parse(text), let value = fastDecode(type, from: tree) { return value }
        return try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// The type's own tree reader (`JSONTreeDecodable`), else `JSONValueDecoder`; nil when either refuses.
    private static func fastDecode<T: Decodable>(_ type: T.Type, from tree: JSONValue) -> T? {
        if let reader = type as? any JSONTreeDecodable.Type, let value = reader.init(tree: tree) as? T { return value }
        return try? JSONValueDecoder.decode(type, from: tree)
    }

    /// Decodes a Codable value from a parsed tree (`verify` decodes the tree its chain check parsed).
    public static func decode<T: Decodable>(_ type: T.Type, from tree: JSONValue) throws -> T {
        if let value = fastDecode(type, from: tree) { return value }
        return try JSONDecoder().decode(type, from: Data(tree.canonical.utf8))
    }
}

/// How `JSONValue.serialized` orders keys and escapes strings: the two canonical forms the ledger writes.
public struct JSONStyle: Sendable {
    public enum KeyOrder: Sendable {
        /// By Unicode code point (the hash chain, `docs/hash-chain.md`).
        case unicodeScalars
        /// By UTF-16 code unit (RFC 8785 §3.2.3).
        case utf16

        func precedes(_ a: String, _ b: String) -> Bool {
            switch self {
            case .unicodeScalars: a.utf8.lexicographicallyPrecedes(b.utf8) // UTF-8 byte order is code point order
            case .utf16: a.utf16.lexicographicallyPrecedes(b.utf16)
            }
        }
    }

    public var keyOrder: KeyOrder
    /// Backspace and form feed as `\b`, `\f` (ECMAScript `JSON.stringify`, RFC 8785 §3.2.2.2) instead of
    /// `\u0008`, `\u000c`. Quote, backslash, `\n`, `\r`, `\t` are short in both; every other character below
    /// U+0020 is `\u` with four lower-case hex digits; nothing else is escaped.
    public var shortControlEscapes: Bool

    /// The hash chain's canonical form: frozen, every stored hash depends on it.
    public static let ledger = JSONStyle(keyOrder: .unicodeScalars, shortControlEscapes: false)
    /// State rows: the text `JSONEncoder` writes with `.sortedKeys, .withoutEscapingSlashes` (keys in code point
    /// order, `\b` and `\f` short), which rows were written in before `JSONValueEncoder`, so stored rows compare equal.
    public static let stateRows = JSONStyle(keyOrder: .unicodeScalars, shortControlEscapes: true)
    /// RFC 8785 JSON Canonicalization Scheme (for values without fractions), signed by verifiable credentials.
    public static let jcs = JSONStyle(keyOrder: .utf16, shortControlEscapes: true)
}
