import Crypto
import Foundation

/// The issuer's signed list of every certificate it issued with its status, published so anyone holding a
/// certificate can check offline, with the issuer's public key only, whether it is still valid
/// (`docs/certificates.md` gives the exact signed bytes).
public struct CertificateStatusList: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public var certificate: String
        public var delivery: String
        /// SHA-256 of the certificate's canonical body: the entry is about exactly that certificate.
        public var bodyHash: String
        public var status: CertificateLifecycle
        public var reason: String?
        public var supersededBy: String?
        public var date: String?

        enum CodingKeys: String, CodingKey {
            case certificate, delivery, status, reason, date
            case bodyHash = "body_hash"
            case supersededBy = "superseded_by"
        }
    }

    public struct Body: Codable, Sendable, Equatable {
        public var issuer: String
        public var keyId: String
        public var issuedAt: String
        public var ledgerHeadSeq: Int64
        public var ledgerHeadHash: String
        /// Sorted by certificate id.
        public var certificates: [Entry]

        enum CodingKeys: String, CodingKey {
            case issuer, certificates
            case keyId = "key_id"
            case issuedAt = "issued_at"
            case ledgerHeadSeq = "ledger_head_seq"
            case ledgerHeadHash = "ledger_head_hash"
        }
    }

    public var statusList: Body
    public var algorithm: String
    /// Base64 Ed25519 signature over the canonical JSON of `status_list`.
    public var signature: String

    enum CodingKeys: String, CodingKey {
        case algorithm, signature
        case statusList = "status_list"
    }

    public static func sign(_ body: Body, with key: IssuerKey) throws -> CertificateStatusList {
        let signature = try key.privateKey.signature(for: Data(try JSONValue.from(body).canonical.utf8))
        return CertificateStatusList(statusList: body, algorithm: "Ed25519", signature: signature.base64EncodedString())
    }

    public func verify(publicKey: Curve25519.Signing.PublicKey) throws(CertificateError) {
        guard algorithm == "Ed25519" else { throw .invalid("status list algorithm \(algorithm); expected Ed25519") }
        guard statusList.keyId == IssuerKey.keyID(publicKey) else {
            throw .invalid("status list names key \(statusList.keyId), the given public key is \(IssuerKey.keyID(publicKey))")
        }
        guard let signatureData = Data(base64Encoded: signature) else { throw .invalid("status list signature is not base64") }
        let canonical: String
        do { canonical = try JSONValue.from(statusList).canonical } catch { throw .invalid("status list cannot be encoded: \(error)") }
        guard publicKey.isValidSignature(signatureData, for: Data(canonical.utf8)) else {
            throw .invalid("the status list's Ed25519 signature does not match its content (it was altered or signed by another key)")
        }
    }

    /// The status of `certificate` as the list states it; a certificate the list does not name, or names with
    /// another body hash, is an error (the list is complete for its issuer at its ledger head).
    public func status(of certificate: Certificate) throws(CertificateError) -> Entry {
        let bodyHash: String
        do { bodyHash = try certificate.bodyHash } catch { throw .invalid("certificate cannot be encoded: \(error)") }
        guard let entry = statusList.certificates.first(where: { $0.certificate == certificate.body.certificate }) else {
            throw .invalid("the status list (ledger head \(statusList.ledgerHeadSeq)) does not name certificate \(certificate.body.certificate)")
        }
        guard entry.bodyHash == bodyHash else {
            throw .invalid("the status list's body hash for \(entry.certificate) is \(entry.bodyHash.prefix(16))…, the certificate's is \(bodyHash.prefix(16))… (not the certificate the issuer recorded)")
        }
        return entry
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// Reads a status list; nothing outside the signed form is accepted.
    public static func load(json text: String) throws(CertificateError) -> CertificateStatusList {
        let parsed: JSONValue
        do { parsed = try JSONValue.parse(text) } catch { throw .invalid("not a Circula status list: \(error)") }
        let list: CertificateStatusList
        do { list = try JSONDecoder().decode(CertificateStatusList.self, from: Data(text.utf8)) } catch {
            throw .invalid("not a Circula status list: \(error)")
        }
        let expected: JSONValue
        do { expected = try JSONValue.from(list) } catch { throw .invalid("cannot be encoded: \(error)") }
        if parsed != expected {
            throw .invalid("content outside the signed canonical form: \(Certificate.difference(parsed, expected, at: "").joined(separator: "; "))")
        }
        return list
    }
}

extension Ledger {
    /// Revokes a valid certificate, with the reason recorded in the chain.
    @discardableResult
    public func revokeCertificate(_ certificate: String, reason: String, date: String? = nil) async throws -> StoredEvent {
        try await append(.certificateStatus(CertificateStatusChange(certificate: certificate, status: .revoked, reason: reason,
                                                                    date: date ?? String(now().prefix(10)))))
    }

    /// Issues a new certificate for the delivery of `certificate` (its allocations as they are now) that names
    /// the old one, and marks the old one superseded, in one append.
    public func supersedeCertificate(_ certificate: String, reason: String, key: IssuerKey, writingTo path: String? = nil,
                                     overwrite: Bool = false) async throws -> Certificate {
        let id = Identifier.normalized(certificate)
        let state = try await state(keys: [LedgerState.key(certificate: id), LedgerState.key(certificateStatus: id)])
        guard let record = state.certificates[id] else { throw LedgerError.unknown(kind: "certificate", id: id) }
        let status = state.status(ofCertificate: id)
        guard status == .valid else { throw LedgerError.certificateNotValid(certificate: id, status: status.rawValue) }
        return try await issueCertificate(delivery: record.delivery, key: key, writingTo: path, overwrite: overwrite,
                                          superseding: (id, reason))
    }

    /// The status of every certificate in the ledger, signed with the issuer key.
    public func certificateStatusList(key: IssuerKey) async throws -> CertificateStatusList {
        let head = try await store.head()
        let state = try await state(prefixes: ["certificate:", "certificate-status:"])
        let entries = state.certificates.values.sorted { $0.certificate < $1.certificate }.map { record in
            let status = state.certificateStatus[record.certificate]
            return CertificateStatusList.Entry(certificate: record.certificate, delivery: record.delivery, bodyHash: record.bodyHash,
                                               status: status?.status ?? .valid, reason: status?.reason,
                                               supersededBy: status?.supersededBy, date: status?.date)
        }
        return try CertificateStatusList.sign(.init(issuer: state.config?.setup.company ?? "", keyId: key.keyID, issuedAt: now(),
                                                    ledgerHeadSeq: head.seq, ledgerHeadHash: head.hash, certificates: entries), with: key)
    }
}
