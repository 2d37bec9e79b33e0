/// Rules of a period close: periods close in order, with the ledger's configured rule; unclaimed credits carry
/// into the next period or expire (ISO 22095 / ISCC PLUS: a bounded balancing period, credits carried or forfeited).
extension LedgerState {
    mutating func applyClose(_ close: PeriodClose) throws(LedgerError) {
        guard let config else { throw .notInitialized }
        let kind = config.setup.calendar
        try kind.validate(close.period)
        guard close.rule == config.setup.carryOver else {
            throw .wrongCarryOverRule(configured: config.setup.carryOver, requested: close.rule)
        }
        guard !config.closedPeriods.contains(close.period) else { throw .periodClosed(period: close.period, what: "closing it again") }
        let expected: String? = try lastClosedPeriod.map { last throws(LedgerError) in try kind.next(after: last) } ?? config.firstPeriod
        if let expected, expected != close.period { throw .periodOutOfOrder(period: close.period, expected: expected) }
        let next = try kind.next(after: close.period)
        let flags = try checkCloseAgainstScheme(close)
        if close.stockFlags != nil || flags != nil, close.stockFlags != flags {
            throw .replayMismatch("close of \(close.period): recorded stock flags \(StockFlag.describe(close.stockFlags)) differ from the recomputed \(StockFlag.describe(flags))")
        }
        settleOverdrafts(of: close.period)
        for accountID in accounts.keys.sorted() {
            guard var account = accounts[accountID] else { continue }
            var changed = false
            for index in account.batches.indices where account.batches[index].period == close.period && account.batches[index].remaining > 0 {
                let amount = account.batches[index].remaining
                account.batches[index].remaining = 0
                changed = true
                switch close.rule {
                case .expire:
                    account.batches[index].expired += amount
                case .carry:
                    account.batches[index].carriedOut += amount
                    let batch = account.batches[index]
                    account.batches.append(CreditBatch(id: batch.id + ">" + next, period: next, lot: batch.lot, element: batch.element,
                                                       issued: amount, remaining: amount))
                }
            }
            if changed {
                accounts[accountID] = account
                touch(LedgerState.key(account: accountID))
            }
        }
        expireBookedCredits(of: close.period, rule: close.rule)
        self.config?.closedPeriods.append(close.period)
        touch(LedgerState.configKey)
    }
}
