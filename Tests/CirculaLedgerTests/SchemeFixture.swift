import CirculaLedger
import Foundation

/// A small ledger under a bundled scheme: site s1; products cu (Cu cathode) and cu-scrap (Cu anode scrap), both g;
/// accounts pool (cu, 0.97), scrap (cu-scrap, 0.97), pool90 (cu, 0.9). Receipts and deliveries carry documents
/// unless a test leaves them out.
enum SchemeFixture {
    static let t = Fixture.t

    static func profile(_ name: String) throws -> SchemeProfile { try SchemeProfile.bundled(name) }

    /// The scheme's own maximum period and first carry-over rule unless given.
    static func setup(_ name: String, period: PeriodKind = .month, carry: CarryOverRule? = nil) throws -> [LedgerEvent] {
        let p = try profile(name)
        return [
            .initialize(Setup(company: "Test Smelting", periodKind: period, maxPeriodMonths: p.maxPeriodMonths.value,
                              carryOver: carry ?? p.carryOver.value[0], scheme: p)),
            .addSite(Site(id: "s1", name: "Smelter")),
            .addProduct(Product(id: "cu", element: "Cu", form: "cathode", unit: .gram)),
            .addProduct(Product(id: "cu-scrap", element: "Cu", form: "anode scrap", unit: .gram)),
            .openAccount(Account(id: "pool", site: "s1", product: "cu", factor: Fixture.f("0.97"))),
            .openAccount(Account(id: "scrap", site: "s1", product: "cu-scrap", factor: Fixture.f("0.97"))),
            .openAccount(Account(id: "pool90", site: "s1", product: "cu", factor: Fixture.f("0.9"))),
        ]
    }

    static func receive(_ lot: String, _ mass: Int64, date: String = "2024-04-02", documents: [String] = ["WB-1", "ASSAY-1"]) -> LedgerEvent {
        .receive(Receipt(lot: lot, site: "s1", supplier: "Collector", date: date, category: .postConsumer, documents: documents,
                         evidence: "assay", elements: ["Cu": mass]))
    }

    /// Credits into `account` at its factor (0.97 unless pool90).
    static func credit(_ lot: String, _ mass: Int64, account: String = "pool", date: String = "2024-04-05") -> LedgerEvent {
        let factor = Fixture.f(account == "pool90" ? "0.9" : "0.97")
        return .issueCredit(CreditIssue(lot: lot, element: "Cu", account: account, factor: factor, factorSource: "test yield",
                                        amount: factor.apply(to: mass), date: date))
    }

    static func deliver(_ id: String, _ mass: Int64, product: String = "cu", date: String = "2024-04-20",
                        documents: [String]? = ["DN-1"]) -> LedgerEvent {
        .deliver(Delivery(delivery: id, customer: "Beta", site: "s1", product: product, mass: mass, date: date, documents: documents))
    }

    static func ledger(_ db: TestDatabase, _ name: String, period: PeriodKind = .month, carry: CarryOverRule? = nil) async throws -> Ledger {
        let ledger = try await db.ledger()
        try await ledger.append(try setup(name, period: period, carry: carry))
        return ledger
    }

    /// The close event with the stock flags the ledger computes for it.
    static func close(_ ledger: Ledger, _ period: String, physical: [String: Int64]? = nil) async throws -> LedgerEvent {
        let state = try await ledger.fullState()
        let rule = try requireConfig(state).setup.carryOver
        return .closePeriod(PeriodClose(period: period, rule: rule, physicalStock: physical,
                                        stockFlags: try state.stockFlags(closing: period, physicalStock: physical)))
    }
}

/// The state's config, or `notInitialized`.
func requireConfig(_ state: LedgerState) throws -> LedgerConfig {
    guard let config = state.config else { throw LedgerError.notInitialized }
    return config
}
