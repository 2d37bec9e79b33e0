import Foundation
import Testing
@testable import CirculaCore

@Suite("Lot CSV")
struct LotCSVTests {
    static let header = "lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Cu[%],Au[g/t],Pd[ppm]"
    static let good = [
        "L-001,2024-04-03,Acme Recycling,pcb_mixed,post-consumer,24.5,3.0,18.2,250,80",
        "L-002,2024-04-04,Mine A,cu_conc_chalcopyrite,primary,10000,8.5,28.1,3.1,",
        "L-003,2024-04-05,\"Customer, Alpha\",cu_scrap_no1,pre-consumer,800,0.2,99.3,,",
        "L-004,2024-04-06,Acme Recycling,pcb_mixed,post-consumer,20,2,17,240,70",
        "L-005,2024-04-07,Acme Recycling,pcb_mixed,post-consumer,21,2,17.5,260,75",
    ]

    func text(_ lines: [String]) -> String { ([Self.header] + lines).joined(separator: "\n") + "\n" }

    @Test("a valid file gives its lots with masses in kg and fractions")
    func parsesValidFile() throws {
        let lots = try LotCSV.parse(text(Self.good), file: "lots.csv")
        #expect(lots.count == 5)
        #expect(lots[0].wetMass.kilograms == 24_500)
        #expect(lots[0].moisture.value == 0.03)
        let au = try PeriodicTable.standard.element("Au")
        #expect(lots[0].composition[au].value == 250e-6)
        #expect(lots[2].supplier == "Customer, Alpha")
        #expect(lots[2].category == .preConsumer)
        let summary = LotSummary(lots)
        #expect(summary.lots == 5)
        #expect(summary.wetMass.kilograms == 10_865_500)
    }

    @Test("a bad assay on line 7 is rejected with its place, and nothing is imported")
    func badAssayLineSeven() {
        var lines = Self.good
        lines.append("L-006,2024-04-08,Acme Recycling,pcb_mixed,post-consumer,22,2,17,abc,70")  // line 7 (header is line 1)
        do {
            let lots = try LotCSV.parse(text(lines), file: "lots.csv")
            Issue.record("expected the file to be refused, got \(lots.count) lots")
        } catch {
            #expect(error.errors.count == 1)
            #expect(error.description == "lots.csv:7: column 9 (Au[g/t]): expected a number, found \"abc\"")
        }
    }

