import CirculaBalance
import CirculaCore
import CirculaLedger

/// Which receipts get credits.
public enum CreditTarget: Sendable, Hashable {
    /// Every receipt holding the element without credits yet, each into the one matching account at its site.
    case uncredited
    /// One lot into one account.
    case lot(String, account: String)
}

/// What to credit, at a stated factor.
public struct CreditRequest: Sendable {
    public var element: Element
    public var factor: ConversionFactor
    /// Where the factor comes from (stated on every credit event).
    public var source: String
    public var target: CreditTarget
    /// Credit date; nil: each receipt's date.
    public var date: String?

    public init(element: Element, factor: ConversionFactor, source: String, target: CreditTarget, date: String? = nil) {
        self.element = element
        self.factor = factor
        self.source = source
        self.target = target
        self.date = date
    }
}

/// What to credit, at the factor a balance of the period's lots derives.
public struct BalanceCreditRequest: Sendable {
    public var element: Element
    public var model: ModelSource
    /// The lot file the receipts came from: it is balanced, and its recycled lots must be the received ones.
    public var lots: LotSource
    public var productStream: String
    /// A note put before the derivation in the credits' source text.
    public var note: String?
    public var target: CreditTarget
    public var date: String?

    public init(element: Element, model: ModelSource = .bundled, lots: LotSource = .sample, productStream: String = "electrorefining.cathode",
                note: String? = nil, target: CreditTarget = .uncredited, date: String? = nil) {
        self.element = element
        self.model = model
        self.lots = lots
        self.productStream = productStream
        self.note = note
        self.target = target
        self.date = date
    }
}

/// What a credit issue recorded.
public struct CreditReport: Sendable {
    public var element: Element
    public var factor: ConversionFactor
    public var source: String
    public var stored: [StoredEvent]
    public var credits: [CreditIssue]
    /// account → credited amount, in the element's ledger unit.
    public var totals: [String: Int64]
    public var unit: AmountUnit
    /// With credits from a balance: the derived factor and the lot set that was balanced (and found received).
    public var creditFactor: CreditFactor?
    public var lotSet: LotSetFingerprint?
}

extension Workspace {
    /// Issues credits at a stated factor: amount = ⌊recycled mass × factor⌋ per receipt, exactly.
    /// - Throws: `LedgerError` (unknown lot or account, no single matching account, a rule of the ledger).
    ///
    /// ```swift
    /// let report = try await Workspace.issueCredits(CreditRequest(element: "Cu", factor: try ConversionFactor("0.97"),
    ///                                                             source: "flowsheet recovery", target: .uncredited), in: ledger)
    /// print(report.totals)   // ["pool-cu": 4_992_355_260, …]
    /// ```
    public static func issueCredits(_ request: CreditRequest, in ledger: Ledger) async throws -> CreditReport {
        let events: [LedgerEvent]
        switch request.target {
        case .lot(let lot, let account):
            events = [try await ledger.creditEvent(lot: lot, element: request.element, account: account, factor: request.factor,
                                                   source: request.source, date: request.date)]
        case .uncredited:
            events = try await ledger.creditEventsForUncreditedReceipts(element: request.element, factor: request.factor,
                                                                        source: request.source, date: request.date)
        }
        let stored = events.isEmpty ? [] : try await ledger.append(events)
        var credits: [CreditIssue] = []
        var totals: [String: Int64] = [:]
        for case .issueCredit(let credit) in events {
            credits.append(credit)
            totals[credit.account, default: 0] += credit.amount
        }
        return CreditReport(element: request.element, factor: request.factor, source: request.source, stored: stored, credits: credits,
                            totals: totals, unit: AmountUnit.forElement(request.element), creditFactor: nil, lotSet: nil)
    }

