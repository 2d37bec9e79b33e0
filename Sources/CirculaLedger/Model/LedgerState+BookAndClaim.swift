/// Rules of book and claim (ISO 22095 §3 book and claim; UNTP): a certifier's assessed volume caps what may be
/// booked in a period; a credit id is transferred once and retired once, never for two buyers.
extension LedgerState {
    mutating func applyAssessVolume(_ a: VolumeAssessment, id: String) throws(LedgerError) {
        try requireClaimMethod([.bookAndClaim], for: "assess-volume for \(a.product) in \(a.period)")
        guard let product = products[a.product] else { throw .unknown(kind: "product", id: a.product) }
        try checkOpenPeriodID(a.period, "assessing the volume of \(a.product)")
        try nonEmpty(a.certifier, "certifier")
        try nonEmpty(a.document, "assessment document")
        try checkAmount(a.volume, "assessed volume of \(a.product) in \(a.period)", unit: product.unit)
        let key = a.period + ":" + a.product
        if let previous = schemeRows.assessments[key] { throw .duplicate(kind: "assessed volume (event \(previous.event)) of period and product", id: key) }
        schemeRows.assessments[key] = AssessmentState(assessment: a, event: id)
        touch(LedgerState.key(assessment: a.period, product: a.product))
        try noteDated(a.period)
    }

    mutating func applyBookCredit(_ b: BookedCredit, id: String, recordedAt: String?) throws(LedgerError) {
        try requireClaimMethod([.bookAndClaim], for: "book-credit \(b.credit)")
        try checkID(b.credit, "credit id")
        if let existing = schemeRows.bookedCredits[b.credit] { throw .duplicate(kind: "credit (booked by event \(existing.event))", id: b.credit) }
        guard let product = products[b.product] else { throw .unknown(kind: "product", id: b.product) }
        try checkAmount(b.amount, "credit \(b.credit): amount", unit: product.unit)
        let period = try openPeriod(b.date, "booking credit \(b.credit) dated \(b.date)", recordedAt: recordedAt)
        let key = period + ":" + b.product
        guard var assessment = schemeRows.assessments[key] else { throw .noAssessedVolume(period: period, product: b.product) }
        // Both at most `amountLimit`, so the sum cannot overflow.
        guard assessment.booked + b.amount <= assessment.assessment.volume else {
            throw .bookingCapExceeded(period: period, product: b.product, volume: assessment.assessment.volume, booked: assessment.booked,
                                      requested: b.amount, unit: product.unit)
        }
        assessment.booked += b.amount
        schemeRows.assessments[key] = assessment
        schemeRows.bookedCredits[b.credit] = BookedCreditState(credit: b, period: period, event: id)
        touch(LedgerState.key(assessment: period, product: b.product))
        touch(LedgerState.key(bookedCredit: b.credit))
        try noteDated(period)
    }

    mutating func applyTransferCredit(_ t: CreditTransfer, id: String, recordedAt: String?) throws(LedgerError) {
        guard var state = schemeRows.bookedCredits[t.credit] else { throw .unknown(kind: "credit", id: t.credit) }
        try checkID(t.to, "buyer")
        _ = try openPeriod(t.date, "transfer of credit \(t.credit) dated \(t.date)", recordedAt: recordedAt)
        try LedgerState.checkLive(state, credit: t.credit)
        if let to = state.transferredTo, let event = state.transferEvent { throw .creditAlreadyTransferred(credit: t.credit, to: to, event: event) }
        state.transferredTo = t.to
        state.transferEvent = id
        schemeRows.bookedCredits[t.credit] = state
        touch(LedgerState.key(bookedCredit: t.credit))
    }

    mutating func applyRetireCredit(_ r: CreditRetirement, id: String, recordedAt: String?) throws(LedgerError) {
        guard var state = schemeRows.bookedCredits[r.credit] else { throw .unknown(kind: "credit", id: r.credit) }
        try checkID(r.beneficiary, "beneficiary")
        _ = try openPeriod(r.date, "retirement of credit \(r.credit) dated \(r.date)", recordedAt: recordedAt)
        try LedgerState.checkLive(state, credit: r.credit)
        if let holder = state.transferredTo, holder != r.beneficiary {
            throw .creditHeldByOther(credit: r.credit, holder: holder, beneficiary: r.beneficiary)
        }
        state.retiredFor = r.beneficiary
        state.retireEvent = id
        schemeRows.bookedCredits[r.credit] = state
        touch(LedgerState.key(bookedCredit: r.credit))
    }

    /// At close, booked credits of the period not yet retired expire when the rule is `expire`; with `carry` they
    /// stay valid.
    mutating func expireBookedCredits(of period: String, rule: CarryOverRule) {
        guard rule == .expire else { return }
        for (id, state) in schemeRows.bookedCredits where state.period == period && state.retiredFor == nil && !state.expired {
            schemeRows.bookedCredits[id]?.expired = true
            touch(LedgerState.key(bookedCredit: id))
        }
    }

    /// A booked credit can still change hands or be retired: not expired at its period's close, not retired
    /// (both transfer and retirement refuse these first, with the same errors).
    static func checkLive(_ state: BookedCreditState, credit: String) throws(LedgerError) {
        if state.expired { throw .creditExpired(credit: credit, period: state.period) }
        if let beneficiary = state.retiredFor, let event = state.retireEvent {
            throw .creditAlreadyRetired(credit: credit, beneficiary: beneficiary, event: event)
        }
    }
}
