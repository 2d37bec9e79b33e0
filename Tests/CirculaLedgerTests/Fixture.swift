import CirculaCore
import CirculaLedger
import Foundation
import Testing

/// A small worked example in exact grams (mg for gold):
/// sites s1, s2; products cu (g) and au (mg); accounts pool (s1, 0.97), pool2 (s2, 0.97), pool90 (s1, 0.9),
/// alpha (s1, 0.97, ring-fenced for Alpha), gold (s1 au, 0.95); receipts R1 (100 t Cu), R2 (Alpha's own scrap, 10 t Cu),
/// R3 (2 kg Au); credits R1 → pool 97 t, R2 → alpha 9.7 t, R3 → gold 1.9 kg; deliveries D1 Beta 50 t, D2 Alpha 20 t,
/// D3 Beta 80 t (April 2024), D4 Beta 10 t (May 2024).
enum Fixture {
    static let t: Int64 = 1_000_000 // grams per tonne

    static func setup(rule: CarryOverRule = .carry) -> [LedgerEvent] {
        [
            .initialize(Setup(company: "Test Smelting", periodKind: .month, maxPeriodMonths: 3, carryOver: rule)),
            .addSite(Site(id: "s1", name: "Smelter")), .addSite(Site(id: "s2", name: "Refinery")),
            .addProduct(Product(id: "cu", element: "Cu", form: "cathode", unit: .gram)),
            .addProduct(Product(id: "au", element: "Au", form: "bar", unit: .milligram)),
            .openAccount(Account(id: "pool", site: "s1", product: "cu", factor: f("0.97"))),
            .openAccount(Account(id: "pool2", site: "s2", product: "cu", factor: f("0.97"))),
            .openAccount(Account(id: "pool90", site: "s1", product: "cu", factor: f("0.9"))),
            .openAccount(Account(id: "alpha", site: "s1", product: "cu", factor: f("0.97"), ringFencedFor: "Alpha")),
            .openAccount(Account(id: "gold", site: "s1", product: "au", factor: f("0.95"))),
            .receive(Receipt(lot: "R1", site: "s1", supplier: "Collector", date: "2024-04-02", category: .postConsumer,
                             documents: ["BL-1"], evidence: "assay A-1", elements: ["Cu": 100 * t])),
            .receive(Receipt(lot: "R2", site: "s1", supplier: "Customer Alpha", date: "2024-04-03", category: .preConsumer,
                             documents: ["BL-2"], evidence: "assay A-2", elements: ["Cu": 10 * t], ringFencedFor: "Alpha")),
            .receive(Receipt(lot: "R3", site: "s1", supplier: "E-scrap", date: "2024-04-04", category: .postConsumer,
                             elements: ["Au": 2_000_000])),
            credit("R1", "Cu", "pool", "0.97", 97 * t),
            credit("R2", "Cu", "alpha", "0.97", 9_700_000),
            credit("R3", "Au", "gold", "0.95", 1_900_000),
            .deliver(Delivery(delivery: "D1", customer: "Beta", site: "s1", product: "cu", mass: 50 * t, date: "2024-04-20")),
            .deliver(Delivery(delivery: "D2", customer: "Alpha", site: "s1", product: "cu", mass: 20 * t, date: "2024-04-21")),
            .deliver(Delivery(delivery: "D3", customer: "Beta", site: "s1", product: "cu", mass: 80 * t, date: "2024-04-25")),
            .deliver(Delivery(delivery: "D4", customer: "Beta", site: "s1", product: "cu", mass: 10 * t, date: "2024-05-10")),
        ]
    }

    static func f(_ text: String) -> ConversionFactor { try! ConversionFactor(text) }

    static func credit(_ lot: String, _ element: Element, _ account: String, _ factor: String, _ amount: Int64, date: String = "2024-04-05") -> LedgerEvent {
        .issueCredit(CreditIssue(lot: lot, element: element, account: account, factor: f(factor), factorSource: "test yield", amount: amount, date: date))
    }

    static func allocate(_ delivery: String, _ account: String, _ amount: Int64) -> LedgerEvent {
        .allocate(Allocation(delivery: delivery, account: account, amount: amount))
    }

    /// A ledger on `db` holding the fixture.
    static func ledger(_ db: TestDatabase, rule: CarryOverRule = .carry) async throws -> Ledger {
        let ledger = try await db.ledger()
        try await ledger.append(setup(rule: rule))
        return ledger
    }
}

/// Everything a refusal must leave untouched.
struct Snapshot: Equatable {
    var head: ChainHead
    var rows: [String: String]
    init(_ ledger: Ledger) async throws {
        head = try await ledger.store.head()
        rows = try await ledger.store.allRows()
    }
}

/// Expects `event` to be refused with exactly `message`, and the store unchanged.
func expectRefusal(_ ledger: Ledger, _ event: LedgerEvent, _ message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
    let before = try await Snapshot(ledger)
    do {
        try await ledger.append(event)
        Issue.record("expected the refusal \"\(message)\", but the event was recorded", sourceLocation: sourceLocation)
    } catch let error as LedgerError {
        #expect(error.description == message, sourceLocation: sourceLocation)
    }
    let after = try await Snapshot(ledger)
    #expect(before == after, "a refused event changed the store", sourceLocation: sourceLocation)
}

func account(_ ledger: Ledger, _ id: String) async throws -> AccountState {
    try #require(try await ledger.state(keys: [LedgerState.key(account: id)]).accounts[id])
}
