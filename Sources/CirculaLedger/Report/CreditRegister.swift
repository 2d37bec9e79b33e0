import CirculaCore

/// Book and claim's register: every assessed volume with what was booked against it, and every booked credit id
/// with its amount, period, holder and end (retired for whom, or expired at its period's close), each with the
/// events that recorded it. What a certifier reads to check that no id was retired twice or for two buyers and that
/// no period was booked above its assessed volume (ISO 22095 §3 book and claim; UNTP).
///
/// ```
/// let register = CreditRegister.compute(state, period: "2024-04")
/// for credit in register.credits where credit.status == .held { print(credit.credit) }
/// ```
public struct CreditRegister: Sendable, Equatable, Codable {
    /// Where a booked credit is in its life.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Booked and still with the company.
        case held
        /// Handed to a buyer, not yet retired.
        case transferred
        /// Used up for a beneficiary's claim.
        case retired
        /// Neither retired nor carried: ended at its period's close.
        case expired
    }

    public struct Assessment: Sendable, Equatable, Codable {
        public var period: String
        public var product: String
        public var unit: AmountUnit
        public var assessed: Int64
        public var booked: Int64
        public var remaining: Int64 { assessed - booked }
        public var certifier: String
        public var document: String
        public var event: String
    }

    public struct Credit: Sendable, Equatable, Codable {
        public var credit: String
        public var product: String
        public var period: String
        public var unit: AmountUnit
        public var amount: Int64
        public var booked: String
        public var status: Status
        /// The buyer it was transferred to, if any.
        public var holder: String?
        /// The beneficiary it was retired for, if retired.
        public var retiredFor: String?
        /// The events that booked, transferred and retired it, in that order.
        public var events: [String]
    }

    /// The period asked for, or nil for every period.
    public var period: String?
    public var assessments: [Assessment]
    public var credits: [Credit]

    /// The register of `state` (which must hold its `booked-credit:`, `assessment:` and `product:` rows), for one
    /// period or, with nil, all; assessments by period then product, credits by period then id.
    public static func compute(_ state: LedgerState, period: String? = nil) -> CreditRegister {
        func unit(_ product: String) -> AmountUnit { state.products[product]?.unit ?? .gram }
        let assessments = state.schemeRows.assessments.values
            .filter { period == nil || $0.assessment.period == period }
            .map { a in
                Assessment(period: a.assessment.period, product: a.assessment.product, unit: unit(a.assessment.product),
                           assessed: a.assessment.volume, booked: a.booked, certifier: a.assessment.certifier,
                           document: a.assessment.document, event: a.event)
            }
            .sorted { ($0.period, $0.product) < ($1.period, $1.product) }
        let credits = state.schemeRows.bookedCredits.values
            .filter { period == nil || $0.period == period }
            .map { c in
                let status: Status = c.retiredFor != nil ? .retired : c.expired ? .expired : c.transferredTo != nil ? .transferred : .held
                return Credit(credit: c.credit.credit, product: c.credit.product, period: c.period, unit: unit(c.credit.product),
                              amount: c.credit.amount, booked: c.credit.date, status: status, holder: c.transferredTo,
                              retiredFor: c.retiredFor, events: [c.event] + [c.transferEvent, c.retireEvent].compactMap { $0 })
            }
            .sorted { ($0.period, $0.credit) < ($1.period, $1.credit) }
        return CreditRegister(period: period, assessments: assessments, credits: credits)
    }
}
