import CirculaCore

extension FiscalYearReport {
    /// Elements on Japan's rare-metal list (METI) that reach a product stream of their own in the year,
    /// in atomic-number order.
    public func rareMetalsRecovered(table: PeriodicTable = .standard) -> [Element] {
        var found: Set<Element> = []
        for report in ProductStreamReport.all(total.result) {
            for (symbol, kg) in report.metalKg where kg > 0 {
                if let element = try? table.element(symbol), element.classes.contains(.rareMetalJP) { found.insert(element) }
            }
        }
        return found.sorted()
    }
}
