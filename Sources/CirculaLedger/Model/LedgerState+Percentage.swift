import CirculaCore

/// Rules of the percentage method (ISO 22095 mass balance, percentage method; ASI CoC V2 criterion 8): every output
/// of a period, products and scrap alike, is claimable at most at the period's input share, recycled input ÷ total
/// input of the element. Recycled input is tallied from the receipts; the total (recycled and primary) is recorded
/// once per period and element with `record-input`.
extension LedgerState {
    /// Adds (sign 1) or removes (sign −1, a reversed receipt) a receipt's element masses to its period's tally.
    /// Only a percentage-method ledger keeps tallies. Sums are held at Int64.max rather than trapping.
    mutating func tallyRecycledInput(_ receipt: Receipt, period: String, sign: Int64) {
        guard scheme?.claimMethod.value == .percentage else { return }
        for (element, amount) in receipt.elements where amount > 0 {
            let id = period + ":" + element.symbol
            var tally = schemeRows.inputs[id] ?? InputTally(period: period, element: element)
            tally.recycled = Int64(clamping: Int128(tally.recycled) + Int128(sign) * Int128(amount))
            schemeRows.inputs[id] = tally
            touch(LedgerState.key(input: period, element: element))
        }
    }

    mutating func applyRecordInput(_ input: PeriodInput, id: String) throws(LedgerError) {
        try requireClaimMethod([.percentage], for: "record-input for \(input.element) in \(input.period)")
        try checkOpenPeriodID(input.period, "recording the input of \(input.element)")
        let unit = AmountUnit.forElement(input.element)
        try checkAmount(input.total, "total input of \(input.element) in \(input.period)", unit: unit)
        try nonEmpty(input.source, "input source")
        let key = input.period + ":" + input.element.symbol
        if schemeRows.inputs[key]?.total != nil { throw .duplicate(kind: "total input of period", id: key) }
        var tally = schemeRows.inputs[key] ?? InputTally(period: input.period, element: input.element)
        tally.total = input.total
        tally.totalEvent = id
        schemeRows.inputs[key] = tally
        touch(LedgerState.key(input: input.period, element: input.element))
        try noteDated(input.period)
    }

    /// The most a delivery may carry in claims under the percentage method: floor(mass × min(recycled, total) ÷ total);
    /// nil when the ledger uses another method.
    func inputShareLimit(for delivery: DeliveryState, element: Element?) throws(LedgerError) -> (limit: Int64, recycled: Int64, total: Int64)? {
        guard scheme?.claimMethod.value == .percentage else { return nil }
        guard let element, let tally = schemeRows.inputs[delivery.period + ":" + element.symbol], let total = tally.total else {
            throw .noPeriodInput(period: delivery.period, product: delivery.delivery.product)
        }
        let recycled = max(0, min(tally.recycled, total))
        let limit = Int64((Int128(delivery.delivery.mass) * Int128(recycled)) / Int128(total))
        return (limit, recycled, total)
    }

    /// A period id of the ledger's kind that is neither closed nor before the last closed period.
    func checkOpenPeriodID(_ period: String, _ what: String) throws(LedgerError) {
        guard let kind = config?.setup.calendar else { throw .notInitialized }
        try kind.validate(period)
        if config?.closedPeriods.contains(period) == true { throw .periodClosed(period: period, what: what) }
        if let last = lastClosedPeriod, try kind.precedes(period, last) {
            throw .periodClosed(period: period, what: "\(what) (it lies before \(last), which is closed)")
        }
    }
}
