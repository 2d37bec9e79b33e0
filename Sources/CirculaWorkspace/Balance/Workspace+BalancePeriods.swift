import CirculaBalance
import CirculaCore
import Foundation

/// Consecutive balancing periods, each with its own lot file, balanced through the plant's in-process stock.
public struct PeriodsRequest: Sendable {
    public var model: ModelSource
    /// The periods in order, each with its lots (`2024-04` → `april.csv`).
    public var periods: [(name: String, lots: LotSource)]
    /// A stock CSV (`StockCSV`: opening stock and measured closing stocks), or nil: no opening stock, closing stocks
    /// estimated from the model's stock rows.
    public var stock: String?
    /// Book elements reaching a process without a transfer-coefficient row as stock instead of failing.
    public var allowMissingRows: Bool
    /// One lots file split into its calendar months (`--by-month`), instead of `periods`.
    public var byMonth: LotSource?
    /// How recycled content leaves a process's stock: pro-rata (default) or first-in-first-out.
    public var attribution: InventoryBalance.Attribution

    public init(model: ModelSource = .bundled, periods: [(name: String, lots: LotSource)], stock: String? = nil, allowMissingRows: Bool = false,
                byMonth: LotSource? = nil, attribution: InventoryBalance.Attribution = .proRata) {
        self.model = model
        self.periods = periods
        self.stock = stock
        self.allowMissingRows = allowMissingRows
        self.byMonth = byMonth
        self.attribution = attribution
    }
}

/// The periods balanced: the model they went through and each period's (and the total's) balance.
public struct PeriodsBalance {
    public var model: ModelFile
    public var result: InventoryBalance.Result
}

extension Workspace {
    /// Balances each period's lots through the model, carrying the stock each process holds into the next period
    /// (`InventoryBalance`: in = out + stock change per element, attribution pro-rata through stock).
    /// - Throws: `InputErrors` (model, lot or stock file, located), `WorkspaceError.lotsNotBalanceable` naming the
    ///   lot file whose lots the model cannot take, `BalanceError` (a missing row, a loop).
    ///
    /// ```swift
    /// let periods = try Workspace.balancePeriods(PeriodsRequest(periods: [("2024-04", .sample)]))
    /// print(periods.result.total(element: "Cu").input)   // kg
    /// ```
    public static func balancePeriods(_ request: PeriodsRequest) throws -> PeriodsBalance {
        let modelFile = try request.model.load()
        var periods: [InventoryBalance.Period] = []
        if let lots = request.byMonth {
            let lotList = try lots.load()
            do { periods = try InventoryBalance.periodsByMonth(lotList, flowsheet: modelFile.flowsheet, lotsFile: lots.displayName) } catch {
                throw WorkspaceError.lotsNotBalanceable(file: lots.displayName, error)
            }
        }
        for (name, lots) in request.periods {
            let lotList = try lots.load()
            do {
                periods.append(.init(name: name, sources: try BalanceSource.from(lotList, flowsheet: modelFile.flowsheet, lotsFile: lots.displayName)))
            } catch { throw WorkspaceError.lotsNotBalanceable(file: lots.displayName, error) }
        }
        var opening: [String: [String: Double]] = [:]
        if let stock = request.stock {
            let text: String
            do { text = try TextFile.read(URL(fileURLWithPath: stock), displayName: stock) } catch { throw InputErrors([error]) }
            let parsed = try StockCSV.parse(text, file: stock, flowsheet: modelFile.flowsheet, periods: periods.map(\.name))
            opening = parsed.opening
            for i in periods.indices { periods[i].closingStock = parsed.closing[periods[i].name] ?? [:] }
        }
        let options = BalanceOptions(missingCoefficients: request.allowMissingRows ? .retainAsStock : .fail)
        let result = try InventoryBalance(flowsheet: modelFile.flowsheet, options: options, openingStock: opening, attribution: request.attribution).run(periods)
        return PeriodsBalance(model: modelFile, result: result)
    }
}
