/// Rules of a correction: an earlier allocation, credit issue, delivery or receipt is reversed by a new event, never
/// edited (ISO 22095: records are kept; corrections are traceable), only while its period is open and nothing
/// built on it remains.
extension LedgerState {
    mutating func applyCorrection(_ c: Correction) throws(LedgerError) {
        try nonEmpty(c.reason, "correction reason")
        switch c.targetType {
        case .allocate: try reverseAllocation(c)
        case .issueCredit: try reverseCredit(c)
        case .deliver: try reverseDelivery(c)
        case .receive: try reverseReceipt(c)
        }
    }

    private mutating func reverseAllocation(_ c: Correction) throws(LedgerError) {
        guard var delivery = deliveries[c.subject],
              let index = delivery.allocations.firstIndex(where: { $0.event == c.target }) else {
            throw .cannotCorrect(target: c.target, reason: "no allocation \(c.target) on delivery \(c.subject)")
        }
        if let certificate = delivery.certificates.first {
            throw .cannotCorrect(target: c.target, reason: "certificate \(certificate) was issued for delivery \(c.subject) on these credits")
        }
        _ = try openPeriod(delivery.delivery.date, "correcting allocation \(c.target)")
        let allocation = delivery.allocations[index]
        guard var account = accounts[allocation.account] else { throw .unknown(kind: "account", id: allocation.account) }
        for (batchID, amount) in allocation.draws.sorted(by: { $0.key < $1.key }) {
            guard let b = account.batches.firstIndex(where: { $0.id == batchID }) else {
                throw .cannotCorrect(target: c.target, reason: "credit batch \(batchID) is no longer in account \(allocation.account)")
            }
            account.batches[b].remaining += amount
            account.batches[b].claimed -= amount
        }
        delivery.allocations.remove(at: index)
        delivery.claimed -= allocation.amount
        deliveries[c.subject] = delivery
        accounts[allocation.account] = account
        touch(LedgerState.key(delivery: c.subject))
        touch(LedgerState.key(account: allocation.account))
    }

    private mutating func reverseCredit(_ c: Correction) throws(LedgerError) {
        guard var account = accounts[c.subject], let b = account.batches.firstIndex(where: { $0.id == c.target }) else {
            throw .cannotCorrect(target: c.target, reason: "no credit batch \(c.target) in account \(c.subject)")
        }
        let batch = account.batches[b]
        guard !batch.reversed, batch.remaining == batch.issued else {
            throw .cannotCorrect(target: c.target, reason: "\(batch.issued - batch.remaining) of its \(batch.issued) credits were already used or moved; reverse those first")
        }
        guard let kind = config?.setup.calendar else { throw .notInitialized }
        _ = try openPeriod(try kind.firstDay(of: batch.period), "correcting credit issue \(c.target)")
        account.batches[b].remaining = 0
        account.batches[b].reversed = true
        accounts[c.subject] = account
        if var receipt = receipts[batch.lot] {
            receipt.credited[batch.element] = nil
            receipts[batch.lot] = receipt
            touch(LedgerState.key(receipt: batch.lot))
        }
        touch(LedgerState.key(account: c.subject))
    }

    private mutating func reverseDelivery(_ c: Correction) throws(LedgerError) {
        guard var delivery = deliveries[c.subject], !delivery.reversed else {
            throw .cannotCorrect(target: c.target, reason: "no delivery \(c.subject)")
        }
        guard delivery.claimed == 0 else {
            throw .cannotCorrect(target: c.target, reason: "delivery \(c.subject) has \(delivery.claimed) claimed; reverse its allocations first")
        }
        _ = try openPeriod(delivery.delivery.date, "correcting delivery \(c.subject)")
        delivery.reversed = true
        deliveries[c.subject] = delivery
        touch(LedgerState.key(delivery: c.subject))
    }

    private mutating func reverseReceipt(_ c: Correction) throws(LedgerError) {
        guard var receipt = receipts[c.subject], !receipt.reversed else {
            throw .cannotCorrect(target: c.target, reason: "no receipt of lot \(c.subject)")
        }
        guard receipt.credited.isEmpty else {
            throw .cannotCorrect(target: c.target, reason: "lot \(c.subject) has credits (events \(receipt.credited.values.sorted().joined(separator: ", "))); reverse them first")
        }
        _ = try openPeriod(receipt.receipt.date, "correcting receipt of lot \(c.subject)")
        receipt.reversed = true
        receipts[c.subject] = receipt
        if let kind = config?.setup.calendar, let period = try? kind.period(containing: receipt.receipt.date) {
            tallyRecycledInput(receipt.receipt, period: period, sign: -1)
        }
        touch(LedgerState.key(receipt: c.subject))
    }
}
