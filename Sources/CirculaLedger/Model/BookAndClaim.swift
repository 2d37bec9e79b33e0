/// Book and claim (ISO 22095 §3; UNTP): credits with ids, booked up to the volume a certifier assessed for a
/// period, transferred once to a buyer and retired once for a beneficiary, never to two. Only a ledger whose scheme's
/// claim method is `book-and-claim` records these events (`LedgerState+BookAndClaim.swift`).

/// The volume a certifier assessed for one product and balancing period: the cap on credits booked in it.
public struct VolumeAssessment: Codable, Sendable, Equatable {
    public var period: String
    public var product: String
    /// In the product's unit (g, or mg for precious metals).
    public var volume: Int64
    public var certifier: String
    /// The assessment report or credential it comes from.
    public var document: String
    public init(period: String, product: String, volume: Int64, certifier: String, document: String) {
        self.period = period; self.product = product; self.volume = volume; self.certifier = certifier; self.document = document
    }
}

/// A credit id booked against its period's assessed volume, held by the company until transferred.
public struct BookedCredit: Codable, Sendable, Equatable {
    public var credit: String
    public var product: String
    public var amount: Int64
    public var date: String
    public init(credit: String, product: String, amount: Int64, date: String) {
        self.credit = credit; self.product = product; self.amount = amount; self.date = date
    }
}

/// A booked credit handed to a buyer; a credit is transferred at most once.
public struct CreditTransfer: Codable, Sendable, Equatable {
    public var credit: String
    public var to: String
    public var date: String
    public init(credit: String, to: String, date: String) { self.credit = credit; self.to = to; self.date = date }
}

/// A booked credit used up for one beneficiary's claim; retired once, and only for its holder when transferred.
public struct CreditRetirement: Codable, Sendable, Equatable {
    public var credit: String
    public var beneficiary: String
    public var date: String
    public init(credit: String, beneficiary: String, date: String) { self.credit = credit; self.beneficiary = beneficiary; self.date = date }
}

/// An assessment and what has been booked against it.
public struct AssessmentState: Codable, Sendable, Equatable {
    public var assessment: VolumeAssessment
    public var event: String
    public var booked: Int64 = 0
}

/// A booked credit's life: booked, maybe transferred, maybe retired or expired at its period's close.
public struct BookedCreditState: Codable, Sendable, Equatable {
    public var credit: BookedCredit
    public var period: String
    public var event: String
    public var transferredTo: String?
    public var transferEvent: String?
    public var retiredFor: String?
    public var retireEvent: String?
    public var expired: Bool = false
}
