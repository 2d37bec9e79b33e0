import CirculaTestSupport
import Foundation
import Testing

@Suite("circula CLI: plan and outlook")
struct PlanCLITests {
    @Test("plan on the default scenario prints the optimal mix, the margin and the recycling ratio")
    func defaultPlan() throws {
        let result = try CLI.run(["plan"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Status: optimal"))
        #expect(result.stdout.contains("Cathode copper 450,000 t, of which recycled 119,394 t: recycling ratio 26.53 %"))
        let json = try CLI.run(["plan", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "optimal")
    }

    @Test("a TC sweep finds where concentrate gives way to recycled feed, and writes its chart")
    func sweep() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLI.run(["plan", "--sweep", "tc=80:-20:10", "--chart", "tc.svg"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Finding: Between tc = 30 and 20 USD/dmt"))
        let svg = try String(contentsOf: dir.appendingPathComponent("tc.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"))
    }

    @Test("a bad sweep is refused with what was expected")
    func badSweep() throws {
        let result = try CLI.run(["plan", "--sweep", "tc=80"])
        #expect(result.status != 0)
        #expect(!result.stderr.isEmpty)
    }

    @Test("outlook prints the ratio path to 2040 against the goal")
    func outlook() throws {
        let result = try CLI.run(["outlook", "--to", "2040"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2024"))
        #expect(result.stdout.contains("The 50 % goal is not reached by 2040: 38.6 %"))
    }
}
