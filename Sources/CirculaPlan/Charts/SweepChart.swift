/// The chart of a sweep: margin, recycled-feed and concentrate tonnage, and recycling ratio
/// against the swept parameter.
///
/// ```swift
/// let svg = SweepChart.svg(try Sweep.run(planner, try SweepSpec.parse("tc=80:-20:10")))
/// ```
public enum SweepChart {
    public static func svg(_ result: SweepResult) -> String {
        let ok = result.points.filter { $0.status == .optimal }
        let chart = LineChart(
            title: "Feed-mix plan against \(result.parameter)",
            xLabel: "\(result.parameter) [\(result.unit)]",
            panels: [
                .init(title: "Margin", unit: "million USD/y", series: [
                    .init(name: "margin", color: "#1f77b4", points: ok.map { ($0.value, $0.margin / 1e6) }),
                ]),
                .init(title: "Feed tonnage", unit: "kt/y", series: [
                    .init(name: "recycled feed", color: "#2ca02c", points: ok.map { ($0.value, $0.recycledFeedTonnes / 1000) }),
                    .init(name: "concentrate", color: "#d62728", points: ok.map { ($0.value, $0.concentrateTonnes / 1000) }, dashed: true),
                ]),
                .init(title: "Recycling ratio (recycled Cu / cathode Cu)", unit: "%", series: [
                    .init(name: "recycling ratio", color: "#9467bd", points: ok.map { ($0.value, $0.recyclingRatio * 100) }),
                ]),
            ])
        return chart.svg()
    }
}
