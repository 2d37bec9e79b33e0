import ArgumentParser
import CirculaLedger
import CirculaWorkspace

extension LedgerCommand {
    struct Book: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Book and claim: book a credit id, up to the period's assessed volume.",
            discussion: "Example: circula ledger book --credit BC-2024-04-001 --product cu-cathode --mass 100t --date 2024-04-10")

        @OptionGroup var store: StoreOptions
        @Option(help: "Credit id (used once).") var credit: String
        @Option(help: "Product id.") var product: String
        @Option(help: "Mass with unit, e.g. 100t.") var mass: String
        @Option(help: "Booking date YYYY-MM-DD (its period's assessed volume caps it).") var date: String?

        func run() async throws {
            try await store.withLedger { ledger in
                let r = try await Workspace.bookCredit(credit, product: product, mass: mass, date: date ?? today(), in: ledger)
                print("recorded \(r.stored.id): credit \(credit) booked, \(show(r.amount, r.unit)) of \(product)")
            }
        }
    }
}
