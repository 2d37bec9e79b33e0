/// The rules of one chain-of-custody scheme, each value with the clause it comes from, as an auditor checks them.
///
/// A profile is chosen when the ledger is created (`circula ledger init --scheme iscc-plus`) and recorded whole in
/// the `initialize` event, so the chain itself shows which rules the ledger was kept under. The bundled profiles are
/// YAML files in `Resources/schemes/` (`SchemeProfile.bundled(_:)`); a `custom` profile is a file of the same form
/// (`SchemeProfile.load(_:file:)`, every error located). A ledger created without one keeps Circula's original
/// rules (`SchemeProfile.circulaDefault(for:)`).
/// ```
/// let profile = try SchemeProfile.bundled("iscc-plus")
/// profile.maxPeriodMonths.value   // 3
/// ```
public struct SchemeProfile: Codable, Sendable, Equatable {
    /// `iscc-plus`, `asi`, `ul2809`, `untp-mass-balance`, `untp-book-and-claim`, or a custom profile's own id.
    public var id: String
    public var name: String
    /// The published documents the rules are read from, with their versions.
    public var source: String
    /// How claims are made: credits allocated to deliveries, a share of every output, or booked credit ids.
    public var claimMethod: SchemeRule<ClaimMethod>
    /// The longest balancing period.
    public var maxPeriodMonths: SchemeRule<Int>
    /// Whether an account may go below zero inside a period (it must be back at or above zero at close) or never.
    public var negativeBalance: SchemeRule<NegativeBalance>
    /// How far physical stock counted at close may differ from book stock, in ppm of book stock, before the close
    /// is flagged for the auditor (5 000 ppm = 0.5 %).
    public var stockTolerancePpm: SchemeRule<Int64>
    /// The events that must carry document references (shipping note, weighbridge ticket, assay certificate).
    public var documentsRequired: SchemeRule<[DocumentedEvent]>
    /// Between which accounts credits may move.
    public var creditTransfer: SchemeRule<CreditTransferRule>
    /// What may happen to unclaimed credits at close.
    public var carryOver: SchemeRule<[CarryOverRule]>

    public init(id: String, name: String, source: String, claimMethod: SchemeRule<ClaimMethod>, maxPeriodMonths: SchemeRule<Int>,
                negativeBalance: SchemeRule<NegativeBalance>, stockTolerancePpm: SchemeRule<Int64>,
                documentsRequired: SchemeRule<[DocumentedEvent]>, creditTransfer: SchemeRule<CreditTransferRule>,
                carryOver: SchemeRule<[CarryOverRule]>) {
        self.id = id; self.name = name; self.source = source; self.claimMethod = claimMethod; self.maxPeriodMonths = maxPeriodMonths
        self.negativeBalance = negativeBalance; self.stockTolerancePpm = stockTolerancePpm; self.documentsRequired = documentsRequired
        self.creditTransfer = creditTransfer; self.carryOver = carryOver
    }

    /// Whether `event` must carry document references under this profile.
    public func requiresDocuments(_ event: DocumentedEvent) -> Bool { documentsRequired.value.contains(event) }
}

/// One rule's value and the clause of the scheme it comes from (`ISCC PLUS System Document v3.4 §9.4.3`).
public struct SchemeRule<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var value: Value
    public var clause: String
    public init(_ value: Value, clause: String) { self.value = value; self.clause = clause }
}

/// ISO 22095 §3 claim methods the ledger supports.
public enum ClaimMethod: String, Codable, Sendable, CaseIterable {
    /// Credits from inputs, allocated to named deliveries (ISO 22095 mass balance, credit method).
    case credit
    /// Every output of the period, products and scrap, is claimable at most at the period's recycled input share
    /// (ISO 22095 mass balance, percentage method; ASI CoC input percentage).
    case percentage
    /// Credits booked with ids up to a certifier's assessed volume, transferred and retired without a physical link
    /// (ISO 22095 book and claim).
    case bookAndClaim = "book-and-claim"
}

/// Whether an account may be overdrawn inside a balancing period.
public enum NegativeBalance: String, Codable, Sendable, CaseIterable {
    /// Never below zero, at any moment.
    case never
    /// Below zero inside the period is allowed; at close every account must be at or above zero.
    case withinPeriod = "within-period"
}

/// Events that can be required to carry document references.
public enum DocumentedEvent: String, Codable, Sendable, CaseIterable {
    /// Entries: a receipt of input.
    case receive
    /// Withdrawals: a delivery of product.
    case deliver
}

/// Between which accounts credits may move.
public enum CreditTransferRule: String, Codable, Sendable, CaseIterable {
    /// Only between accounts of the identical product and identical conversion factor (ISO 22095 §8).
    case sameProductAndFactor = "same-product-and-factor"
    /// Between products of one product group (the same element) with identical conversion factors.
    case sameGroupAndFactor = "same-group-and-factor"
    /// Credits never move between accounts.
    case none
}

extension SchemeProfile {
    /// The rules of a ledger created without a profile: Circula's original ones, the maximum period as configured,
    /// never negative, physical stock compared exactly, no documents required, same product and factor, both
    /// carry-over rules. Old ledgers therefore keep their behaviour and their hashes (nothing is recorded).
    public static func circulaDefault(for setup: Setup) -> SchemeProfile {
        let iso = "ISO 22095:2020 §8 (mass balance)"
        return SchemeProfile(
            id: "circula-default", name: "Circula default (ISO 22095 mass balance, credit method)", source: "ISO 22095:2020",
            claimMethod: .init(.credit, clause: iso), maxPeriodMonths: .init(setup.maxPeriodMonths, clause: "set at ledger init"),
            negativeBalance: .init(.never, clause: iso), stockTolerancePpm: .init(0, clause: iso),
            documentsRequired: .init([], clause: "ISO 22095:2020 §6 (records kept; no document required per event)"),
            creditTransfer: .init(.sameProductAndFactor, clause: iso), carryOver: .init([.carry, .expire], clause: iso))
    }
}
