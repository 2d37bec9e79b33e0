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

    /// The one compact JSON writer: no whitespace, object keys sorted, strings escaped as `style` says.
    public func serialized(_ style: JSONStyle) -> String {
        var out = ""
        write(into: &out, style)
        return out
    }

    private func write(into out: inout String, _ style: JSONStyle) {
        switch self {
        case .object(let o):
            out += "{"
            for (i, key) in o.keys.sorted(by: style.keyOrder.precedes).enumerated() {
                if i > 0 { out += "," }
                JSONValue.writeString(key, into: &out, style)
                out += ":"
                o[key]!.write(into: &out, style)
            }
            out += "}"
        case .array(let a):
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                v.write(into: &out, style)
            }
            out += "]"
        case .string(let s): JSONValue.writeString(s, into: &out, style)
        case .integer(let i): out += String(i)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    private static func writeString(_ s: String, into out: inout String, _ style: JSONStyle) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}" where style.shortControlEscapes: out += "\\b"
            case "\u{0C}" where style.shortControlEscapes: out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// Encodes a value through its Codable conformance into a JSONValue.
    /// (No key strategy: it would also rewrite dictionary keys such as element symbols.)
    public static func from<T: Encodable>(_ value: T) throws -> JSONValue {
        try parse(String(decoding: JSONEncoder().encode(value), as: UTF8.self))
    }

    /// Parses JSON text (integers only; a fraction or exponent is refused).
    public static func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(text)
    }

    /// Decodes a Codable value from JSON text.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
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
            case .unicodeScalars: a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
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
    /// RFC 8785 JSON Canonicalization Scheme (for values without fractions), signed by verifiable credentials.
    public static let jcs = JSONStyle(keyOrder: .utf16, shortControlEscapes: true)
}
