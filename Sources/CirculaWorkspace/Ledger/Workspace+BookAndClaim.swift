import CirculaCore
import CirculaLedger

/// Use cases of book and claim (a `untp-book-and-claim` ledger) and of the percentage method's period input.
extension Workspace {
    /// Records a certifier's assessed volume for a period and product: the cap on credits booked in it.
    /// - Throws: `LedgerError` (another claim method, unknown product, closed period, a second assessment), `WorkspaceError.invalidAmount`.
    ///
    /// ```swift
    /// let r = try await Workspace.assessVolume(period: "2024-04", product: "cu-cathode", volume: "500t", certifier: "CB", document: "AR-1", in: ledger)
    /// ```
    public static func assessVolume(period: String, product: String, volume: String, certifier: String, document: String,
                                    in ledger: Ledger) async throws -> AmountReport {
        let unit = try await unit(ofProduct: product, in: ledger)
        let amount = try amount(volume, in: unit, field: "--volume")
        let stored = try await ledger.append(.assessVolume(VolumeAssessment(period: period, product: product, volume: amount,
                                                                             certifier: certifier, document: document)))
        return AmountReport(stored: stored, amount: amount, unit: unit)
    }

    /// Books a credit id against its period's assessed volume.
    /// - Throws: `LedgerError` (no assessment, above the cap, a used id, rules), `WorkspaceError.invalidAmount`.
    ///
    /// ```swift
    /// let r = try await Workspace.bookCredit("BC-1", product: "cu-cathode", mass: "100t", date: "2024-04-10", in: ledger)
    /// ```
    public static func bookCredit(_ credit: String, product: String, mass: String, date: String, in ledger: Ledger) async throws -> AmountReport {
        let unit = try await unit(ofProduct: product, in: ledger)
        let amount = try amount(mass, in: unit, field: "--mass")
        let stored = try await ledger.append(.bookCredit(BookedCredit(credit: credit, product: product, amount: amount, date: date)))
        return AmountReport(stored: stored, amount: amount, unit: unit)
    }

    /// Transfers a booked credit to a buyer (once).
    public static func transferCredit(_ credit: String, to buyer: String, date: String, in ledger: Ledger) async throws -> StoredEvent {
        try await ledger.append(.transferCredit(CreditTransfer(credit: credit, to: buyer, date: date)))
    }

    /// Retires a booked credit for a beneficiary (once; its holder when it was transferred).
    public static func retireCredit(_ credit: String, for beneficiary: String, date: String, in ledger: Ledger) async throws -> StoredEvent {
        try await ledger.append(.retireCredit(CreditRetirement(credit: credit, beneficiary: beneficiary, date: date)))
    }

    /// Records the total input (recycled and primary) of an element in a period, for the percentage method.
    /// - Throws: `LedgerError` (another claim method, closed period, recorded already), `WorkspaceError.invalidAmount`.
    ///
    /// ```swift
    /// let r = try await Workspace.recordInput(period: "FY2024", element: "Cu", total: "400000t", source: "plant balance FY2024", in: ledger)
    /// ```
    public static func recordInput(period: String, element: Element, total: String, source: String, in ledger: Ledger) async throws -> AmountReport {
        let unit = AmountUnit.forElement(element)
        let amount = try amount(total, in: unit, field: "--total")
        let stored = try await ledger.append(.recordInput(PeriodInput(period: period, element: element, total: amount, source: source)))
        return AmountReport(stored: stored, amount: amount, unit: unit)
    }
}

extension Workspace {
    /// Book and claim's register for `period` (nil: every period): assessed volumes and booked credit ids with their
    /// holder, retirement or expiry (`CreditRegister`).
    /// - Throws: `LedgerError.invalidPeriod` for a period the ledger cannot have; store errors.
    ///
    /// ```swift
    /// let register = try await Workspace.creditRegister(period: "2024-04", in: ledger)
    /// ```
    public static func creditRegister(period: String? = nil, in ledger: Ledger) async throws -> CreditRegister {
        let state = try await ledger.state(prefixes: ["booked-credit:", "assessment:", "product:"])
        if let period, let kind = state.config?.setup.periodKind, kind != .custom { try kind.validate(period) }
        return CreditRegister.compute(state, period: period)
    }
}
