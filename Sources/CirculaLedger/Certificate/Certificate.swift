import Crypto
import Foundation

/// What a recycled-content certificate states. Signed as canonical JSON (sorted keys, no whitespace).
public struct CertificateBody: Codable, Sendable, Equatable {
    public var certificate: String
    public var issuer: String
    public var delivery: String
    public var customer: String
    public var site: String
    public var product: String
    public var element: String
    public var form: String
    /// `g` or `mg`; all masses below are exact integers in it.
    public var unit: String
    public var mass: Int64
    public var recycledMass: Int64
    /// recycled mass / mass in parts per million, rounded down.
    public var recycledSharePpm: Int64
    public var period: String
    /// Ring-fenced (customer's own scrap) or pool credits, per account.
    public var claims: [Claim]
    public var keyId: String
    public var ledgerHeadSeq: Int64
    public var ledgerHeadHash: String
    public var issuedAt: String
    public var chainOfCustody: String

    public struct Claim: Codable, Sendable, Equatable {
        public var account: String
        public var ringFencedFor: String?
        public var amount: Int64
        public var lots: [String]

        enum CodingKeys: String, CodingKey {
            case account, amount, lots
            case ringFencedFor = "ring_fenced_for"
        }
    }

    /// snake_case keys: the certificate is a document for customers and auditors.
    enum CodingKeys: String, CodingKey {
        case certificate, issuer, delivery, customer, site, product, element, form, unit, mass, period, claims
        case recycledMass = "recycled_mass"
        case recycledSharePpm = "recycled_share_ppm"
        case keyId = "key_id"
        case ledgerHeadSeq = "ledger_head_seq"
        case ledgerHeadHash = "ledger_head_hash"
        case issuedAt = "issued_at"
        case chainOfCustody = "chain_of_custody"
    }
}

/// A signed certificate as written to `CERT.json`.
public struct Certificate: Codable, Sendable, Equatable {
    public var body: CertificateBody
    public var algorithm: String
    /// Base64 Ed25519 signature over the canonical JSON of `body`.
    public var signature: String

    /// Signs `body` with `key`.
    public static func sign(_ body: CertificateBody, with key: IssuerKey) throws -> Certificate {
        let signature = try key.privateKey.signature(for: Data(try JSONValue.from(body).canonical.utf8))
        return Certificate(body: body, algorithm: "Ed25519", signature: signature.base64EncodedString())
    }

    /// SHA-256 (hex) of the canonical body, recorded in the ledger's certificate event.
    public var bodyHash: String { get throws { HashChain.sha256Hex(try JSONValue.from(body).canonical) } }

    /// Checks the signature and the body's own arithmetic; needs only the issuer's public key, no database.
    /// ```
    /// try certificate.verify(publicKey: IssuerKey.publicKey(pem: pemText))
    /// ```
    public func verify(publicKey: Curve25519.Signing.PublicKey) throws(CertificateError) {
        guard algorithm == "Ed25519" else { throw .invalid("algorithm \(algorithm); expected Ed25519") }
        let keyID = IssuerKey.keyID(publicKey)
        guard body.keyId == keyID else { throw .invalid("certificate names issuer key \(body.keyId), the given public key is \(keyID)") }
        guard let signatureData = Data(base64Encoded: signature) else { throw .invalid("signature is not base64") }
        let canonical: String
        do { canonical = try JSONValue.from(body).canonical } catch { throw .invalid("body cannot be encoded: \(error)") }
        guard publicKey.isValidSignature(signatureData, for: Data(canonical.utf8)) else {
            throw .invalid("the Ed25519 signature does not match the certificate's content (it was altered or signed by another key)")
        }
        guard body.recycledMass >= 0, body.recycledMass <= body.mass else {
            throw .invalid("recycled mass \(body.recycledMass) \(body.unit) exceeds the delivered mass \(body.mass) \(body.unit)")
        }
        guard body.claims.reduce(0, { $0 + $1.amount }) == body.recycledMass else {
            throw .invalid("the claims do not add up to the recycled mass \(body.recycledMass) \(body.unit)")
        }
        guard body.recycledSharePpm == body.recycledMass * 1_000_000 / body.mass else {
            throw .invalid("recycled share \(body.recycledSharePpm) ppm does not equal recycled mass / mass")
        }
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    public static func load(json text: String) throws(CertificateError) -> Certificate {
        do { return try JSONDecoder().decode(Certificate.self, from: Data(text.utf8)) } catch {
            throw .invalid("not a Circula certificate: \(error)")
        }
    }
}

public enum CertificateError: Error, CustomStringConvertible, Sendable, Equatable {
    case badKey(String)
    case invalid(String)
    public var description: String {
        switch self {
        case .badKey(let text): "key: \(text)"
        case .invalid(let text): "certificate invalid: \(text)"
        }
    }
}

extension Ledger {
    /// Builds, signs and records a certificate for a delivery's allocated credits.
    public func issueCertificate(delivery: String, key: IssuerKey) async throws -> Certificate {
        let state = try await state(keys: [LedgerState.key(delivery: delivery)], prefixes: ["product:", "account:"])
        guard let d = state.deliveries[delivery], !d.reversed else { throw LedgerError.unknown(kind: "delivery", id: delivery) }
        guard let product = state.products[d.delivery.product] else { throw LedgerError.unknown(kind: "product", id: d.delivery.product) }
        let head = try await store.head()
        var claims: [String: CertificateBody.Claim] = [:]
        for allocation in d.allocations {
            let account = state.accounts[allocation.account]
            var claim = claims[allocation.account] ?? .init(account: allocation.account, ringFencedFor: account?.account.ringFencedFor, amount: 0, lots: [])
            claim.amount += allocation.amount
            let lots = allocation.draws.keys.compactMap { id in account?.batches.first { $0.id == id }?.lot }
            claim.lots = Array(Set(claim.lots + lots)).sorted()
            claims[allocation.account] = claim
        }
        let body = CertificateBody(
            certificate: "CERT-\(delivery)-\(d.certificates.count + 1)", issuer: state.config?.setup.company ?? "",
            delivery: delivery, customer: d.delivery.customer, site: d.delivery.site, product: product.id, element: product.element,
            form: product.form, unit: product.unit.rawValue, mass: d.delivery.mass, recycledMass: d.claimed,
            recycledSharePpm: d.claimed * 1_000_000 / d.delivery.mass, period: d.period,
            claims: claims.values.sorted { $0.account < $1.account }, keyId: key.keyID,
            ledgerHeadSeq: head.seq, ledgerHeadHash: head.hash, issuedAt: now(),
            chainOfCustody: "ISO 22095 mass balance, credit method")
        let certificate = try Certificate.sign(body, with: key)
        try await append(.issueCertificate(CertificateRecord(certificate: body.certificate, delivery: delivery, keyId: key.keyID,
                                                              bodyHash: try certificate.bodyHash)))
        return certificate
    }
}
