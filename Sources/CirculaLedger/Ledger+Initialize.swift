/// Creating or extending a ledger, safely repeated and safely raced.
extension Ledger {
    /// Initialises the ledger with `setup` (if it is not yet) and adds the sites, products and accounts in `events`
    /// that are not there yet. Giving the same arguments again, or two processes doing it at once, is not an error:
    /// what exists identically is skipped. Something that exists differently is refused by name.
    /// - Parameter requireSameSetup: refuse when the ledger exists with other settings (otherwise the existing
    ///   settings stand and only the sites, products and accounts are added).
    /// - Returns: the events appended (empty when everything already existed).
    @discardableResult
    public func initialize(setup: Setup, adding events: [LedgerEvent], requireSameSetup: Bool = false) async throws -> [StoredEvent] {
        var attempt = 0
        while true {
            let state = try await fullState()
            var missing: [LedgerEvent] = []
            if let config = state.config {
                guard config.setup == setup || !requireSameSetup else {
                    throw LedgerError.invalidInput("the ledger is already initialised with other settings (\(config.setup.company), \(config.setup.periodKind.rawValue) periods, at most \(config.setup.maxPeriodMonths) months, \(config.setup.carryOver.rawValue)); leave them out to add sites, products or accounts")
                }
            } else {
                missing.append(.initialize(setup))
            }
            for event in events.map({ $0.normalized() }) {
                switch event {
                case .addSite(let site):
                    if let existing = state.sites[site.id] {
                        guard existing == site else { throw LedgerError.duplicate(kind: "site", id: site.id) }
                    } else { missing.append(event) }
                case .addProduct(let product):
                    if let existing = state.products[product.id] {
                        guard existing == product else { throw LedgerError.duplicate(kind: "product", id: product.id) }
                    } else { missing.append(event) }
                case .openAccount(let account):
                    if let existing = state.accounts[account.id]?.account {
                        guard existing == account else { throw LedgerError.duplicate(kind: "account", id: account.id) }
                    } else { missing.append(event) }
                default:
                    missing.append(event)
                }
            }
            if missing.isEmpty { return [] }
            do {
                return try await append(missing)
            } catch let error as LedgerError {
                // Another process initialised or added the same thing between the read and the write: read again.
                switch error {
                case .alreadyInitialized, .duplicate:
                    attempt += 1
                    if attempt > Ledger.raceRetries { throw error }
                default: throw error
                }
            }
        }
    }
}
