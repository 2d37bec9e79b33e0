import ArgumentParser
import CirculaLedger
import CirculaWorkspace

extension LedgerCommand {
    struct TransferCredit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "transfer-credit",
            abstract: "Book and claim: transfer a booked credit id to a buyer (once).")

        @OptionGroup var store: StoreOptions
        @Option(help: "Credit id.") var credit: String
        @Option(help: "The buyer.") var to: String
        @Option(help: "Transfer date YYYY-MM-DD.") var date: String?

        func run() async throws {
            try await store.withLedger { ledger in
                let stored = try await Workspace.transferCredit(credit, to: to, date: date ?? today(), in: ledger)
                print("recorded \(stored.id): credit \(credit) transferred to \(to)")
            }
        }
    }
}