    @Test("every bad line is reported, each with its place and words")
    func everyErrorReported() {
        let lines = [
            "L-001,2024-13-03,Acme,pcb_mixed,post-consumer,24.5,3.0,18.2,250,80",   // 2: bad date
            "L-002,2024-04-04,Acme,pcb_mixed,recycled,24.5,3.0,18.2,250,80",        // 3: bad category
            "L-003,2024-04-04,Acme,pcb_mixed,primary,-5,3.0,18.2,250,80",           // 4: negative mass
            "L-004,2024-04-04,Acme,pcb_mixed,primary,5,100,18.2,250,80",            // 5: moisture 100%
            "L-005,2024-04-04,Acme,pcb_mixed,primary,5,1,101,250,80",               // 6: Cu > 100%
            "L-001,2024-04-04,Acme,pcb_mixed,primary,5,1,10,250,80",                // 7: duplicate id
            "L-007,2024-04-04,Acme,pcb_mixed,primary,5,1,10,250",                   // 8: short line
            ",2024-04-04,Acme,pcb_mixed,primary,5,1,10,250,80",                     // 9: empty id
        ]
        do {
            _ = try LotCSV.parse(text(lines), file: "lots.csv")
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.map(\.description) == [
                "lots.csv:2: column 2 (date): expected a date YYYY-MM-DD, found \"2024-13-03\"",
                "lots.csv:3: column 5 (category): expected primary, pre-consumer or post-consumer, found \"recycled\"",
                "lots.csv:4: column 6 (wet_mass[t]): expected a mass ≥ 0, found -5",
                "lots.csv:5: column 7 (moisture[%]): expected a moisture from 0 to below 100%, found 100 %",
                "lots.csv:6: column 8 (Cu[%]): expected a concentration from 0 to 100%, found 101 %",
                "lots.csv:7: column 1 (lot_id): lot \"L-001\" already appears on line 2; expected unique lot ids",
                "lots.csv:8: expected 10 fields as in the header, found 9",
                "lots.csv:9: column 1 (lot_id): expected a lot id, found an empty field",
            ])
        }
    }

    @Test("fractions summing above 100% are refused on their line")
    func sumAboveOne() {
        let csv = "lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Cu[%],Fe[%]\nL1,2024-04-01,A,x,primary,1,0,60,41\n"
        #expect(throws: InputErrors.self) { try LotCSV.parse(csv, file: "lots.csv") }
        do { _ = try LotCSV.parse(csv, file: "lots.csv") } catch {
            #expect(error.description == "lots.csv:2: element fractions add up to 101%; expected at most 100%")
        }
    }

    @Test("header problems name the column and what was expected")
    func headerErrors() {
        let csv = "lot_id,date,supplier,feed,category,wet_mass[lb],moisture[%],Cx[%],Au,Cu[%]\n"
        do {
            _ = try LotCSV.parse(csv, file: "h.csv")
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.map(\.description) == [
                "h.csv:1: column 6 (wet_mass[lb]): expected a mass unit in brackets: wet_mass[t], wet_mass[kg] or wet_mass[g]",
                "h.csv:1: column 8 (Cx[%]): unknown element \"Cx\"; expected an element symbol with a unit, such as Cu[%] or Au[g/t]. Did you mean Cl? Ca? Cr?",
                "h.csv:1: column 9 (Au): expected a concentration unit in brackets: one of %, ppm, g/t, ppb, fraction (e.g. Au[%])",
            ])
        }
        do {
            _ = try LotCSV.parse("lot_id,date,Cu[%]\n", file: "h.csv")
        } catch {
            #expect(error.description == "h.csv:1: header lacks supplier, feed, category, wet_mass, moisture; expected lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],<element columns such as Cu[%]>")
        }
    }

    @Test("wet mass in kg and moisture as a fraction are honoured")
    func otherUnits() throws {
        let csv = "lot_id,date,supplier,feed,category,wet_mass[kg],moisture[fraction],Cu[ppm]\nL1,2024-04-01,A,x,primary,1500,0.1,2000\n"
        let lot = try #require(try LotCSV.parse(csv, file: "u.csv").first)
        #expect(lot.wetMass.kilograms == 1500)
        #expect(lot.dryMass.kilograms == 1350)
        #expect(abs(lot.mass(of: try PeriodicTable.standard.element("Cu")).kilograms - 2.7) < 1e-12)
    }

    @Test("writing and reading back gives the same lots")
    func roundTrip() throws {
        let lots = try LotCSV.parse(text(Self.good), file: "lots.csv")
        let again = try LotCSV.parse(LotCSV.write(lots), file: "again.csv")
        #expect(again.count == lots.count)
        for (a, b) in zip(lots, again) {
            #expect(a.id == b.id && a.supplier == b.supplier && a.category == b.category)
            #expect(abs(a.wetMass.kilograms - b.wetMass.kilograms) < 1e-9)
            for element in a.composition.elements {
                #expect(abs(a.composition[element].value - b.composition[element].value) < 1e-15)
            }
        }
    }

    @Test("a real file on disk is read; a missing file is a located error")
    func files() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("circula-lots-\(UInt32.random(in: 0...UInt32.max)).csv")
        try text(Self.good).write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try LotCSV.load(url, displayName: "lots.csv").count == 5)
        #expect(throws: InputErrors.self) { try LotCSV.load(URL(fileURLWithPath: "/nonexistent/lots.csv")) }
    }

    @Test("the bundled sample period is valid and about a quarter recycled copper")
    func sample() throws {
        let lots = try LotCSV.load(Resources.url("sample-lots.csv"))
        #expect(lots.count == 27)
        let summary = LotSummary(lots)
        let cu = try #require(summary.elements.first { $0.element == "Cu" })
        #expect(cu.recycledShare > 0.24 && cu.recycledShare < 0.25)
    }
}
