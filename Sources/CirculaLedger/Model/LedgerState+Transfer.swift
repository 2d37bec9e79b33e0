/// Rules of a transfer: credits of the transfer date's period move between two accounts of the same product,
/// factor and ring fence (ISO 22095: credits stay within one product group and one conversion factor).
extension LedgerState {
    mutating func applyTransfer(_ transfer: Transfer, id: String, recordedAt: String?) throws(LedgerError) {
        let (draws, period) = try checkTransfer(transfer, recordedAt: recordedAt)
        guard accounts[transfer.from] != nil, accounts[transfer.to] != nil else { return }
        // Both changed in place (see `applyAllocate`: a copy would copy every loaded batch).
        LedgerState.take(draws, from: &accounts[transfer.from]!, transferred: true)
        // The drawn batches in draw order, found by id (filtering every loaded batch was the walk `take` avoids).
        let from = accounts[transfer.from]!.batches
        for batch in draws.keys.compactMap({ from.position(ofBatch: $0) }).sorted().map({ from[$0] }) {
            let amount = draws[batch.id]!
            accounts[transfer.to]!.batches.append(CreditBatch(id: batch.id + ">" + id, period: period, lot: batch.lot, element: batch.element,
                                                              issued: amount, remaining: amount))
        }
        touch(LedgerState.key(account: transfer.from))
        touch(LedgerState.key(account: transfer.to))
        try noteDated(period)
    }

    /// Returns the planned draws and the period.
    private func checkTransfer(_ transfer: Transfer, recordedAt: String?) throws(LedgerError) -> ([String: Int64], String) {
        guard let from = accounts[transfer.from] else { throw .unknown(kind: "account", id: transfer.from) }
        guard let to = accounts[transfer.to]?.account else { throw .unknown(kind: "account", id: transfer.to) }
        guard transfer.from != transfer.to else { throw .transferToSelf(account: transfer.from) }
        let rule = scheme?.creditTransfer.value ?? .sameProductAndFactor
        if rule == .none, let scheme { throw .transferNotAllowed(scheme: scheme.name, clause: scheme.creditTransfer.clause) }
        if rule == .sameGroupAndFactor {
            let a = products[from.account.product]?.element, b = products[to.product]?.element
            guard a != nil, a == b else {
                throw .productMismatch("transfer from \(transfer.from) (\(from.account.product), \(a ?? "?")) to \(transfer.to) (\(to.product), \(b ?? "?")): credits move only within one product group (the same element)")
            }
        } else {
            guard from.account.product == to.product else {
                throw .productMismatch("transfer from \(transfer.from) (\(from.account.product)) to \(transfer.to) (\(to.product)): credits move only between accounts of the same product")
            }
        }
        guard from.account.factor == to.factor else {
            throw .factorMismatch("transfer from \(transfer.from) (factor \(from.account.factor)) to \(transfer.to) (factor \(to.factor)): credits move only between accounts with the same conversion factor")
        }
        guard from.account.ringFencedFor == to.ringFencedFor else {
            throw .ringFence("transfer from \(transfer.from) (\(from.account.ringFencedFor.map { "ring-fenced for \($0)" } ?? "pool")) to \(transfer.to) (\(to.ringFencedFor.map { "ring-fenced for \($0)" } ?? "pool")): ring-fenced credits stay with their customer")
        }
        let unit = unit(ofProduct: from.account.product)
        try checkAmount(transfer.amount, "transfer amount", unit: unit)
        let period = try openPeriod(transfer.date, "transfer dated \(transfer.date)", recordedAt: recordedAt)
        return (try LedgerState.plan(transfer.amount, from: from, period: period, unit: unit), period)
    }

    /// Plans taking `amount` from the account's batches of `period`, oldest first; refuses to go below zero.
    /// With `overdraft` (an allocation under a `within-period` scheme) what the batches do not cover is drawn from
    /// the period's overdraft batch (`LedgerState+Overdraft.swift`).
    static func plan(_ amount: Int64, from account: AccountState, period: String, unit: AmountUnit, overdraft: Bool = false) throws(LedgerError) -> [String: Int64] {
        let available = account.available(in: period)
        guard overdraft || amount <= available else {
            throw .insufficientCredits(account: account.account.id, period: period, available: available, requested: amount, unit: unit)
        }
        var left = amount
        var draws: [String: Int64] = [:]
        for batch in account.batches where batch.period == period && batch.remaining > 0 {
            if left == 0 { break }
            let take = min(left, batch.remaining)
            draws[batch.id] = take
            left -= take
        }
        if left > 0 { draws[overdraftID(period)] = left }
        return draws
    }

    /// Applies planned draws in place.
    static func take(_ draws: [String: Int64], from account: inout AccountState, transferred: Bool) {
        // By the draws' ids, not by walking every loaded batch (in a verify that walk was 1.5 ms an allocation).
        for (id, amount) in draws {
            guard let index = account.batches.position(ofBatch: id) else { continue }
            account.batches[index].remaining -= amount
            if transferred { account.batches[index].transferredOut += amount } else { account.batches[index].claimed += amount }
        }
    }
}
