import CirculaCore

/// Rules of the set-up events: initialise, sites, products, accounts.
extension LedgerState {
    mutating func applyInitialize(_ setup: Setup) throws(LedgerError) {
        guard config == nil else { throw .alreadyInitialized }
        try nonEmpty(setup.company, "company")
        guard setup.maxPeriodMonths >= 1 else { throw .invalidMaximumPeriod(months: setup.maxPeriodMonths) }
        guard setup.periodKind.months <= setup.maxPeriodMonths else {
            throw .periodTooLong(kind: setup.periodKind, months: setup.periodKind.months, maximum: setup.maxPeriodMonths)
        }
        if let days = setup.futureHorizonDays, days < 0 { throw .nonPositiveAmount(what: "future horizon in days") }
        config = LedgerConfig(setup: setup)
        touch(LedgerState.configKey)
    }

    mutating func applyAddSite(_ site: Site) throws(LedgerError) {
        try checkID(site.id, "site id")
        guard sites[site.id] == nil else { throw .duplicate(kind: "site", id: site.id) }
        sites[site.id] = site
        touch(LedgerState.key(site: site.id))
    }

    mutating func applyAddProduct(_ product: Product) throws(LedgerError) {
        try checkID(product.id, "product id")
        guard products[product.id] == nil else { throw .duplicate(kind: "product", id: product.id) }
        let expected = AmountUnit.forElement(product.element)
        guard product.unit == expected else {
            throw .wrongProductUnit(product: product.id, element: product.element, expected: expected, stated: product.unit)
        }
        products[product.id] = product
        touch(LedgerState.key(product: product.id))
    }

    mutating func applyOpenAccount(_ account: Account) throws(LedgerError) {
        try checkID(account.id, "account id")
        guard accounts[account.id] == nil else { throw .duplicate(kind: "account", id: account.id) }
        guard sites[account.site] != nil else { throw .unknown(kind: "site", id: account.site) }
        guard products[account.product] != nil else { throw .unknown(kind: "product", id: account.product) }
        guard account.factor.ppm > 0 else { throw .nonPositiveFactor(account: account.id) }
        guard account.factor.ppm <= ConversionFactor.scale else { throw .factorAboveOne(account: account.id, factor: account.factor) }
        if let customer = account.ringFencedFor { try checkID(customer, "ring-fenced customer") }
        accounts[account.id] = AccountState(account: account)
        touch(LedgerState.key(account: account.id))
    }
}
