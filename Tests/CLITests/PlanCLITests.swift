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
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("Cathode copper ") })
        let ratio = try #require(Double(line.components(separatedBy: "recycling ratio ").last!.replacingOccurrences(of: " %", with: "")))
        #expect(ratio > 20 && ratio < 30, "\(line)")
        #expect(result.stdout.contains("− fixed costs"))
        let json = try CLI.run(["plan", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "optimal")
    }

    @Test("a TC sweep finds where the margin turns negative, and writes its chart")
    func sweep() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLI.run(["plan", "--sweep", "tc=80:-20:10", "--chart", "tc.svg"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Finding: The margin after fixed costs turns negative between tc ="))
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
        #expect(result.stdout.contains("Probability of reaching 50 % by 2040: "))
        #expect(result.stdout.contains("Drivers ranked by influence on the 2040 ratio"))
    }

    @Test("plan calibrate prints fitted figures and residuals; the cut scenario is answered in words")
    func calibrateAndCompare() throws {
        let calibrate = try CLI.run(["plan", "calibrate"])
        #expect(calibrate.status == 0, "\(calibrate.stderr)")
        #expect(calibrate.stdout.contains("Residuals (plan − target):") && calibrate.stdout.contains("recycling ratio"))
        let compare = try CLI.run(["plan", "--compare", "cut-fy2025"])
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(compare.stdout.contains("Answer: cut-fy2025 against default: concentrate"))
    }
}
