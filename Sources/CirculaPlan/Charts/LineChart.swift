import CirculaCore
import Foundation

/// A small SVG line chart: one or more panels stacked over a shared x axis, each with its own
/// y axis, unit and legend. Plain SVG 1.1, no scripts, fonts from the viewer.
///
/// ```swift
/// let chart = LineChart(xLabel: "TC [USD/dmt]", panels: [.init(title: "Margin", unit: "M USD", series: [.init(name: "margin", color: "#1f77b4", points: [(0, 1), (1, 2)])])])
/// let svg = chart.svg()
/// ```
public struct LineChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var color: String
        public var points: [(x: Double, y: Double)]
        public var dashed: Bool
        public init(name: String, color: String, points: [(x: Double, y: Double)], dashed: Bool = false) {
            self.name = name; self.color = color; self.points = points; self.dashed = dashed
        }
    }

    public struct Panel: Sendable {
        public var title: String
        public var unit: String
        public var series: [Series]
        public init(title: String, unit: String, series: [Series]) { self.title = title; self.unit = unit; self.series = series }
    }

    public var title: String
    public var xLabel: String
    public var panels: [Panel]
    public var width = 960.0
    public var panelHeight = 220.0
    /// Print x ticks without thousands separators (years).
    public var plainX = false

    public init(title: String = "", xLabel: String, panels: [Panel], plainX: Bool = false) {
        self.title = title; self.xLabel = xLabel; self.panels = panels; self.plainX = plainX
    }

    public func svg() -> String {
        let left = 90.0, right = 200.0, top = title.isEmpty ? 20.0 : 50.0, gap = 50.0, bottom = 60.0
        let height = top + Double(panels.count) * (panelHeight + gap) - gap + bottom
        let plotWidth = width - left - right
        let xs = panels.flatMap { $0.series.flatMap { $0.points.map(\.x) } }
        // The x axis spans the data exactly; ticks are placed at round values inside it.
        let (x0, x1) = (xs.min() ?? 0) < (xs.max() ?? 1) ? (xs.min()!, xs.max()!) : LineChart.niceRange(xs.min() ?? 0, xs.max() ?? 1)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"13\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        if !title.isEmpty { out += "<text x=\"\(f(width / 2))\" y=\"28\" text-anchor=\"middle\" font-size=\"17\" font-weight=\"bold\">\(escape(title))</text>\n" }
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * plotWidth }
        for (k, panel) in panels.enumerated() {
            let y0Top = top + Double(k) * (panelHeight + gap)
            let ys = panel.series.flatMap { $0.points.map(\.y) }
            let top = ys.max() ?? 1
            let (lo, hi) = LineChart.niceRange(min(ys.min() ?? 0, 0), top + 0.05 * abs(top))
            func py(_ y: Double) -> Double { y0Top + panelHeight - (y - lo) / (hi - lo) * panelHeight }
            out += "<g>\n<text x=\"\(f(left))\" y=\"\(f(y0Top - 8))\" font-weight=\"bold\">\(escape(panel.title)) [\(escape(panel.unit))]</text>\n"
            for tick in LineChart.ticks(lo, hi) {
                out += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotWidth))\" y1=\"\(f(py(tick)))\" y2=\"\(f(py(tick)))\" stroke=\"#e5e5e5\"/>\n"
                out += "<text x=\"\(f(left - 8))\" y=\"\(f(py(tick) + 4))\" text-anchor=\"end\">\(LineChart.label(tick))</text>\n"
            }
            for tick in LineChart.ticks(x0, x1) {
                out += "<line x1=\"\(f(px(tick)))\" x2=\"\(f(px(tick)))\" y1=\"\(f(y0Top))\" y2=\"\(f(y0Top + panelHeight))\" stroke=\"#f0f0f0\"/>\n"
                out += "<text x=\"\(f(px(tick)))\" y=\"\(f(y0Top + panelHeight + 18))\" text-anchor=\"middle\">\(plainX ? formatPlain(tick) : LineChart.label(tick))</text>\n"
            }
            out += "<rect x=\"\(f(left))\" y=\"\(f(y0Top))\" width=\"\(f(plotWidth))\" height=\"\(f(panelHeight))\" fill=\"none\" stroke=\"#333\"/>\n"
            for (s, series) in panel.series.enumerated() {
                let path = series.points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
                out += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(series.color)\" stroke-width=\"2.5\"\(series.dashed ? " stroke-dasharray=\"7 5\"" : "")/>\n"
                for point in series.points where series.points.count <= 40 {
                    out += "<circle cx=\"\(f(px(point.x)))\" cy=\"\(f(py(point.y)))\" r=\"3\" fill=\"\(series.color)\"/>\n"
                }
                let ly = y0Top + 16 + Double(s) * 20
                out += "<line x1=\"\(f(left + plotWidth + 15))\" x2=\"\(f(left + plotWidth + 45))\" y1=\"\(f(ly - 4))\" y2=\"\(f(ly - 4))\" stroke=\"\(series.color)\" stroke-width=\"2.5\"\(series.dashed ? " stroke-dasharray=\"7 5\"" : "")/>\n"
                out += "<text x=\"\(f(left + plotWidth + 52))\" y=\"\(f(ly))\">\(escape(series.name))</text>\n"
            }
            out += "</g>\n"
        }
        out += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 15))\" text-anchor=\"middle\" font-weight=\"bold\">\(escape(xLabel))</text>\n</svg>\n"
        return out
    }

    static func niceRange(_ a: Double, _ b: Double) -> (Double, Double) {
        if a == b { return (a - 1, b + 1) }
        let step = niceStep((b - a) / 5)
        return ((a / step).rounded(.down) * step, (b / step).rounded(.up) * step)
    }

    static func niceStep(_ raw: Double) -> Double {
        let magnitude = pow(10, log10(raw).rounded(.down))
        let fraction = raw / magnitude
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude
    }

    static func ticks(_ lo: Double, _ hi: Double) -> [Double] {
        let step = niceStep((hi - lo) / 5)
        var t = (lo / step).rounded(.up) * step, out: [Double] = []
        while t <= hi + step * 1e-9 { out.append(abs(t) < step * 1e-9 ? 0 : t); t += step }
        return out
    }

    static func label(_ v: Double) -> String { formatNumber(v, decimals: abs(v) < 10 && v != v.rounded() ? 2 : 0) }

    func f(_ v: Double) -> String { formatNumber(v, decimals: 1) }

    func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

