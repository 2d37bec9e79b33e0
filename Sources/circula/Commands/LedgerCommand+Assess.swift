import ArgumentParser
import CirculaLedger
import CirculaWorkspace

extension LedgerCommand {
    struct Assess: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Book and claim: record the volume a certifier assessed for a period and product (the booking cap).",
            discussion: "Example: circula ledger assess --period 2024-04 --product cu-cathode --volume 500t --certifier \"CB Ltd\" --document AR-2024-04")

        @OptionGroup var store: StoreOptions
        @Option(help: "Period id, e.g. 2024-04.") var period: String
        @Option(help: "Product id.") var product: String
        @Option(help: "Assessed volume with unit, e.g. 500t.") var volume: String
        @Option(help: "The certifier.") var certifier: String
        @Option(help: "The assessment report or credential.") var document: String

        func run() async throws {
            try await store.withLedger { ledger in
                let r = try await Workspace.assessVolume(period: period, product: product, volume: volume, certifier: certifier, document: document, in: ledger)
                print("recorded \(r.stored.id): \(certifier) assessed \(show(r.amount, r.unit)) of \(product) for \(period)")
            }
        }
    }
}
