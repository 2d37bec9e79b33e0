import CirculaBalance
import CirculaCore

/// A period's lots balanced through the plant model.
public struct PeriodBalance {
    public var model: ModelFile
    public var lots: [Lot]
    /// The lot file's display name.
    public var lotFile: String
    public var result: BalanceResult
}

extension Workspace {
    /// Loads a model and a lot file and balances every lot through the flowsheet, element by element.
    /// - Parameters:
    ///   - allowMissingRows: book elements reaching a process without a transfer-coefficient row as stock (with a
    ///     warning in the result) instead of failing.
    ///   - progress: called with (done, total) elements while it runs.
    /// - Throws: `InputErrors` (model or lot file, located), `BalanceError` (an unknown feed, a missing row, a loop).
    ///
    /// ```swift
    /// let period = try Workspace.balancePeriod(model: .bundled, lots: .sample)
    /// print(period.result.recycledShare(stream: "electrorefining.cathode", element: "Cu") ?? 0)   // 0.2488…
    /// ```
    public static func balancePeriod(model: ModelSource, lots: LotSource, allowMissingRows: Bool = false,
                                     progress: ((Int, Int) -> Void)? = nil) throws -> PeriodBalance {
        let modelFile = try model.load()
        return try balancePeriod(model: modelFile, lots: try lots.load(), lotFile: lots.displayName, allowMissingRows: allowMissingRows, progress: progress)
    }

    /// The same balance for lots already read (an upload to `circula serve`); `lotFile` names them in the result.
    ///
    /// ```swift
    /// let lots = try LotCSV.parse(text, file: "upload.csv")
    /// let period = try Workspace.balancePeriod(model: try ModelSource.bundled.load(), lots: lots, lotFile: "upload.csv")
    /// ```
    public static func balancePeriod(model: ModelFile, lots: [Lot], lotFile: String, allowMissingRows: Bool = false,
                                     progress: ((Int, Int) -> Void)? = nil) throws -> PeriodBalance {
        let balance = ForwardBalance(flowsheet: model.flowsheet,
                                     options: BalanceOptions(missingCoefficients: allowMissingRows ? .retainAsStock : .fail))
        return PeriodBalance(model: model, lots: lots, lotFile: lotFile, result: try balance.run(lots: lots, progress: progress))
    }

    /// The conversion factor for recycled-content credits of a balanced period: recycled `element` reaching
    /// `productStream` / recycled `element` input, rounded down to 6 decimals (see `CreditFactor`).
    /// - Throws: `CreditFactorError.noRecycledInput` when no recycled lot carries the element.
    ///
    /// ```swift
    /// let factor = try Workspace.creditFactor(of: try Workspace.balancePeriod(model: .bundled, lots: .sample), element: "Cu")
    /// print(factor.text)   // 0.995492
    /// ```
    public static func creditFactor(of period: PeriodBalance, element: String,
                                    productStream: String = "electrorefining.cathode") throws(CreditFactorError) -> CreditFactor {
        try CreditFactor(period.result, element: element, productStream: productStream, model: period.model.file, lots: period.lotFile)
    }
}
