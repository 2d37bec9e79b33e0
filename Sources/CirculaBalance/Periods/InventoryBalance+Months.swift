import CirculaCore

extension InventoryBalance {
    /// The lots of one file split into calendar months by their `date` (`YYYY-MM-DD` → period `YYYY-MM`),
    /// in date order: the periods of a fiscal year balanced month by month.
    /// - Throws: `BalanceError.unknownFeed` for a lot whose feed the model does not know.
    ///
    /// ```swift
    /// let months = try InventoryBalance.periodsByMonth(lots, flowsheet: model.flowsheet)
    /// months.map(\.name)   // ["2024-04", "2024-05", …]
    /// ```
    public static func periodsByMonth(_ lots: [Lot], flowsheet: Flowsheet, lotsFile: String = "lots") throws(BalanceError) -> [Period] {
        var byMonth: [String: [Lot]] = [:]
        for lot in lots { byMonth[String(lot.date.prefix(7)), default: []].append(lot) }
        var periods: [Period] = []
        for month in byMonth.keys.sorted() {
            periods.append(Period(name: month, sources: try BalanceSource.from(byMonth[month]!, flowsheet: flowsheet, lotsFile: lotsFile)))
        }
        return periods
    }
}
