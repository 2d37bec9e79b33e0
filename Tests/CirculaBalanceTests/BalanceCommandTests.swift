import CirculaTestSupport
import Foundation
import Testing

/// Runs the built `circula` binary as a subprocess (CirculaTestSupport's runner).
@Suite struct BalanceCommandTests {
    func run(_ arguments: [String]) throws -> CLIResult { try CLI.run(arguments) }

    @Test func defaultRunPrintsTheRecycledShareAndWritesASankey() throws {
        let svg = FileManager.default.temporaryDirectory.appendingPathComponent("circula-test-\(UUID().uuidString).svg")
        defer { try? FileManager.default.removeItem(at: svg) }
        let result = try run(["balance", "--sankey", svg.path])
        #expect(result.status == 0)
        #expect(result.out.contains("Recycled share of cathode copper (electrorefining.cathode, Cu): 24.88%"))
        #expect(result.out.contains("element      in [t]  cathode [t]"))
        #expect(!result.err.contains("warning"))
        let text = try String(contentsOf: svg, encoding: .utf8)
        #expect(text.hasPrefix("<svg") && text.contains("electrorefining"))
    }

    @Test func jsonAndErrors() throws {
        let json = try run(["balance", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as! [String: Any]
        #expect(abs((object["recycled_share_cu"] as! Double) - 0.2488) < 0.0001)
        let missing = try run(["balance", "--element", "Xx"])
        #expect(missing.status == 1)
        #expect(missing.err.contains("error: --element Xx: no lot carries Xx"))
    }
}
