import Crypto
import Foundation

/// One event as stored: its place in the chain, who and when, the canonical payload and the two hashes.
///
/// `hash` = SHA-256 (hex) of the canonical JSON object
/// `{"actor":…,"id":…,"payload":{…},"prev_hash":…,"seq":…,"timestamp":…,"type":…}`, so changing any field of any
/// stored event, or removing or reordering events, breaks the chain from that event on.
public struct StoredEvent: Sendable, Equatable, Codable {
    public var seq: Int64
    public var id: String
    public var type: String
    public var timestamp: String
    public var actor: String
    /// Canonical JSON text of the payload.
    public var payload: String
    public var prevHash: String
    public var hash: String

    public init(seq: Int64, id: String, type: String, timestamp: String, actor: String, payload: String, prevHash: String, hash: String) {
        self.seq = seq; self.id = id; self.type = type; self.timestamp = timestamp; self.actor = actor
        self.payload = payload; self.prevHash = prevHash; self.hash = hash
    }

    /// The decoded event.
    public func event() throws -> LedgerEvent { try LedgerEvent(type: type, payload: payload) }
}

/// Hashing rules of the event chain.
public enum HashChain {
    /// The `prev_hash` of the first event.
    public static let genesis = String(repeating: "0", count: 64)

    /// Event ids are derived from the sequence number so messages stay readable: `E000042`.
    public static func eventID(seq: Int64) -> String {
        let digits = String(seq)
        return "E" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// SHA-256 of the canonical envelope; `payload` must already be canonical JSON text.
    public static func hash(seq: Int64, id: String, type: String, timestamp: String, actor: String, payload: String, prevHash: String) -> String {
        // Keys in sorted order; the payload is inserted as canonical JSON text, the other fields are escaped strings
        // (`JSONValue.string(x).canonical`). Written straight into bytes: building the envelope as a String was a
        // tenth of every append's and every verified event's hashing (`HashChainEnvelopeTests` checks the text).
        let bytes = envelope(seq: seq, id: id, type: type, timestamp: timestamp, actor: actor, payload: payload, prevHash: prevHash)
        return hex(bytes.withUnsafeBytes { SHA256.hash(data: $0) })
    }

    /// The bytes `hash` hashes.
    static func envelope(seq: Int64, id: String, type: String, timestamp: String, actor: String, payload: String, prevHash: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.utf8.count + 192)
        func literal(_ text: StaticString) { text.withUTF8Buffer { out.append(contentsOf: $0) } }
        func string(_ text: String) { JSONValue.writeString(text, into: &out, .ledger) }
        literal("{\"actor\":"); string(actor)
        literal(",\"id\":"); string(id)
        literal(",\"payload\":"); out.append(contentsOf: payload.utf8)
        literal(",\"prev_hash\":"); string(prevHash)
        literal(",\"seq\":"); out.append(contentsOf: String(seq).utf8)
        literal(",\"timestamp\":"); string(timestamp)
        literal(",\"type\":"); string(type)
        literal("}")
        return out
    }

    public static func sha256Hex(_ text: String) -> String {
        var text = text
        return text.withUTF8 { hex(SHA256.hash(data: UnsafeRawBufferPointer($0))) }
    }

    /// Lower-case hex of bytes (without `String(format:)`, which dominated hashing time).
    public static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let digits: StaticString = "0123456789abcdef"
        var out: [UInt8] = []
        out.reserveCapacity(64)
        digits.withUTF8Buffer { digits in
            for byte in bytes { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 0x0F)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Builds the stored form of `event` as the chain's next link.
    public static func seal(_ event: LedgerEvent, seq: Int64, timestamp: String, actor: String, prevHash: String) throws -> StoredEvent {
        let id = eventID(seq: seq)
        let payload = try event.canonicalPayload()
        let hash = hash(seq: seq, id: id, type: event.type, timestamp: timestamp, actor: actor, payload: payload, prevHash: prevHash)
        return StoredEvent(seq: seq, id: id, type: event.type, timestamp: timestamp, actor: actor, payload: payload, prevHash: prevHash, hash: hash)
    }

    /// Checks one stored link against its predecessor's hash; returns why it is broken, or nil.
    public static func check(_ stored: StoredEvent, expectedSeq: Int64, previousHash: String) -> String? {
        switch checked(stored, expectedSeq: expectedSeq, previousHash: previousHash) {
        case .success: nil
        case .failure(let broken): broken.reason
        }
    }

    /// Why a link is broken, as `check` says it.
    public struct BrokenLink: Error { public var reason: String }

    /// `check`, giving the parsed payload of a sound link (so it need not be parsed again to decode it).
    public static func checked(_ stored: StoredEvent, expectedSeq: Int64, previousHash: String) -> Result<JSONValue, BrokenLink> {
        func broken(_ reason: String) -> Result<JSONValue, BrokenLink> { .failure(BrokenLink(reason: reason)) }
        if stored.seq != expectedSeq { return broken("sequence number \(stored.seq), expected \(expectedSeq) (an event is missing or reordered)") }
        if stored.id != eventID(seq: stored.seq) { return broken("id \(stored.id) does not match its sequence number \(stored.seq)") }
        if stored.prevHash != previousHash {
            return broken("prev_hash \(stored.prevHash.prefix(16))… does not match the previous event's hash \(previousHash.prefix(16))…")
        }
        let tree: JSONValue
        do { tree = try JSONValue.parse(stored.payload) } catch {
            return broken("payload is not valid ledger JSON: \(error)")
        }
        if !tree.isCanonical(text: stored.payload) { return broken("payload is not in canonical form (edited outside the ledger)") }
        let recomputed = hash(seq: stored.seq, id: stored.id, type: stored.type, timestamp: stored.timestamp, actor: stored.actor,
                              payload: stored.payload, prevHash: stored.prevHash)
        if recomputed != stored.hash {
            return broken("stored hash \(stored.hash.prefix(16))… does not match the recomputed \(recomputed.prefix(16))… (the event's content was changed)")
        }
        return .success(tree)
    }
}
