import ArgumentParser
import CirculaCore
import CirculaLedger
import CirculaWorkspace
import Foundation

/// `circula certificate`: Ed25519-signed recycled-content certificates, verifiable offline.
struct CertificateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificate",
        abstract: "Issue, show and verify signed recycled-content certificates.",
        subcommands: [Keygen.self, Issue.self, Show.self, Verify.self, Revoke.self, Supersede.self, Status.self, StatusList.self,
                      Credential.self, VerifyCredential.self, CredentialStatus.self]
    )

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an Ed25519 issuer key pair: DIR/issuer.key.pem and DIR/issuer.pub.pem.")
        @Option(help: "Directory for the PEM files.") var out: String

        func run() throws {
            let files: IssuerKeyFiles
            do { files = try Workspace.createIssuerKey(in: URL(fileURLWithPath: out)) } catch { throw fail(error) }
            print("wrote \(files.privateKey.path) (private, mode 600) and \(files.publicKey.path); key id \(files.key.keyID)")
        }
    }

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sign a certificate for a delivery's claimed credits and record it in the ledger.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Delivery id.") var delivery: String
        @Option(help: "Issuer private key (PEM).") var key: String
        @Option(help: "Certificate file to write.") var out: String
        @Flag(help: "Replace an existing file at --out.") var force = false

        func run() async throws {
            try await store.withLedger { ledger in
                let certificate = try await Workspace.issueCertificate(delivery: delivery, keyFile: key, in: ledger, out: out, overwrite: force)
                let b = certificate.body
                let unit = try Workspace.unit(of: certificate)
                print("wrote \(out): certificate \(b.certificate) for delivery \(b.delivery) to \(b.customer): \(show(b.recycledMass, unit)) recycled of \(show(b.mass, unit)) (\(percent(ppm: b.recycledSharePpm))%), period \(b.period), ledger head \(b.ledgerHeadHash.prefix(16))…, key \(b.keyId)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a certificate's content (does not check the signature; use verify).")
        @Argument(help: "Certificate JSON.") var file: String
        @OptionGroup var output: FormatOption

        func run() throws {
            let certificate: Certificate
            let unit: AmountUnit
            do {
                certificate = try Workspace.readCertificate(file: file)
                unit = try Workspace.unit(of: certificate)
            } catch { throw fail(error) }
            let b = certificate.body
            var table = TextTable(["field", "value"])
            for (k, v) in [("certificate", b.certificate), ("issuer", b.issuer), ("delivery", b.delivery), ("customer", b.customer),
                           ("product", "\(b.product) (\(b.element) \(b.form))"), ("site", b.site), ("mass", show(b.mass, unit)),
                           ("recycled mass", show(b.recycledMass, unit)), ("recycled share", "\(percent(ppm: b.recycledSharePpm)) %"),
                           ("period", b.period), ("claims", b.claims.map { "\($0.account)\($0.ringFencedFor.map { " (ring-fenced for \($0))" } ?? " (pool)"): \(show($0.amount, unit)) from \($0.lots.count) lots" }.joined(separator: "; ")),
                           ("chain of custody", b.chainOfCustody), ("issuer key id", b.keyId), ("ledger head", "seq \(b.ledgerHeadSeq) \(b.ledgerHeadHash)"),
                           ("issued at", b.issuedAt), ("signature", "\(certificate.algorithm) \(certificate.signature.prefix(24))…")] {
                table.add([k, v])
            }
            switch output.format {
            case .json: print(try certificate.json(), terminator: "")
            case .csv: print(table.csv())
            case .table: print(table.render())
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a certificate's signature and arithmetic offline, with the issuer's public key only.")
        @Argument(help: "Certificate JSON.") var file: String
        @Option(help: "Issuer public key (PEM).") var key: String

        func run() throws {
            do {
                let certificate = try Workspace.verifyCertificate(file: file, publicKeyFile: key)
                let b = certificate.body
                let unit = try Workspace.unit(of: certificate)
                print("valid: \(b.certificate) signed by key \(b.keyId); delivery \(b.delivery) to \(b.customer), \(show(b.recycledMass, unit)) recycled of \(show(b.mass, unit)) (\(percent(ppm: b.recycledSharePpm))%), period \(b.period), ledger head \(b.ledgerHeadHash.prefix(16))…")
            } catch { throw fail(error) }
        }
    }
}
