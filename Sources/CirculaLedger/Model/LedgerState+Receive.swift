/// Rules of a receipt: a recycled input lot with its contained element masses.
extension LedgerState {
    mutating func applyReceive(_ receipt: Receipt, recordedAt: String?) throws(LedgerError) {
        try checkID(receipt.lot, "lot id")
        guard receipts[receipt.lot] == nil else { throw .duplicate(kind: "receipt of lot", id: receipt.lot) }
        guard sites[receipt.site] != nil else { throw .unknown(kind: "site", id: receipt.site) }
        try checkID(receipt.supplier, "supplier")
        if let customer = receipt.ringFencedFor { try checkID(customer, "ring-fenced customer") }
        let period = try openPeriod(receipt.date, "receipt of lot \(receipt.lot) dated \(receipt.date)", recordedAt: recordedAt)
        switch receipt.category {
        case .preConsumer, .postConsumer: break
        case .primary:
            throw .notRecycled(lot: receipt.lot, reason: "category primary (mined ore, concentrate) is not recycled content under ISO 14021")
        }
        switch receipt.origin {
        case .external: break
        case .runAround:
            throw .notRecycled(lot: receipt.lot, reason: "run-around scrap reclaimed within the same process is excluded from pre-consumer content (ISO 14021)")
        case .oreByProduct:
            throw .notRecycled(lot: receipt.lot, reason: "slags and by-products of ore processing are not recycled material (RMI/OECD)")
        }
        // In symbol order, as when elements were strings, so the same receipt is refused with the same message.
        for (element, amount) in receipt.elements.sorted(by: { $0.key.symbol < $1.key.symbol }) {
            if amount < 0 { throw .negativeElementMass(lot: receipt.lot, element: element, amount: amount) }
            if amount > LedgerState.amountLimit {
                throw .amountTooLarge(what: "lot \(receipt.lot) \(element)", amount: amount, limit: LedgerState.amountLimit,
                                      unit: AmountUnit.forElement(element))
            }
        }
        guard receipt.elements.values.contains(where: { $0 > 0 }) else { throw .noRecycledMass(lot: receipt.lot) }
        receipts[receipt.lot] = ReceiptState(receipt: receipt)
        touch(LedgerState.key(receipt: receipt.lot))
        try noteDated(period)
    }
}
