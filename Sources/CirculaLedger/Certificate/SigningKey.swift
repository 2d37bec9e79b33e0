import Crypto
import Foundation

/// Ed25519 keys in the PEM forms OpenSSL reads and writes (PKCS#8 private key, SubjectPublicKeyInfo public key).
///
/// ```
/// let key = IssuerKey.generate()
/// try key.privatePEM.write(toFile: "issuer.key.pem", atomically: true, encoding: .utf8)
/// let publicKey = try IssuerKey.publicKey(pem: key.publicPEM)
/// ```
public struct IssuerKey: Sendable {
    /// The raw 32-byte seed (kept as bytes: the Crypto key type is not Sendable).
    let seed: Data

    public var privateKey: Curve25519.Signing.PrivateKey { try! Curve25519.Signing.PrivateKey(rawRepresentation: seed) }

    public init(privateKey: Curve25519.Signing.PrivateKey) { seed = privateKey.rawRepresentation }

    public static func generate() -> IssuerKey { IssuerKey(privateKey: .init()) }

    // DER prefixes of the fixed-size Ed25519 encodings (RFC 8410).
    static let pkcs8Prefix: [UInt8] = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    static let spkiPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]

    public var privatePEM: String { IssuerKey.pem("PRIVATE KEY", IssuerKey.pkcs8Prefix + privateKey.rawRepresentation) }
    public var publicPEM: String { IssuerKey.publicPEM(privateKey.publicKey) }
    public var keyID: String { IssuerKey.keyID(privateKey.publicKey) }

    /// Key id: the first 16 hex digits of SHA-256 of the raw 32-byte public key.
    public static func keyID(_ key: Curve25519.Signing.PublicKey) -> String {
        String(SHA256.hash(data: key.rawRepresentation).map { String(format: "%02x", $0) }.joined().prefix(16))
    }

    public static func publicPEM(_ key: Curve25519.Signing.PublicKey) -> String {
        pem("PUBLIC KEY", spkiPrefix + key.rawRepresentation)
    }

    public init(pem: String) throws(CertificateError) {
        let der = try IssuerKey.der(pem, label: "PRIVATE KEY")
        guard der.count == 48, Array(der.prefix(16)) == IssuerKey.pkcs8Prefix,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32)) else {
            throw .badKey("expected an Ed25519 private key (PKCS#8 PEM, as written by `circula certificate keygen` or `openssl genpkey -algorithm ed25519`)")
        }
        seed = key.rawRepresentation
    }

    public static func publicKey(pem: String) throws(CertificateError) -> Curve25519.Signing.PublicKey {
        let der = try der(pem, label: "PUBLIC KEY")
        guard der.count == 44, Array(der.prefix(12)) == spkiPrefix,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32)) else {
            throw .badKey("expected an Ed25519 public key (SubjectPublicKeyInfo PEM)")
        }
        return key
    }

    static func pem(_ label: String, _ der: some Collection<UInt8>) -> String {
        let base64 = Data(der).base64EncodedString()
        var lines = ["-----BEGIN \(label)-----"]
        var rest = Substring(base64)
        while !rest.isEmpty { lines.append(String(rest.prefix(64))); rest = rest.dropFirst(64) }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }

    static func der(_ pem: String, label: String) throws(CertificateError) -> [UInt8] {
        let begin = "-----BEGIN \(label)-----", end = "-----END \(label)-----"
        guard let start = pem.range(of: begin), let stop = pem.range(of: end), start.upperBound <= stop.lowerBound else {
            throw .badKey("expected a PEM block \(begin) … \(end)")
        }
        let body = pem[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: String(body)) else { throw .badKey("the PEM body is not valid base64") }
        return Array(data)
    }
}
