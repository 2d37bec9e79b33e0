import CirculaCore
import Foundation
import Testing
@testable import CirculaBalance

/// Attribution through inventory first-in-first-out against pro-rata, on numbers checkable by hand.
///
/// One process S (anode stock) sends all Cu it does not keep to the product. Month 1: 100 kg recycled Cu
/// (R) enters, 40 kg are measured in stock at month end, so 60 kg of R leave. Month 2: 100 kg primary (P)
/// enters, 40 kg stay again, 100 kg leave.
/// - pro-rata: the 140 kg in S are mixed, the product carries 40·100/140 = 28.571 kg of R (2/7), the
///   closing 40 kg hold 40·40/140 = 11.429 kg of R, which leaves in month 3: 11.429 of 140 kg;
/// - FIFO: the 40 kg of R in stock leave first: the product is 40 kg R + 60 kg P (40%), the closing stock
///   is 40 kg of P only, and month 3's product has no recycled Cu.
@Suite struct FirstInFirstOutTests {
    let sheet = Flowsheet(processes: [Process(id: "S", name: "Anode stock", outputs: [Output(name: "product", destination: .sink("product"))],
                                              transferCoefficients: ["Cu": ["product": 1]])],
                          feedEntry: ["scrap": "S"])

    func months(_ attribution: InventoryBalance.Attribution) throws -> InventoryBalance.Result {
        try InventoryBalance(flowsheet: sheet, attribution: attribution).run([
            .init(name: "m1", sources: [Fixtures.source("R", entry: 0, recycled: true, ["Cu": 100])], closingStock: ["S": ["Cu": 40]]),
            .init(name: "m2", sources: [Fixtures.source("P", entry: 0, recycled: false, ["Cu": 100])], closingStock: ["S": ["Cu": 40]]),
            .init(name: "m3", sources: [Fixtures.source("P3", entry: 0, recycled: false, ["Cu": 100])]),
        ])
    }

    func recycled(_ period: InventoryBalance.PeriodResult) -> Double {
        period.result.recycledMassByLot(stream: "S.product", element: "Cu").values.reduce(0, +)
    }

    @Test func stockLayerThatEntersRecycledLeavesFirst() throws {
        let fifo = try months(.firstInFirstOut)
        #expect(fifo.attribution == .firstInFirstOut)
        #expect(abs(recycled(fifo.periods[0]) - 60) < 1e-9)
        #expect(abs(fifo.periods[1].result.flow(stream: "S.product", element: "Cu") - 100) < 1e-9)
        #expect(abs(recycled(fifo.periods[1]) - 40) < 1e-9)
        #expect(abs(try #require(fifo.periods[1].recycledShare(stream: "S.product", element: "Cu")) - 0.4) < 1e-12)
        // The closing stock of month 2 is P's: month 3 releases no recycled Cu.
        #expect(abs(fifo.periods[2].result.flow(stream: "S.product", element: "Cu") - 140) < 1e-9)
        #expect(recycled(fifo.periods[2]) < 1e-9)
        let released = fifo.periods[2].result.sources.filter { $0.id.contains("@stock:") }
        #expect(released.map(\.id) == ["P@stock:S"])
        #expect(abs((released.first?.elementMass["Cu"] ?? 0) - 40) < 1e-9)
    }

    @Test func proRataMixesTheStock() throws {
        let proRata = try months(.proRata)
        #expect(abs(recycled(proRata.periods[1]) - 4000.0 / 140) < 1e-9)
        #expect(abs(recycled(proRata.periods[2]) - 1600.0 / 140) < 1e-9)
    }

    /// On the loop fixture (B holds stock, part of B's output returns to A and back into B), FIFO changes
    /// which lots make up the stock, not any mass: every stream and stock is the pro-rata one, and B's
    /// closing stock holds none of the released April stock, which all leaves (through the loop) first.
    @Test func massesAreThoseOfProRata() throws {
        let april = [Fixtures.source("R1", entry: 0, recycled: true, ["Cu": 60]), Fixtures.source("P0", entry: 0, recycled: false, ["Cu": 40])]
        let may = [Fixtures.source("P1", entry: 0, recycled: false, ["Cu": 100])]
        func run(_ attribution: InventoryBalance.Attribution) throws -> InventoryBalance.Result {
            try InventoryBalance(flowsheet: Fixtures.loop(), attribution: attribution).run([
                .init(name: "apr", sources: april, closingStock: ["B": ["Cu": 10]]),
                .init(name: "may", sources: may, closingStock: ["B": ["Cu": 20]]),
                .init(name: "jun", sources: may),
            ])
        }
        let fifo = try run(.firstInFirstOut), proRata = try run(.proRata)
        for (a, b) in zip(fifo.periods, proRata.periods) {
            for (k, stream) in a.result.streams.enumerated() {
                let x = a.result.balances["Cu"]!.streamFlows[k], y = b.result.balances["Cu"]!.streamFlows[k]
                #expect(abs(x - y) <= 1e-9 * max(abs(y), 1), "\(a.name) \(stream.id)")
            }
            #expect(abs(a.closingStock(element: "Cu") - b.closingStock(element: "Cu")) < 1e-9)
            #expect(abs(a.lotInput(element: "Cu") - a.output(element: "Cu") - a.stockChange(element: "Cu")) < 1e-9)
        }
        // June releases May's closing stock: under FIFO only P1 (May's input), under pro-rata April's lots too.
        let fifoReleased = Set(fifo.periods[2].result.sources.filter { $0.id.contains("@stock:") }.map(\.id))
        let proRataReleased = Set(proRata.periods[2].result.sources.filter { $0.id.contains("@stock:") }.map(\.id))
        #expect(fifoReleased == ["P1@stock:B"])
        #expect(proRataReleased == ["P0@stock:B", "P1@stock:B", "R1@stock:B"])
        #expect(recycled(fifo.periods[2], stream: "B.product") < 1e-9)
        #expect(recycled(proRata.periods[2], stream: "B.product") > 0.1)
    }

    func recycled(_ period: InventoryBalance.PeriodResult, stream: String) -> Double {
        period.result.recycledMassByLot(stream: stream, element: "Cu").values.reduce(0, +)
    }
}
