import CirculaCore
import CirculaLedger

/// Credits available in one account for one period.
public struct AccountBalance: Sendable {
    public var account: Account
    public var period: String
    /// Credits available, in `unit`.
    public var available: Int64
    public var unit: AmountUnit
}

/// The recycling ratio per product and period, and optionally the input-side share of an element.
public struct RatioReport: Sendable {
    /// One output-side ratio and its change against the product's previous period (ppm; nil for the first).
    public var output: [(ratio: RecyclingRatio, changePpm: Int64?)]
    /// Recycled receipts / all lots' input of the element, per period (empty without lots).
    public var input: [InputRecycledShare]
}

extension Workspace {
    /// Credits available per account and period: every period with credits left, or the last period of an account
    /// that has none left (period "-" when it never had credits). Sorted by account id, then period.
    ///
    /// ```swift
    /// for row in try await Workspace.accountBalances(in: ledger) { print(row.account.id, row.period, row.available) }
    /// ```
    public static func accountBalances(in ledger: Ledger) async throws -> [AccountBalance] {
        let state = try await ledger.state(prefixes: ["account:", "product:"])
        var rows: [AccountBalance] = []
        for account in state.accounts.values.sorted(by: { $0.account.id < $1.account.id }) {
            guard let unit = state.products[account.account.product]?.unit else { throw LedgerError.unknown(kind: "product", id: account.account.product) }
            let periods = Set(account.batches.map(\.period)).sorted()
            let nonEmpty = periods.filter { account.available(in: $0) > 0 }
            for period in nonEmpty.isEmpty ? [periods.last ?? "-"] : nonEmpty {
                rows.append(AccountBalance(account: account.account, period: period, available: account.available(in: period), unit: unit))
            }
        }
        return rows
    }

    /// Recycling ratio = recycled output (credits claimed on deliveries) / total output (deliveries), per product and
    /// period, with its trend; with `lots`, also the input-side recycled share of `element`.
    /// - Throws: `InputErrors` (lot file), `LedgerError`.
    ///
    /// ```swift
    /// let report = try await Workspace.recyclingRatios(product: "cu-cathode", lots: .sample, element: "Cu", in: ledger)
    /// print(report.output.first?.ratio.sharePpm ?? 0)   // 246_858 ppm = 24.68 % on the demo ledger
    /// ```
    public static func recyclingRatios(product: String? = nil, lots: LotSource? = nil, element: Element = "Cu",
                                       in ledger: Ledger) async throws -> RatioReport {
        let lotList = try lots.map { source throws(InputErrors) in try source.load() }
        let state = try await ledger.state(prefixes: ["delivery:", "product:"] + (lotList == nil ? [] : ["receipt:"]))
        var output: [(ratio: RecyclingRatio, changePpm: Int64?)] = []
        var previous: [String: Int64] = [:]
        for ratio in RecyclingRatio.compute(state) where product == nil || ratio.product == product {
            output.append((ratio, previous[ratio.product].map { ratio.sharePpm - $0 }))
            previous[ratio.product] = ratio.sharePpm
        }
        let input = try lotList.map { try InputRecycledShare.compute(state, lots: $0, element: element) } ?? []
        return RatioReport(output: output, input: input)
    }
}

/// The exact unit of every product and the product of every account, to show amounts with their unit.
public struct LedgerUnits: Sendable {
    /// product id → the unit it is booked in.
    public var products: [String: AmountUnit]
    /// account id → its product id.
    public var accountProducts: [String: String]
}

extension Workspace {
    /// Every product's unit and every account's product.
    ///
    /// ```swift
    /// let units = try await Workspace.units(in: ledger)
    /// print(units.products["cu-cathode"] ?? .gram)
    /// ```
    public static func units(in ledger: Ledger) async throws -> LedgerUnits {
        let state = try await ledger.state(prefixes: ["product:", "account:"])
        return LedgerUnits(products: state.products.mapValues(\.unit), accountProducts: state.accounts.mapValues(\.account.product))
    }
}

/// A page of the event history, with the units to show its amounts in.
public struct HistoryPage: Sendable {
    public var events: [StoredEvent]
    public var units: LedgerUnits
}

extension Workspace {
    /// Events in order after sequence number `after`, at most `limit`.
    ///
    /// ```swift
    /// let page = try await Workspace.history(after: 0, limit: 100, in: ledger)
    /// for event in page.events { print(event.seq, event.type, event.hash.prefix(12)) }
    /// ```
    public static func history(after: Int64 = 0, limit: Int = 100, in ledger: Ledger) async throws -> HistoryPage {
        HistoryPage(events: try await ledger.history(after: after, limit: limit), units: try await units(in: ledger))
    }

    /// Recomputes the hash chain and every balance from the events and compares them with the stored state.
    ///
    /// ```swift
    /// let report = try await Workspace.verify(ledger)
    /// print(report.isValid, report.headHash)
    /// ```
    public static func verify(_ ledger: Ledger, expectedHead: String? = nil, anchors: [ChainAnchor] = []) async throws -> VerificationReport {
        try await ledger.verify(expectedHead: expectedHead, anchors: anchors)
    }
}
