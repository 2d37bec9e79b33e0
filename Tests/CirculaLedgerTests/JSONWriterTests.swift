import CirculaLedger
import Testing

/// The ledger's one JSON writer in its two styles. The expected texts are written out by hand from
/// docs/hash-chain.md rule 5 and RFC 8785 §3.2.2.2, so a change of either output fails here.
@Suite("One JSON writer: hash-chain canonical form and RFC 8785")
struct JSONWriterTests {
    /// Every character below U+0020, then quote, backslash, slash, DEL, a non-ASCII letter and an astral emoji.
    static let hostile = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar($0)! })) + "\"\\/\u{7F}é😀"

    @Test("the hash chain escapes every control character as \\u00xx except \\n \\r \\t, and never \\b or \\f")
    func ledgerStyle() {
        let expected = #""\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\t\n\u000b\u000c\r\u000e\u000f"#
            + #"\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f"#
            + #"\"\\/\#u{7F}é😀""#
        #expect(JSONValue.string(Self.hostile).canonical == expected)
        #expect(JSONValue.string(Self.hostile).serialized(.ledger) == expected)
    }

    @Test("RFC 8785 writes backspace and form feed as \\b and \\f, everything else as the chain does")
    func jcsStyle() {
        let expected = #""\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f"#
            + #"\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f"#
            + #"\"\\/\#u{7F}é😀""#
        #expect(JSONValue.string(Self.hostile).serialized(.jcs) == expected)
    }

    @Test("keys: code-point order for the chain, UTF-16 order for RFC 8785 (an astral key sorts before U+FF61)")
    func keyOrder() {
        let value = JSONValue.object(["\u{FF61}": .integer(1), "😀": .integer(2), "a": .array([.bool(true), .null, .integer(-3)])])
        #expect(value.canonical == #"{"a":[true,null,-3],"｡":1,"😀":2}"#)
        #expect(value.serialized(.jcs) == #"{"a":[true,null,-3],"😀":2,"｡":1}"#)
    }

    @Test("both styles parse back to the same value")
    func roundTrip() throws {
        let value = JSONValue.object([Self.hostile: .string(Self.hostile), "n": .integer(Int64.min)])
        #expect(try JSONValue.parse(value.canonical) == value)
        #expect(try JSONValue.parse(value.serialized(.jcs)) == value)
    }
}
