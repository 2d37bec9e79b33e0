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
    /// Scheme, claim method, masses with units, factors, origin shares and the mass-balance sentence
    /// (`CertificateStatement.swift`); absent in certificates issued before it existed.
    public var statement: CertificateStatement?

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
        case certificate, issuer, delivery, customer, site, product, element, form, unit, mass, period, claims, statement
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
        guard body.mass > 0 else { throw .invalid("delivered mass \(body.mass) \(body.unit) must be above 0") }
        guard body.claims.reduce(Int128(0), { $0 + Int128($1.amount) }) == Int128(body.recycledMass) else {
            throw .invalid("the claims do not add up to the recycled mass \(body.recycledMass) \(body.unit)")
        }
        guard body.recycledSharePpm == ppm(body.recycledMass, of: body.mass) else {
            throw .invalid("recycled share \(body.recycledSharePpm) ppm does not equal recycled mass / mass")
        }
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// Reads a certificate, enforcing its canonical content: duplicate keys, unknown fields (in the body or at top
    /// level) and values in any other form than the one signed are refused, so no reader can see something the
    /// signature does not cover.
    public static func load(json text: String) throws(CertificateError) -> Certificate {
        let parsed: JSONValue
        do { parsed = try JSONValue.parse(text) } catch { throw .invalid("not a Circula certificate: \(error)") }
        let certificate: Certificate
        do { certificate = try JSONDecoder().decode(Certificate.self, from: Data(text.utf8)) } catch {
            throw .invalid("not a Circula certificate: \(error)")
        }
        let expected: JSONValue
        do { expected = try JSONValue.from(certificate) } catch { throw .invalid("cannot be encoded: \(error)") }
        if parsed != expected {
            throw .invalid("content outside the signed canonical form: \(Certificate.difference(parsed, expected, at: "").joined(separator: "; "))")
        }
        return certificate
    }

    /// Where two JSON values differ (`body.extra: unknown field`).
    static func difference(_ found: JSONValue, _ expected: JSONValue, at path: String) -> [String] {
        switch (found, expected) {
        case let (.object(a), .object(b)):
            var out: [String] = []
            for key in Set(a.keys).union(b.keys).sorted() {
                let here = path.isEmpty ? key : path + "." + key
                switch (a[key], b[key]) {
                case (nil, _): out.append("\(here): missing")
                case (.some, nil): out.append("\(here): unknown field, not covered by the signature")
                case let (x?, y?): out += difference(x, y, at: here)
                }
            }
            return out
        case let (.array(a), .array(b)) where a.count == b.count:
            return zip(a, b).enumerated().flatMap { difference($1.0, $1.1, at: "\(path)[\($0)]") }
        default:
            return found == expected ? [] : ["\(path.isEmpty ? "certificate" : path): not in the signed form"]
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
    /// With `path`, the certificate file is written (temporary file, mode `mode`) before its event is appended and
    /// moved into place right after, so a recorded certificate is never lost and a failed write records nothing;
    /// an existing file is refused unless `overwrite`.
    /// With `superseding`, the new certificate names the old one (in its statement and its record) and the old one
    /// becomes `superseded` with the same event (`CertificateStatus.swift`); without, the delivery must have no valid one.
    public func issueCertificate(delivery: String, key: IssuerKey, writingTo path: String? = nil, mode: mode_t = 0o644,
                                 overwrite: Bool = false, superseding: (certificate: String, reason: String)? = nil) async throws -> Certificate {
        let delivery = Identifier.normalized(delivery)
        // The delivery, then its accounts' summaries and only the batches its allocations drew (an account may hold
        // millions).
        let first = try await summaryState(keys: [LedgerState.key(delivery: delivery)])
        let drawn = first.deliveries[delivery]?.allocations ?? []
        var state = try await summaryState(keys: [LedgerState.key(delivery: delivery)] + drawn.map { LedgerState.key(account: $0.account) }
                                               + drawn.flatMap { a in a.draws.keys.map { LedgerState.key(batch: $0, in: a.account) } },
                                           prefixes: ["product:"])
        guard let d = state.deliveries[delivery], !d.reversed else { throw LedgerError.unknown(kind: "delivery", id: delivery) }
        guard let product = state.products[d.delivery.product] else { throw LedgerError.unknown(kind: "product", id: d.delivery.product) }
        let drawnLots = Set(d.allocations.flatMap { a in a.draws.keys.compactMap { id in state.accounts[a.account]?.batches.first { $0.id == id }?.lot } })
        state.receipts = try await self.state(keys: drawnLots.sorted().map(LedgerState.key(receipt:))).receipts
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
            delivery: delivery, customer: d.delivery.customer, site: d.delivery.site, product: product.id, element: product.element.symbol,
            form: product.form, unit: product.unit.rawValue, mass: d.delivery.mass, recycledMass: d.claimed,
            recycledSharePpm: ppm(d.claimed, of: d.delivery.mass), period: d.period,
            claims: claims.values.sorted { $0.account < $1.account }, keyId: key.keyID,
            ledgerHeadSeq: head.seq, ledgerHeadHash: head.hash, issuedAt: now(),
            chainOfCustody: "ISO 22095 mass balance, credit method",
            statement: state.certificateStatement(for: d, product: product, supersedes: superseding.map { Identifier.normalized($0.certificate) }))
        let certificate = try Certificate.sign(body, with: key)
        let pending = try path.map { path throws in try SecureFile.prepare(try certificate.json(), to: path, mode: mode, overwrite: overwrite) }
        do {
            try await append(.issueCertificate(CertificateRecord(
                certificate: body.certificate, delivery: delivery, keyId: key.keyID, bodyHash: try certificate.bodyHash,
                supersedes: superseding.map { Identifier.normalized($0.certificate) }, reason: superseding?.reason)))
        } catch {
            pending?.discard()
            throw error
        }
        try pending?.commit()
        return certificate
    }
}

extension ChainAnchor {
    /// What a certificate proves about the chain: it saw event `ledger_head_seq` with `ledger_head_hash`, and its own
    /// issue event (same certificate id and body hash) follows it.
    public static func certificate(_ certificate: Certificate, source: String) throws -> ChainAnchor {
        let body = certificate.body
        let bodyHash = try certificate.bodyHash
        var anchor = ChainAnchor(seq: body.ledgerHeadSeq, hash: body.ledgerHeadSeq == 0 ? nil : body.ledgerHeadHash, source: source)
        let id = body.certificate
        anchor.requiredEvent = { stored in
            guard stored.type == "issue-certificate", case .issueCertificate(let record)? = try? stored.event() else { return false }
            return record.certificate == id && record.bodyHash == bodyHash
        }
        anchor.requiredEventDescription = "the issue event of certificate \(id) with body hash \(bodyHash.prefix(16))…"
        return anchor
    }

    /// Anchors of every `*.json` certificate in `directory` (sorted by name); a file that is not a valid
    /// certificate is an error naming it.
    public static func certificates(in directory: String) throws -> [ChainAnchor] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw CertificateError.invalid("cannot read the certificate directory \(directory): \(error.localizedDescription)")
        }
        return try names.filter { $0.hasSuffix(".json") }.sorted().map { name in
            let path = (directory as NSString).appendingPathComponent(name)
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw CertificateError.invalid("\(path): not readable as UTF-8") }
            let certificate: Certificate
            do { certificate = try Certificate.load(json: text) } catch { throw CertificateError.invalid("\(path): \(error)") }
            return try ChainAnchor.certificate(certificate, source: "certificate \(certificate.body.certificate) (\(name))")
        }
    }
}
