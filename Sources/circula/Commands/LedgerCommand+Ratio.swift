import ArgumentParser
import CirculaCore
import CirculaLedger
import CirculaWorkspace
import Foundation

extension LedgerCommand {
    struct Ratio: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The ratio report of a product: the scheme's ratio and the plant's, each named as in docs/ratios.md, deliveries reconciled with production and stock, totals by quarter and fiscal year.",
            discussion: """
                Without lots: #4 recycled share of output claimed (credits claimed on deliveries / delivered mass) per period, \
                quarter and fiscal year (April–March). With --lots (or --sample-lots) the plant's figures too: #1 recycled share \
                of input and #2 attribution share of the product, from each period's lots balanced on --model; and the \
                reconciliation opening stock + production − deliveries = closing stock, flagged where deliveries exceed \
                opening stock + production (exit status 1 with --strict).
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: FormatOption
        @Option(help: "The product. Left out: every product (scheme figures only); with --lots it is needed when the ledger books several.") var product: String?
        @Option(help: "Lot file with every input (recycled and primary) of the periods, for the plant's figures.") var lots: String?
        @Flag(help: "Use the bundled sample lots for the plant's figures.") var sampleLots = false
        @Option(help: "Model YAML for the periods' balances. Default: the bundled metallurgy.yaml.") var model: String?
        @Option(help: "The stream the product comes out of.") var productStream = "electrorefining.cathode"
        @Option(help: "Finished-goods stock of the product before the first period, e.g. 1200t.") var openingStock: String?
        @Flag(help: "Exit with status 1 when deliveries exceed opening stock + production in some period.") var strict = false

        func run() async throws {
            let plantSource = lots != nil || sampleLots
                ? PlantFigureSource(lots: LotSource(path: lots), model: ModelSource(path: model), productStream: productStream) : nil
            let reports = try await store.withLedger(readOnly: true) { ledger in
                try await Workspace.ratioReports(product: product, plant: plantSource, openingStock: openingStock, in: ledger)
            }
            let views = reports.map { RatioReportView($0, lotFile: plantSource?.lots.displayName, productStream: productStream) }
            switch output.format {
            // One product: the report object; several (no --product): a list of them.
            case .json: print(views.count == 1 ? try jsonString(views[0].json) : try jsonString(views.map(\.json)))
            case .csv:
                var table = views.first?.table(csvColumns: true) ?? TextTable([])
                for view in views.dropFirst() { table.rows += view.table(csvColumns: true).rows }
                print(table.csv())
            case .table: print(views.map { $0.text() }.joined(separator: "\n\n"))
            }
            for report in reports {
                for line in report.lines where line.grain == report.periodKind && line.stock?.reconciles == false {
                    printError("warning: \(report.product) \(line.period): deliveries exceed opening stock + production by \(show(line.stock!.uncovered, report.unit))")
                }
                if !report.receiptPeriodsWithoutLots.isEmpty {
                    printError("note: \(plantSource?.lots.displayName ?? "the lot file") has no lot in \(report.receiptPeriodsWithoutLots.joined(separator: ", ")), where the ledger has receipts: no input share stated there")
                }
            }
            if strict, reports.contains(where: { $0.lines.contains { $0.stock?.reconciles == false } }) { throw ExitCode(1) }
        }
    }
}
