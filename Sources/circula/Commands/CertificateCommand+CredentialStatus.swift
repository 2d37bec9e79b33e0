import ArgumentParser
import CirculaLedger
import CirculaWorkspace

extension CertificateCommand {
    struct CredentialStatus: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "credential-status",
            abstract: "A credential's status in a W3C Bitstring Status List credential, offline (both eddsa-jcs-2022 proofs checked). Exit status 1 unless valid.")
        @Argument(help: "Credential JSON (from `certificate credential`).") var file: String
        @Option(help: "BitstringStatusListCredential (from `certificate status-list --revocation-out/--message-out`).") var statusList: String
        @Option(help: "Issuer public key (PEM).") var key: String

        func run() throws {
            let status: (purpose: CertificateStatusPurpose, index: Int, value: Int)
            do { status = try Workspace.bitstringStatus(credentialFile: file, statusListFile: statusList, publicKeyFile: key) } catch { throw fail(error) }
            let meaning = status.purpose == .revocation
                ? (status.value == 1 ? "revoked" : "not revoked")
                : (CertificateStatusPurpose.messages.first { $0.value == status.value }?.status.rawValue ?? "unknown status \(status.value)")
            print("\(status.purpose.rawValue) status at statusListIndex \(status.index): \(status.value) (\(meaning))")
            if status.value != 0 { throw ExitCode(1) }
        }
    }
}
