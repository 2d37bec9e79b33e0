import CirculaCore
@testable import CirculaLedger
import Foundation
import Testing

/// Ring fences are explicit customer ids, never inferred from a supplier's name.
@Suite("Ring fences")
struct RingFenceTests {
    func lot(supplier: String) throws -> Lot {
        let csv = "lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Cu[%]\nL1,2024-04-02,\(supplier),cu_scrap_no1,pre-consumer,10,0,99\n"
        return try #require(try LotCSV.parse(csv, file: "t.csv").first)
    }

    @Test func supplierNamesDoNotRingFence() throws {
        // "Customer Service Recycling GmbH" was ring-fenced for "Customer Service Recycling GmbH" by its name.
        #expect(try LotReceipts.receipt(for: lot(supplier: "Customer Service Recycling GmbH"), site: "s1").ringFencedFor == nil)
        #expect(try LotReceipts.receipt(for: lot(supplier: "Customer Alpha (wire mill scrap)"), site: "s1").ringFencedFor == nil)
        let fenced = try LotReceipts.receipt(for: lot(supplier: "Customer Alpha (wire mill scrap)"), site: "s1",
                                             ringFences: ["Customer Alpha (wire mill scrap)": "Alpha"])
        #expect(fenced.ringFencedFor == "Alpha")
    }

    /// Only deliveries naming the account's customer id draw on it, on both stores.
    @Test(arguments: [StoreKind.sqlite, .postgres])
    func onlyTheCustomersDeliveriesDraw(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            try await ledger.append(.deliver(Delivery(delivery: "DA", customer: "alpha", site: "s1", product: "cu", mass: 5 * Fixture.t, date: "2024-04-22")))
            try await expectRefusal(ledger, Fixture.allocate("DA", "alpha", Fixture.t),
                                    "account alpha is ring-fenced for customer Alpha; delivery DA goes to alpha")
            try await expectRefusal(ledger, Fixture.allocate("D1", "alpha", Fixture.t),
                                    "account alpha is ring-fenced for customer Alpha; delivery D1 goes to Beta")
            try await ledger.append(Fixture.allocate("D2", "alpha", Fixture.t))
            #expect(try await ledger.verify().isValid)
        }
    }
}
