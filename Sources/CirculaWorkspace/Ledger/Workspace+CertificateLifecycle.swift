import CirculaCore
import CirculaLedger
import Foundation

/// A certificate's status and where it was read from.
public struct CertificateStatusReport: Sendable, Equatable {
    public var certificate: String
    public var status: CertificateLifecycle
    public var reason: String?
    public var supersededBy: String?
    /// `ledger`, or `status list at ledger head N (issued_at)`.
    public var source: String
}

extension Workspace {
    static func read(_ path: String) throws -> String { try TextFile.read(URL(fileURLWithPath: path), displayName: path) }

    /// Revokes a valid certificate with a reason recorded in the chain.
    /// ```swift
    /// try await Workspace.revokeCertificate("CERT-D1-1", reason: "wrong delivery", in: ledger)
    /// ```
    public static func revokeCertificate(_ certificate: String, reason: String, in ledger: Ledger) async throws -> StoredEvent {
        try await ledger.revokeCertificate(certificate, reason: reason)
    }

    /// Issues the successor of a valid certificate (same delivery, allocations as they are now) and marks the old one
    /// superseded, in one append; the new file is written before the events are recorded.
    public static func supersedeCertificate(_ certificate: String, reason: String, keyFile: String, in ledger: Ledger,
                                            out: String? = nil, overwrite: Bool = false) async throws -> Certificate {
        let key = try IssuerKey(pem: try read(keyFile))
        return try await ledger.supersedeCertificate(certificate, reason: reason, key: key, writingTo: out, overwrite: overwrite)
    }

    /// Signs the status of every certificate and writes it to `out` (mode 644; never over a file unless `overwrite`).
    public static func writeCertificateStatusList(keyFile: String, in ledger: Ledger, out: String, overwrite: Bool = false) async throws -> CertificateStatusList {
        let key = try IssuerKey(pem: try read(keyFile))
        let list = try await ledger.certificateStatusList(key: key)
        try SecureFile.write(try list.json(), to: out, mode: 0o644, overwrite: overwrite)
        return list
    }

    /// A certificate's status offline: the certificate and the status list both verified with the issuer's public key.
    public static func certificateStatus(file: String, statusListFile: String, publicKeyFile: String) throws -> CertificateStatusReport {
        let publicKey = try IssuerKey.publicKey(pem: try read(publicKeyFile))
        let certificate = try readCertificate(file: file)
        try certificate.verify(publicKey: publicKey)
        let list = try CertificateStatusList.load(json: try read(statusListFile))
        try list.verify(publicKey: publicKey)
        let entry = try list.status(of: certificate)
        return .init(certificate: entry.certificate, status: entry.status, reason: entry.reason, supersededBy: entry.supersededBy,
                     source: "status list at ledger head \(list.statusList.ledgerHeadSeq), \(list.statusList.issuedAt)")
    }

    /// A certificate's status in the ledger; the file must be the certificate the ledger recorded (same body hash).
    public static func certificateStatus(file: String, in ledger: Ledger) async throws -> CertificateStatusReport {
        let certificate = try readCertificate(file: file)
        let id = certificate.body.certificate
        let state = try await ledger.state(keys: [LedgerState.key(certificate: id), LedgerState.key(certificateStatus: id)])
        guard let record = state.certificates[id] else { throw LedgerError.unknown(kind: "certificate", id: id) }
        guard record.bodyHash == (try certificate.bodyHash) else {
            throw CertificateError.invalid("\(file) is not the certificate \(id) the ledger recorded (body hash differs)")
        }
        let status = state.certificateStatus[id]
        return .init(certificate: id, status: status?.status ?? .valid, reason: status?.reason, supersededBy: status?.supersededBy, source: "ledger")
    }

    /// Writes a certificate as a W3C Verifiable Credential (UNTP DPP, `eddsa-jcs-2022`), signed with the key that
    /// signed the certificate (checked first). Without a ledger the credential's `credentialStatus` points at
    /// Circula's own status list; `exportCredential(…, ledger:)` adds the W3C Bitstring Status List entries.
    public static func exportCredential(file: String, keyFile: String, out: String, overwrite: Bool = false) throws -> (certificate: Certificate, issuer: String) {
        let key = try IssuerKey(pem: try read(keyFile))
        let certificate = try readCertificate(file: file)
        try certificate.verify(publicKey: key.privateKey.publicKey)
        let credential = try VerifiableCredential.issue(certificate, key: key)
        try SecureFile.write(try VerifiableCredential.json(credential), to: out, mode: 0o644, overwrite: overwrite)
        return (certificate, VerifiableCredential.didKey(key.privateKey.publicKey))
    }

