import CirculaCore
import Foundation
import Testing
@testable import CirculaBalance

/// Two months on the loop fixture (Cu: A {out 0.8, slag 0.2}, B {product 0.5, back 0.5}).
///
/// April: 60 kg recycled and 40 kg primary Cu into A; B is measured holding 10 kg at month end. With B
/// keeping the fraction f of its input u_B: u_B = 0.8 u_A, u_A = 100 + (1 − f)/2 · u_B and f u_B = 10 give
/// 0.6 u_B + 4 = 80, u_B = 126.67 kg, product = (u_B − 10)/2 = 58.33 kg, slag = u_B/4 = 31.67 kg.
/// May: 100 kg primary into A, B's stock not measured and the model keeps none, so the 10 kg is released
/// into B. Pro-rata, that stock is 6 kg recycled + 4 kg primary; of what enters B, 0.5/(1 − 0.5·0.8) = 5/6
/// reaches the product, so the product is 100·0.8·5/6 + 10·5/6 = 66.67 + 8.33 = 75 kg, of which 5 kg recycled.
@Suite struct InventoryBalanceTests {
    let april = [Fixtures.source("R1", entry: 0, recycled: true, ["Cu": 60]), Fixtures.source("P0", entry: 0, recycled: false, ["Cu": 40])]
    let may = [Fixtures.source("P1", entry: 0, recycled: false, ["Cu": 100])]

    @Test func stockChangeEntersEachPeriodsBalance() throws {
        let result = try InventoryBalance(flowsheet: Fixtures.loop()).run([
            .init(name: "2024-04", sources: april, closingStock: ["B": ["Cu": 10]]),
            .init(name: "2024-05", sources: may),
        ])
        let (apr, mayResult) = (result.periods[0], result.periods[1])
        #expect(apr.measured == ["B|Cu"])
        #expect(abs(apr.closingStock(element: "Cu") - 10) < 1e-9 && apr.openingStock(element: "Cu") == 0)
        #expect(abs(apr.result.flow(stream: "B.product", element: "Cu") - 175.0 / 3) < 1e-9)
        #expect(abs(apr.result.flow(stream: "A.slag", element: "Cu") - 95.0 / 3) < 1e-9)
        #expect(abs(mayResult.stockChange(element: "Cu") + 10) < 1e-9)
        for period in result.periods {
            let balance = period.lotInput(element: "Cu") - period.output(element: "Cu") - period.stockChange(element: "Cu")
            #expect(abs(balance) < 1e-9)
        }
        #expect(abs(mayResult.result.flow(stream: "B.product", element: "Cu") - 75) < 1e-9)
        // Pro-rata: the released stock keeps April's 60 : 40 mix, so 5 kg of May's product is recycled.
        #expect(abs(try #require(mayResult.recycledShare(stream: "B.product", element: "Cu")) - 5.0 / 75) < 1e-12)
        #expect(abs((mayResult.result.recycledMassByLot(stream: "B.product", element: "Cu")["R1@stock:B"] ?? 0) - 5) < 1e-9)
        let total = result.total(element: "Cu")
        #expect(abs(total.input - 200) < 1e-9 && abs(total.stockChange) < 1e-9 && abs(total.output - 200) < 1e-9)
    }

    /// Fe: A keeps 20% by the model's stock row (estimated), which carries into the next month; an opening
    /// stock of unknown origin counts as primary.
    @Test func estimatedStockAndUnknownOpening() throws {
        let result = try InventoryBalance(flowsheet: Fixtures.loop(), openingStock: ["B": ["Cu": 12]]).run([
            .init(name: "m1", sources: [Fixtures.source("R1", entry: 0, recycled: true, ["Cu": 50, "Fe": 100])]),
            .init(name: "m2", sources: [Fixtures.source("R2", entry: 0, recycled: true, ["Fe": 100])]),
        ])
        let m1 = result.periods[0], m2 = result.periods[1]
        #expect(m1.measured.isEmpty)
        #expect(m1.closingStock(element: "Fe") > 0 && abs(m2.openingStock(element: "Fe") - m1.closingStock(element: "Fe")) < 1e-12)
        #expect(abs(m1.stockChange(element: "Cu") + 12) < 1e-9)
        let share = try #require(m1.recycledShare(stream: "B.product", element: "Cu"))
        #expect(share > 0 && share < 1)   // the opening 12 kg is not recycled content
        for period in result.periods {
            for e in ["Cu", "Fe"] { #expect(abs(period.lotInput(element: e) - period.output(element: e) - period.stockChange(element: e)) < 1e-9) }
        }
    }

    @Test func impossibleStockIsRefused() throws {
        #expect(throws: InventoryBalance.Failure.self) {
            try InventoryBalance(flowsheet: Fixtures.loop()).run([.init(name: "m1", sources: april, closingStock: ["B": ["Cu": 500]])])
        }
        do { _ = try InventoryBalance(flowsheet: Fixtures.loop()).run([.init(name: "m1", sources: april, closingStock: ["Bb": ["Cu": 5]])]) } catch {
            #expect(error.description == "period m1: unknown process \"Bb\" in the stock; expected a process id of the model")
        }
    }
}
