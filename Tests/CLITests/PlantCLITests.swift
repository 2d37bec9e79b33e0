import CirculaTestSupport
import Foundation
import Testing

@Suite("Whole plant on the command line: model validate/export/diff, lots check, year, battery, rare earths")
struct PlantCLITests {
    @Test("model validate passes on the bundled model and names the problem in a broken one")
    func validate() throws {
        let ok = try CLI.run(["model", "validate"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("product streams each carry one metal or compound with its purity"))
        let dir = try CLI.temporaryDirectory()
        let bad = dir.appendingPathComponent("bad.yaml")
        try """
        unit_operations:
          - id: refine
            outputs:
              cathode: {to: product, metal: Cu, purity: {value: 99.99, unit: wt%, assumed: true}}
              waste: {to: discard}
            transfer_coefficients:
              Cu: {cathode: 0.9, waste: 0.1}
              Ag: {cathode: 0.5, waste: 0.5}
        """.write(to: bad, atomically: true, encoding: .utf8)
        let result = try CLI.run(["model", "validate", bad.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.yaml:4: key unit_operations[0].outputs.cathode: product stream refine.cathode carries Cu but also receives Ag"))
    }

    @Test("model export writes the bundled model; diff compares coefficient by coefficient")
    func exportAndDiff() throws {
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("model.yaml")
        #expect(try CLI.run(["model", "export", file.path]).status == 0)
        #expect(try CLI.run(["model", "export", file.path]).status == 1, "refuses to overwrite without --force")
        let same = try CLI.run(["model", "diff", file.path])
        #expect(same.stdout.contains(", 0 differences"))
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "Rh: {rhodium: 0.95, refinery_residue: 0.05}", with: "Rh: {rhodium: 0.97, refinery_residue: 0.03}")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let diff = try CLI.run(["model", "diff", file.path])
        #expect(diff.stdout.contains("pm_refinery.rhodium [Rh]: 0.97 → 0.95"))
        #expect(diff.stdout.contains(", 2 differences"))
    }

    @Test("lots check refuses a concentrate marked post-consumer and an unknown feed, with their places")
    func lotsCheck() throws {
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("lots.csv")
        try """
        lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Cu[%],S[%],Au[g/t],Ag[g/t]
        L1,2024-04-01,Mine,cu_conc_chalcopyrite,post-consumer,100,8,28,30,3,60
        L2,2024-04-02,Yard,cu_scrap_no9,post-consumer,10,0,96,,,
        """.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["lots", "check", file.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("lots.csv:2: column 5 (category): lot L1: feed cu_conc_chalcopyrite is primary"))
        #expect(result.stderr.contains("lots.csv:3: column 4 (feed): unknown feed \"cu_scrap_no9\""))
    }

    @Test("year, battery and rare earths on the sample fiscal year; the HTML report renders in headless chromium")
    func yearReports() throws {
        let dir = try CLI.temporaryDirectory()
        let html = dir.appendingPathComponent("year.html")
        let year = try CLI.run(["year", "--html", html.path])
        #expect(year.status == 0, "\(year.stderr)")
        #expect(year.stdout.contains("Fiscal year: cathode copper"))
        #expect(year.stdout.contains("Rare metals (METI list) recovered to their own product streams:"))
        let battery = try CLI.run(["battery", "report", "--format", "json"])
        #expect(battery.status == 0, "\(battery.stderr)")
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(battery.stdout.utf8)) as? [[String: Any]])
        #expect(reports.map { $0["evaluated_on"] as? String } == ["2031-08-18", "2036-08-18"])
        let content = try #require(((reports[0]["products"] as? [[String: Any]])?.first?["recycledContent"]) as? [[String: Any]])
        #expect(Set(content.compactMap { $0["recycledMaterial"] as? String }) == ["Co", "Li", "Ni"])
        #expect(content.allSatisfy { $0["preConsumerShare"] is Double && $0["postConsumerShare"] is Double && $0["pass"] is Bool })
        let ree = try CLI.run(["rare-earths"])
        #expect(ree.status == 0)
        #expect(ree.stdout.contains("Dy2O3") && ree.stdout.contains("Recycled (magnet-derived) share: Dy "))
        #expect(try CLI.run(["battery", "report", "--date", "2031-13-01"]).status == 1)

        // Real headless chromium: the report parses and its inline SVG charts are in the DOM.
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        if let chromium {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: chromium)
            process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", html.absoluteString]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let dom = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(dom.contains("<svg") && dom.contains("Copper recycling ratio by month"))
        }
    }
}
