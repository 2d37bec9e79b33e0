import CirculaCore

/// Every event the ledger records. Events are appended, never edited; a mistake is undone by a `correction`.
///
/// ```
/// let event = LedgerEvent.deliver(.init(delivery: "D-1", customer: "Alpha", site: "saganoseki",
///                                       product: "cu-cathode", mass: 25_000_000, date: "2024-04-20"))
/// ```
public enum LedgerEvent: Codable, Sendable, Equatable {
    case initialize(Setup)
    case addSite(Site)
    case addProduct(Product)
    case openAccount(Account)
    case receive(Receipt)
    case issueCredit(CreditIssue)
    case transfer(Transfer)
    case deliver(Delivery)
    case allocate(Allocation)
    case issueCertificate(CertificateRecord)
    case closePeriod(PeriodClose)
    case correct(Correction)
    /// A certificate revoked or superseded (`CertificateStatus.swift`).
    case certificateStatus(CertificateStatusChange)

    /// The event type as stored (`receive`, `allocate`, ...).
    public var type: String {
        switch self {
        case .initialize: "initialize"
        case .addSite: "add-site"
        case .addProduct: "add-product"
        case .openAccount: "open-account"
        case .receive: "receive"
        case .issueCredit: "issue-credit"
        case .transfer: "transfer"
        case .deliver: "deliver"
        case .allocate: "allocate"
        case .issueCertificate: "issue-certificate"
        case .closePeriod: "close-period"
        case .correct: "correct"
        case .certificateStatus: "certificate-status"
        }
    }
}

/// Ledger-wide rules, fixed when the ledger is created.
public struct Setup: Codable, Sendable, Equatable {
    public var company: String
    public var periodKind: PeriodKind
    /// The longest balancing period the scheme allows, in months (ISCC PLUS 3, ASI 12).
    public var maxPeriodMonths: Int
    public var carryOver: CarryOverRule
    /// How many days after an event is recorded its date may lie (nil: `LedgerState.defaultFutureHorizonDays`).
    public var futureHorizonDays: Int?
    public init(company: String, periodKind: PeriodKind, maxPeriodMonths: Int, carryOver: CarryOverRule, futureHorizonDays: Int? = nil) {
        self.company = company; self.periodKind = periodKind; self.maxPeriodMonths = maxPeriodMonths; self.carryOver = carryOver
        self.futureHorizonDays = futureHorizonDays
    }
}

/// A plant that receives input and ships product; credits live at a site (`Site(id: "saganoseki", name: "Saganoseki smelter")`).
public struct Site: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public init(id: String, name: String) { self.id = id; self.name = name }
}

/// A product group: one element in one form, booked in one unit (grams, or milligrams for precious metals).
public struct Product: Codable, Sendable, Equatable {
    public var id: String
    /// Stored as its symbol (`"Cu"`).
    public var element: Element
    public var form: String
    public var unit: AmountUnit
    public init(id: String, element: Element, form: String, unit: AmountUnit) {
        self.id = id; self.element = element; self.form = form; self.unit = unit
    }
}

/// A credit account: site × product × conversion factor, either the company's pool or ring-fenced for one customer.
public struct Account: Codable, Sendable, Equatable {
    public var id: String
    public var site: String
    public var product: String
    public var factor: ConversionFactor
    /// The customer whose own scrap feeds this account (co-created supply); nil for the company's collection pool.
    public var ringFencedFor: String?
    public init(id: String, site: String, product: String, factor: ConversionFactor, ringFencedFor: String? = nil) {
        self.id = id; self.site = site; self.product = product; self.factor = factor; self.ringFencedFor = ringFencedFor
    }
}

/// Where an input came from, beyond its ISO 14021 category. Only `external` can be recycled content.
public enum InputOrigin: String, Vocabulary {
    /// Material from outside the process (a supplier, a customer, a collector).
    case external
    /// Run-around scrap, rework or regrind reclaimed within the same process (ISO 14021 excludes it).
    case runAround = "run-around"
    /// Slag or other by-product of ore processing (not recycled per RMI/OECD guidance).
    case oreByProduct = "ore-by-product"
}

/// Receipt of a recycled input lot with its contained element masses (from the lot's assays).
public struct Receipt: Codable, Sendable, Equatable {
    public var lot: String
    public var site: String
    public var supplier: String
    public var date: String
    /// ISO 14021: `pre-consumer` or `post-consumer`; `primary` is refused (stored as those spellings).
    public var category: MaterialCategory
    public var origin: InputOrigin
    /// Shipping and source documents (bill of lading, weighbridge ticket, assay certificate).
    public var documents: [String]
    public var evidence: String
    /// Recycled mass per element, in that element's ledger unit (g, or mg for precious metals); stored as an object
    /// keyed by symbol (`{"Au":1200,"Cu":12500000}`).
    public var elements: [Element: Int64]
    /// The customer whose own scrap this is (its credits go to that customer's ring-fenced account only).
    public var ringFencedFor: String?
    public init(lot: String, site: String, supplier: String, date: String, category: MaterialCategory, origin: InputOrigin = .external,
                documents: [String] = [], evidence: String = "", elements: [Element: Int64], ringFencedFor: String? = nil) {
        self.lot = lot; self.site = site; self.supplier = supplier; self.date = date; self.category = category; self.origin = origin
        self.documents = documents; self.evidence = evidence; self.elements = elements; self.ringFencedFor = ringFencedFor
    }
}

