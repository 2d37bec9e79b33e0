import CirculaCore
import Foundation

/// The recycled-content ledger (ISO 22095 mass balance, credit method) over any `LedgerStore`.
///
/// ```
/// let ledger = Ledger(store: try SQLiteStore(path: "circula.sqlite"), actor: "ops")
/// try await ledger.append(.initialize(Setup(company: "Circula Smelting", periodKind: .month, maxPeriodMonths: 3, carryOver: .carry)))
/// let report = try await ledger.verify()
/// ```
public struct Ledger: Sendable {
    public let store: any LedgerStore
    public var actor: String
    public var clock: @Sendable () -> Date

    public init(store: any LedgerStore, actor: String = "circula", clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.actor = actor
        self.clock = clock
    }

    /// `2024-04-30T09:00:00Z` (UTC, whole seconds; formatted with gmtime_r, creating an ISO8601DateFormatter per event was slow).
    public func now() -> String {
        var seconds = time_t(clock().timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// Appends events atomically (all or none), each checked against every invariant.
    @discardableResult
    public func append(_ events: [LedgerEvent]) async throws -> [StoredEvent] {
        let timestamp = now()
        return try await store.append(events.map { EventDraft($0, actor: actor, timestamp: timestamp) })
    }

    @discardableResult
    public func append(_ event: LedgerEvent) async throws -> StoredEvent {
        try await append([event])[0]
    }

    // MARK: state

    /// The current state restricted to the given rows.
    public func state(keys: [String] = [], prefixes: [String] = []) async throws -> LedgerState {
        try LedgerState(rows: try await store.rows(keys: [LedgerState.configKey] + keys, prefixes: prefixes))
    }

    /// The current state restricted to the given rows, accounts as their summaries only (balances per period,
    /// no batches): bounded whatever the accounts' histories. Prefixes bring whole kinds as `state` does.
    public func summaryState(keys: [String] = [], prefixes: [String] = []) async throws -> LedgerState {
        try await LedgerState.reading(keys: [LedgerState.configKey] + keys, prefixes: prefixes, from: store)
    }

    /// The full current state.
    public func fullState() async throws -> LedgerState {
        try LedgerState(rows: try await store.allRows())
    }

    // MARK: operations that read before they write

    /// The credit event for one element of a receipt: amount = floor(recycled mass × factor), computed exactly.
    public func creditEvent(lot: String, element: Element, account: String, factor: ConversionFactor, source: String, date: String? = nil) async throws -> LedgerEvent {
        let lot = Identifier.normalized(lot), account = Identifier.normalized(account)
        let state = try await state(keys: [LedgerState.key(receipt: lot)])
        guard let receipt = state.receipts[lot] else { throw LedgerError.unknown(kind: "receipt of lot", id: lot) }
        let recycled = receipt.receipt.elements[element] ?? 0
        return .issueCredit(CreditIssue(lot: lot, element: element, account: account, factor: factor, factorSource: source,
                                        amount: factor.apply(to: recycled), date: date ?? receipt.receipt.date))
    }

    /// Credit events for every receipt holding `element` that has none yet: each into the one account at the
    /// receipt's site for the element's product with this factor and the receipt's ring fence (a customer's
    /// own scrap, or the pool). Fails, naming the lot, when there is no such account or more than one.
    public func creditEventsForUncreditedReceipts(element: Element, factor: ConversionFactor, source: String,
                                                  date: String? = nil) async throws -> [LedgerEvent] {
        let state = try await state(prefixes: ["receipt:", "account:", "product:"])
        var events: [LedgerEvent] = []
        for receipt in state.receipts.values.sorted(by: { $0.receipt.lot < $1.receipt.lot })
        where !receipt.reversed && receipt.credited[element] == nil && (receipt.receipt.elements[element] ?? 0) > 0 {
            let r = receipt.receipt
            let candidates = state.accounts.values.filter {
                $0.account.site == r.site && state.products[$0.account.product]?.element == element
                    && $0.account.factor == factor && $0.account.ringFencedFor == r.ringFencedFor
            }
            guard candidates.count == 1 else {
                throw LedgerError.invalidInput("lot \(r.lot): \(candidates.isEmpty ? "no" : "\(candidates.count)") accounts at site \(r.site) for \(element) with factor \(factor) \(r.ringFencedFor.map { "ring-fenced for \($0)" } ?? "in the pool"); open exactly one with `circula ledger init --account …`")
            }
            events.append(.issueCredit(CreditIssue(lot: r.lot, element: element, account: candidates[0].account.id, factor: factor,
                                                   factorSource: source, amount: factor.apply(to: r.elements[element]!), date: date ?? r.date)))
        }
        return events
    }

    /// Allocates credits from `account` to `delivery`; with no amount, as much as both allow
    /// (the delivery's unclaimed mass, the account's credits for the delivery's period).
    ///
    /// Without an amount the amount is read before the write; when another writer claims the same credits or delivery
    /// in between, the append is refused and retried (up to `raceRetries` times) with the amount read again, so the
    /// loser of a race gets what is left or the real reason there is nothing, never a wrong "below zero".
    @discardableResult
    public func allocate(delivery: String, account: String, amount: Int64? = nil) async throws -> StoredEvent {
        let delivery = Identifier.normalized(delivery), account = Identifier.normalized(account)
        if let amount { return try await append(.allocate(Allocation(delivery: delivery, account: account, amount: amount))) }
        var attempt = 0
        while true {
            do {
                return try await allocateAvailable(delivery: delivery, account: account)
            } catch let error as LedgerError {
                switch error {
                case .insufficientCredits, .overClaim:
                    attempt += 1
                    if attempt > Ledger.raceRetries { throw error }
                    try await Task.sleep(nanoseconds: UInt64(attempt) * 5_000_000)
                default: throw error
                }
            }
        }
    }

    /// How often an allocation that lost a race is retried.
    public static let raceRetries = 8

    private func allocateAvailable(delivery: String, account: String) async throws -> StoredEvent {
        var amount: Int64?
        do {
            let state = try await summaryState(keys: [LedgerState.key(delivery: delivery), LedgerState.key(account: account)], prefixes: ["product:", "input:"])
            guard let d = state.deliveries[delivery] else { throw LedgerError.unknown(kind: "delivery", id: delivery) }
            guard let a = state.accounts[account] else { throw LedgerError.unknown(kind: "account", id: account) }
            var possible = min(d.delivery.mass - d.claimed, a.available(in: d.period))
            // The percentage method caps a delivery at its period's input share (`LedgerState+Percentage.swift`).
            if let share = try state.inputShareLimit(for: d, element: state.products[d.delivery.product]?.element) {
                possible = min(possible, share.limit - d.claimed)
            }
            amount = possible
            if possible <= 0 {
                let unit = state.products[d.delivery.product]?.unit.rawValue ?? "g"
                throw LedgerError.invalidInput("nothing to allocate: delivery \(delivery) has \(d.delivery.mass - d.claimed) \(unit) unclaimed, account \(account) holds \(a.available(in: d.period)) \(unit) for period \(d.period)")
            }
        }
        guard let amount else { throw LedgerError.nonPositiveAmount(what: "allocation amount") }
        return try await append(.allocate(Allocation(delivery: delivery, account: account, amount: amount)))
    }

    /// Reverses an earlier allocation, credit issue, delivery or receipt by appending a correction.
    @discardableResult
    public func correct(target: String, reason: String) async throws -> StoredEvent {
        guard let stored = try await store.event(id: target) else { throw LedgerError.unknown(kind: "event", id: target) }
        let subject: String, kind: CorrectionTarget
        switch try stored.event() {
        case .allocate(let a): (subject, kind) = (a.delivery, .allocate)
        case .issueCredit(let c): (subject, kind) = (c.account, .issueCredit)
        case .deliver(let d): (subject, kind) = (d.delivery, .deliver)
        case .receive(let r): (subject, kind) = (r.lot, .receive)
        default: throw LedgerError.cannotCorrect(target: target, reason: "events of type \(stored.type) cannot be reversed")
        }
        return try await append(.correct(Correction(target: target, targetType: kind, subject: subject, reason: reason)))
    }

    /// Events in order, starting after `seq`.
    public func history(after seq: Int64 = 0, limit: Int = 1000) async throws -> [StoredEvent] {
        try await store.events(after: seq, limit: limit)
    }
}
