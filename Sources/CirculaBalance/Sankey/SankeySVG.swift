import CirculaCore
import Foundation

extension SankeyGraph {
    /// Renders the diagram as a standalone SVG document. Link widths are proportional to the values
    /// (one scale for the whole drawing; links under 0.5 px are drawn at 0.5 px so they stay visible); the
    /// recycled part of every band is drawn green along its upper edge; recycles are thin arcs in lanes under
    /// the main flow with their value in the label; every node is labelled beside its bar (never on a band's
    /// path out of it) with its throughput; a legend explains the colours.
    ///
    /// ```swift
    /// try SankeyGraph(result, element: "Cu").svg().write(toFile: "cu.svg", atomically: true, encoding: .utf8)
    /// ```
    public func svg() -> String {
        let layout = SankeyLayout(self)
        let n = nodes.count
        var inflow = [Double](repeating: 0, count: n), outflow = [Double](repeating: 0, count: n)
        for link in links { outflow[link.from] += link.value; inflow[link.to] += link.value }
        let size = (0..<n).map { max(inflow[$0], outflow[$0]) }

        let margin = 40.0, top = 112.0, nodeWidth = 14.0, gap = 40.0
        let columnWidth = layout.columnCount > 10 ? 170.0 : max(200.0, 1200.0 / Double(max(layout.columnCount - 1, 1)))
        let nameLimit = layout.columnCount > 10 ? 22 : 26
        var members = [[Int]](repeating: [], count: layout.columnCount)
        for i in 0..<n { members[layout.columns[i]].append(i) }
        let crowded = members.map(\.count).max() ?? 1
        let drawHeight = max(700.0, Double(crowded) * 44)
        let scale = members.map { column -> Double in
            let total = column.reduce(0) { $0 + size[$1] }
            return total > 0 ? (drawHeight - gap * Double(column.count - 1)) / total : .infinity
        }.min() ?? 1
        func width(_ value: Double) -> Double { max(value * scale, 0.5) }

        var x = [Double](repeating: 0, count: n), y = [Double](repeating: 0, count: n), h = [Double](repeating: 0, count: n)
        for (c, column) in members.enumerated() {
            var cursor = top
            for i in column {
                x[i] = margin + Double(c) * columnWidth
                y[i] = cursor
                h[i] = max(size[i] * scale, 1)
                cursor += h[i] + gap
            }
        }
        let bottom = (0..<n).map { y[$0] + h[$0] }.max() ?? top

        // Attachment points: forward links first (ordered by the other end's height), back links after.
        var outOffset = [Double](repeating: 0, count: n), inOffset = [Double](repeating: 0, count: n)
        let order = links.indices.sorted { a, b in
            if layout.isBack[a] != layout.isBack[b] { return !layout.isBack[a] }
            return (y[links[a].to], y[links[a].from]) < (y[links[b].to], y[links[b].from])
        }
        var start = [Double](repeating: 0, count: links.count), end = [Double](repeating: 0, count: links.count)
        for l in order {
            let w = width(links[l].value)
            start[l] = y[links[l].from] + outOffset[links[l].from] + w / 2; outOffset[links[l].from] += links[l].value * scale
        }
        for l in links.indices.sorted(by: { a, b in
            if layout.isBack[a] != layout.isBack[b] { return !layout.isBack[a] }
            return y[links[a].from] < y[links[b].from]
        }) {
            let w = width(links[l].value)
            end[l] = y[links[l].to] + inOffset[links[l].to] + w / 2; inOffset[links[l].to] += links[l].value * scale
        }

        var paths: [String] = []
        var labels: [String] = []
        // Recycles are thin arcs in lanes under the main flow (their value is in the label, not the width),
        // one lane each, so loops never pile up into blobs.
        var lane = bottom + 36
        let recycledColor = "#2e9d4f"
        for l in order {
            let link = links[l]
            let w = width(link.value)
            let x0 = x[link.from] + nodeWidth, x1 = x[link.to]
            let name = link.label.isEmpty ? nodes[link.from].label : "\(nodes[link.from].label).\(link.label)"
            if layout.isBack[l] {
                let laneY = lane
                lane += 20
                let thin = min(w, 2.5)
                let startY = start[l] - w / 2 + thin / 2, endY = end[l] - w / 2 + thin / 2
                let d = "M\(f(x0)),\(f(startY)) h18 V\(f(laneY)) H\(f(x1 - 18)) V\(f(endY)) h18"
                paths.append("<path d=\"\(d)\" fill=\"none\" stroke=\"#e08a1e\" stroke-opacity=\"0.8\" stroke-width=\"\(f(thin))\" stroke-linejoin=\"round\"><title>\(escape(name)) → \(escape(nodes[link.to].label)) (recycle): \(formatValue(link.value)) \(unit)</title></path>")
                labels.append(text(x: min(x0, x1 - 18) + abs(x1 - 18 - x0) / 2, y: laneY - 4, "\(escape(SankeyGraph.shortLabel(nodes[link.from].label, keepQualifier: true, limit: 22))): \(escape(SankeyGraph.humanise(link.label))) ↺ \(formatValue(link.value)) \(unit)",
                                   anchor: "middle", size: 10, color: "#a0580a"))
                continue
            }
            let color: String
            switch nodes[link.from].kind {
            case .input(let recycled): color = recycled ? recycledColor : "#8c6d46"
            default:
                if case .sink = nodes[link.to].kind {
                    color = nodes[link.to].label == "product" ? "#2b6cb0" : (nodes[link.to].label == "discard" ? "#c0392b" : "#7f8c8d")
                } else {
                    color = "#5d7ea8"
                }
            }
            let mid = (x0 + x1) / 2
            func band(_ offset: Double) -> String {
                "M\(f(x0)),\(f(start[l] + offset)) C\(f(mid)),\(f(start[l] + offset)) \(f(mid)),\(f(end[l] + offset)) \(f(x1)),\(f(end[l] + offset))"
            }
            let share = link.recycledShare
            paths.append("<path d=\"\(band(0))\" fill=\"none\" stroke=\"\(color)\" stroke-opacity=\"0.5\" stroke-width=\"\(f(w))\"><title>\(escape(name)) → \(escape(nodes[link.to].label)): \(formatValue(link.value)) \(unit), \(formatNumber(share * 100, decimals: 1))% recycled</title></path>")
            // The recycled part of the band, on its upper edge, in proportion to the stream's recycled share.
            let fromFeed: Bool = if case .input = nodes[link.from].kind { true } else { false }
            if share > 0, !fromFeed {
                let part = w * share
                paths.append("<path class=\"recycled\" d=\"\(band(-w / 2 + part / 2))\" fill=\"none\" stroke=\"\(recycledColor)\" stroke-opacity=\"0.6\" stroke-width=\"\(f(part))\" pointer-events=\"none\"/>")
            }
        }

        var rects: [String] = []
        for i in 0..<n {
            let fill: String = switch nodes[i].kind {
            case .input(let recycled): recycled ? recycledColor : "#8c6d46"
            case .process: "#34495e"
            case .sink: "#2b6cb0"
            }
            let label = escape(SankeyGraph.shortLabel(nodes[i].label, keepQualifier: true, limit: nameLimit + 12))
            rects.append("<rect x=\"\(f(x[i]))\" y=\"\(f(y[i]))\" width=\"\(f(nodeWidth))\" height=\"\(f(h[i]))\" fill=\"\(fill)\"><title>\(escape(nodes[i].label)): \(formatValue(size[i])) \(unit)</title></rect>")
            switch nodes[i].kind {
            case .process, .input:
                // Name above the bar, throughput below it: the bands leave to the right, no label lies on one.
                var value = "\(formatValue(size[i])) \(unit)"
                if case .input(true) = nodes[i].kind { value += ", recycled" }
                rects.append(text(x: x[i] - 4, y: y[i] - 7, escape(SankeyGraph.shortLabel(nodes[i].label, keepQualifier: true, limit: nameLimit)), anchor: "start", size: 12, color: "#111", weight: "bold"))
                rects.append(text(x: x[i] - 4, y: y[i] + h[i] + 14, value, anchor: "start", size: 11, color: "#444"))
            case .sink:
                rects.append(text(x: x[i] + nodeWidth + 6, y: y[i] + h[i] / 2 - 2, label, anchor: "start", size: 12, color: "#111", weight: "bold"))
                rects.append(text(x: x[i] + nodeWidth + 6, y: y[i] + h[i] / 2 + 12, "\(formatValue(size[i])) \(unit)", anchor: "start", size: 11, color: "#444"))
            }
        }

        let totalWidth = max(margin + Double(layout.columnCount - 1) * columnWidth + nodeWidth + 240, 1020)
        let totalHeight = lane + 30
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(totalWidth))\" height=\"\(f(totalHeight))\" viewBox=\"0 0 \(f(totalWidth)) \(f(totalHeight))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        svg += text(x: 40, y: 30, escape(title), anchor: "start", size: 18, color: "#111", weight: "bold") + "\n"
        let grouped = otherShare > 0 ? "; processes and feeds under \(formatNumber(otherShare * 100, decimals: 1))% of the input are grouped as other" : ""
        svg += text(x: 40, y: 50, "widths ∝ flow (1 px = \(formatValue(1 / scale)) \(unit))\(grouped)", anchor: "start", size: 11, color: "#555") + "\n"
        svg += legend(y: 74, recycledColor: recycledColor) + "\n"
        svg += paths.joined(separator: "\n") + "\n" + rects.joined(separator: "\n") + "\n" + labels.joined(separator: "\n") + "\n</svg>\n"
        return svg
    }

    /// One row of swatches: what the colours and the arcs mean.
    private func legend(y: Double, recycledColor: String) -> String {
        let items: [(String, String, Double)] = [
            (recycledColor, "recycled share (from the attribution)", 10), ("#8c6d46", "primary feed", 10), ("#5d7ea8", "between processes", 10),
            ("#2b6cb0", "to product", 10), ("#c0392b", "to discard", 10), ("#7f8c8d", "other outputs", 10), ("#e08a1e", "recycle (thin, value in label)", 2.5),
        ]
        var cursor = 40.0
        var parts: [String] = ["<g class=\"legend\">"]
        for (color, label, thickness) in items {
            parts.append("<rect x=\"\(f(cursor))\" y=\"\(f(y - 5 - thickness / 2))\" width=\"18\" height=\"\(f(thickness))\" fill=\"\(color)\" fill-opacity=\"0.7\"/>")
            parts.append(text(x: cursor + 24, y: y, label, anchor: "start", size: 11, color: "#333"))
            cursor += 24 + Double(label.count) * 6 + 18
        }
        parts.append("</g>")
        return parts.joined(separator: "\n")
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }

    private func formatValue(_ v: Double) -> String {
        formatNumber(v, decimals: v >= 100 ? 0 : (v >= 1 ? 1 : 3))
    }

    private func text(x: Double, y: Double, _ content: String, anchor: String, size: Int, color: String, weight: String = "normal") -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" fill=\"\(color)\" font-weight=\"\(weight)\" stroke=\"white\" stroke-width=\"3\" stroke-opacity=\"0.85\" paint-order=\"stroke\">\(content)</text>"
    }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
