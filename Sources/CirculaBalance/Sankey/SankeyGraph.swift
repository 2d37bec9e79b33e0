import CirculaCore

/// Nodes and weighted links of a Sankey diagram, before layout.
public struct SankeyGraph: Sendable {
    public enum NodeKind: Sendable { case input(recycled: Bool), process, sink }

    public struct Node: Sendable {
        public var id: String
        public var label: String
        public var kind: NodeKind
    }

    public struct Link: Sendable {
        public var from: Int
        public var to: Int
        public var value: Double
        public var label: String
        /// Share of the value that comes from recycled lots (the attribution's), 0…1.
        public var recycledShare: Double

        public init(from: Int, to: Int, value: Double, label: String, recycledShare: Double = 0) {
            self.from = from
            self.to = to
            self.value = value
            self.label = label
            self.recycledShare = recycledShare
        }
    }

    public var title: String
    /// Unit the values are in, e.g. `t` or `kg`.
    public var unit: String
    public var nodes: [Node]
    public var links: [Link]
    /// Processes and feeds under this share of the element's input are drawn as one "other" node.
    public var otherShare: Double = 0

    public init(title: String, unit: String, nodes: [Node], links: [Link]) {
        self.title = title
        self.unit = unit
        self.nodes = nodes
        self.links = links
    }
}

extension SankeyGraph {
    /// The flows of one element (or the sum of all balanced elements when `element` is nil) as a graph:
    /// one input node per feed, one node per process, one node per boundary sink name. Processes and feeds
    /// carrying less than `otherShare` of the element's input (0.5%) are grouped into one "other" node, so a
    /// 2 t side route does not sit in a 34,000 t copper chain. Labels are the model's names (shortened);
    /// `feedNames` maps feed ids to names. Every link carries its recycled share, from the attribution.
    /// Values are shown in t when the largest flow reaches 1 t, else in kg; precious metals always in kg.
    ///
    /// ```swift
    /// let svg = SankeyGraph(result, element: "Cu", title: "Cu, April 2024").svg()
    /// ```
    /// Boundary outputs go to one node per sink name in the last column for small flowsheets; beyond
    /// `aggregateSinksUpTo` processes each gets its own node next to its process, so no band crosses the whole drawing.
    public init(_ result: BalanceResult, element: String?, title: String? = nil, aggregateSinksUpTo: Int = 12,
                feedNames: [String: String] = [:], otherShare: Double = 0.005) {
        let elements = element.map { [$0] } ?? result.elements
        func flow(_ k: Int) -> Double { elements.reduce(0) { $0 + (result.balances[$1]?.streamFlows[k] ?? 0) } }
        func recycled(_ k: Int) -> Double {
            let id = result.streams[k].id
            return elements.reduce(0) { $0 + result.recycledMassByLot(stream: id, element: $1).values.reduce(0, +) }
        }
        var byFeed: [String: (value: Double, recycled: Bool, entry: Int)] = [:]
        var feedOrder: [String] = []
        for source in result.sources {
            let kg = elements.reduce(0) { $0 + (source.elementMass[$1] ?? 0) }
            guard kg > 0 else { continue }
            if byFeed[source.feed] == nil { feedOrder.append(source.feed) }
            byFeed[source.feed, default: (0, source.isRecycled, source.entry)].value += kg
        }
        let totalInput = byFeed.values.reduce(0) { $0 + $1.value }
        let small = otherShare * totalInput
        // Feeds ordered by the process they enter, so their bands cross less.
        feedOrder = feedOrder.enumerated().sorted { (byFeed[$0.element]?.entry ?? 0, $0.offset) < (byFeed[$1.element]?.entry ?? 0, $1.offset) }.map(\.element)
        let streamValues = result.streams.indices.map(flow)
        let largest = (streamValues + byFeed.values.map(\.value)).max() ?? 0
        // Precious metals in kg whatever their size (Element.reportingUnit); others in t from 1 t up.
        let precious = element.flatMap { try? PeriodicTable.standard.element($0) }?.reportingUnit == .kilogram
        let (unit, divisor) = largest >= 1000 && !precious ? ("t", 1000.0) : ("kg", 1.0)
        let sheet = result.flowsheet

        // Throughput of each process the flow reaches; those under the share go to "other".
        var throughput = [Double](repeating: 0, count: sheet.processes.count)
        for (k, stream) in result.streams.enumerated() where streamValues[k] > 0 {
            if case .process(let id) = stream.to, let p = sheet.index(of: id) { throughput[p] += streamValues[k] }
        }
        for feed in feedOrder { if let entry = byFeed[feed] { throughput[entry.entry] += entry.value } }
        var outflow = [Double](repeating: 0, count: sheet.processes.count)
        for (k, stream) in result.streams.enumerated() { if let p = sheet.index(of: stream.from) { outflow[p] += streamValues[k] } }
        let reached = sheet.processes.indices.filter { throughput[$0] > 0 || outflow[$0] > 0 }
        let grouped = Set(reached.filter { max(throughput[$0], outflow[$0]) < small })

        var nodes: [Node] = []
        var links: [Link] = []
        var processNode: [Int: Int] = [:]
        var otherNode: Int? = nil
        // Feeds first, then processes in model order (the "other" node where the first grouped process was).
        var feedNodes: [(feed: String, node: Int)] = []
        var otherFeeds: [Int: (node: Int, count: Int)] = [:]
        for feed in feedOrder {
            guard let entry = byFeed[feed] else { continue }
            if entry.value < small, feedOrder.count > 1 {
                if otherFeeds[entry.entry] == nil {
                    otherFeeds[entry.entry] = (nodes.count, 0)
                    nodes.append(Node(id: "feed:other@\(sheet.processes[entry.entry].id)", label: "other feeds", kind: .input(recycled: entry.recycled)))
                }
                otherFeeds[entry.entry]?.count += 1
                feedNodes.append((feed, otherFeeds[entry.entry]?.node ?? 0))
                continue
            }
            feedNodes.append((feed, nodes.count))
            nodes.append(Node(id: "feed:\(feed)", label: SankeyGraph.shortLabel(feedNames[feed] ?? feed, keepQualifier: true),
                              kind: .input(recycled: entry.recycled)))
        }
        for p in reached {
            if grouped.contains(p) {
                if otherNode == nil {
                    otherNode = nodes.count
                    nodes.append(Node(id: "other", label: "other (< \(formatShare(otherShare)) of input)", kind: .process))
                }
                processNode[p] = otherNode
            } else {
                processNode[p] = nodes.count
                nodes.append(Node(id: sheet.processes[p].id, label: SankeyGraph.shortLabel(sheet.processes[p].name, keepQualifier: false), kind: .process))
            }
        }
        for (feed, node) in feedNodes {
            guard let entry = byFeed[feed], let target = processNode[entry.entry] else { continue }
            Self.add(&links, Link(from: node, to: target, value: entry.value / divisor, label: "", recycledShare: entry.recycled ? 1 : 0),
                     merging: otherFeeds.values.contains { $0.node == node })
        }
        var sinkNode: [String: Int] = [:]
        for (k, stream) in result.streams.enumerated() where streamValues[k] > 0 {
            guard let p = sheet.index(of: stream.from), let source = processNode[p] else { continue }
            let target: Int
            switch stream.to {
            case .process(let id):
                guard let q = sheet.index(of: id), let node = processNode[q] else { continue }
                target = node
            case .sink(let name):
                let key = processNode.count <= aggregateSinksUpTo ? name : "\(name)@\(source == otherNode ? "other" : stream.id)"
                if sinkNode[key] == nil { sinkNode[key] = nodes.count; nodes.append(Node(id: "sink:\(key)", label: SankeyGraph.humanise(name), kind: .sink)) }
                target = sinkNode[key] ?? 0
            }
            if source == otherNode, target == otherNode { continue }   // inside "other"
            Self.add(&links, Link(from: source, to: target, value: streamValues[k] / divisor, label: stream.output,
                                  recycledShare: streamValues[k] > 0 ? min(1, recycled(k) / streamValues[k]) : 0),
                     merging: source == otherNode || target == otherNode)
        }
        let what = element ?? "all balanced elements"
        self.init(title: title ?? "\(what) flows [\(unit)]", unit: unit, nodes: nodes, links: links)
        self.otherShare = grouped.isEmpty && otherFeeds.isEmpty ? 0 : otherShare
    }

