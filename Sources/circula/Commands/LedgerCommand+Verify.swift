import ArgumentParser
import CirculaLedger

/// `ledger verify --expect-head HASH --certificates DIR`: heads known from outside the database.
struct VerifyAnchorOptions: ParsableArguments {
    @Option(help: "The head hash the chain must end at (from a checkpoint or an earlier verify); catches deleted or rewritten events.")
    var expectHead: String?

    @Option(help: "Directory of certificate JSON files: the chain must pass through the head each one saw and hold its issue event.")
    var certificates: String?

    func load() throws -> [ChainAnchor] {
        guard let certificates else { return [] }
        do { return try ChainAnchor.certificates(in: certificates) } catch { throw reportFailure(error) }
    }
}
