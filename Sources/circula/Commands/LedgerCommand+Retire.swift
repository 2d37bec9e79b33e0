import ArgumentParser
import CirculaLedger
import CirculaWorkspace

extension LedgerCommand {
    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Book and claim: retire a booked credit for a beneficiary (once, never for two buyers).")

        @OptionGroup var store: StoreOptions
        @Option(help: "Credit id.") var credit: String
        @Option(help: "The beneficiary whose claim it backs (the buyer it was transferred to, if any).") var beneficiary: String
        @Option(help: "Retirement date YYYY-MM-DD.") var date: String?

        func run() async throws {
            try await store.withLedger { ledger in
                let stored = try await Workspace.retireCredit(credit, for: beneficiary, date: date ?? today(), in: ledger)
                print("recorded \(stored.id): credit \(credit) retired for \(beneficiary)")
            }
        }
    }
}
