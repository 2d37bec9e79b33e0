import Crypto
import Foundation

/// A certificate as a W3C Verifiable Credential (VC Data Model 2.0) shaped as a UN/CEFACT UNTP Digital Product
/// Passport (context `untp/dpp/0.6.1`), secured with a Data Integrity proof of the `eddsa-jcs-2022` cryptosuite
/// (W3C VC Data Integrity EdDSA Cryptosuites v1.0, §3.3): JCS (RFC 8785) of the credential without `proof`, JCS
/// of the proof options with the credential's `@context`, SHA-256 of each, the proof-options hash first, signed
/// with Ed25519; `proofValue` is base58btc multibase (`z…`). The issuer is the `did:key` of the issuer key, so
/// the credential verifies offline. `docs/certificates.md` spells out the bytes.
public enum VerifiableCredential {
    public static let contexts = ["https://www.w3.org/ns/credentials/v2", "https://test.uncefact.org/vocabulary/untp/dpp/0.6.1/"]

    /// `did:key:z6Mk…` of an Ed25519 public key (multicodec `0xed 0x01` + 32 key bytes, base58btc).
    public static func didKey(_ key: Curve25519.Signing.PublicKey) -> String {
        "did:key:z" + Base58.encode([0xed, 0x01] + Array(key.rawRepresentation))
    }

