extension RecyclingRatio {
    /// The per-period ratios summed into fiscal years (April–March, `FY2024`), per product: recycled and
    /// delivered masses add up, the share is recomputed from the sums (not averaged).
    public static func byFiscalYear(_ ratios: [RecyclingRatio], periodKind: PeriodKind) throws -> [RecyclingRatio] {
        var byKey: [String: RecyclingRatio] = [:]
        for r in ratios {
            let year = try PeriodKind.fiscalYear.period(containing: try periodKind.firstDay(of: r.period))
            let key = r.product + "\u{0}" + year
            var sum = byKey[key] ?? RecyclingRatio(product: r.product, period: year, unit: r.unit, delivered: 0, recycled: 0, deliveries: 0)
            sum.delivered += r.delivered
            sum.recycled += r.recycled
            sum.deliveries += r.deliveries
            byKey[key] = sum
        }
        return byKey.values.sorted { ($0.product, $0.period) < ($1.product, $1.period) }
    }
}