    /// Checks a credential's proof and the certificate inside it; with `publicKeyFile`, the signer must be that key.
    public static func verifyCredential(file: String, publicKeyFile: String?) throws -> Certificate {
        let expected = try publicKeyFile.map { try IssuerKey.publicKey(pem: try read($0)) }
        return try VerifiableCredential.verify(json: try read(file), expectedKey: expected)
    }

    /// The audit bundle of a closed period (`AuditExport`), with the public keys read from `publicKeyFiles`.
    public static func exportAudit(period: String, to directory: String, publicKeyFiles: [String] = [], checkpoints: String? = nil,
                                   certificates: String? = nil, in ledger: Ledger) async throws -> AuditExport.Summary {
        var keys: [String: String] = [:]
        for path in publicKeyFiles { keys[(path as NSString).lastPathComponent] = try read(path) }
        return try await ledger.exportAudit(period: period, to: directory, publicKeys: keys, checkpointsDirectory: checkpoints,
                                            certificatesDirectory: certificates)
    }
}

extension Workspace {
    /// The async variant for a ledger (the CLI's `certificate credential`).
    public static func exportCredential(file: String, keyFile: String, out: String, overwrite: Bool = false,
                                        ledger: Ledger) async throws -> (certificate: Certificate, issuer: String) {
        let key = try IssuerKey(pem: try read(keyFile))
        let certificate = try readCertificate(file: file)
        try certificate.verify(publicKey: key.privateKey.publicKey)
        let index = try await statusIndex(of: certificate, file: file, in: ledger)
        let credential = try VerifiableCredential.issue(certificate, key: key, statusIndex: index)
        try SecureFile.write(try VerifiableCredential.json(credential), to: out, mode: 0o644, overwrite: overwrite)
        return (certificate, VerifiableCredential.didKey(key.privateKey.publicKey))
    }

    /// The seq of the certificate's issue event, after checking the ledger recorded exactly this certificate.
    static func statusIndex(of certificate: Certificate, file: String, in ledger: Ledger) async throws -> Int64 {
        let id = certificate.body.certificate
        let state = try await ledger.state(keys: [LedgerState.key(certificate: id)])
        guard let record = state.certificates[id] else { throw LedgerError.unknown(kind: "certificate", id: id) }
        guard record.bodyHash == (try certificate.bodyHash) else {
            throw CertificateError.invalid("\(file) is not the certificate \(id) the ledger recorded (body hash differs)")
        }
        guard let index = try await ledger.certificateStatusIndexes()[id] else { throw LedgerError.unknown(kind: "issue event of certificate", id: id) }
        return index
    }

    /// Signs the W3C Bitstring Status List credentials (`revocation`, `message`) of every certificate of the key and
    /// writes those asked for (mode 644; never over a file unless `overwrite`).
    public static func writeBitstringStatusLists(keyFile: String, in ledger: Ledger, outputs: [CertificateStatusPurpose: String],
                                                 overwrite: Bool = false) async throws -> [CertificateStatusPurpose: JSONValue] {
        let key = try IssuerKey(pem: try read(keyFile))
        let lists = try await ledger.bitstringStatusLists(key: key)
        let pending = try outputs.sorted { $0.key.rawValue < $1.key.rawValue }.map { purpose, path in
            try SecureFile.prepare(try VerifiableCredential.json(lists[purpose]!), to: path, mode: 0o644, overwrite: overwrite)
        }
        do { for file in pending { try file.commit() } } catch { pending.forEach { $0.discard() }; throw error }
        return lists
    }

    /// A credential's status in a Bitstring Status List credential, offline: both proofs checked with the public key.
    public static func bitstringStatus(credentialFile: String, statusListFile: String, publicKeyFile: String) throws -> (purpose: CertificateStatusPurpose, index: Int, value: Int) {
        let publicKey = try IssuerKey.publicKey(pem: try read(publicKeyFile))
        return try VerifiableCredential.status(ofCredential: try read(credentialFile), in: try read(statusListFile), expectedKey: publicKey)
    }
}