    /// The public key inside a `did:key` (or a `did:key:…#…` verification method).
    public static func publicKey(didKey: String) throws(CertificateError) -> Curve25519.Signing.PublicKey {
        let did = didKey.split(separator: "#", maxSplits: 1).first.map(String.init) ?? didKey
        guard did.hasPrefix("did:key:z"), let bytes = Base58.decode(String(did.dropFirst("did:key:z".count))),
              bytes.count == 34, bytes[0] == 0xed, bytes[1] == 0x01,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes[2...]) else {
            throw .invalid("verification method \(didKey) is not an Ed25519 did:key")
        }
        return key
    }

    /// UNECE Recommendation 20 unit codes for the ledger units.
    static func unitCode(_ unit: String) -> String { unit == "mg" ? "MGM" : unit == "kg" ? "KGM" : "GRM" }

    /// The unsigned credential for a certificate. With `statusIndex` (the seq of the certificate's issue event,
    /// `Ledger.certificateStatusIndexes`) its `credentialStatus` holds the two W3C Bitstring Status List entries
    /// (`BitstringStatusListCredential.swift`); without, the pointer to Circula's own signed status list.
    public static func document(for certificate: Certificate, issuerDID: String, statusIndex: Int64? = nil) throws -> JSONValue {
        let b = certificate.body
        func metric(_ name: String, _ value: Int64, _ unit: String) -> JSONValue {
            .object(["type": .array([.string("Metric")]), "metricName": .string(name),
                     "metricValue": .object(["type": .array([.string("Measure")]), "value": .integer(value), "unit": .string(unit)])])
        }
        // UNECE code 59 = part per million: shares stay integers, so the signed bytes never depend on float formatting.
        var metrics = [metric("delivered mass", b.mass, unitCode(b.unit)), metric("recycled mass (mass balance)", b.recycledMass, unitCode(b.unit)),
                       metric("recycled share", b.recycledSharePpm, "59")]
        if let s = b.statement {
            metrics += [metric("pre-consumer share of recycled mass", s.preConsumerSharePpm, "59"),
                        metric("post-consumer share of recycled mass", s.postConsumerSharePpm, "59")]
            if let own = s.ownScrapSharePpm { metrics.append(metric("customer's own scrap share of recycled mass", own, "59")) }
        }
        let scheme = b.statement?.scheme ?? b.chainOfCustody
        let claim: JSONValue = .object([
            "type": .array([.string("Claim")]), "id": .string("urn:circula:claim:\(b.certificate)"),
            "conformityTopic": .string("circularity.content"), "conformance": .bool(true),
            "assessmentDate": .string(String(b.issuedAt.prefix(10))),
            "referenceStandard": .object(["type": .array([.string("Standard")]), "name": .string(scheme)]),
            "claimedPerformance": .string(b.statement?.massBalanceStatement ?? "ISO 22095 mass balance, credit method"),
            "declaredValue": .array(metrics),
        ])
        return .object([
            "@context": .array(contexts.map { .string($0) }),
            "id": .string("urn:circula:certificate:\(b.certificate)"),
            "type": .array([.string("DigitalProductPassport"), .string("VerifiableCredential")]),
            "name": .string("Recycled-content certificate \(b.certificate)"),
            "issuer": .object(["type": .array([.string("CredentialIssuer")]), "id": .string(issuerDID), "name": .string(b.issuer)]),
            "validFrom": .string(b.issuedAt),
            "credentialStatus": statusIndex.map { VerifiableCredential.statusEntries(index: $0, keyId: b.keyId) }
                ?? .object(["id": .string("urn:circula:status:\(b.certificate)"), "type": .string("CirculaCertificateStatusList"),
                            "statusListCredential": .string("status-list.json")]),
            "credentialSubject": .object([
                "type": .array([.string("ProductPassport")]),
                "id": .string("urn:circula:delivery:\(b.delivery)"),
                "product": .object(["type": .array([.string("Product")]), "id": .string("urn:circula:product:\(b.product)"),
                                    "name": .string("\(b.element) \(b.form)"), "batchNumber": .string(b.delivery)]),
                "conformityClaim": .array([claim]),
                // The signed Circula certificate body, verbatim: the credential states everything the JSON does.
                "circulaCertificate": try JSONValue.from(b),
                "circulaCertificateSignature": .string(certificate.signature),
            ]),
        ])
    }

    /// The credential with its `eddsa-jcs-2022` proof; `statusIndex` as in `document(for:issuerDID:statusIndex:)`.
    public static func issue(_ certificate: Certificate, key: IssuerKey, statusIndex: Int64? = nil) throws -> JSONValue {
        let did = didKey(key.privateKey.publicKey)
        guard case .object(let document) = try self.document(for: certificate, issuerDID: did, statusIndex: statusIndex) else {
            throw CertificateError.invalid("credential is not an object")
        }
        return try secure(document, key: key, created: certificate.body.issuedAt)
    }

    /// `document` with an `eddsa-jcs-2022` Data Integrity proof by `key` (the issuer's `did:key`).
    static func secure(_ document: [String: JSONValue], key: IssuerKey, created: String) throws -> JSONValue {
        let did = didKey(key.privateKey.publicKey)
        var document = document
        var proof: [String: JSONValue] = [
            "type": .string("DataIntegrityProof"), "cryptosuite": .string("eddsa-jcs-2022"),
            "created": .string(created), "verificationMethod": .string(did + "#" + String(did.dropFirst("did:key:".count))),
            "proofPurpose": .string("assertionMethod"),
        ]
        let signature = try key.privateKey.signature(for: hashData(document: document, proof: proof))
        proof["proofValue"] = .string("z" + Base58.encode(Array(signature)))
        document["proof"] = .object(proof)
        return .object(document)
    }

    /// SHA-256(JCS(proof options + document `@context`)) ‖ SHA-256(JCS(document without proof)).
    static func hashData(document: [String: JSONValue], proof: [String: JSONValue]) -> Data {
        var unsecured = document
        unsecured["proof"] = nil
        var options = proof
        options["proofValue"] = nil
        if let context = document["@context"] { options["@context"] = context }
        let proofHash = SHA256.hash(data: Data(JCS.serialize(.object(options)).utf8))
        let documentHash = SHA256.hash(data: Data(JCS.serialize(.object(unsecured)).utf8))
        return Data(proofHash) + Data(documentHash)
    }

    /// Checks the proof; the key comes from the proof's `did:key` and must match `expectedKey` when given.
    /// Returns the embedded Circula certificate (its own signature checked with the same key).
    @discardableResult
    public static func verify(json text: String, expectedKey: Curve25519.Signing.PublicKey? = nil) throws(CertificateError) -> Certificate {
        let (document, key) = try verifyProof(json: text, expectedKey: expectedKey)
        guard case .object(let subject)? = document["credentialSubject"], let body = subject["circulaCertificate"],
              case .string(let bodySignature)? = subject["circulaCertificateSignature"] else {
            throw .invalid("credentialSubject carries no circulaCertificate")
        }
        let certificate: Certificate
        do {
            certificate = try Certificate.load(json: JSONValue.object(["body": body, "algorithm": .string("Ed25519"),
                                                                       "signature": .string(bodySignature)]).canonical)
        } catch { throw .invalid("embedded certificate: \(error)") }
        try certificate.verify(publicKey: key)
        return certificate
    }

    /// Checks a credential's `eddsa-jcs-2022` proof; returns the document and the issuer key that signed it.
    static func verifyProof(json text: String, expectedKey: Curve25519.Signing.PublicKey?) throws(CertificateError)
        -> (document: [String: JSONValue], key: Curve25519.Signing.PublicKey) {
        let parsed: JSONValue
        do { parsed = try JSONValue.parse(text) } catch { throw .invalid("not a credential: \(error)") }
        guard case .object(let document) = parsed, case .object(let proof)? = document["proof"] else { throw .invalid("credential has no proof object") }
        guard proof["type"] == JSONValue.string("DataIntegrityProof"), proof["cryptosuite"] == JSONValue.string("eddsa-jcs-2022") else {
            throw .invalid("proof is not a DataIntegrityProof with cryptosuite eddsa-jcs-2022")
        }
        guard case .string(let method)? = proof["verificationMethod"], case .string(let value)? = proof["proofValue"],
              value.hasPrefix("z"), let signature = Base58.decode(String(value.dropFirst())), signature.count == 64 else {
            throw .invalid("proof needs a verificationMethod and a base58btc (z…) proofValue of 64 bytes")
        }
        // VC 2.0: the issuer is a URL or an object with an `id` (certificates use the object, status lists the URL).
        let issuerID: String?
        switch document["issuer"] {
        case .object(let issuer)?: if case .string(let id)? = issuer["id"] { issuerID = id } else { issuerID = nil }
        case .string(let id)?: issuerID = id
        default: issuerID = nil
        }
        guard let issuerID, method.hasPrefix(issuerID + "#") else { throw .invalid("the proof's verification method \(method) is not a key of the issuer") }
        let key = try publicKey(didKey: method)
        if let expectedKey, expectedKey.rawRepresentation != key.rawRepresentation {
            throw .invalid("the credential is signed by \(IssuerKey.keyID(key)), not by the given key \(IssuerKey.keyID(expectedKey))")
        }
        guard key.isValidSignature(Data(signature), for: hashData(document: document, proof: proof)) else {
            throw .invalid("the eddsa-jcs-2022 proof does not match the credential (it was altered or signed by another key)")
        }
        return (document, key)
    }

    /// Pretty JSON with sorted keys (the proof does not depend on the layout: it signs the JCS form).
    public static func json(_ credential: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(credential), as: UTF8.self) + "\n"
    }
}

/// RFC 8785 JSON Canonicalization Scheme for the values the ledger holds (no floating-point numbers): keys sorted
/// by UTF-16 code units, no whitespace, strings escaped as ECMAScript `JSON.stringify` does. Written by the ledger's
/// one JSON writer (`JSONValue.serialized`) in its `jcs` style.
enum JCS {
    static func serialize(_ value: JSONValue) -> String { value.serialized(.jcs) }
}
