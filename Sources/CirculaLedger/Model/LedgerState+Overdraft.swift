import CirculaCore

/// A scheme whose negative-balance rule is `within-period` (ISCC PLUS, ASI) lets an allocation take an account
/// below zero inside the period: the part not covered by credits is drawn from the account's overdraft batch
/// (`overdraft:PERIOD`, remaining below zero). Credits issued later in the period cover it; at close the overdraft
/// is settled from the period's credits, oldest first, and a close with an account still below zero is refused
/// (`negativeBalanceAtClose`). Transfers never overdraw.
extension LedgerState {
    static func overdraftID(_ period: String) -> String { "overdraft:" + period }

    /// Whether allocations may overdraw accounts under the ledger's scheme.
    var allowsOverdraft: Bool { scheme?.negativeBalance.value == .withinPeriod }

    /// Creates the overdraft batch of `period` in an account that is about to draw on it.
    static func openOverdraft(_ period: String, element: Element, in account: inout AccountState) {
        let id = overdraftID(period)
        guard !account.batches.contains(where: { $0.id == id }) else { return }
        account.batches.append(CreditBatch(id: id, period: period, lot: "", element: element, issued: 0, remaining: 0))
    }

    /// At close: each overdraft of the period is covered by the period's positive batches, oldest first (those
    /// credits count as claimed by the earlier allocations). The close has already refused a net negative account.
    mutating func settleOverdrafts(of period: String) {
        let id = LedgerState.overdraftID(period)
        for accountID in accounts.keys.sorted() {
            guard var account = accounts[accountID], let o = account.batches.firstIndex(where: { $0.id == id }), account.batches[o].remaining < 0 else { continue }
            let overdrawn = -account.batches[o].remaining
            var owed = overdrawn
            for index in account.batches.indices where owed > 0 && account.batches[index].period == period && account.batches[index].remaining > 0 {
                let take = min(owed, account.batches[index].remaining)
                account.batches[index].remaining -= take
                account.batches[index].claimed += take
                owed -= take
            }
            // The settled part is now claimed on real credits; the overdraft keeps only what is still owed.
            account.batches[o].claimed -= overdrawn - owed
            account.batches[o].remaining = -owed
            accounts[accountID] = account
            touch(LedgerState.key(account: accountID))
        }
    }
}
