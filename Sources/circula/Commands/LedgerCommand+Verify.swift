import ArgumentParser
import CirculaLedger
import Foundation

/// `ledger verify --expect-head HASH --certificates DIR`: heads known from outside the database.
struct VerifyAnchorOptions: ParsableArguments {
    @Option(help: "The head hash the chain must end at (from a checkpoint or an earlier verify); catches deleted or rewritten events.")
    var expectHead: String?

    @Option(help: "Directory of certificate JSON files: the chain must pass through the head each one saw and hold its issue event.")
    var certificates: String?

    @Option(help: "Directory of signed checkpoint files (`ledger checkpoint`, `close-period --checkpoint-key`): the chain must pass through each.")
    var checkpoints: String?

    @Option(help: "Issuer public key (PEM) to check the checkpoints' signatures.")
    var key: String?

    func load() throws -> [ChainAnchor] {
        do {
            var anchors: [ChainAnchor] = []
            if let certificates { anchors += try ChainAnchor.certificates(in: certificates) }
            if let checkpoints {
                let publicKey = try key.map { try IssuerKey.publicKey(pem: try String(contentsOfFile: $0, encoding: .utf8)) }
                anchors += try ChainAnchor.checkpoints(in: checkpoints, publicKey: publicKey)
            }
            return anchors
        } catch { throw fail(error) }
    }
}

/// `--checkpoint-key KEY --checkpoint-dir DIR`: a signed checkpoint of the head after the command.
struct CheckpointOptions: ParsableArguments {
    @Option(help: "Issuer private key (PEM): sign a checkpoint of the chain head after this command.")
    var checkpointKey: String?

    @Option(help: "Directory for the checkpoint file (default: the current directory).")
    var checkpointDir: String = "."

    func signingKey() throws -> IssuerKey? { try checkpointKey.map(loadSigningKey) }

    func report(_ checkpoint: Checkpoint) { reportCheckpoint(checkpoint, in: checkpointDir) }
}

func loadSigningKey(_ path: String) throws -> IssuerKey {
    do { return try IssuerKey(pem: try String(contentsOfFile: path, encoding: .utf8)) } catch { throw fail(error) }
}

func reportCheckpoint(_ checkpoint: Checkpoint, in directory: String) {
    let b = checkpoint.checkpoint
    print("checkpoint \((directory as NSString).appendingPathComponent(checkpoint.fileName)): head event \(b.ledgerHeadSeq) \(b.ledgerHeadHash), key \(b.keyId)")
}

extension LedgerCommand {
    /// `circula ledger checkpoint`: a signed checkpoint of the chain head, on demand.
    struct CheckpointCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checkpoint",
            abstract: "Sign the chain head with the issuer key and write it outside the database, for `verify --checkpoints`.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Issuer private key (PEM).") var key: String
        @Option(help: "Directory for the checkpoint file.") var out: String = "."

        func run() async throws {
            let issuer = try loadSigningKey(key)
            try await store.withLedger(readOnly: true) { ledger in
                reportCheckpoint(try await ledger.checkpoint(key: issuer, directory: out), in: out)
            }
        }
    }
}