    /// Parallel links (into or out of "other") are merged, their recycled shares weighted.
    private static func add(_ links: inout [Link], _ link: Link, merging: Bool) {
        if merging, let i = links.firstIndex(where: { $0.from == link.from && $0.to == link.to }) {
            let total = links[i].value + link.value
            links[i].recycledShare = total > 0 ? (links[i].recycledShare * links[i].value + link.recycledShare * link.value) / total : 0
            links[i].value = total
            links[i].label = links[i].label == link.label ? link.label : "several"
        } else {
            links.append(link)
        }
    }

    /// "Flash smelting to ~62% Cu matte, with slag cleaning (discard slag)" → "Flash smelting to ~62% Cu matte":
    /// the part before the first `:`/`,`/`;` (for feeds, whose names differ after the comma, only a bracket
    /// is cut), then a bracket, then at a word boundary to at most `limit` characters.
    public static func shortLabel(_ name: String, keepQualifier: Bool, limit: Int = 26) -> String {
        var text = name
        if !keepQualifier, let cut = text.firstIndex(where: { ":,;".contains($0) }) { text = String(text[..<cut]) }
        if text.count > limit, let bracket = text.range(of: " (") { text = String(text[..<bracket.lowerBound]) }
        if text.count > limit {
            var words: [Substring] = []
            for word in text.split(separator: " ") {
                if (words + [word]).joined(separator: " ").count > limit - 1 { break }
                words.append(word)
            }
            text = (words.isEmpty ? String(text.prefix(limit - 1)) : words.joined(separator: " ")) + "…"
        }
        return humanise(text.trimmingCharacters(in: [",", " "]))
    }

    /// snake_case ids read as words: `slag_dump` → `slag dump`.
    public static func humanise(_ id: String) -> String { id.replacingOccurrences(of: "_", with: " ") }
}

private func formatShare(_ share: Double) -> String {
    let percent = share * 100
    return percent == percent.rounded() ? "\(Int(percent))%" : "\(percent)%"
}

private extension String {
    func trimmingCharacters(in set: [Character]) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
