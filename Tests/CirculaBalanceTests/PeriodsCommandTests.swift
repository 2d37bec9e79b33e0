import Foundation
import Testing

/// `circula balance --period ... --stock ...` through the binary, on two "months" made in the test from the
/// bundled sample lots (odd and even rows), with measured anode and converter stock.
@Suite struct PeriodsCommandTests {
    let cli = BalanceCommandTests()

    @Test func twoMonthsWithStock() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let lines = try String(contentsOf: root.appendingPathComponent("Sources/CirculaCore/Resources/sample-lots.csv"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("circula-periods-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = Array(lines.dropFirst())
        for (name, parity) in [("m1", 0), ("m2", 1)] {
            let chosen = rows.enumerated().filter { $0.offset % 2 == parity }.map(\.element)
            try ([lines[0]] + chosen).joined(separator: "\n").write(to: dir.appendingPathComponent("\(name).csv"), atomically: true, encoding: .utf8)
        }
        let stock = dir.appendingPathComponent("stock.csv")
        try "period,process,element,stock[t]\nopening,anode_refining,Cu,800\nm1,anode_refining,Cu,1200\nm2,converting,Cu,300\n".write(to: stock, atomically: true, encoding: .utf8)
        let args = ["balance", "--period", "m1=\(dir.appendingPathComponent("m1.csv").path)", "--period", "m2=\(dir.appendingPathComponent("m2.csv").path)",
                    "--stock", stock.path, "--element", "Cu"]
        let table = try cli.run(args)
        #expect(table.status == 0)
        #expect(table.out.contains("attribution through stock pro-rata"))
        let json = try cli.run(args + ["--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let list = try #require(object["rows"] as? [[String: Any]])
        let byPeriod = Dictionary(uniqueKeysWithValues: list.map { ($0["period"] as! String, $0) })
        // Measured stock: +400 t in m1, −900 t in m2; each period and the total close.
        #expect(abs((byPeriod["m1"]?["stock_change_kg"] as? Double ?? 0) - 400_000) < 1e-3)
        #expect(abs((byPeriod["m2"]?["stock_change_kg"] as? Double ?? 0) + 900_000) < 1e-3)
        for row in list {
            let input = row["input_kg"] as! Double, output = row["output_kg"] as! Double, change = row["stock_change_kg"] as! Double
            #expect(abs(input - output - change) < 1e-6 * input)
        }
        let bad = dir.appendingPathComponent("bad.csv")
        try "period,process,element,stock[t]\nm1,anode_refinin,Cu,1\n".write(to: bad, atomically: true, encoding: .utf8)
        let refused = try cli.run(["balance", "--period", "m1=\(dir.appendingPathComponent("m1.csv").path)", "--stock", bad.path])
        #expect(refused.status == 1)
        #expect(refused.err.contains("bad.csv:2: column 2 (process): unknown process \"anode_refinin\"; expected a process id; did you mean anode_refining?"))
    }
}
