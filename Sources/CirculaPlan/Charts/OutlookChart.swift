/// The chart of an outlook: recycling ratio against the goal, and old scrap / recycled feed tonnage, by year.
///
/// ```swift
/// let svg = OutlookChart.svg(try Outlook.compute(try StockModelFile.bundledDefault()))
/// ```
public enum OutlookChart {
    public static func svg(_ outlook: Outlook) -> String {
        let years = outlook.years
        return LineChart(
            title: "Recycling-ratio outlook \(outlook.anchorYear)–\(years.last?.year ?? outlook.anchorYear)",
            xLabel: "year",
            panels: [
                .init(title: "Recycling ratio (recycled Cu / cathode Cu)", unit: "%", series: [
                    .init(name: "projected ratio", color: "#9467bd", points: years.map { (Double($0.year), $0.recyclingRatio * 100) }),
                    .init(name: "goal \(outlook.goalYear)", color: "#d62728", points: years.map { (Double($0.year), outlook.goalRatio * 100) }, dashed: true),
                ]),
                .init(title: "Copper", unit: "kt/y", series: [
                    .init(name: "old scrap available", color: "#2ca02c", points: years.map { (Double($0.year), $0.oldScrapAvailableTonnes / 1000) }),
                    .init(name: "recycled feed", color: "#1f77b4", points: years.map { (Double($0.year), $0.recycledFeedTonnes / 1000) }),
                    .init(name: "end-of-life outflow", color: "#7f7f7f", points: years.map { (Double($0.year), $0.endOfLifeTonnes / 1000) }, dashed: true),
                ]),
            ], plainX: true).svg()
    }
}
