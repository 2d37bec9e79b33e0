import ArgumentParser
import CirculaCore
import CirculaLedger
import CirculaWorkspace
import Foundation

/// `circula certificate revoke | supersede | status | status-list | credential | verify-credential`: the
/// certificate lifecycle (issue 12 point 5) and its W3C Verifiable Credential form.
extension CertificateCommand {
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a valid certificate, with the reason recorded in the ledger.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Certificate id (CERT-…).") var certificate: String
        @Option(help: "Why it is revoked (recorded in the chain).") var reason: String

        func run() async throws {
            try await store.withLedger { ledger in
                let stored = try await Workspace.revokeCertificate(certificate, reason: reason, in: ledger)
                print("recorded \(stored.id) \(stored.type) \(summary(stored).terminalSafe)")
            }
        }
    }

    struct Supersede: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a new certificate for the same delivery (its allocations as they are now) that names the old one; the old one becomes superseded.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Certificate id to supersede.") var certificate: String
        @Option(help: "Why (recorded in the chain).") var reason: String
        @Option(help: "Issuer private key (PEM).") var key: String
        @Option(help: "File for the new certificate.") var out: String
        @Flag(help: "Replace an existing file at --out.") var force = false

        func run() async throws {
            try await store.withLedger { ledger in
                let new = try await Workspace.supersedeCertificate(certificate, reason: reason, keyFile: key, in: ledger, out: out, overwrite: force)
                let b = new.body
                let unit = AmountUnit(rawValue: b.unit) ?? .gram
                print("wrote \(out): certificate \(b.certificate) supersedes \(b.statement?.supersedes ?? certificate) for delivery \(b.delivery): \(show(b.recycledMass, unit)) recycled of \(show(b.mass, unit)) (\(percent(ppm: b.recycledSharePpm))%)")
            }
        }
    }

    struct StatusList: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status-list",
            abstract: "Write the signed list of every certificate with its status (valid, revoked, superseded), for offline checks.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Issuer private key (PEM).") var key: String
        @Option(help: "File to write.") var out: String
        @Option(help: "Also write the W3C BitstringStatusListCredential of purpose revocation (1 bit: revoked) here.") var revocationOut: String?
        @Option(help: "Also write the W3C BitstringStatusListCredential of purpose message (2 bits: 0 valid, 1 revoked, 2 superseded) here.") var messageOut: String?
        @Flag(help: "Replace existing files.") var force = false

        func run() async throws {
            try await store.withLedger(readOnly: true) { ledger in
                let list = try await Workspace.writeCertificateStatusList(keyFile: key, in: ledger, out: out, overwrite: force)
                var outputs: [CertificateStatusPurpose: String] = [:]
                outputs[.revocation] = revocationOut
                outputs[.message] = messageOut
                if !outputs.isEmpty {
                    _ = try await Workspace.writeBitstringStatusLists(keyFile: key, in: ledger, outputs: outputs, overwrite: force)
                    for (purpose, path) in outputs.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                        print("wrote \(path): BitstringStatusListCredential \(purpose.listID(keyId: list.statusList.keyId)) (\(purpose.rawValue), \(purpose.statusSize) bit\(purpose.statusSize > 1 ? "s" : "") per certificate)")
                    }
                }
                let counts = Dictionary(grouping: list.statusList.certificates, by: \.status).mapValues(\.count)
                let text = CertificateLifecycle.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
                print("wrote \(out): \(list.statusList.certificates.count) certificates (\(text)) at ledger head \(list.statusList.ledgerHeadSeq), key \(list.statusList.keyId)")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A certificate's status: offline from a signed status list (--status-list, --key), or from the ledger (--db/--postgres).")
        @Argument(help: "Certificate JSON.") var file: String
        @Option(help: "Signed status list (certificate status-list); needs --key.") var statusList: String?
        @Option(help: "Issuer public key (PEM) to check the certificate and the status list.") var key: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let report: CertificateStatusReport
            if let statusList {
                guard let key else { printError("error: --status-list needs --key (the issuer public key)"); throw ExitCode(1) }
                do { report = try Workspace.certificateStatus(file: file, statusListFile: statusList, publicKeyFile: key) } catch { throw fail(error) }
            } else {
                report = try await store.withLedger(readOnly: true) { ledger in try await Workspace.certificateStatus(file: file, in: ledger) }
            }
            print(describe(report.certificate, report.status, reason: report.reason, by: report.supersededBy) + " (\(report.source))")
            if report.status != .valid { throw ExitCode(1) }
        }

        func describe(_ id: String, _ status: CertificateLifecycle, reason: String?, by: String?) -> String {
            "\(id): \(status.rawValue)\(by.map { " by \($0)" } ?? "")\(reason.map { ": \($0)" } ?? "")".terminalSafe
        }
    }

    struct Credential: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export a certificate as a W3C Verifiable Credential (UNTP Digital Product Passport, eddsa-jcs-2022 proof).",
            discussion: "The certificate must be one the ledger recorded; the credential's credentialStatus holds its W3C Bitstring Status List entries (statusListIndex = the seq of its issue event; lists from `certificate status-list --revocation-out/--message-out`).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Certificate JSON.") var file: String
        @Option(help: "Issuer private key (PEM): the certificate's own key.") var key: String
        @Option(help: "Credential file to write.") var out: String
        @Flag(help: "Replace an existing file at --out.") var force = false

        func run() async throws {
            let (certificate, issuer) = try await store.withLedger(readOnly: true) { ledger in
                try await Workspace.exportCredential(file: file, keyFile: key, out: out, overwrite: force, ledger: ledger)
            }
            print("wrote \(out): credential urn:circula:certificate:\(certificate.body.certificate), issuer \(issuer)")
        }
    }

    struct VerifyCredential: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-credential",
            abstract: "Check a credential's eddsa-jcs-2022 proof and the certificate inside it, offline.")
        @Argument(help: "Credential JSON.") var file: String
        @Option(help: "Issuer public key (PEM); without it the did:key in the proof is trusted as given.") var key: String?

        func run() throws {
            do {
                let certificate = try Workspace.verifyCredential(file: file, publicKeyFile: key)
                let b = certificate.body
                let unit = AmountUnit(rawValue: b.unit) ?? .gram
                print("valid credential: \(b.certificate) signed by key \(b.keyId); delivery \(b.delivery) to \(b.customer), \(show(b.recycledMass, unit)) recycled of \(show(b.mass, unit)) (\(percent(ppm: b.recycledSharePpm))%)\(key == nil ? " (key from the proof's did:key, not checked against a known key)" : "")")
            } catch { throw fail(error) }
        }
    }
}