    /// Issues credits at the factor derived from a balance of the lot file the receipts came from, for exactly the
    /// lots that were balanced.
    ///
    /// The period's lots are balanced through the model; the factor is `CreditFactor` (recycled element reaching
    /// the product stream / recycled element input, rounded down to 6 decimals) and travels to the ledger exactly
    /// (parts per million). Before anything is recorded, the balanced lot set (recycled lots with their exact element
    /// mass) is compared with the received one (receipts of the element without credits, plus the balanced lots
    /// already credited): any lot balanced but not received, received but not balanced, or with another mass is
    /// refused with `WorkspaceError.lotSetMismatch`, and nothing is recorded.
    ///
    /// ```swift
    /// let report = try await Workspace.issueCreditsFromBalance(BalanceCreditRequest(element: "Cu"), in: ledger)
    /// print(report.factor, report.lotSet!)   // 0.995492 15 lots, sha256:…
    /// ```
    public static func issueCreditsFromBalance(_ request: BalanceCreditRequest, in ledger: Ledger) async throws -> CreditReport {
        let period = try balancePeriod(model: request.model, lots: request.lots)
        let factor = try creditFactor(of: period, element: request.element.symbol, productStream: request.productStream)
        let lotSet = try await checkBalancedLotsWereReceived(period, element: request.element, target: request.target, in: ledger)
        let source = request.note.map { "\($0); \(factor.derivation)" } ?? factor.derivation
        var report = try await issueCredits(CreditRequest(element: request.element, factor: ConversionFactor(ppm: factor.partsPerMillion),
                                                          source: source, target: request.target, date: request.date), in: ledger)
        report.creditFactor = factor
        report.lotSet = lotSet
        return report
    }

    /// The balanced lot set, after checking it against the receipts (see `issueCreditsFromBalance`).
    static func checkBalancedLotsWereReceived(_ period: PeriodBalance, element: Element, target: CreditTarget,
                                              in ledger: Ledger) async throws -> LotSetFingerprint {
        var balancedMasses: [String: Int64] = [:]
        for lot in period.lots where lot.category.isRecycled {
            let mass = try LotReceipts.containedMass(of: element, in: lot)
            if mass > 0 { balancedMasses[lot.id] = mass }
        }
        let balanced = LotSetFingerprint(element: element, masses: balancedMasses)
        let receipts = try await ledger.state(prefixes: ["receipt:"]).receipts.values.filter {
            !$0.reversed && ($0.receipt.elements[element] ?? 0) > 0
        }
        var receivedMasses: [String: Int64] = [:]
        var uncredited: Set<String> = []
        for receipt in receipts {
            receivedMasses[receipt.receipt.lot] = receipt.receipt.elements[element]
            if receipt.credited[element] == nil { uncredited.insert(receipt.receipt.lot) }
        }
        // The received side of the comparison: receipts still to credit, and balanced lots credited before.
        let relevant = receivedMasses.filter { uncredited.contains($0.key) || balancedMasses[$0.key] != nil }
        let received = LotSetFingerprint(element: element, masses: relevant)
        if case .lot(let lot, _) = target {
            // One lot: that lot has to be among the balanced ones, with the received mass.
            guard balancedMasses[lot] != nil else { throw mismatch(element, balanced, received, [], [lot], []) }
            if let mass = receivedMasses[lot], mass != balancedMasses[lot] { throw mismatch(element, balanced, received, [], [], [lot]) }
            return balanced
        }
        let receivedNotBalanced = relevant.keys.filter { balancedMasses[$0] == nil }.sorted()
        let balancedNotReceived = balancedMasses.keys.filter { relevant[$0] == nil }.sorted()
        let massDiffers = balancedMasses.keys.filter { relevant[$0] != nil && relevant[$0] != balancedMasses[$0] }.sorted()
        if !balancedNotReceived.isEmpty || !receivedNotBalanced.isEmpty || !massDiffers.isEmpty {
            throw mismatch(element, balanced, received, balancedNotReceived, receivedNotBalanced, massDiffers)
        }
        return balanced
    }

    private static func mismatch(_ element: Element, _ balanced: LotSetFingerprint, _ received: LotSetFingerprint, _ balancedNotReceived: [String],
                                 _ receivedNotBalanced: [String], _ massDiffers: [String]) -> WorkspaceError {
        .lotSetMismatch(element: element, balanced: balanced.description, received: received.description,
                        balancedNotReceived: balancedNotReceived, receivedNotBalanced: receivedNotBalanced, massDiffers: massDiffers)
    }
}
