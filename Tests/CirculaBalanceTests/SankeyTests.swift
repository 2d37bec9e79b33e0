import CirculaCore
import Foundation
import Testing
@testable import CirculaBalance

@Suite struct SankeyTests {
    /// The loop fixture with 100 kg Cu: out 133.33 kg, slag 33.33, product 66.67, back 66.67 (a recycle).
    @Test func widthsAreProportionalAndTheLoopIsAnArc() throws {
        let result = try ForwardBalance(flowsheet: Fixtures.loop()).run(sources: [Fixtures.source("L1", entry: 0, recycled: true, ["Cu": 100])])
        let graph = SankeyGraph(result, element: "Cu")
        #expect(graph.unit == "kg")
        #expect(graph.nodes.map(\.id) == ["feed:scrap", "A", "B", "sink:discard", "sink:product"])
        let layout = SankeyLayout(graph)
        #expect(layout.columns == [0, 1, 2, 3, 3])
        #expect(layout.isBack == [false, false, false, false, true])
        let svg = graph.svg()
        // One scale: the link widths relate as the flows (out 133.33 : product 66.67 : slag 33.33 = 4 : 2 : 1).
        var width: [String: Double] = [:]
        for match in svg.matches(of: /stroke-width="([0-9.]+)"[^>]*><title>([^<]+) →/) { width[String(match.2)] = Double(match.1)! }
        #expect(width["A.out"] == 560)
        #expect(width["B.product"] == 280)
        #expect(width["A.slag"] == 140)
        #expect(svg.contains("stroke=\"#e08a1e\""))   // the recycle arc
        #expect(svg.contains("B.back ↺ 66.7 kg"))
        #expect(svg.contains(">A 167 kg<"))
    }
}
