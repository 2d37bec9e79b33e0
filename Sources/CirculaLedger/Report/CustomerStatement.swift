import CirculaCore

/// One customer's co-creation statement, per balancing period: the scrap it sent (receipts ring-fenced for it),
/// the credits that scrap created and at which conversion factor, its deliveries with the allocations against
/// them, and the certificates issued for those deliveries. Amounts are exact integers in each product's or
/// element's unit (g; mg for precious metals).
///
/// ```
/// let statement = try CustomerStatement.compute(try await ledger.fullState(), customer: "Customer Alpha")
/// ```
public struct CustomerStatement: Sendable, Equatable, Codable {
    public struct ReceiptLine: Sendable, Equatable, Codable {
        public var lot: String
        public var date: String
        public var supplier: String
        public var category: MaterialCategory
        /// Recycled element masses, exact, in `AmountUnit.forElement(element)`.
        public var elements: [Element: Int64]
    }

    public struct CreditLine: Sendable, Equatable, Codable {
        public var account: String
        public var lot: String
        public var element: Element
        public var unit: AmountUnit
        /// The account's conversion factor (decimal text, e.g. `0.97`).
        public var factor: String
        public var issued: Int64
        public var claimed: Int64
        public var remaining: Int64
    }

    public struct AllocationLine: Sendable, Equatable, Codable {
        public var event: String
        public var account: String
        /// Whose credits: the customer's own ring-fenced account, or `nil` for the shared pool.
        public var ringFencedFor: String?
        public var amount: Int64
    }

    public struct DeliveryLine: Sendable, Equatable, Codable {
        public var delivery: String
        public var date: String
        public var product: String
        public var unit: AmountUnit
        public var mass: Int64
        public var recycled: Int64
        public var recycledSharePpm: Int64
        public var allocations: [AllocationLine]
        public var certificates: [String]
    }

    public struct Period: Sendable, Equatable, Codable {
        public var period: String
        public var receipts: [ReceiptLine] = []
        public var credits: [CreditLine] = []
        public var deliveries: [DeliveryLine] = []
    }

    public var customer: String
    public var company: String
    public var periods: [Period]
    /// The period asked for (`2024-04`, `FY2024-Q1`, `FY2024`), nil for the whole history.
    public var period: String? = nil

    /// Everything of `customer` in the ledger state, grouped by period in period order; reversed entries left out.
    public static func compute(_ state: LedgerState, customer: String) throws -> CustomerStatement {
        guard let setup = state.config?.setup else { throw LedgerError.notInitialized }
        var byPeriod: [String: Period] = [:]
        func touch(_ period: String) { if byPeriod[period] == nil { byPeriod[period] = Period(period: period) } }

        for r in state.receipts.values where !r.reversed && r.receipt.ringFencedFor == customer {
            let period = try setup.calendar.period(containing: r.receipt.date)
            touch(period)
            byPeriod[period]!.receipts.append(ReceiptLine(lot: r.receipt.lot, date: r.receipt.date, supplier: r.receipt.supplier,
                                                          category: r.receipt.category, elements: r.receipt.elements))
        }
        for a in state.accounts.values where a.account.ringFencedFor == customer {
            let unit = state.products[a.account.product]?.unit ?? .gram
            for b in a.batches where !b.reversed {
                touch(b.period)
                byPeriod[b.period]!.credits.append(CreditLine(account: a.account.id, lot: b.lot, element: b.element, unit: unit,
                                                              factor: a.account.factor.description, issued: b.issued,
                                                              claimed: b.claimed, remaining: b.remaining))
            }
        }
        for d in state.deliveries.values where !d.reversed && d.delivery.customer == customer {
            touch(d.period)
            let allocations = d.allocations.map {
                AllocationLine(event: $0.event, account: $0.account, ringFencedFor: state.accounts[$0.account]?.account.ringFencedFor, amount: $0.amount)
            }
            byPeriod[d.period]!.deliveries.append(DeliveryLine(
                delivery: d.delivery.delivery, date: d.delivery.date, product: d.delivery.product,
                unit: state.products[d.delivery.product]?.unit ?? .gram, mass: d.delivery.mass, recycled: d.claimed,
                recycledSharePpm: d.delivery.mass == 0 ? 0 : d.claimed * 1_000_000 / d.delivery.mass,
                allocations: allocations, certificates: d.certificates))
        }
        let periods = byPeriod.values.sorted { $0.period < $1.period }.map { p -> Period in
            var p = p
            p.receipts.sort { ($0.date, $0.lot) < ($1.date, $1.lot) }
            p.credits.sort { ($0.account, $0.lot, $0.element.symbol) < ($1.account, $1.lot, $1.element.symbol) }
            p.deliveries.sort { ($0.date, $0.delivery) < ($1.date, $1.delivery) }
            return p
        }
        return CustomerStatement(customer: customer, company: setup.company, periods: periods)
    }
}
