import Crypto
import Foundation

/// API tokens and session ids: `circ_<id>_<secret>`; the database keeps the id and SHA-256(secret) only.
public enum TokenSecret {
    /// Random bytes as URL-safe base64 without padding (32 bytes → 43 characters).
    public static func random(bytes count: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Lower-case hex of SHA-256(text). Runs on every authenticated request (the credential cache is keyed by
    /// it), so the digits come from a table, not from `String(format:)` per byte.
    public static func sha256Hex(_ text: String) -> String {
        let digest = SHA256.hash(data: Array(text.utf8))
        return String(unsafeUninitializedCapacity: SHA256.byteCount * 2) { out in
            var i = 0
            for byte in digest {
                out[i] = hexDigits[Int(byte >> 4)]
                out[i + 1] = hexDigits[Int(byte & 0x0F)]
                i += 2
            }
            return i
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// A new token: the text to hand out once, and its record.
    public static func issue(user: String, now: Int64, validDays: Int) -> (token: String, record: TokenRecord) {
        let id = String(random(bytes: 9).filter { $0.isLetter || $0.isNumber }.prefix(10)).lowercased() + String(now % 1000)
        let secret = random()
        return ("circ_\(id)_\(secret)", TokenRecord(id: id, user: user, secretHash: sha256Hex(secret), createdAt: now,
                                                   expiresAt: now + Int64(validDays) * 86_400))
    }

    /// Splits `circ_<id>_<secret>`; nil when the text has another shape.
    public static func parse(_ token: String) -> (id: String, secret: String)? {
        guard token.hasPrefix("circ_"), token.utf8.count < 200 else { return nil }
        let rest = token.dropFirst(5)
        guard let underscore = rest.firstIndex(of: "_") else { return nil }
        let id = String(rest[..<underscore]), secret = String(rest[rest.index(after: underscore)...])
        guard !id.isEmpty, !secret.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber }) else { return nil }
        return (id, secret)
    }

    /// Compares two hex digests in time independent of where they differ.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
