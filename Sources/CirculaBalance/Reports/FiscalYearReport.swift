import CirculaCore

/// A fiscal year balanced month by month, and as a whole.
///
/// Each month's lots (grouped by the `YYYY-MM` of their date) go through the forward balance on their own;
/// the year is the balance of all lots at once, which by linearity equals the sum of the months.
///
/// ```swift
/// let year = try FiscalYearReport(model: model, lots: lots)
/// year.total.ratios["Cu"]?.share   // recycled Cu in cathode / all Cu in cathode
/// ```
public struct FiscalYearReport: Sendable {
    public struct Period: Sendable {
        /// `YYYY-MM`, or the fiscal year's label for the whole year.
        public var label: String
        public var lots: Int
        public var result: BalanceResult
        public var ratios: RecyclingRatios
    }

    public var months: [Period]
    public var total: Period

    /// - Parameter label: the year's label (e.g. `FY2024 (Apr 2024–Mar 2025)`); by default first–last month.
    public init(model: ModelFile, lots: [Lot], label: String? = nil, options: BalanceOptions = BalanceOptions(),
                progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws(BalanceError) {
        let balance = ForwardBalance(flowsheet: model.flowsheet, options: options)
        var byMonth: [String: [Lot]] = [:]
        for lot in lots { byMonth[String(lot.date.prefix(7)), default: []].append(lot) }
        let keys = byMonth.keys.sorted()
        var months: [Period] = []
        for (index, key) in keys.enumerated() {
            let result = try balance.run(lots: byMonth[key]!)
            months.append(Period(label: key, lots: byMonth[key]!.count, result: result, ratios: RecyclingRatios(result)))
            progress?(index + 1, keys.count + 1)
        }
        let all = try balance.run(lots: lots)
        progress?(keys.count + 1, keys.count + 1)
        self.months = months
        let name = label ?? (keys.count > 1 ? "\(keys.first!)–\(keys.last!)" : keys.first ?? "no lots")
        total = Period(label: name, lots: lots.count, result: all, ratios: RecyclingRatios(all))
    }
}
