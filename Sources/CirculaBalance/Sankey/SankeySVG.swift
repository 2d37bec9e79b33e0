import CirculaCore
import Foundation

extension SankeyGraph {
    /// Renders the diagram as a standalone SVG document. Link widths are proportional to the values
    /// (one scale for the whole drawing; links under 0.5 px are drawn at 0.5 px so they stay visible),
    /// recycles are arcs in lanes under the columns, every node is labelled with its throughput.
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

        let margin = 40.0, top = 80.0, nodeWidth = 14.0, gap = 30.0
        let columnWidth = layout.columnCount > 10 ? 170.0 : max(200.0, 1200.0 / Double(max(layout.columnCount - 1, 1)))
        var members = [[Int]](repeating: [], count: layout.columnCount)
        for i in 0..<n { members[layout.columns[i]].append(i) }
        let crowded = members.map(\.count).max() ?? 1
        let drawHeight = max(700.0, Double(crowded) * 34)
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
        // Link labels that would overlap an earlier one are left to the tooltip.
        var placed: [(x: Double, y: Double, w: Double)] = []
        func free(_ x: Double, _ y: Double, _ text: String) -> Bool {
            let w = Double(text.count) * 5.5
            if placed.contains(where: { abs($0.y - y) < 12 && abs($0.x - x) < ($0.w + w) / 2 + 4 }) { return false }
            placed.append((x, y, w))
            return true
        }
        var lane = bottom + 30
        for l in order {
            let link = links[l]
            let w = width(link.value)
            let x0 = x[link.from] + nodeWidth, x1 = x[link.to]
            let color: String
            if layout.isBack[l] {
                let laneY = lane + w / 2
                lane += w + 10
                let d = "M\(f(x0)),\(f(start[l])) h18 V\(f(laneY)) H\(f(x1 - 18)) V\(f(end[l])) h18"
                paths.append("<path d=\"\(d)\" fill=\"none\" stroke=\"#e08a1e\" stroke-opacity=\"0.55\" stroke-width=\"\(f(w))\" stroke-linejoin=\"round\"><title>\(escape(nodes[link.from].label)).\(escape(link.label)) → \(escape(nodes[link.to].label)) (recycle): \(formatValue(link.value)) \(unit)</title></path>")
                if w >= 3 || link.value > 0 {
                    labels.append(text(x: (x0 + x1) / 2, y: laneY + 4, "\(escape(nodes[link.from].label)).\(escape(link.label)) ↺ \(formatValue(link.value)) \(unit)", anchor: "middle", size: 10, color: "#a0580a"))
                }
                continue
            }
            switch nodes[link.from].kind {
            case .input(let recycled): color = recycled ? "#2e9d4f" : "#8c6d46"
            default:
                if case .sink = nodes[link.to].kind {
                    color = nodes[link.to].label == "product" ? "#2b6cb0" : (nodes[link.to].label == "discard" ? "#c0392b" : "#7f8c8d")
                } else {
                    color = "#5d7ea8"
                }
            }
            let mid = (x0 + x1) / 2
            let d = "M\(f(x0)),\(f(start[l])) C\(f(mid)),\(f(start[l])) \(f(mid)),\(f(end[l])) \(f(x1)),\(f(end[l]))"
            let name = link.label.isEmpty ? nodes[link.from].label : "\(nodes[link.from].label).\(link.label)"
            paths.append("<path d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-opacity=\"0.5\" stroke-width=\"\(f(w))\"><title>\(escape(name)) → \(escape(nodes[link.to].label)): \(formatValue(link.value)) \(unit)</title></path>")
            let caption = "\(escape(link.label)) \(formatValue(link.value)) \(unit)"
            if w >= 8, !link.label.isEmpty, free(mid, (start[l] + end[l]) / 2, caption) {
                labels.append(text(x: mid, y: (start[l] + end[l]) / 2 + 3.5, caption, anchor: "middle", size: 10, color: "#333"))
            }
        }

        var rects: [String] = []
        for i in 0..<n {
            let fill: String = switch nodes[i].kind {
            case .input(let recycled): recycled ? "#2e9d4f" : "#8c6d46"
            case .process: "#34495e"
            case .sink: "#2b6cb0"
            }
            rects.append("<rect x=\"\(f(x[i]))\" y=\"\(f(y[i]))\" width=\"\(f(nodeWidth))\" height=\"\(f(h[i]))\" fill=\"\(fill)\"><title>\(escape(nodes[i].label)): \(formatValue(size[i])) \(unit)</title></rect>")
            if case .process = nodes[i].kind {
                // Above the node: the bands leave to the right at mid-height, where link labels go.
                rects.append(text(x: x[i] - 4, y: y[i] - 6, "\(escape(nodes[i].label)) \(formatValue(size[i])) \(unit)", anchor: "start", size: 12, color: "#111", weight: "bold"))
            } else {
                rects.append(text(x: x[i] + nodeWidth + 6, y: y[i] + h[i] / 2 - 2, escape(nodes[i].label), anchor: "start", size: 12, color: "#111", weight: "bold"))
                rects.append(text(x: x[i] + nodeWidth + 6, y: y[i] + h[i] / 2 + 12, "\(formatValue(size[i])) \(unit)", anchor: "start", size: 11, color: "#444"))
            }
        }

        let totalWidth = margin * 2 + Double(layout.columnCount - 1) * columnWidth + 220
        let totalHeight = lane + 40
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(totalWidth))\" height=\"\(f(totalHeight))\" viewBox=\"0 0 \(f(totalWidth)) \(f(totalHeight))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        svg += text(x: margin, y: 30, escape(title), anchor: "start", size: 18, color: "#111", weight: "bold") + "\n"
        svg += text(x: margin, y: 50, "widths ∝ flow (1 px = \(formatValue(1 / scale)) \(unit)); green: recycled feeds, brown: primary feeds, orange arcs: recycles", anchor: "start", size: 11, color: "#555") + "\n"
        svg += paths.joined(separator: "\n") + "\n" + rects.joined(separator: "\n") + "\n" + labels.joined(separator: "\n") + "\n</svg>\n"
        return svg
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
