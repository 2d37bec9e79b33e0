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
        #expect(svg.contains("B: back ↺ 66.7 kg"))
        // Name above the bar, throughput below it.
        #expect(svg.contains(">A</text>") && svg.contains(">167 kg</text>"))
    }
}

@Suite struct SankeyReadabilityTests {
    /// 100 kg recycled Cu into A, 100 kg primary into B: every band carries the attribution's recycled share,
    /// drawn as a green band of that share of its width along its upper edge.
    @Test func recycledShareIsCarriedThroughEveryStream() throws {
        let result = try ForwardBalance(flowsheet: Fixtures.loop()).run(sources: [Fixtures.source("L1", entry: 0, recycled: true, ["Cu": 100]),
                                                                              Fixtures.source("L2", entry: 1, recycled: false, ["Cu": 100])])
        let graph = SankeyGraph(result, element: "Cu")
        for link in graph.links where link.label == "product" || link.label == "slag" {
            let stream = link.label == "product" ? "B.product" : "A.slag"
            let share = try #require(result.recycledShare(stream: stream, element: "Cu"))
            #expect(abs(link.recycledShare - share) < 1e-12 && share > 0 && share < 1)
        }
        let svg = graph.svg()
        #expect(svg.contains("class=\"recycled\""))
        #expect(svg.contains("class=\"legend\""))
    }

    /// The default model's Cu: the black-mass and magnet routes carry well under 0.5% of the copper, so they
    /// are one "other" node, and labels are the model's names, not ids.
    @Test func smallRoutesAreGroupedAsOther() throws {
        let model = try ModelFile.bundledDefault()
        let result = try ForwardBalance(flowsheet: model.flowsheet).run(lots: try LotCSV.load(Resources.url("sample-lots.csv")))
        let graph = SankeyGraph(result, element: "Cu")
        #expect(graph.nodes.contains { $0.id == "other" })
        #expect(!graph.nodes.contains { $0.id == "battery_leach" })
        #expect(graph.nodes.first { $0.id == "smelting_flash" }?.label == "Flash smelting to ~62% Cu…")
        let all = SankeyGraph(result, element: "Cu", otherShare: 0)
        #expect(all.nodes.contains { $0.id == "battery_leach" })
        // Grouping moves nothing out of the picture: the sinks receive the same copper.
        func sinkTotal(_ g: SankeyGraph) -> Double {
            g.links.filter { if case .sink = g.nodes[$0.to].kind { true } else { false } }.reduce(0) { $0 + $1.value }
        }
        #expect(abs(sinkTotal(graph) - sinkTotal(all)) < 1e-9 * sinkTotal(all))
    }
}

@Suite struct LargeSankeyTests {
    /// 40 processes in a chain with skips, recycles every fifth process and outputs: 120+ streams.
    /// The drawing must keep one column per longest-path layer, draw every recycle as an arc, and stay
    /// within a sane size. Set CIRCULA_SANKEY_OUT to write the SVG for a visual check.
    @Test func hundredStreamsStayReadable() throws {
        var processes: [CirculaCore.Process] = []
        let n = 40
        for p in 0..<n {
            var outputs = [Output(name: "next", destination: p + 1 < n ? .process("P\(p + 1)") : .sink("product"))]
            var row: [String: Double] = ["next": 0.6]
            if p + 3 < n { outputs.append(Output(name: "skip", destination: .process("P\(p + 3)"))); row["skip"] = 0.15 }
            if p % 5 == 4 { outputs.append(Output(name: "back", destination: .process("P\(p - 3)"))); row["back"] = 0.1 }
            outputs.append(Output(name: "loss", destination: .sink(p % 2 == 0 ? "discard" : "offgas")))
            row["loss"] = 1 - row.values.reduce(0, +)
            outputs.append(Output(name: "side", destination: .sink("byproduct"))); row["loss"]! -= 0.05; row["side"] = 0.05
            processes.append(CirculaCore.Process(id: "P\(p)", name: "P\(p)", outputs: outputs, transferCoefficients: ["Cu": row]))
        }
        let sheet = Flowsheet(processes: processes, feedEntry: ["ore": "P0", "scrap": "P10"])
        let sources = [BalanceSource(id: "L1", supplier: "S", feed: "ore", category: .primary, entry: 0, elementMass: ["Cu": 1_000_000]),
                       BalanceSource(id: "L2", supplier: "S", feed: "scrap", category: .postConsumer, entry: 10, elementMass: ["Cu": 300_000])]
        let result = try ForwardBalance(flowsheet: sheet).run(sources: sources)
        #expect(result.streams.count >= 120)
        // Nothing grouped as "other" here: every process and recycle is drawn.
        let graph = SankeyGraph(result, element: "Cu", title: "Cu, 40 processes", otherShare: 0)
        let layout = SankeyLayout(graph)
        #expect(layout.isBack.filter { $0 }.count == 8)
        let svg = graph.svg()
        #expect(svg.components(separatedBy: "stroke=\"#e08a1e\"").count - 1 == 8)
        if let path = ProcessInfo.processInfo.environment["CIRCULA_SANKEY_OUT"] {
            try svg.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }
}
