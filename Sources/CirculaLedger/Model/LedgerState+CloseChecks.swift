/// What a period close checks beyond its order and rule (`LedgerState+Close.swift`), from the scheme profile:
/// no account below zero (ISCC 203: a negative balance at the end of the period is not permitted), and physical
/// stock counted at close against book stock within the scheme's tolerance, or flagged for the auditor.
extension LedgerState {
    /// The stock flags the close must carry (nil when none); refuses a negative balance or a bad physical stock.
    func checkCloseAgainstScheme(_ close: PeriodClose) throws(LedgerError) -> [StockFlag]? {
        for (product, amount) in (close.physicalStock ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard products[product] != nil else { throw .unknown(kind: "product", id: product) }
            if amount < 0 { throw .negativePhysicalStock(product: product, amount: amount) }
            if amount > LedgerState.amountLimit {
                throw .amountTooLarge(what: "physical stock of \(product)", amount: amount, limit: LedgerState.amountLimit, unit: unit(ofProduct: product))
            }
        }
        let clause = scheme?.negativeBalance.clause ?? "ISO 22095 §8"
        for id in accounts.keys.sorted() {
            guard let account = accounts[id] else { continue }
            let balance = account.available(in: close.period)
            if balance < 0 {
                throw .negativeBalanceAtClose(account: id, period: close.period, balance: balance, unit: unit(ofProduct: account.account.product), clause: clause)
            }
        }
        guard let physical = close.physicalStock, !physical.isEmpty else { return nil }
        let tolerance = scheme?.stockTolerancePpm.value ?? 0
        var flags: [StockFlag] = []
        for (product, counted) in physical.sorted(by: { $0.key < $1.key }) {
            let book = bookStock(of: product, in: close.period)
            let deviation = StockFlag.deviationPpm(book: book, physical: counted)
            if deviation > tolerance {
                flags.append(StockFlag(product: product, book: book, physical: counted, deviationPpm: deviation, tolerancePpm: tolerance))
            }
        }
        return flags.isEmpty ? nil : flags
    }

    /// A product's book stock in a period: its unclaimed credits across every account (128-bit sum, held at Int64.max).
    public func bookStock(of product: String, in period: String) -> Int64 {
        var total = Int128(0)
        for account in accounts.values where account.account.product == product { total += Int128(account.available(in: period)) }
        return Int64(clamping: total)
    }
}
