/// Columns and positions of a Sankey diagram.
///
/// Columns follow the longest path over forward links (a link is *back* when it goes to a node
/// at or before its source in node order, i.e. a recycle); inputs sit in column 0 and sinks in the
/// last column. Back links are drawn as arcs in lanes under the diagram, so loops stay readable.
struct SankeyLayout {
    var columns: [Int]
    var isBack: [Bool]
    var columnCount: Int

    init(_ graph: SankeyGraph) {
        let n = graph.nodes.count
        isBack = graph.links.map { $0.to <= $0.from }
        var column = [Int](repeating: 0, count: n)
        // Nodes are in topological order for forward links, so one pass gives the longest path.
        for i in 0..<n {
            for (l, link) in graph.links.enumerated() where !isBack[l] && link.from == i {
                column[link.to] = max(column[link.to], column[i] + 1)
            }
        }
        let last = (graph.nodes.indices.filter { if case .sink = graph.nodes[$0].kind { false } else { true } }.map { column[$0] }.max() ?? 0) + 1
        // A sink fed by one process sits next to it; a shared sink (aggregated by name) in the last column.
        var feeders = [[Int]](repeating: [], count: n)
        for link in graph.links { feeders[link.to].append(link.from) }
        for (i, node) in graph.nodes.enumerated() {
            guard case .sink = node.kind else { continue }
            column[i] = feeders[i].count == 1 && node.id.contains("@") ? column[feeders[i][0]] + 1 : last
        }
        // Inputs sit one column before the first process they feed.
        for (i, node) in graph.nodes.enumerated() {
            guard case .input = node.kind else { continue }
            let targets = graph.links.filter { $0.from == i }.map { column[$0.to] }
            column[i] = max(0, (targets.min() ?? 1) - 1)
        }
        columns = column
        columnCount = (column.max() ?? 0) + 1
    }
}
