import CirculaCore
import CirculaLedger
import Foundation

/// The two PEM files of an issuer key.
public struct IssuerKeyFiles: Sendable {
    public var key: IssuerKey
    /// `DIR/issuer.key.pem`, mode 600.
    public var privateKey: URL
    /// `DIR/issuer.pub.pem`.
    public var publicKey: URL
}

extension Workspace {
    /// Creates an Ed25519 issuer key pair in `directory`: `issuer.key.pem` (private, mode 600) and `issuer.pub.pem`.
    /// - Throws: `WorkspaceError.wouldOverwrite` when a private key is there already; file errors.
    ///
    /// ```swift
    /// let files = try Workspace.createIssuerKey(in: URL(fileURLWithPath: "keys"))
    /// print(files.key.keyID)
    /// ```
    public static func createIssuerKey(in directory: URL) throws -> IssuerKeyFiles {
        let key = IssuerKey.generate()
        let privateURL = directory.appendingPathComponent("issuer.key.pem"), publicURL = directory.appendingPathComponent("issuer.pub.pem")
        if FileManager.default.fileExists(atPath: privateURL.path) {
            throw WorkspaceError.wouldOverwrite(path: privateURL.path, what: "an issuer key")
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Mode 0600 from the first byte (temporary file + rename), never over an existing file.
        try SecureFile.write(key.privatePEM, to: privateURL.path, mode: 0o600)
        try SecureFile.write(key.publicPEM, to: publicURL.path, mode: 0o644, overwrite: true)
        return IssuerKeyFiles(key: key, privateKey: privateURL, publicKey: publicURL)
    }

    /// Signs a certificate for a delivery's claimed credits with the private key in `keyFile` and records it in the
    /// ledger.
    /// - Throws: `LocatedError` (key file unreadable), `CertificateError` (not an Ed25519 key), `LedgerError`.
    ///
    /// ```swift
    /// let certificate = try await Workspace.issueCertificate(delivery: "D24-04-001", keyFile: "keys/issuer.key.pem", in: ledger)
    /// try certificate.json().write(toFile: "cert.json", atomically: true, encoding: .utf8)
    /// ```
    /// With `out`, the file is written before the event is recorded (see `Ledger.issueCertificate`), never over an
    /// existing file unless `overwrite`.
    public static func issueCertificate(delivery: String, keyFile: String, in ledger: Ledger, out: String? = nil,
                                        overwrite: Bool = false) async throws -> Certificate {
        let key = try IssuerKey(pem: try TextFile.read(URL(fileURLWithPath: keyFile), displayName: keyFile))
        return try await ledger.issueCertificate(delivery: delivery, key: key, writingTo: out, overwrite: overwrite)
    }

    /// Reads a certificate file without checking its signature (use `verifyCertificate` for that).
    /// - Throws: `LocatedError` (file), `CertificateError` (not a certificate).
    ///
    /// ```swift
    /// let certificate = try Workspace.readCertificate(file: "cert.json")
    /// print(certificate.body.delivery, certificate.body.recycledSharePpm)
    /// ```
    public static func readCertificate(file: String) throws -> Certificate {
        try Certificate.load(json: try TextFile.read(URL(fileURLWithPath: file), displayName: file))
    }

    /// Checks a certificate offline: its signature with the issuer's public key, and its arithmetic.
    /// - Throws: `CertificateError` saying what does not hold; `LocatedError` for unreadable files.
    ///
    /// ```swift
    /// let certificate = try Workspace.verifyCertificate(file: "cert.json", publicKeyFile: "keys/issuer.pub.pem")
    /// ```
    public static func verifyCertificate(file: String, publicKeyFile: String) throws -> Certificate {
        let certificate = try readCertificate(file: file)
        try certificate.verify(publicKey: try IssuerKey.publicKey(pem: try TextFile.read(URL(fileURLWithPath: publicKeyFile), displayName: publicKeyFile)))
        return certificate
    }

    /// The exact unit a certificate states its masses in.
    /// - Throws: `WorkspaceError.unknownUnit` for a unit the ledger does not book in (never a silent default).
    ///
    /// ```swift
    /// let unit = try Workspace.unit(of: certificate)   // .gram
    /// print(unit.format(certificate.body.recycledMass, in: unit.displayUnit))
    /// ```
    public static func unit(of certificate: Certificate) throws(WorkspaceError) -> AmountUnit {
        guard let unit = AmountUnit(rawValue: certificate.body.unit) else {
            throw .unknownUnit(certificate.body.unit, context: "certificate \(certificate.body.certificate)")
        }
        return unit
    }
}
