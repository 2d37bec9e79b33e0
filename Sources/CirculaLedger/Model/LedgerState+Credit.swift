/// Rules of a credit issue: credits = floor(recycled mass × conversion factor), once per lot and element.
extension LedgerState {
    mutating func applyCredit(_ credit: CreditIssue, id: String, recordedAt: String?) throws(LedgerError) {
        let (amount, period) = try checkCredit(credit, recordedAt: recordedAt)
        accounts[credit.account]?.batches.append(CreditBatch(id: id, period: period, lot: credit.lot, element: credit.element,
                                                             issued: amount, remaining: amount))
        receipts[credit.lot]?.credited[credit.element] = id
        touch(LedgerState.key(account: credit.account))
        touch(LedgerState.key(receipt: credit.lot))
        try noteDated(period)
    }

    /// Returns the exact amount and the period.
    private func checkCredit(_ credit: CreditIssue, recordedAt: String?) throws(LedgerError) -> (Int64, String) {
        guard let receipt = receipts[credit.lot], !receipt.reversed else { throw .unknown(kind: "receipt of lot", id: credit.lot) }
        guard let account = accounts[credit.account]?.account else { throw .unknown(kind: "account", id: credit.account) }
        guard let product = products[account.product] else { throw .unknown(kind: "product", id: account.product) }
        guard product.element == credit.element else {
            throw .productMismatch("account \(credit.account) holds \(product.id) (\(product.element)); lot \(credit.lot) credits \(credit.element)")
        }
        guard let recycled = receipt.receipt.elements[credit.element], recycled > 0 else {
            throw .elementNotInReceipt(lot: credit.lot, element: credit.element)
        }
        if let previous = receipt.credited[credit.element] {
            throw .alreadyCredited(lot: credit.lot, element: credit.element, event: previous)
        }
        guard account.factor == credit.factor else {
            throw .factorMismatch("account \(credit.account) takes credits at conversion factor \(account.factor); the credit states \(credit.factor)")
        }
        guard receipt.receipt.ringFencedFor == account.ringFencedFor else {
            let from = receipt.receipt.ringFencedFor.map { "customer \($0)'s own scrap" } ?? "the company's collection pool"
            let to = account.ringFencedFor.map { "ring-fenced for customer \($0)" } ?? "the company's pool"
            throw .ringFence("lot \(credit.lot) is \(from); its credits cannot go to account \(credit.account) (\(to))")
        }
        try nonEmpty(credit.factorSource, "factor source")
        let expected = credit.factor.apply(to: recycled)
        guard credit.amount == expected else {
            throw .creditAmountMismatch(lot: credit.lot, element: credit.element, recycled: recycled, factor: credit.factor,
                                        expected: expected, stated: credit.amount, unit: product.unit)
        }
        let period = try openPeriod(credit.date, "credit issue for lot \(credit.lot) dated \(credit.date)", recordedAt: recordedAt)
        if try CalendarDate(credit.date) < CalendarDate(receipt.receipt.date) {
            throw .creditBeforeReceipt(lot: credit.lot, credit: credit.date, receipt: receipt.receipt.date)
        }
        return (expected, period)
    }
}
