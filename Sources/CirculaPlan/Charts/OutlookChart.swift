import CirculaCore

/// The chart of an outlook: recycling ratio against the goal, and old scrap / recycled feed tonnage, by year.
///
/// ```swift
/// let svg = OutlookChart.svg(try Outlook.compute(try StockModelFile.bundledDefault()))
/// ```
public enum OutlookChart {
    public static func svg(_ outlook: Outlook, fan: MonteCarloOutlook? = nil) -> String {
        let years = outlook.years
        var ratio: [LineChart.Series] = []
        if let fan {
            ratio.append(.init(name: "95 % (Monte Carlo)", color: "#c5b0d5", points: fan.fan.map { (Double($0.year), $0.p95 * 100) }, dashed: true))
            ratio.append(.init(name: "median", color: "#6a3d9a", points: fan.fan.map { (Double($0.year), $0.p50 * 100) }))
            ratio.append(.init(name: "5 %", color: "#c5b0d5", points: fan.fan.map { (Double($0.year), $0.p5 * 100) }, dashed: true))
        }
        ratio.append(.init(name: "central path", color: "#9467bd", points: years.map { (Double($0.year), $0.recyclingRatio * 100) }))
        ratio.append(.init(name: "goal \(outlook.goalYear)", color: "#d62728", points: years.map { (Double($0.year), outlook.goalRatio * 100) }, dashed: true))
        if let year = outlook.milestoneYear, let value = outlook.milestoneRatio {
            ratio.append(.init(name: "milestone \(year)", color: "#ff7f0e", points: [(Double(year) - 0.4, value * 100), (Double(year) + 0.4, value * 100)]))
        }
        let title = fan.map { "Recycling-ratio outlook \(outlook.anchorYear)–\(years.last?.year ?? outlook.anchorYear): P(≥ \(formatNumber($0.goalRatio * 100, decimals: 0)) % in \($0.goalYear)) = \(formatNumber($0.probabilityOfGoal * 100, decimals: 1)) % (\($0.draws) draws)" }
            ?? "Recycling-ratio outlook \(outlook.anchorYear)–\(years.last?.year ?? outlook.anchorYear)"
        return LineChart(
            title: title,
            xLabel: "year",
            panels: [
                .init(title: "Recycling ratio (recycled Cu / cathode Cu), fan 5/50/95 %", unit: "%", series: ratio),
                .init(title: "Copper", unit: "kt/y", series: [
                    .init(name: "old scrap available", color: "#2ca02c", points: years.map { (Double($0.year), $0.oldScrapAvailableTonnes / 1000) }),
                    .init(name: "recycled feed", color: "#1f77b4", points: years.map { (Double($0.year), $0.recycledFeedTonnes / 1000) }),
                    .init(name: "cathode output", color: "#8c564b", points: years.map { (Double($0.year), $0.cathodeOutputTonnes / 1000) }),
                    .init(name: "end-of-life outflow", color: "#7f7f7f", points: years.map { (Double($0.year), $0.endOfLifeTonnes / 1000) }, dashed: true),
                ]),
            ], plainX: true).svg()
    }
}
