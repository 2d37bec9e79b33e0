import ArgumentParser
import CirculaCore
import CirculaLedger
import CirculaWorkspace

extension LedgerCommand {
    struct Input: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "input",
            abstract: "Percentage method: record a period's total input of an element (recycled and primary).",
            discussion: """
                Every output of the period, products and scrap, may then be claimed at most at the period's input share,
                recycled input (from the receipts) / total input. Example:
                  circula ledger input --period FY2024 --element Cu --total 410000t --source "plant balance FY2024"
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: "Period id, e.g. FY2024.") var period: String
        @Option(help: "Element symbol, e.g. Cu.", transform: elementSymbol) var element: Element
        @Option(help: "Total input with unit, e.g. 410000t.") var total: String
        @Option(help: "Where the figure comes from.") var source: String

        func run() async throws {
            try await store.withLedger { ledger in
                let r = try await Workspace.recordInput(period: period, element: element, total: total, source: source, in: ledger)
                print("recorded \(r.stored.id): total input of \(element) in \(period) \(show(r.amount, r.unit)) (\(source))")
            }
        }
    }
}
