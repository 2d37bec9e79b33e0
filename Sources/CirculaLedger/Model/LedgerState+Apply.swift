import Foundation

/// Every rule of the ledger, stated once, one file per event kind (`LedgerState+Receive.swift`, …). `apply` is used
/// by the stores inside the write transaction and by `verify` when it replays the history, so a rule can never be
/// enforced in one place and forgotten in the other. `docs/ledger-rules.md` lists the rules in the order they are
/// checked, each with its `LedgerError` case and the scheme clause it comes from.
extension LedgerState {
    /// The largest amount one event may state, in its product's unit: 10¹⁵ g = 10⁹ t of a base metal, 10¹⁵ mg =
    /// 10⁶ t of a precious metal. Far above any plant; a delivery's claims (≤ its mass) then never overflow, and sums
    /// over many batches are taken in 128 bits (`AccountState.balance`).
    public static let amountLimit: Int64 = 1_000_000_000_000_000
    /// How far after the moment an event is recorded its date may lie, unless `Setup.futureHorizonDays` says otherwise.
    public static let defaultFutureHorizonDays = 92

    /// Validates `event` against the current state and applies it. On a refusal nothing changes.
    ///
    /// Every case checks all its rules before its first mutation, and mutates in place: copying the state (or an
    /// account's batch list) per event would make a long import or a replay quadratic.
    /// - Parameters:
    ///   - id: the id the event will be stored under (it names credit batches).
    ///   - recordedAt: the event's timestamp (`2024-04-30T09:00:00Z`); dates beyond the horizon after it are refused.
    /// - Returns: the event as it must be stored (an allocation gains its credit draws).
    @discardableResult
    public mutating func apply(_ event: LedgerEvent, id: String, recordedAt: String? = nil) throws(LedgerError) -> LedgerEvent {
        if case .initialize(let setup) = event {
            try applyInitialize(setup)
            return event
        }
        guard config != nil else { throw .notInitialized }
        switch event {
        case .initialize: break // handled above
        case .addSite(let site): try applyAddSite(site)
        case .addProduct(let product): try applyAddProduct(product)
        case .openAccount(let account): try applyOpenAccount(account)
        case .receive(let receipt): try applyReceive(receipt, recordedAt: recordedAt)
        case .issueCredit(let credit): try applyCredit(credit, id: id, recordedAt: recordedAt)
        case .transfer(let transfer): try applyTransfer(transfer, id: id, recordedAt: recordedAt)
        case .deliver(let delivery): try applyDeliver(delivery, recordedAt: recordedAt)
        case .allocate(let allocation): return .allocate(try applyAllocate(allocation, id: id))
        case .issueCertificate(let record): try applyCertificate(record, id: id, recordedAt: recordedAt)
        case .closePeriod(let close): try applyClose(close)
        case .correct(let correction): try applyCorrection(correction)
        case .certificateStatus(let change): try applyCertificateStatus(change, id: id)
        case .assessVolume(let assessment): try applyAssessVolume(assessment, id: id)
        case .bookCredit(let credit): try applyBookCredit(credit, id: id, recordedAt: recordedAt)
        case .transferCredit(let transfer): try applyTransferCredit(transfer, id: id, recordedAt: recordedAt)
        case .retireCredit(let retirement): try applyRetireCredit(retirement, id: id, recordedAt: recordedAt)
        case .recordInput(let input): try applyRecordInput(input, id: id)
        }
        return event
    }

    // MARK: rules shared by several kinds

    /// Identifier rule (`Identifier`): empty → `emptyField`, anything else wrong → `invalidIdentifier`.
    func checkID(_ id: String, _ field: String) throws(LedgerError) {
        guard let problem = Identifier.problem(id) else { return }
        if id.isBlank { throw .emptyField(field) }
        throw .invalidIdentifier(field: field, id: id, reason: problem)
    }

    func nonEmpty(_ text: String, _ field: String) throws(LedgerError) {
        if text.isBlank { throw .emptyField(field) }
    }

    /// 0 < amount ≤ `amountLimit`. (`what` names the amount in a refusal; built only then, as in `openPeriod`.)
    func checkAmount(_ amount: Int64, _ what: @autoclosure () -> String, unit: AmountUnit) throws(LedgerError) {
        guard amount > 0 else { throw .nonPositiveAmount(what: what()) }
        guard amount <= LedgerState.amountLimit else {
            throw .amountTooLarge(what: what(), amount: amount, limit: LedgerState.amountLimit, unit: unit)
        }
    }

    /// The latest closed period (periods close in order, so it is also the last one closed).
    var lastClosedPeriod: String? { config?.closedPeriods.last }

    /// The period a dated event falls in, refusing a real-calendar violation, a date beyond the horizon after the
    /// event is recorded, a closed period, or a period before the earliest open one.
    /// `what` names the event in a refusal, built only then (three such texts were a tenth of an allocation's rules).
    func openPeriod(_ date: String, _ what: @autoclosure () -> String, recordedAt: String? = nil) throws(LedgerError) -> String {
        guard let config else { throw .notInitialized }
        let kind = config.setup.calendar
        let day = try CalendarDate(date)
        if let recordedAt, let recorded = try? CalendarDate(String(recordedAt.prefix(10))) {
            let horizon = config.setup.futureHorizonDays ?? LedgerState.defaultFutureHorizonDays
            if day.dayNumber - recorded.dayNumber > horizon {
                throw .dateBeyondHorizon(date: date, recorded: recordedAt, days: horizon)
            }
        }
        let period = try kind.period(containing: date)
        if config.closedPeriods.contains(period) { throw .periodClosed(period: period, what: what()) }
        if let last = lastClosedPeriod, try kind.precedes(period, last) {
            throw .periodClosed(period: period, what: "\(what()) (it lies before \(last), which is closed)")
        }
        return period
    }

    /// Records the earliest period anything is dated in: the first period that may be closed.
    mutating func noteDated(_ period: String) throws(LedgerError) {
        guard let kind = config?.setup.calendar else { throw .notInitialized }
        // The same period (every event of a busy month) cannot precede itself: no calendar arithmetic for it.
        if let first = config?.firstPeriod {
            if first == period { return }
            if !(try kind.precedes(period, first)) { return }
        }
        config?.firstPeriod = period
        touch(LedgerState.configKey)
    }

    /// The unit an account's or delivery's product is booked in.
    func unit(ofProduct id: String) -> AmountUnit { products[id]?.unit ?? .gram }
}
