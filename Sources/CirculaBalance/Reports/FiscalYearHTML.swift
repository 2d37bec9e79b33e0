import CirculaCore
import Foundation

/// A self-contained HTML report of a fiscal year: inline CSS and SVG charts, no scripts, no external files,
/// so it opens offline. Masses follow "units fit the metal" (precious metals in kg, others in t).
public struct FiscalYearHTML: Sendable {
    public var year: FiscalYearReport
    /// One report per evaluation date (e.g. the 2031 and the 2036 step of Art. 8).
    public var battery: [BatteryReport]
    public var rareEarths: RareEarthReport?
    public var title: String
    public var notes: [String]

    public init(year: FiscalYearReport, battery: [BatteryReport], rareEarths: RareEarthReport?, title: String, notes: [String] = []) {
        self.year = year
        self.battery = battery
        self.rareEarths = rareEarths
        self.title = title
        self.notes = notes
    }

    public func render() -> String {
        var html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>
        body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em auto;max-width:1100px;color:#1d2733;padding:0 1em}
        h1{font-size:1.6em;margin-bottom:.2em} h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #d5dbe2;padding-bottom:.2em}
        .note{color:#5b6775;font-size:.9em} .cards{display:flex;flex-wrap:wrap;gap:1em;margin:1em 0}
        .card{background:#f3f6f9;border-radius:6px;padding:.8em 1.1em;min-width:180px} .card b{display:block;font-size:1.5em;color:#0b5d8f}
        table{border-collapse:collapse;font-size:.88em;margin:.6em 0} th,td{padding:.25em .6em;border-bottom:1px solid #e3e7ec;text-align:right}
        th:first-child,td:first-child,td.l,th.l{text-align:left} th{background:#f3f6f9} .pass{color:#17803d;font-weight:600} .fail{color:#b42318;font-weight:600}
        svg text{font-family:inherit}
        </style></head><body>
        <h1>\(escape(title))</h1>

        """
        for note in notes { html += "<p class=\"note\">\(escape(note))</p>\n" }
        let cu = year.total.ratios["Cu"]
        let rare = year.rareMetalsRecovered()
        html += "<div class=\"cards\">"
        html += card("Cathode copper", tonnes(cu?.productKg ?? 0))
        html += card("Recycled copper in cathode", tonnes(cu?.recycledKg ?? 0))
        html += card("Copper recycling ratio", percent(cu?.share))
        html += card("Lots balanced", "\(year.total.lots) in \(year.months.count) months")
        html += card("Rare metals recovered", "\(rare.count)")
        html += "</div>\n"

        html += "<h2>Copper recycling ratio by month</h2>\n"
        html += barChart(year.months.map { ($0.label, ($0.ratios["Cu"]?.share ?? 0) * 100) }, unit: "%", decimals: 1,
                         reference: (cu?.share ?? 0) * 100, referenceLabel: "fiscal year \(percent(cu?.share))")
        html += "<h2>Recycled copper in cathode by month [t]</h2>\n"
        html += barChart(year.months.map { ($0.label, ($0.ratios["Cu"]?.recycledKg ?? 0) / 1000) }, unit: " t", decimals: 0)

        html += "<h2>Recycling ratios by month</h2>\n<p class=\"note\">Recycled element in its products / all of the element in its products; Cu: electrolytic copper (cathode) only.</p>\n"
        let elements = year.total.ratios.ratios.map(\.element)
        html += "<table><tr><th class=\"l\">month</th><th>lots</th>" + elements.map { "<th>\($0) [%]</th>" }.joined() + "</tr>\n"
        for period in year.months + [year.total] {
            html += "<tr><td class=\"l\">\(escape(period.label))</td><td>\(period.lots)</td>"
                + elements.map { "<td>\(percent(period.ratios[$0]?.share, sign: false))</td>" }.joined() + "</tr>\n"
        }
        html += "</table>\n"

        html += "<h2>Products of the year (each stream carries one metal or compound)</h2>\n"
        html += "<table><tr><th class=\"l\">stream</th><th class=\"l\">product</th><th>metal</th><th>product mass</th><th>recovery [%]</th><th>recycled [%]</th><th>purity [wt%]</th></tr>\n"
        for report in ProductStreamReport.all(year.total.result) {
            let elementsInStream = report.spec.constituents.filter { (report.metalKg[$0] ?? 0) > 0 }
            guard !elementsInStream.isEmpty else { continue }
            let metal = elementsInStream.map { "\($0) \(mass($0, report.metalKg[$0] ?? 0))" }.joined(separator: ", ")
            let unitElement = report.spec.metal ?? "Ni"
            html += "<tr><td class=\"l\">\(escape(report.stream))</td><td class=\"l\">\(escape(report.spec.form.map { "\($0) (\(report.spec.label))" } ?? report.spec.label))</td>"
                + "<td>\(escape(metal))</td><td>\(report.productKg.map { mass(unitElement, $0) } ?? "-")</td>"
                + "<td>\(elementsInStream.map { percent(report.recovery($0), sign: false) }.joined(separator: " / "))</td>"
                + "<td>\(elementsInStream.map { percent(report.recycledShare($0), sign: false) }.joined(separator: " / "))</td>"
                + "<td>\(report.spec.purity.map { formatNumber($0.value, decimals: 3) + ($0.assumed ? " (assumed)" : "") } ?? "-")</td></tr>\n"
        }
        html += "</table>\n"

        if !battery.isEmpty {
            html += "<h2>Battery materials: recycled content vs Regulation (EU) 2023/1542 Art. 8</h2>\n"
            html += "<p class=\"note\">Pre- and post-consumer shares per material (Battery Pass data model); a step of minimums applies from its first day.</p>\n"
        }
        for report in battery {
            html += "<p class=\"note\">Evaluated on \(escape(report.evaluatedOn)); minimums in force: \(report.applicable.map { "from \($0.from)" } ?? "none yet").</p>\n"
            html += batteryTable(report)
        }
        if let rareEarths {
            html += "<h2>Rare-earth oxides</h2>\n<p class=\"note\">Recycled share = magnet-derived share of each oxide (attribution to magnet-scrap lots). All oxides: \(percent(rareEarths.recycledShareOfAll)) recycled.</p>\n"
            html += "<table><tr><th class=\"l\">oxide</th><th>output [t]</th><th>purity [wt%]</th><th>recovery [%]</th><th>recycled [%]</th><th>pre-consumer [%]</th><th>post-consumer [%]</th></tr>\n"
            for oxide in rareEarths.oxides {
                html += "<tr><td class=\"l\">\(escape(oxide.compound))</td><td>\(formatNumber(oxide.oxideKg / 1000, decimals: 2))</td>"
                    + "<td>\(oxide.purity.map { formatNumber($0.value, decimals: 3) } ?? "-")</td><td>\(percent(oxide.recovery, sign: false))</td>"
                    + "<td>\(percent(oxide.recycledShare, sign: false))</td><td>\(percent(oxide.preConsumerShare, sign: false))</td><td>\(percent(oxide.postConsumerShare, sign: false))</td></tr>\n"
            }
            html += "</table>\n"
        }
        html += "<p class=\"note\">Rare metals (Japan METI list) recovered to their own product streams: \(rare.map(\.symbol).joined(separator: ", ")).</p>\n"
        html += "</body></html>\n"
        return html
    }

    func batteryTable(_ battery: BatteryReport) -> String {
        var html = "<table><tr><th class=\"l\">product</th><th>material</th><th>in product [t]</th><th>pre-consumer [%]</th><th>post-consumer [%]</th><th>recycled [%]</th><th>minimum [%]</th><th>result</th></tr>\n"
        for product in battery.products {
            for material in product.materials {
                let verdict = material.passes.map { $0 ? "<span class=\"pass\">pass</span>" : "<span class=\"fail\">fail</span>" } ?? "no minimum yet"
                html += "<tr><td class=\"l\">\(escape(product.form ?? product.label))</td><td>\(material.element)</td><td>\(formatNumber(material.kg / 1000, decimals: 2))</td>"
                    + "<td>\(percent(material.preConsumerShare, sign: false))</td><td>\(percent(material.postConsumerShare, sign: false))</td>"
                    + "<td>\(percent(material.recycledShare, sign: false))</td><td>\(material.minimum.map { percent($0, sign: false) } ?? "-")</td><td>\(verdict)</td></tr>\n"
            }
        }
        return html + "</table>\n"
    }

    /// A vertical bar chart as inline SVG, with an optional dashed reference line.
    func barChart(_ bars: [(String, Double)], unit: String, decimals: Int, reference: Double? = nil, referenceLabel: String? = nil) -> String {
        let width = 960.0, height = 270.0, left = 50.0, bottom = 40.0, top = 30.0
        let maximum = max((bars.map(\.1) + [reference ?? 0]).max() ?? 1, 1e-9) * 1.15
        let slot = (width - left - 10) / Double(max(bars.count, 1))
        func y(_ v: Double) -> Double { top + (height - top - bottom) * (1 - v / maximum) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\">\n"
        svg += "<line x1=\"\(left)\" y1=\"\(y(0))\" x2=\"\(width - 10)\" y2=\"\(y(0))\" stroke=\"#8a96a3\"/>\n"
        for (index, (label, value)) in bars.enumerated() {
            let x = left + Double(index) * slot + slot * 0.15
            let w = slot * 0.7
            svg += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y(value)))\" width=\"\(fmt(w))\" height=\"\(fmt(y(0) - y(value)))\" fill=\"#2b7bb9\"><title>\(escape(label)): \(formatNumber(value, decimals: decimals))\(escape(unit))</title></rect>\n"
            svg += "<text x=\"\(fmt(x + w / 2))\" y=\"\(fmt(y(value) - 4))\" font-size=\"11\" text-anchor=\"middle\">\(formatNumber(value, decimals: decimals))</text>\n"
            svg += "<text x=\"\(fmt(x + w / 2))\" y=\"\(fmt(height - bottom + 16))\" font-size=\"11\" text-anchor=\"middle\">\(escape(label))</text>\n"
        }
        if let reference {
            svg += "<line x1=\"\(left)\" y1=\"\(fmt(y(reference)))\" x2=\"\(width - 10)\" y2=\"\(fmt(y(reference)))\" stroke=\"#c2410c\" stroke-dasharray=\"6 4\"/>\n"
            if let referenceLabel {   // a legend above the plot, clear of the bars' labels
                svg += "<line x1=\"\(width - 200)\" y1=\"8\" x2=\"\(width - 176)\" y2=\"8\" stroke=\"#c2410c\" stroke-dasharray=\"6 4\"/>\n"
                svg += "<text x=\"\(width - 170)\" y=\"12\" font-size=\"11\" fill=\"#c2410c\">\(escape(referenceLabel))</text>\n"
            }
        }
        svg += "<text x=\"\(left - 6)\" y=\"\(fmt(top + 4))\" font-size=\"11\" text-anchor=\"end\">\(formatNumber(maximum, decimals: decimals))\(escape(unit))</text>\n"
        svg += "<text x=\"\(left - 6)\" y=\"\(fmt(y(0)))\" font-size=\"11\" text-anchor=\"end\">0</text>\n"
        return svg + "</svg>\n"
    }

    func card(_ label: String, _ value: String) -> String { "<div class=\"card\">\(escape(label))<b>\(escape(value))</b></div>" }
    func tonnes(_ kg: Double) -> String { formatNumber(kg / 1000, decimals: 0) + " t" }
    func mass(_ symbol: String, _ kg: Double) -> String {
        let unit = MassUnit.reporting(symbol)
        return formatNumber(kg / unit.kilograms, decimals: unit == .kilogram ? 1 : 2) + " " + unit.rawValue
    }
    func percent(_ share: Double?, sign: Bool = true) -> String {
        guard let share else { return "-" }
        return formatNumber(share * 100, decimals: 2) + (sign ? "%" : "")
    }
    func fmt(_ v: Double) -> String { String(format: "%.1f", v) }
    func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
