import CirculaTestSupport
import Foundation
import Testing

@Suite("circula CLI: elements, lots, model")
struct FoundationCLITests {
    @Test("elements --class rare-metal-jp --format csv lists the 47 elements of the METI list")
    func rareMetalsCSV() throws {
        let result = try CLI.run(["elements", "--class", "rare-metal-jp", "--format", "csv"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first == "z,symbol,name,atomic_weight,group,period,block,category,classes")
        #expect(lines.count == 48)
        #expect(lines.contains { $0.hasPrefix("52,Te,Tellurium,127.6,16,5,p,metalloid,") })
    }

    @Test("elements show Te prints its facts; JSON is stable")
    func showTellurium() throws {
        let table = try CLI.run(["elements", "show", "Te"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("recovered      yes: Recovered by us"))
        let json = try CLI.run(["elements", "show", "tellurium", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["z"] as? Int == 52)
        #expect(object["classes"] as? [String] == ["rare-metal-jp", "critical-iea", "critical-us", "recovered"])
    }

    @Test("an unknown element exits non-zero with suggestions")
    func unknownElement() throws {
        let result = try CLI.run(["elements", "show", "Tx"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Did you mean Ti? Tc? Te?"))
    }

    @Test("lots check reports a bad assay with its place and exits non-zero")
    func lotsCheckBadFile() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var lines = ["lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Cu[%],Au[g/t]"]
        for i in 1...5 { lines.append("L\(i),2024-04-0\(i),Acme,pcb_mixed,post-consumer,20,2,18,250") }
        lines.append("L6,2024-04-06,Acme,pcb_mixed,post-consumer,20,2,18,abc")
        try lines.joined(separator: "\n").write(to: dir.appendingPathComponent("lots.csv"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["lots", "check", "lots.csv"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr == "error: lots.csv:7: column 9 (Au[g/t]): expected a number, found \"abc\"\n")
        #expect(result.stdout.isEmpty)
    }

    @Test("lots check summarises the bundled sample in every format")
    func lotsCheckSample() throws {
        let table = try CLI.run(["lots", "check"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("27 lots, valid"))
        #expect(table.stdout.contains("element  contained [t]  recycled [t]  recycled [%]"))
        let json = try CLI.run(["lots", "check", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["lots"] as? Int == 27)
        let csv = try CLI.run(["lots", "check", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("element,contained [t],recycled [t],recycled [%]\n"))
    }

    @Test("model show loads the default model")
    func modelShow() throws {
        let result = try CLI.run(["model", "show"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("metallurgy.yaml: 19 feeds, 16 processes, 85 streams"))
        #expect(result.stdout.contains("Assumed (calibrate for your plant):"))
    }
}
