import CirculaCore
import Foundation
import Testing
@testable import CirculaBalance

/// The default model's Cu, Au and Te Sankeys rendered in headless Chromium: the bounding boxes of every
/// label, taken from the DOM (`getBBox` after layout, so with the real font), must not overlap, and no
/// label may sit on a node's bar. Set CIRCULA_SANKEY_DIR to a folder to keep the SVGs and the boxes.
@Suite struct SankeyBrowserTests {
    struct Box: Decodable { var text: String; var x, y, width, height: Double; var kind: String }

    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Renders the SVG inline in a page whose script writes every text's and bar's box into the DOM, dumps the DOM.
    func boxes(_ svg: String, name: String) throws -> [Box] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("circula-sankey-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("\(name).html")
        let script = """
            <script>
            window.addEventListener('load', () => {
              const out = [];
              for (const t of document.querySelectorAll('svg text')) { const b = t.getBBox(); out.push({text: t.textContent, x: b.x, y: b.y, width: b.width, height: b.height, kind: 'label'}); }
              for (const r of document.querySelectorAll('svg > rect[height]')) { const b = r.getBBox(); if (r.getAttribute('width') !== '100%') out.push({text: '', x: b.x, y: b.y, width: b.width, height: b.height, kind: 'bar'}); }
              const pre = document.createElement('pre'); pre.id = 'boxes'; pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
            });
            </script>
            """
        try "<!doctype html><html><head><meta charset=\"utf-8\"></head><body style=\"margin:0\">\(svg)\(script)</body></html>".write(to: page, atomically: true, encoding: .utf8)
        let process = Foundation.Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.chromium))
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000", "--dump-dom", page.absoluteString]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let dom = String(decoding: data, as: UTF8.self)
        guard let start = dom.range(of: "<pre id=\"boxes\">"), let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else {
            Issue.record("chromium printed no boxes for \(name)")
            return []
        }
        let json = String(dom[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        if let keep = ProcessInfo.processInfo.environment["CIRCULA_SANKEY_DIR"] {
            try svg.write(toFile: "\(keep)/\(name).svg", atomically: true, encoding: .utf8)
            try json.write(toFile: "\(keep)/\(name).boxes.json", atomically: true, encoding: .utf8)
        }
        return try JSONDecoder().decode([Box].self, from: Data(json.utf8))
    }

    func overlap(_ a: Box, _ b: Box) -> Bool {
        // 0.5 px of slack: glyph boxes of adjacent lines touch.
        a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5
    }

    /// The check itself can fail: two texts drawn on top of each other are found.
    @Test(.enabled(if: chromium != nil)) func overlappingLabelsAreDetected() throws {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"100\"><text x=\"10\" y=\"20\">Flash smelting</text><text x=\"30\" y=\"24\">Converting</text></svg>"
        let labels = try boxes(svg, name: "probe").filter { $0.kind == "label" }
        #expect(labels.count == 2 && labels[0].width > 20)
        #expect(overlap(labels[0], labels[1]))
    }

    @Test(.enabled(if: chromium != nil), arguments: ["Cu", "Au", "Te"])
    func defaultModelLabelsDoNotOverlap(element: String) throws {
        let model = try ModelFile.bundledDefault()
        let result = try ForwardBalance(flowsheet: model.flowsheet).run(lots: try LotCSV.load(Resources.url("sample-lots.csv")))
        let graph = SankeyGraph(result, element: element, title: "\(element) flows, sample lots",
                                feedNames: Dictionary(model.feeds.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }))
        let all = try boxes(graph.svg(), name: element)
        let labels = all.filter { $0.kind == "label" }, bars = all.filter { $0.kind == "bar" }
        #expect(labels.count > 10 && bars.count > 5)
        for (i, a) in labels.enumerated() {
            for b in labels[(i + 1)...] where overlap(a, b) {
                Issue.record("\(element): labels overlap: \"\(a.text)\" (\(a.x), \(a.y), \(a.width)×\(a.height)) and \"\(b.text)\" (\(b.x), \(b.y), \(b.width)×\(b.height))")
            }
            for bar in bars where overlap(a, bar) { Issue.record("\(element): label \"\(a.text)\" lies on a bar at (\(bar.x), \(bar.y))") }
        }
        // Human labels from the model's names, no snake_case ids.
        #expect(!labels.contains { $0.text.contains("smelting_flash") })
        #expect(labels.contains { $0.text.hasPrefix("Flash smelting") })
    }
}