extension Receipt {
    /// As synthesised, except that `elements` is read by symbol with a reason naming the key that is not one
    /// (the standard dictionary decoding only says it "could not convert key").
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lot = try c.decode(String.self, forKey: .lot)
        site = try c.decode(String.self, forKey: .site)
        supplier = try c.decode(String.self, forKey: .supplier)
        date = try c.decode(String.self, forKey: .date)
        category = try c.decode(MaterialCategory.self, forKey: .category)
        origin = try c.decode(InputOrigin.self, forKey: .origin)
        documents = try c.decode([String].self, forKey: .documents)
        evidence = try c.decode(String.self, forKey: .evidence)
        elements = try c.decode([String: Int64].self, forKey: .elements).elementKeyed(field: .elements, in: c)
        ringFencedFor = try c.decodeIfPresent(String.self, forKey: .ringFencedFor)
    }
}

extension Dictionary where Key == String {
    /// The same values keyed by element, each key exactly a symbol.
    func elementKeyed<K: CodingKey>(field: K, in container: KeyedDecodingContainer<K>) throws -> [CirculaCore.Element: Value] {
        var out: [CirculaCore.Element: Value] = [:]
        for (symbol, value) in self {
            do { out[try PeriodicTable.standard.element(symbol: symbol)] = value } catch {
                throw DecodingError.dataCorruptedError(forKey: field, in: container, debugDescription: "key \(error.description)")
            }
        }
        return out
    }
}

/// Credits issued from one element of one receipt: amount = floor(recycled mass × factor).
public struct CreditIssue: Codable, Sendable, Equatable {
    public var lot: String
    public var element: Element
    public var account: String
    public var factor: ConversionFactor
    /// Where the factor comes from (e.g. "flowsheet recovery Cu to cathode 0.97, metallurgy.yaml").
    public var factorSource: String
    public var amount: Int64
    public var date: String
    public init(lot: String, element: Element, account: String, factor: ConversionFactor, factorSource: String, amount: Int64, date: String) {
        self.lot = lot; self.element = element; self.account = account; self.factor = factor
        self.factorSource = factorSource; self.amount = amount; self.date = date
    }
}

/// Moves credits of the transfer date's period between two accounts of the same product, factor and ring fence,
/// e.g. from the smelter to the refinery that ships the cathode.
public struct Transfer: Codable, Sendable, Equatable {
    public var from: String
    public var to: String
    public var amount: Int64
    public var date: String
    public init(from: String, to: String, amount: Int64, date: String) { self.from = from; self.to = to; self.amount = amount; self.date = date }
}

/// A physical shipment of product to a customer.
public struct Delivery: Codable, Sendable, Equatable {
    public var delivery: String
    public var customer: String
    public var site: String
    public var product: String
    public var mass: Int64
    public var date: String
    public init(delivery: String, customer: String, site: String, product: String, mass: Int64, date: String) {
        self.delivery = delivery; self.customer = customer; self.site = site; self.product = product; self.mass = mass; self.date = date
    }
}

/// A claim: credits from one account allocated to a delivery, drawn oldest batch first.
public struct Allocation: Codable, Sendable, Equatable {
    public var delivery: String
    public var account: String
    public var amount: Int64
    /// The credit batches drawn (batch id → amount), recorded so each credit is traceable to its receipt.
    public var draws: [String: Int64]
    public init(delivery: String, account: String, amount: Int64, draws: [String: Int64] = [:]) {
        self.delivery = delivery; self.account = account; self.amount = amount; self.draws = draws
    }
}

/// The ledger's record that a signed certificate was issued (the certificate itself is a separate JSON file).
public struct CertificateRecord: Codable, Sendable, Equatable {
    public var certificate: String
    public var delivery: String
    public var keyId: String
    /// SHA-256 of the certificate's signed body.
    public var bodyHash: String
    /// The valid certificate of the same delivery this one replaces, and why (`CertificateStatus.swift`).
    public var supersedes: String?
    public var reason: String?
    public init(certificate: String, delivery: String, keyId: String, bodyHash: String, supersedes: String? = nil, reason: String? = nil) {
        self.certificate = certificate; self.delivery = delivery; self.keyId = keyId; self.bodyHash = bodyHash
        self.supersedes = supersedes; self.reason = reason
    }
}

/// Closes a balancing period; `rule` must be the ledger's configured carry-over rule.
public struct PeriodClose: Codable, Sendable, Equatable {
    public var period: String
    public var rule: CarryOverRule
    public init(period: String, rule: CarryOverRule) { self.period = period; self.rule = rule }
}

/// Reverses an earlier event (an allocation, a credit issue, a delivery or a receipt) without editing it.
public struct Correction: Codable, Sendable, Equatable {
    /// The id of the event reversed.
    public var target: String
    /// Its type.
    public var targetType: CorrectionTarget
    /// The entity it touched: the delivery id (allocate, deliver), account id (issue-credit) or lot (receive).
    public var subject: String
    public var reason: String
    public init(target: String, targetType: CorrectionTarget, subject: String, reason: String) {
        self.target = target; self.targetType = targetType; self.subject = subject; self.reason = reason
    }
}

/// The kinds of event a correction can reverse (stored as the event type: `allocate`, `issue-credit`, …).
public enum CorrectionTarget: String, Vocabulary {
    case allocate
    case issueCredit = "issue-credit"
    case deliver
    case receive
}
