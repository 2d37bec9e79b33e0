import ArgumentParser
import CirculaBalance
import CirculaCore
import CirculaWorkspace
import Foundation

/// `circula balance`: forward balance of a period's lots over the flowsheet, recycled attribution,
/// Sankey SVG, and (with `--measurements`) data reconciliation.
struct BalanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balance",
        abstract: "Element-by-element balance of the plant for a set of lots; recycled share of cathode copper; Sankey SVG; reconciliation."
    )

    @Argument(help: "Model YAML. Default: the bundled metallurgy.yaml.")
    var model: String?

    @Option(name: .long, help: "Lots CSV. Default: the bundled sample lots (April 2024, synthetic).")
    var lots: String?

    @Option(name: .long, help: "Measurements CSV (stream,quantity,value,sd) to reconcile.")
    var measurements: String?

    @Option(name: .long, help: "Correlations CSV (a,b,rho) between measurement errors.")
    var correlations: String?

    @Option(name: .customLong("constraints"), help: "With --measurements: linear constraints of any coefficients, constraint,term,coefficient (terms stream:quantity, or rhs with a mass).")
    var constraintsFile: String?

    @Option(name: .long, help: "Show one element's stream table (and draw it with --sankey).")
    var element: String?

    @Option(name: .long, help: "Write a Sankey diagram (SVG) of --element, or of all balanced elements.")
    var sankey: String?

    @Option(name: .long, help: "The product stream whose recycled share is reported.")
    var productStream: String = "electrorefining.cathode"

    @Flag(name: .long, help: "With --measurements: also require element flows to follow the model's transfer coefficients.")
    var useTransferCoefficients = false

    @Flag(name: .long, help: "With --measurements: estimate the transfer coefficients of processes that have no row for a measured element (as STAN does with unknown coefficients).")
    var estimateMissingCoefficients = false

    @Option(name: .long, help: "With --measurements: eliminate this measurement (stream:quantity, or a stream measured once) first, e.g. to choose among indistinguishable ones. Repeatable.")
    var eliminate: [String] = []

    @Flag(name: .long, help: "With --measurements: report the first pass only; eliminate nothing (except --eliminate).")
    var noElimination = false

    @Option(name: .long, help: "With --measurements: normalised residuals equal within this relative tolerance are indistinguishable (none is eliminated).")
    var tieTolerance: Double = EliminationPolicy.standard.tieTolerance

    @Option(name: .customLong("set"), help: "What-if: set one transfer coefficient, process.layer.output=fraction (e.g. smelting_flash.Cu.slag=0.02); the row's other outputs scale to keep its sum. Prints what changes against the unmodified model. Repeatable.")
    var overrides: [String] = []

    @Option(name: .customLong("set-file"), help: "What-if: a file of overrides, one process.layer.output=fraction per line (# comments).")
    var setFile: String?

    @Option(name: .long, parsing: .upToNextOption, help: "Compare two models on the same lots: --compare A.yaml B.yaml (with --set, B is modified). Prints every product and recovery that changes.")
    var compare: [String] = []

    @Option(name: .customLong("period"), help: "A balance over periods: NAME=LOTS.csv, one per period in order (--period 2024-04=april.csv --period 2024-05=may.csv). Repeatable.")
    var periodFiles: [String] = []

    @Flag(name: .long, help: "A balance over the months of --lots (by each lot's date, YYYY-MM), with in-process stock (--stock): each month and the total.")
    var byMonth = false

    @Option(name: .long, help: "With --period or --by-month: measured in-process stock, period,process,element,stock[t] (period opening: the first opening stock).")
    var stock: String?

    @Option(name: .long, help: "With --period or --by-month: how recycled content is attributed through stock, pro-rata (well mixed) or fifo (opening stock leaves first).")
    var inventoryAttribution: InventoryBalance.Attribution = .proRata

    @Flag(name: .long, help: "Book elements reaching a process without a transfer-coefficient row as stock, with a warning, instead of failing.")
    var allowMissingRows = false

    @Flag(name: .long, help: "Print only the conversion factor for recycled-content credits: recycled --element (default Cu) in --product-stream / recycled input, rounded down to 6 decimals.")
    var conversionFactor = false

    @OptionGroup var output: FormatOption

    func run() throws {
        if !compare.isEmpty { return try runComparison() }
        if !periodFiles.isEmpty || byMonth { return try runPeriods() }
        if !overrides.isEmpty || setFile != nil { return try runWhatIf(try whatIfOverrides()) }
        // Reconciliation needs only the flowsheet: no lots, no forward balance (unless a Sankey is asked for).
        if let measurements, sankey == nil, !conversionFactor {
            let modelFile: ModelFile
            do { modelFile = try loadModel(model) } catch { throw fail(error) }
            try reconcile(modelFile: modelFile, measurementsPath: measurements)
            return
        }
        let (modelFile, lotList, result) = try balanceOfPeriod(model: model, lots: lots, allowMissingRows: allowMissingRows,
                                                               progress: ProgressBar(label: "balance").update)
        for warning in result.warnings { printError("warning: \(warning) (\(formatNumber(warning.mass, decimals: 3)) kg)") }
        if let element, result.balances[element] == nil {
            printError("error: --element \(element): no lot carries \(element); expected one of \(result.elements.joined(separator: ", "))")
            throw ExitCode(1)
        }

        if conversionFactor {
            do {
                print(try CreditFactor(result, element: element ?? "Cu", productStream: productStream, model: modelFile.file, lots: lots ?? "sample-lots.csv").text)
            } catch { throw fail(error) }
            return
        }
        if let measurements {
            try reconcile(modelFile: modelFile, measurementsPath: measurements)
        } else {
            try printBalance(result, modelFile: modelFile, lotCount: lotList.count)
        }
        if let sankey {
            var graph = SankeyGraph(result, element: element, feedNames: Dictionary(modelFile.feeds.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }))
            graph.title = "\(element ?? "All balanced elements") flows, \(modelFile.file), \(lotList.count) lots [\(graph.unit)]"
            do { try graph.svg().write(toFile: sankey, atomically: true, encoding: .utf8) } catch {
                printError("error: \(sankey): cannot write the SVG: \(error.localizedDescription)")
                throw ExitCode(1)
            }
            printError("wrote \(sankey)")
        }
    }

    func printBalance(_ result: BalanceResult, modelFile: ModelFile, lotCount: Int) throws {
        let share = result.recycledShare(stream: productStream, element: "Cu")
        switch output.format {
        case .json:
            print(try jsonString(BalanceJSON(result, model: modelFile.file, productStream: productStream)))
        case .csv:
            var table = TextTable(["stream", "from", "to", "element", "kg"])
            let elements = element.map { [$0] } ?? result.elements
            for (k, stream) in result.streams.enumerated() {
                for e in elements { table.add([stream.id, stream.from, stream.to.description, e, formatPlain(result.balances[e]!.streamFlows[k])]) }
            }
            print(table.csv())
        case .table:
            print("\(modelFile.file): \(lotCount) lots, \(result.elements.count) elements, \(result.streams.count) streams; masses in t, closure = |in − out − stock| / in\n")
            if let element {
                print(streamTable(result, element: element).render())
            } else {
                print(summaryTable(result).render())
                if let sink = result.streams.first(where: { $0.id == productStream })?.to {
                    print("(\(productStream) is one of the streams to \(sink); its column repeats part of → \(sink))")
                }
            }
            if let share {
                let input = result.recycledInputShare(element: "Cu") ?? 0
                print("\nRecycled share of cathode copper (\(productStream), Cu): \(formatNumber(share * 100, decimals: 2))% "
                      + "(\(formatNumber(result.recycledMassByLot(stream: productStream, element: "Cu").values.reduce(0, +) / 1000, decimals: 1)) t of "
                      + "\(formatNumber(result.flow(stream: productStream, element: "Cu") / 1000, decimals: 1)) t); recycled share of input Cu \(formatNumber(input * 100, decimals: 2))%")
            }
            if !modelFile.flowsheet.assumptions.isEmpty || modelFile.flowsheet.processes.contains(where: \.assumed) {
                let assumed = modelFile.flowsheet.processes.filter(\.assumed).map(\.id)
                print("\nAssumed transfer coefficients (calibrate for your plant): \(assumed.joined(separator: ", "))")
                for note in modelFile.flowsheet.assumptions { print("  - \(note)") }
            }
        }
    }

    /// One row per element: input, boundary outputs by sink, stock change, closure.
    func summaryTable(_ result: BalanceResult) -> TextTable {
        let sinks = result.flowsheet.sinks
        let productOutput = productStream.split(separator: ".").last.map(String.init) ?? productStream
        var table = TextTable(["element", "in [t]", "\(productOutput) [t]"] + sinks.map { "→ \($0) [t]" } + ["stock [t]", "closure", "recovery [%]"],
                              rightAligned: Set(1...(sinks.count + 5)))
        for e in result.elements {
            let outputs = result.boundaryOutputs(element: e)
            let closure = result.closure(element: e)
            table.add([e, tonnes(closure.input), tonnes(result.flow(stream: productStream, element: e))]
                      + sinks.map { tonnes(outputs[$0] ?? 0) } + [tonnes(closure.stock), String(format: "%.1e", closure.relativeResidual),
                         closure.input > 0 ? formatNumber((outputs["product"] ?? 0) / closure.input * 100, decimals: 2) : "-"])  // recovery = products / input
        }
        return table
    }

    func streamTable(_ result: BalanceResult, element: String) -> TextTable {
        let input = result.balances[element]!.totalInput
        var table = TextTable(["stream", "from", "to", "\(element) [t]", "% of input", "recycled %"], rightAligned: [3, 4, 5])
        for stream in result.streams {
            let kg = result.flow(stream: stream.id, element: element)
            let recycled = result.recycledShare(stream: stream.id, element: element).map { formatNumber($0 * 100, decimals: 2) } ?? "-"
            table.add([stream.id, stream.from, stream.to.description, tonnes(kg), formatNumber(kg / input * 100, decimals: 3), recycled])
        }
        return table
    }

    func tonnes(_ kg: Double) -> String {
        kg == 0 ? "0" : formatNumber(kg / 1000, decimals: kg < 1000 ? 6 : 3)
    }
}

