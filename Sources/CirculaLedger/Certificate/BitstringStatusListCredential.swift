import Crypto
import Foundation

/// The certificates' status as W3C Bitstring Status List credentials (VC Bitstring Status List v1.0), besides
/// Circula's own signed list (`CertificateStatusList`): two `BitstringStatusListCredential`s signed with
/// `eddsa-jcs-2022` like the certificates' credentials, with the issuer's `did:key`, so they verify offline.
///
/// - `revocation`, one bit per certificate: 1 = revoked;
/// - `message`, two bits per certificate: 0 valid, 1 revoked, 2 superseded (the lifecycle in full).
///
/// A certificate's entry is at `statusListIndex` = the sequence number of its `issue-certificate` event in the hash
/// chain: unique, fixed when it is issued, and checkable against the exported events.
public enum CertificateStatusPurpose: String, Sendable, CaseIterable, Codable {
    case revocation, message

    public var statusSize: Int { self == .revocation ? 1 : 2 }

    /// The status value of a lifecycle state under this purpose.
    public func value(of status: CertificateLifecycle) -> Int {
        switch (self, status) {
        case (_, .valid): 0
        case (_, .revoked): 1
        case (.revocation, .superseded): 0 // superseded is not revoked: the claim stood, a corrected one replaced it
        case (.message, .superseded): 2
        }
    }

    /// `message` statuses, as the entry's `statusMessage` lists them.
    public static let messages: [(value: Int, status: CertificateLifecycle)] = [(0, .valid), (1, .revoked), (2, .superseded)]

    /// The status list credential's id (and `statusListCredential` of every entry): one pair of lists per issuer key.
    public func listID(keyId: String) -> String { "urn:circula:status-list:\(keyId):\(rawValue)" }
}

extension VerifiableCredential {
    /// The `credentialStatus` of a certificate credential: its `BitstringStatusListEntry` in each list.
    static func statusEntries(index: Int64, keyId: String) -> JSONValue {
        .array(CertificateStatusPurpose.allCases.map { purpose in
            var entry: [String: JSONValue] = [
                "id": .string(purpose.listID(keyId: keyId) + "#\(index)"), "type": .string("BitstringStatusListEntry"),
                "statusPurpose": .string(purpose.rawValue), "statusListIndex": .string("\(index)"),
                "statusListCredential": .string(purpose.listID(keyId: keyId)),
            ]
            if purpose.statusSize > 1 {
                entry["statusSize"] = .integer(Int64(purpose.statusSize))
                entry["statusMessage"] = .array(CertificateStatusPurpose.messages.map {
                    .object(["status": .string("0x" + String($0.value, radix: 16)), "message": .string($0.status.rawValue)])
                })
            }
            return .object(entry)
        })
    }

    /// A signed `BitstringStatusListCredential` for `purpose` with `list`.
    public static func statusListCredential(purpose: CertificateStatusPurpose, list: BitstringStatusList, key: IssuerKey,
                                            validFrom: String) throws -> JSONValue {
        let id = purpose.listID(keyId: key.keyID)
        let document: [String: JSONValue] = [
            "@context": .array([.string(contexts[0])]),
            "id": .string(id),
            "type": .array([.string("VerifiableCredential"), .string("BitstringStatusListCredential")]),
            "issuer": .string(didKey(key.privateKey.publicKey)),
            "validFrom": .string(validFrom),
            "credentialSubject": .object([
                "id": .string(id + "#list"), "type": .string("BitstringStatusList"),
                "statusPurpose": .string(purpose.rawValue), "encodedList": .string(list.encodedList),
            ]),
        ]
        return try secure(document, key: key, created: validFrom)
    }

    /// A certificate credential's status read from a status list credential: both proofs checked (the list must be
    /// signed by the certificate's issuer), the entry of the list's purpose found, its bits decoded.
    public static func status(ofCredential credentialJSON: String, in listJSON: String,
                              expectedKey: Curve25519.Signing.PublicKey? = nil) throws(CertificateError) -> (purpose: CertificateStatusPurpose, index: Int, value: Int) {
        let certificate = try verify(json: credentialJSON, expectedKey: expectedKey)
        let (credential, key) = try verifyProof(json: credentialJSON, expectedKey: expectedKey)
        let (list, listKey) = try verifyProof(json: listJSON, expectedKey: expectedKey)
        guard listKey.rawRepresentation == key.rawRepresentation else {
            throw .invalid("the status list is signed by \(IssuerKey.keyID(listKey)), the credential by \(IssuerKey.keyID(key))")
        }
        guard case .object(let subject)? = list["credentialSubject"], subject["type"] == JSONValue.string("BitstringStatusList"),
              case .string(let purposeText)? = subject["statusPurpose"], let purpose = CertificateStatusPurpose(rawValue: purposeText),
              case .string(let encoded)? = subject["encodedList"], case .string(let listID)? = list["id"] else {
            throw .invalid("not a BitstringStatusListCredential of purpose revocation or message")
        }
        guard case .array(let entries)? = credential["credentialStatus"],
              let entry = entries.first(where: { $0.objectValue?["statusListCredential"] == JSONValue.string(listID) && $0.objectValue?["statusPurpose"] == JSONValue.string(purposeText) }),
              case .string(let indexText)? = entry.objectValue?["statusListIndex"], let index = Int(indexText), index >= 0 else {
            throw .invalid("credential \(certificate.body.certificate) has no BitstringStatusListEntry for \(listID)")
        }
        let bits = try BitstringStatusList(encodedList: encoded, statusSize: purpose.statusSize)
        guard index < bits.entries else { throw .invalid("statusListIndex \(index) is beyond the list's \(bits.entries) entries") }
        return (purpose, index, bits.status(at: index))
    }
}

extension JSONValue {
    var objectValue: [String: JSONValue]? { if case .object(let o) = self { o } else { nil } }
}

extension Ledger {
    /// The `statusListIndex` of every certificate: the sequence number of its `issue-certificate` event.
    public func certificateStatusIndexes() async throws -> [String: Int64] {
        var indexes: [String: Int64] = [:]
        var after: Int64 = 0
        while true {
            let page = try await history(after: after, limit: 1000)
            for stored in page where stored.type == "issue-certificate" {
                if case .issueCertificate(let record) = try stored.event() { indexes[record.certificate] = stored.seq }
            }
            guard let last = page.last, page.count == 1000 else { return indexes }
            after = last.seq
        }
    }

    /// The two signed Bitstring Status List credentials for every certificate signed by `key`, as of now.
    public func bitstringStatusLists(key: IssuerKey) async throws -> [CertificateStatusPurpose: JSONValue] {
        let state = try await state(prefixes: ["certificate:", "certificate-status:"])
        let indexes = try await certificateStatusIndexes()
        let size = Int(indexes.values.max() ?? 0) + 1
        let issuedAt = now()
        var credentials: [CertificateStatusPurpose: JSONValue] = [:]
        for purpose in CertificateStatusPurpose.allCases {
            var list = BitstringStatusList(entries: size, statusSize: purpose.statusSize)
            for record in state.certificates.values where record.keyId == key.keyID {
                guard let index = indexes[record.certificate] else { throw LedgerError.unknown(kind: "issue event of certificate", id: record.certificate) }
                list.setStatus(purpose.value(of: state.status(ofCertificate: record.certificate)), at: Int(index))
            }
            credentials[purpose] = try VerifiableCredential.statusListCredential(purpose: purpose, list: list, key: key, validFrom: issuedAt)
        }
        return credentials
    }
}
