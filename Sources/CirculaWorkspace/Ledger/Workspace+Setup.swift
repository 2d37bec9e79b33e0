import CirculaCore
import CirculaLedger

/// Sites, products and accounts to create, and the scheme settings for a new ledger.
public struct LedgerSetup: Sendable {
    public var setup: Setup
    public var sites: [Site]
    public var products: [Product]
    public var accounts: [Account]

    public init(setup: Setup, sites: [Site] = [], products: [Product] = [], accounts: [Account] = []) {
        self.setup = setup
        self.sites = sites
        self.products = products
        self.accounts = accounts
    }
}

extension Workspace {
    /// Creates the ledger, or extends an existing one with new sites, products and accounts (its settings stay).
    /// - Returns: the stored events; empty when the ledger exists and nothing new was given.
    /// - Throws: `LedgerError` (duplicates, unknown site or product of an account).
    ///
    /// ```swift
    /// let stored = try await Workspace.setUp(LedgerSetup(setup: Setup(company: "Circula Smelting", periodKind: .month, maxPeriodMonths: 3, carryOver: .carry),
    ///                                                    sites: [Site(id: "s1", name: "Smelter")]), in: ledger)
    /// ```
    public static func setUp(_ request: LedgerSetup, in ledger: Ledger) async throws -> [StoredEvent] {
        let events: [LedgerEvent] = request.sites.map(LedgerEvent.addSite) + request.products.map(LedgerEvent.addProduct)
            + request.accounts.map(LedgerEvent.openAccount)
        // Idempotent and race-safe: what exists identically is skipped (`Ledger.initialize`).
        return try await ledger.initialize(setup: request.setup, adding: events)
    }

    /// Records the receipt of one lot given by its fields; `masses` are element symbol → mass text with unit
    /// (`Cu` → `12.5t`), read exactly in the element's unit (g; mg for precious metals).
    /// - Throws: `WorkspaceError.invalidElement` for a text that is not exactly a symbol, `.invalidAmount` naming the
    ///   element, `LedgerError` (a primary lot, rules).
    ///
    /// ```swift
    /// let r = Receipt(lot: "L-1", site: "s1", supplier: "Collector", date: "2024-04-02", category: .postConsumer, elements: [:])
    /// let stored = try await Workspace.receiveLot(r, masses: [("Cu", "12.5t")], in: ledger)
    /// ```
    public static func receiveLot(_ receipt: Receipt, masses: [(element: String, mass: String)], in ledger: Ledger) async throws -> StoredEvent {
        var receipt = receipt
        for (symbol, text) in masses {
            let element: Element
            do { element = try PeriodicTable.standard.element(symbol: symbol) } catch { throw WorkspaceError.invalidElement(field: "--mass \(symbol)", error) }
            receipt.elements[element] = try amount(text, in: AmountUnit.forElement(element), field: "--mass \(symbol)")
        }
        return try await ledger.append(.receive(receipt))
    }
}
