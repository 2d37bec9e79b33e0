import CirculaCore
import CirculaTestSupport
import Foundation
import Testing
@testable import CirculaBalance

/// The multi-period balance on the sample fiscal year itself (485 lots, April 2024 – March 2025), month by
/// month with the bundled month-end stock (anode stock, matte, slimes: Cu, Au, Ag).
@Suite struct FiscalYearPeriodsTests {
    struct Year {
        var model: ModelFile
        var periods: [InventoryBalance.Period]
        var stock: StockCSV.Stock
    }

    func year() throws -> Year {
        let model = try ModelFile.bundledDefault()
        let lots = try LotCSV.load(Resources.url("sample-fiscal-year.csv"))
        var periods = try InventoryBalance.periodsByMonth(lots, flowsheet: model.flowsheet)
        let stock = try StockCSV.parse(String(contentsOf: BalanceSamples.fiscalYearStockURL, encoding: .utf8), file: "sample-fiscal-year-stock.csv",
                                       flowsheet: model.flowsheet, periods: periods.map(\.name))
        for i in periods.indices { periods[i].closingStock = stock.closing[periods[i].name] ?? [:] }
        return Year(model: model, periods: periods, stock: stock)
    }

    @Test func monthsCloseWithStockChangeAndAddUpToTheYear() throws {
        let y = try year()
        #expect(y.periods.map(\.name) == ["2024-04", "2024-05", "2024-06", "2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12",
                                          "2025-01", "2025-02", "2025-03"])
        #expect(y.periods.reduce(0) { $0 + $1.sources.count } == 485)
        let result = try InventoryBalance(flowsheet: y.model.flowsheet, openingStock: y.stock.opening).run(y.periods)
        for period in result.periods {
            #expect(period.measured == ["anode_refining|Cu", "converting|Cu", "slimes_treatment|Au", "slimes_treatment|Ag"])
            for e in result.elements {
                let input = period.lotInput(element: e)
                let residual = input - period.output(element: e) - period.stockChange(element: e)
                #expect(abs(residual) <= 1e-9 * max(input, 1), "\(period.name) \(e)")
            }
        }
        // Measured stock is what the file says: the anode stock at the end of April is 3,550 t Cu, opening 3,200 t.
        let april = result.periods[0]
        #expect(abs((april.closing["anode_refining"]?["Cu"] ?? 0) - 3_550_000) < 1e-6)
        #expect(abs((april.opening["anode_refining"]?["Cu"] ?? 0) - 3_200_000) < 1e-6)
        for e in ["Cu", "Au", "Ag", "Fe"] {
            let total = result.total(element: e)
            #expect(abs(total.input - result.periods.reduce(0) { $0 + $1.lotInput(element: e) }) <= 1e-9 * total.input)
            #expect(abs(total.output - result.periods.reduce(0) { $0 + $1.output(element: e) }) <= 1e-9 * total.input)
            #expect(abs(total.stockChange - result.periods.reduce(0) { $0 + $1.stockChange(element: e) }) <= 1e-9 * total.input)
            #expect(abs(total.input - total.output - total.stockChange) <= 1e-9 * total.input)
        }
        // Cu: 3,350 + 1,500 t at year end against 3,200 + 1,400 t opening.
        #expect(abs(result.total(element: "Cu").stockChange - 250_000) < 1e-3)
    }

    /// First-in-first-out moves the same masses and attributes the stock differently.
    @Test func firstInFirstOutKeepsMassesAndMovesRecycledContent() throws {
        let y = try year()
        let proRata = try InventoryBalance(flowsheet: y.model.flowsheet, openingStock: y.stock.opening).run(Array(y.periods.prefix(3)))
        let fifo = try InventoryBalance(flowsheet: y.model.flowsheet, openingStock: y.stock.opening, attribution: .firstInFirstOut)
            .run(Array(y.periods.prefix(3)))
        var largestShift = 0.0
        for (a, b) in zip(fifo.periods, proRata.periods) {
            let cathodeA = a.result.flow(stream: "electrorefining.cathode", element: "Cu"), cathodeB = b.result.flow(stream: "electrorefining.cathode", element: "Cu")
            #expect(abs(cathodeA - cathodeB) <= 1e-9 * cathodeB)
            #expect(abs(a.closingStock(element: "Cu") - b.closingStock(element: "Cu")) < 1e-3)
            let shareA = try #require(a.recycledShare(stream: "electrorefining.cathode", element: "Cu"))
            let shareB = try #require(b.recycledShare(stream: "electrorefining.cathode", element: "Cu"))
            largestShift = max(largestShift, abs(shareA - shareB))
        }
        // The opening stock is of unknown origin (primary) in both; from May on the stock's lots differ.
        #expect(largestShift > 1e-6)
    }

    @Test func byMonthThroughTheCLI() throws {
        let fy = Resources.url("sample-fiscal-year.csv").path
        let args = ["balance", "--lots", fy, "--by-month", "--stock", BalanceSamples.fiscalYearStockURL.path, "--element", "Cu"]
        let table = try CLI.run(args)
        #expect(table.status == 0, "\(table.err)")
        #expect(table.out.contains("12 periods"))
        #expect(table.out.contains("2024-04") && table.out.contains("2025-03") && table.out.contains("total"))
        let json = try CLI.run(args + ["--format", "json", "--inventory-attribution", "fifo"])
        #expect(json.status == 0, "\(json.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(object["attribution"] as? String == "fifo")
        let rows = try #require(object["rows"] as? [[String: Any]])
        let months = rows.filter { $0["period"] as? String != "total" }
        let total = try #require(rows.first { $0["period"] as? String == "total" })
        #expect(months.count == 12)
        for key in ["input_kg", "output_kg", "stock_change_kg"] {
            let sum = months.reduce(0.0) { $0 + ($1[key] as! Double) }
            #expect(abs(sum - (total[key] as! Double)) <= 1e-9 * (total["input_kg"] as! Double), "\(key)")
        }
        let both = try CLI.run(args + ["--period", "m1=\(fy)"])
        #expect(both.status == 1 && both.err.contains("give either --by-month or --period"))
    }
}