/// The documented JSON shape of a balance: flows in kg by stream and element.
struct BalanceJSON: Encodable {
    struct StreamJSON: Encodable { var id, from, to: String; var flows_kg: [String: Double] }
    struct ClosureJSON: Encodable { var input_kg, output_kg, stock_kg, relative_residual: Double }
    var model: String
    var elements: [String]
    var streams: [StreamJSON]
    var boundary_outputs_kg: [String: [String: Double]]
    var stock_changes_kg: [String: [String: Double]]
    var closure: [String: ClosureJSON]
    var product_stream: String
    var recycled_share_cu: Double?
    var recycled_cu_by_lot_kg: [String: Double]
    var warnings: [String]

    init(_ result: BalanceResult, model: String, productStream: String) {
        self.model = model
        elements = result.elements
        streams = result.streams.enumerated().map { k, stream in
            StreamJSON(id: stream.id, from: stream.from, to: stream.to.description,
                       flows_kg: Dictionary(uniqueKeysWithValues: result.elements.map { ($0, result.balances[$0]!.streamFlows[k]) }))
        }
        boundary_outputs_kg = Dictionary(uniqueKeysWithValues: result.elements.map { ($0, result.boundaryOutputs(element: $0)) })
        stock_changes_kg = Dictionary(uniqueKeysWithValues: result.elements.map { ($0, result.stockChanges(element: $0)) })
        closure = Dictionary(uniqueKeysWithValues: result.elements.map { e in
            let c = result.closure(element: e)
            return (e, ClosureJSON(input_kg: c.input, output_kg: c.output, stock_kg: c.stock, relative_residual: c.relativeResidual))
        })
        product_stream = productStream
        recycled_share_cu = result.recycledShare(stream: productStream, element: "Cu")
        recycled_cu_by_lot_kg = result.recycledMassByLot(stream: productStream, element: "Cu")
        warnings = result.warnings.map(\.description)
    }
}


/// Loads a model and a lot file (the bundled ones when nil) and balances the lots through the flowsheet
/// (the use case `Workspace.balancePeriod`); errors leave through `fail(_:)`.
func balanceOfPeriod(model: String?, lots: String?, allowMissingRows: Bool = false,
                     progress: ((Int, Int) -> Void)? = nil) throws -> (ModelFile, [Lot], BalanceResult) {
    do {
        let period = try Workspace.balancePeriod(model: ModelSource(path: model), lots: LotSource(path: lots), allowMissingRows: allowMissingRows, progress: progress)
        return (period.model, period.lots, period.result)
    } catch { throw fail(error) }
}
