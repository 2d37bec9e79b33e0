@testable import CirculaLedger
import Crypto
import Testing

/// The chain hashes an envelope written straight into bytes; it must be the text the documented rule gives
/// (`{"actor":…,"id":…,"payload":…,"prev_hash":…,"seq":…,"timestamp":…,"type":…}`, strings as canonical JSON
/// strings), so every hash an auditor recomputes with standard tools is the stored one.
@Suite("Hash chain envelope: the byte writer writes the documented text")
struct HashChainEnvelopeTests {
    static func documented(seq: Int64, id: String, type: String, timestamp: String, actor: String, payload: String, prevHash: String) -> String {
        func str(_ text: String) -> String { JSONValue.string(text).canonical }
        return "{\"actor\":\(str(actor)),\"id\":\(str(id)),\"payload\":\(payload),\"prev_hash\":\(str(prevHash)),"
            + "\"seq\":\(seq),\"timestamp\":\(str(timestamp)),\"type\":\(str(type))}"
    }

    @Test(arguments: ["ops", "", "a\"b\\c", "tab\there", "nul\u{0}\u{1F}\u{7F}", "café 𠮷 🙂", "line\nbreak\r", "/slash/"])
    func envelopeIsTheDocumentedText(actor: String) {
        for seq: Int64 in [1, 42, Int64.max] {
            let fields = (id: "E\(seq)", type: "receive" + actor, timestamp: "2024-04-30T09:00:00Z" + actor, payload: "{\"lot\":\"L-1\"}", prev: HashChain.genesis + actor)
            let text = Self.documented(seq: seq, id: fields.id, type: fields.type, timestamp: fields.timestamp, actor: actor, payload: fields.payload, prevHash: fields.prev)
            let bytes = HashChain.envelope(seq: seq, id: fields.id, type: fields.type, timestamp: fields.timestamp, actor: actor, payload: fields.payload, prevHash: fields.prev)
            #expect(bytes == Array(text.utf8))
            #expect(HashChain.hash(seq: seq, id: fields.id, type: fields.type, timestamp: fields.timestamp, actor: actor, payload: fields.payload, prevHash: fields.prev)
                    == HashChain.sha256Hex(text))
        }
    }
}
