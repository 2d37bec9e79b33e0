extension LedgerState {
    /// The stock flags a close of `period` with this physical stock would record (nil when none), refusing as the
    /// close would (unknown product, negative stock, an account below zero). Use cases compute them before appending.
    public func stockFlags(closing period: String, physicalStock: [String: Int64]?) throws(LedgerError) -> [StockFlag]? {
        guard let rule = config?.setup.carryOver else { throw .notInitialized }
        return try checkCloseAgainstScheme(PeriodClose(period: period, rule: rule, physicalStock: physicalStock))
    }
}
