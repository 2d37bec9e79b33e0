/// What an event reads beyond `requiredKeys`: the credit batches it draws or names, and rows named inside other
/// rows (the account of an allocation being reversed, the receipt of a credit batch). Stores call `nextQuery` until
/// it returns nil, then `apply`: so an allocation reads the oldest open batches of its period until they cover its
/// amount, whatever the account's history (`docs/ledger-rules.md`, "Storage").
extension LedgerState {
    /// Batch rows read per `openBatches` query; a close reads its period's open batches in pages of `closePage`.
    public static let drawPage = 64
    public static let closePage = 10_000

    /// The next read `event` needs, or nil when everything it touches is loaded. A read that cannot help (unknown
    /// account, more requested than available) is not asked for: `apply` then refuses with the rule's own error.
    public func nextQuery(for event: LedgerEvent) -> StateQuery? {
        switch event {
        case .allocate(let a):
            guard let delivery = deliveries[a.delivery], let period = try? periodKind?.period(containing: delivery.delivery.date) else { return nil }
            return draw(a.amount, from: a.account, in: period)
        case .transfer(let t):
            guard let period = try? periodKind?.period(containing: t.date) else { return nil }
            return draw(t.amount, from: t.from, in: period)
        case .closePeriod(let close):
            for id in accounts.keys.sorted() {
                // Under a scheme that lets an account go below zero within the period, the overdraft batch is settled
            // at close from the period's credits: both must be loaded, whatever the summary's balance says.
            if allowsOverdraft, let query = missing([LedgerState.key(batch: LedgerState.overdraftID(close.period), in: id)]) { return query }
            guard let batches = accounts[id]?.batches, allowsOverdraft || batches.available(in: close.period) > 0,
                      let after = batches.readAfter(toCover: nil, in: close.period) else { continue }
                return .openBatches(account: id, period: close.period, after: after, limit: LedgerState.closePage)
            }
            return nil
        case .correct(let c):
            switch c.targetType {
            case .allocate:
                guard let allocation = deliveries[c.subject]?.allocations.first(where: { $0.event == c.target }) else { return nil }
                return missing([LedgerState.key(account: allocation.account)])
                    ?? missing(allocation.draws.keys.sorted().map { LedgerState.key(batch: $0, in: allocation.account) })
            case .issueCredit:
                if let query = missing([LedgerState.key(batch: c.target, in: c.subject)]) { return query }
                guard let batch = accounts[c.subject]?.batches.first(where: { $0.id == c.target }) else { return nil }
                return missing([LedgerState.key(receipt: batch.lot)])
            case .deliver, .receive: return nil
            }
        default: return nil
        }
    }

    /// Adds what the store returned for `query`.
    public mutating func supply(_ rows: [StateRow], for query: StateQuery) throws {
        switch query {
        case .keys(let keys):
            try load(Dictionary(rows.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }))
            lookedUp.formUnion(keys)
        case .openBatches(let account, let period, _, let limit):
            let prefix = LedgerState.batchesPrefix(of: account)
            let batches = try rows.map { row in
                guard row.key.unicodeScalars.starts(with: prefix.unicodeScalars) else {
                    throw LedgerError.storage("the state row \(Identifier.escaped(row.key)) is indexed as a batch of account \(Identifier.escaped(account)); the stored state was edited, run verify")
                }
                return try LedgerState.decodeBatch(row.key, row.value)
            }
            accounts[account]?.batches.merge(batches)
            let previous = accounts[account]?.batches.coverage[period] ?? -1
            let through = batches.count < limit ? Int64.max : (batches.map(\.ordinal).max() ?? Int64.max)
            // Each page must move past the last one, else the store's rows contradict their own index columns.
            guard through > previous else {
                throw LedgerError.storage("the credit batch rows of account \(Identifier.escaped(account)) for \(period) are inconsistent (ordinals do not advance); run verify")
            }
            accounts[account]?.batches.cover(period, through: through)
        case .page: break
        }
    }

    private var periodKind: PeriodKind? { config?.setup.periodKind }

    private func draw(_ amount: Int64, from account: String, in period: String) -> StateQuery? {
        guard amount > 0, let batches = accounts[account]?.batches else { return nil }
        if allowsOverdraft {
            // A draw may go below zero (`LedgerState+Overdraft.swift`): it takes every credit of the period first and
            // the rest from the overdraft batch, so both are read (the same draws as a replay with everything loaded).
            if let query = missing([LedgerState.key(batch: LedgerState.overdraftID(period), in: account)]) { return query }
            if Int128(amount) > batches.available(in: period) {
                guard let after = batches.readAfter(toCover: nil, in: period) else { return nil }
                return .openBatches(account: account, period: period, after: after, limit: LedgerState.drawPage)
            }
        }
        guard Int128(amount) <= batches.available(in: period),
              let after = batches.readAfter(toCover: amount, in: period) else { return nil }
        return .openBatches(account: account, period: period, after: after, limit: LedgerState.drawPage)
    }

    /// `.keys` of those not yet read, or nil. A batch of an account not loaded is not asked for (`apply` refuses
    /// the account), nor one of an account whose batches are all loaded (it does not exist).
    private func missing(_ keys: [String]) -> StateQuery? {
        let needed = keys.filter { key in
            guard !lookedUp.contains(key), !contains(key: key), !key.unicodeScalars.contains("\u{0}") else { return false }
            guard let (account, _) = LedgerState.batchKey(key) else { return true }
            return accounts[account].map { !$0.batches.isComplete } ?? false
        }
        return needed.isEmpty ? nil : .keys(needed)
    }
}
