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
    }

    public var title: String
    /// Unit the values are in, e.g. `t` or `kg`.
    public var unit: String
    public var nodes: [Node]
    public var links: [Link]

    public init(title: String, unit: String, nodes: [Node], links: [Link]) {
        self.title = title
        self.unit = unit
        self.nodes = nodes
        self.links = links
    }
}

extension SankeyGraph {
    /// The flows of one element (or the sum of all balanced elements when `element` is nil) as a graph:
    /// one input node per feed, one node per process, one node per boundary sink name.
    /// Values are shown in t when the largest flow reaches 1 t, else in kg.
    ///
    /// ```swift
    /// let svg = SankeyGraph(result, element: "Cu", title: "Cu, April 2024").svg()
    /// ```
    /// Boundary outputs go to one node per sink name in the last column for small flowsheets; beyond
    /// `aggregateSinksUpTo` processes each gets its own node next to its process, so no band crosses the whole drawing.
    public init(_ result: BalanceResult, element: String?, title: String? = nil, aggregateSinksUpTo: Int = 12) {
        func flow(_ k: Int) -> Double {
            if let element { return result.balances[element]?.streamFlows[k] ?? 0 }
            return result.elements.reduce(0) { $0 + (result.balances[$1]?.streamFlows[k] ?? 0) }
        }
        var byFeed: [String: (value: Double, recycled: Bool, entry: Int)] = [:]
        var feedOrder: [String] = []
        for source in result.sources {
            let kg = element.map { source.elementMass[$0] ?? 0 } ?? source.elementMass.values.reduce(0, +)
            guard kg > 0 else { continue }
            if byFeed[source.feed] == nil { feedOrder.append(source.feed) }
            byFeed[source.feed, default: (0, source.isRecycled, source.entry)].value += kg
        }
        // Feeds ordered by the process they enter, so their bands cross less.
        feedOrder = feedOrder.enumerated().sorted { (byFeed[$0.element]!.entry, $0.offset) < (byFeed[$1.element]!.entry, $1.offset) }.map(\.element)
        let streamValues = result.streams.indices.map(flow)
        let largest = (streamValues + byFeed.values.map(\.value)).max() ?? 0
        let (unit, divisor) = largest >= 1000 ? ("t", 1000.0) : ("kg", 1.0)

        var nodes: [Node] = []
        var links: [Link] = []
        var processNode: [String: Int] = [:]
        let sheet = result.flowsheet
        for feed in feedOrder {
            let entry = byFeed[feed]!
            nodes.append(Node(id: "feed:\(feed)", label: "\(feed)\(entry.recycled ? " (recycled)" : "")", kind: .input(recycled: entry.recycled)))
            links.append(Link(from: nodes.count - 1, to: -1 - entry.entry, value: entry.value / divisor, label: ""))
        }
        // Only processes the flow reaches.
        var used = Set<String>()
        for (k, stream) in result.streams.enumerated() where streamValues[k] > 0 {
            used.insert(stream.from)
            if case .process(let id) = stream.to { used.insert(id) }
        }
        for feed in feedOrder { used.insert(sheet.processes[byFeed[feed]!.entry].id) }
        for process in sheet.processes where used.contains(process.id) {
            processNode[process.id] = nodes.count
            nodes.append(Node(id: process.id, label: process.id, kind: .process))
        }
        links = links.map { var l = $0; l.to = processNode[sheet.processes[-1 - l.to].id]!; return l }
        var sinkNode: [String: Int] = [:]
        for (k, stream) in result.streams.enumerated() where streamValues[k] > 0 {
            let target: Int
            switch stream.to {
            case .process(let id): target = processNode[id]!
            case .sink(let name):
                let key = processNode.count <= aggregateSinksUpTo ? name : "\(name)@\(stream.id)"
                if sinkNode[key] == nil { sinkNode[key] = nodes.count; nodes.append(Node(id: "sink:\(key)", label: name, kind: .sink)) }
                target = sinkNode[key]!
            }
            links.append(Link(from: processNode[stream.from]!, to: target, value: streamValues[k] / divisor, label: stream.output))
        }
        let what = element ?? "all balanced elements"
        self.init(title: title ?? "\(what) flows [\(unit)]", unit: unit, nodes: nodes, links: links)
    }
}
