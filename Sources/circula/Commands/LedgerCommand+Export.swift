import ArgumentParser
import CirculaLedger
import CirculaWorkspace
import Foundation

extension LedgerCommand {
    /// `circula ledger export --period P --out DIR`: the auditor's bundle (`docs/hash-chain.md`).
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a closed period's audit bundle: every event, the state at close, the verify report, keys, checkpoints, certificates, factor derivations, hash-chain.md.")

        @OptionGroup var store: StoreOptions
        @Option(help: "The closed period (2024-04).") var period: String
        @Option(help: "New directory for the bundle.") var out: String
        @Option(help: "Issuer public key (PEM) to include; repeat for several.") var key: [String] = []
        @Option(help: "Directory of signed checkpoints to include (checked against --key).") var checkpoints: String?
        @Option(help: "Directory of certificate JSON files to include.") var certificates: String?

        func run() async throws {
            try await store.withLedger(readOnly: true) { ledger in
                let summary = try await Workspace.exportAudit(period: period, to: out, publicKeyFiles: key, checkpoints: checkpoints,
                                                              certificates: certificates, in: ledger)
                print("wrote \(summary.directory): \(summary.files.count) files, \(summary.events) events (all, through head \(summary.head.seq) \(summary.head.hash.prefix(16))…), period \(summary.period) closed at \(summary.closeEvent), verify \(summary.valid ? "passed" : "FAILED (see verify.json)")")
                print("recompute the chain: python3 \((summary.directory as NSString).appendingPathComponent("verify_chain.py")) \(summary.directory)")
                if !summary.valid { throw ExitCode(1) }
            }
        }
    }
}
