import CirculaCore

extension CustomerStatement {
    /// The statement of `customer` for one period: a booked period of the ledger (`2024-04`) or a coarser one that
    /// contains booked periods (`FY2024-Q1`, `FY2024`); nil for every period.
    /// - Throws: `LedgerError.invalidPeriod` when `period` is none of the ledger's kind or coarser.
    ///
    /// ```
    /// let april = try CustomerStatement.compute(state, customer: "Customer Alpha", period: "2024-04")
    /// ```
    public static func compute(_ state: LedgerState, customer: String, period: String?) throws -> CustomerStatement {
        let statement = try compute(state, customer: customer)
        guard let period else { return statement }
        guard let kind = state.config?.setup.periodKind else { throw LedgerError.notInitialized }
        return try statement.cut(to: period, ledgerKind: kind)
    }

    /// This statement for one period only (a booked period or a coarser one that contains booked periods), without
    /// computing it again: a page that shows the whole statement's period choices and one period cuts the one it has.
    /// - Throws: `LedgerError.invalidPeriod` when `period` is none of the ledger's kind or coarser.
    public func cut(to period: String, ledgerKind kind: PeriodKind) throws -> CustomerStatement {
        let grain = try Self.grain(of: period, ledgerKind: kind)
        var statement = self
        statement.periods = try periods.filter { try grain.period(containing: try kind.firstDay(of: $0.period)) == period }
        statement.period = period
        return statement
    }

    /// The periods a reader of this statement can ask for: every coarser period that contains one of its booked
    /// periods (fiscal years, then quarters, of a month ledger), then the booked periods themselves, each in order.
    /// Ask the whole statement (`period: nil`): one already cut to a period offers only that period's choices.
    ///
    /// ```
    /// statement.periodChoices(ledgerKind: .month)   // ["FY2024", "FY2024-Q1", "2024-04", "2024-05"]
    /// ```
    public func periodChoices(ledgerKind: PeriodKind) -> [String] {
        let booked = periods.map(\.period).sorted()
        guard ledgerKind != .custom else { return booked }
        var choices: [String] = []
        for kind in [PeriodKind.fiscalYear, .quarter] where kind.months > ledgerKind.months {
            var seen = Set<String>()
            for period in booked {
                guard let first = try? ledgerKind.firstDay(of: period), let coarse = try? kind.period(containing: first),
                      seen.insert(coarse).inserted else { continue }
                choices.append(coarse)
            }
        }
        return choices + booked
    }

    /// The kind of `period`: the ledger's own or a coarser one (a month ledger reports by month, quarter, fiscal year).
    static func grain(of period: String, ledgerKind: PeriodKind) throws(LedgerError) -> PeriodKind {
        let kinds = PeriodKind.allCases.filter { $0.months >= ledgerKind.months && ($0 != .custom || ledgerKind == .custom) }
        for kind in kinds where (try? kind.validate(period)) != nil { return kind }
        // Name every spelling a report of this ledger takes, not only the ledger's own.
        throw .invalidPeriod(period: period, expected: kinds.map(\.example).joined(separator: ", or "))
    }

    /// Credits of one element created from the customer's scrap, in the unit of their product.
    public struct CreditTotal: Sendable, Equatable, Codable {
        public var unit: AmountUnit
        public var issued: Int64 = 0
        public var claimed: Int64 = 0
        public var remaining: Int64 = 0
        public init(unit: AmountUnit, issued: Int64 = 0, claimed: Int64 = 0, remaining: Int64 = 0) {
            self.unit = unit; self.issued = issued; self.claimed = claimed; self.remaining = remaining
        }
    }

    /// Deliveries of one product to the customer.
    public struct DeliveryTotal: Sendable, Equatable, Codable {
        public var unit: AmountUnit
        public var deliveries: Int = 0
        public var mass: Int64 = 0
        public var recycled: Int64 = 0
        public var recycledSharePpm: Int64 { ppm(recycled, of: mass) }
    }

    /// What the statement adds up to, exact: scrap per element, credits per element, deliveries per product (each
    /// sum in one unit, so nothing of different units is added).
    public struct Totals: Sendable, Equatable, Codable {
        public var receivedLots = 0
        /// Recycled element masses received, in `AmountUnit.forElement(element)`.
        public var received: [Element: Int64] = [:]
        public var credits: [Element: CreditTotal] = [:]
        public var deliveries: [String: DeliveryTotal] = [:]
        public var certificates = 0
    }

    /// Sums over every period of the statement.
    public var totals: Totals {
        var t = Totals()
        for p in periods {
            t.receivedLots += p.receipts.count
            for r in p.receipts { for (e, m) in r.elements { t.received[e, default: 0].addClamped(m) } }
            for c in p.credits {
                var sum = t.credits[c.element] ?? CreditTotal(unit: c.unit)
                sum.issued.addClamped(c.issued); sum.claimed.addClamped(c.claimed); sum.remaining.addClamped(c.remaining)
                t.credits[c.element] = sum
            }
            for d in p.deliveries {
                var sum = t.deliveries[d.product] ?? DeliveryTotal(unit: d.unit)
                sum.deliveries += 1; sum.mass.addClamped(d.mass); sum.recycled.addClamped(d.recycled)
                t.deliveries[d.product] = sum
                t.certificates += d.certificates.count
            }
        }
        return t
    }
}
