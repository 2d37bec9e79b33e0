import CirculaBalance
import CirculaCore
import CirculaLedger

/// Where the ratio report's plant figures come from: the lots of the ledger's periods, balanced per period
/// through a plant model, the product coming out of `productStream`.
public struct PlantFigureSource: Sendable {
    public var lots: LotSource
    public var model: ModelSource
    public var productStream: String

    public init(lots: LotSource, model: ModelSource = .bundled, productStream: String = "electrorefining.cathode") {
        self.lots = lots; self.model = model; self.productStream = productStream
    }
}

extension Workspace {
    /// The ledger's ratio report for one product: the scheme's ratio (credits claimed / delivered), and with `plant`
    /// the plant's (recycled share of input, attribution share of the product from each period's balance) and the
    /// deliveries reconciled with production and finished-goods stock; per ledger period with quarter and fiscal-year
    /// totals. `product` may be left out when the ledger has one product.
    /// - Parameter openingStock: finished-goods stock before the first period, e.g. `"1200 t"` (default none).
    /// - Throws: `InputErrors` (lot or model file), `BalanceError`, `WorkspaceError`, `LedgerError`.
    ///
    /// ```swift
    /// let report = try await Workspace.ratioReport(product: "cu-cathode", plant: PlantFigureSource(lots: .file("fy.csv")), in: ledger)
    /// for line in report.lines(.quarter) { print(line.period, line.claimedSharePpm, line.stock?.closing ?? 0) }
    /// ```
    public static func ratioReport(product: String? = nil, plant: PlantFigureSource? = nil, openingStock: String? = nil,
                                   in ledger: Ledger) async throws -> LedgerRatioReport {
        let state = try await ledger.state(prefixes: ["delivery:", "product:"] + (plant == nil ? [] : ["receipt:"]))
        guard let kind = state.config?.setup.periodKind else { throw LedgerError.notInitialized }
        let id = try reportProduct(product, in: state)
        let unit = state.products[id]!.unit
        let opening = try openingStock.map { text throws(WorkspaceError) in try amount(text, in: unit, field: "--opening-stock") } ?? 0
        guard let plant else { return try LedgerRatioReport.compute(state, product: id, openingStock: opening) }
        let lots = try plant.lots.load()
        let production = try productionFigures(lots: lots, model: try plant.model.load(), productStream: plant.productStream,
                                               element: state.products[id]!.element, unit: unit, periodKind: kind)
        return try LedgerRatioReport.compute(state, product: id, lots: lots, production: production, openingStock: opening)
    }

    /// One report per product: the one named, else every product of the ledger (scheme figures only; the plant's
    /// figures belong to one product stream, so `plant` needs a product when the ledger books several).
    public static func ratioReports(product: String? = nil, plant: PlantFigureSource? = nil, openingStock: String? = nil,
                                    in ledger: Ledger) async throws -> [LedgerRatioReport] {
        if product != nil || plant != nil { return [try await ratioReport(product: product, plant: plant, openingStock: openingStock, in: ledger)] }
        let state = try await ledger.state(prefixes: ["delivery:", "product:"])
        return try state.products.keys.sorted().map { try LedgerRatioReport.compute(state, product: $0) }
    }

    /// The product named, or the ledger's only product.
    static func reportProduct(_ product: String?, in state: LedgerState) throws -> String {
        if let product {
            guard state.products[product] != nil else { throw LedgerError.unknown(kind: "product", id: product) }
            return product
        }
        guard state.products.count == 1, let only = state.products.keys.first else {
            throw WorkspaceError.invalidOption(option: "--product", message: "needed with --lots: the ledger books \(state.products.count) products (\(state.products.keys.sorted().joined(separator: ", ")))")
        }
        return only
    }

    /// What the plant made per ledger period: the lots of each period balanced on their own (as `year` balances
    /// each month), the product stream's mass and its `element`, of which recycled by attribution, rounded down to
    /// the product's exact unit.
    /// - Throws: `BalanceError`, `WorkspaceError.invalidAmount` when the model has no stream `productStream`.
    public static func productionFigures(lots: [Lot], model: ModelFile, productStream: String, element: Element,
                                         unit: AmountUnit, periodKind: PeriodKind) throws -> [ProductionFigure] {
        guard model.flowsheet.streams.contains(where: { $0.id == productStream }) else {
            throw WorkspaceError.invalidOption(option: "--product-stream", message: "\(productStream): the model has no such stream; expected a product stream such as electrorefining.cathode")
        }
        var byPeriod: [String: [Lot]] = [:]
        for lot in lots { byPeriod[try periodKind.period(containing: lot.date), default: []].append(lot) }
        let balance = ForwardBalance(flowsheet: model.flowsheet)
        let perKilogram = Double(unit == .gram ? 1_000 : 1_000_000)
        func exact(_ kg: Double) -> Int64 {
            guard kg.isFinite, kg > 0 else { return 0 }
            return Int64(min((kg * perKilogram).rounded(.down), Double(LedgerState.amountLimit)))
        }
        return try byPeriod.keys.sorted().map { period in
            let result = try balance.run(lots: byPeriod[period]!)
            let inProduct = exact(result.flow(stream: productStream, element: element.symbol))
            // Attributions add up to the stream's flow; rounding each sum down could leave the part a gram above the whole.
            let recycled = min(inProduct, exact(result.recycledMassByLot(stream: productStream, element: element.symbol).values.reduce(0, +)))
            return ProductionFigure(period: period, produced: exact(result.totalFlow(stream: productStream)), element: inProduct, recycledElement: recycled)
        }
    }
}
