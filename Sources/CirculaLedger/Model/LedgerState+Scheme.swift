/// Rules that come from the ledger's scheme profile (`Scheme/SchemeProfile.swift`): checked at init against the
/// ledger's own settings, and on receipts, deliveries and transfers.
extension LedgerState {
    /// The profile the ledger is kept under: the one recorded at init, or Circula's default rules.
    public var scheme: SchemeProfile? { config.map { $0.setup.scheme ?? .circulaDefault(for: $0.setup) } }

    /// A profile recorded in an init event is complete and sane (the loader guarantees it for files; an event
    /// built in code or read from storage is checked here too), and the ledger's settings stay within it.
    func checkScheme(_ setup: Setup) throws(LedgerError) {
        guard let profile = setup.scheme else { return }
        if let problem = Identifier.problem(profile.id) { throw .invalidScheme("id \"\(Identifier.escaped(profile.id))\": \(problem)") }
        let clauses = [profile.claimMethod.clause, profile.maxPeriodMonths.clause, profile.negativeBalance.clause, profile.stockTolerancePpm.clause,
                       profile.documentsRequired.clause, profile.creditTransfer.clause, profile.carryOver.clause]
        if profile.name.trimmingCharacters(in: .whitespaces).isEmpty || profile.source.trimmingCharacters(in: .whitespaces).isEmpty
            || clauses.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw .invalidScheme("\(profile.id): name, source and every rule's clause must be given")
        }
        guard profile.maxPeriodMonths.value >= 1 else { throw .invalidScheme("\(profile.id): maximum period must be at least 1 month") }
        guard (0...1_000_000).contains(profile.stockTolerancePpm.value) else {
            throw .invalidScheme("\(profile.id): stock tolerance must be from 0 to 1 000 000 ppm")
        }
        guard !profile.carryOver.value.isEmpty else { throw .invalidScheme("\(profile.id): at least one carry-over rule") }
        guard setup.maxPeriodMonths <= profile.maxPeriodMonths.value else {
            throw .periodAboveSchemeMaximum(months: setup.maxPeriodMonths, scheme: profile.name, maximum: profile.maxPeriodMonths.value,
                                            clause: profile.maxPeriodMonths.clause)
        }
        guard profile.carryOver.value.contains(setup.carryOver) else {
            throw .carryOverNotAllowed(rule: setup.carryOver, scheme: profile.name, allowed: profile.carryOver.value, clause: profile.carryOver.clause)
        }
    }

    /// Entries and withdrawals carry document references when the scheme requires them (UL 2809, ISCC, ASI).
    func checkDocuments(_ documents: [String]?, _ event: DocumentedEvent, what: String) throws(LedgerError) {
        guard let scheme, scheme.requiresDocuments(event) else { return }
        let given = (documents ?? []).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        if given.isEmpty { throw .missingDocuments(what: what, scheme: scheme.name, clause: scheme.documentsRequired.clause) }
    }

    /// An event only a claim method allows (book and claim's events; allocations outside it).
    func requireClaimMethod(_ allowed: Set<ClaimMethod>, for event: @autoclosure () -> String) throws(LedgerError) {
        guard let scheme, !allowed.contains(scheme.claimMethod.value) else { return }
        throw .claimMethodNotAllowed(event: event(), method: scheme.claimMethod.value, scheme: scheme.name, clause: scheme.claimMethod.clause)
    }
}
