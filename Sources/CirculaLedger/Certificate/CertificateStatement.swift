/// A mass with its unit, both in the signed JSON: `{"amount": 25000000, "unit": "g"}` (exact integer in the
/// product's ledger unit, `g` or `mg`), so no reader has to guess what a bare number means.
public struct Measure: Codable, Sendable, Equatable {
    public var amount: Int64
    public var unit: String
    public init(amount: Int64, unit: String) { self.amount = amount; self.unit = unit }
}

/// What an auditor and a customer need to read a certificate against its scheme (issue 12 point 5), signed as
/// part of the body: scheme and claim method, masses with their units, the conversion factor, where the recycled
/// content came from (ISO 14021 pre-/post-consumer; the customer's own scrap), and in plain words what mass
/// balance does and does not say about the physical product.
public struct CertificateStatement: Codable, Sendable, Equatable {
    public var scheme: String
    /// The scheme's claim method (`credit`: ISO 22095 mass balance, credit method; certificates are issued for
    /// deliveries with allocated credits).
    public var claimMethod: String
    public var mass: Measure
    public var recycledMass: Measure
    /// Distinct conversion factors of the accounts the credits came from (decimal text, `0.97`).
    public var conversionFactors: [String]
    /// Shares of the recycled mass by ISO 14021 category, parts per million, each rounded down.
    public var preConsumerSharePpm: Int64
    public var postConsumerSharePpm: Int64
    /// Share of the recycled mass drawn from accounts ring-fenced for this customer (its own scrap returned to it);
    /// absent when none was.
    public var ownScrapSharePpm: Int64?
    public var massBalanceStatement: String
    /// The certificate this one replaces (`circula certificate supersede`).
    public var supersedes: String?

    enum CodingKeys: String, CodingKey {
        case scheme, mass, supersedes
        case claimMethod = "claim_method"
        case recycledMass = "recycled_mass"
        case conversionFactors = "conversion_factors"
        case preConsumerSharePpm = "pre_consumer_share_ppm"
        case postConsumerSharePpm = "post_consumer_share_ppm"
        case ownScrapSharePpm = "own_scrap_share_ppm"
        case massBalanceStatement = "mass_balance_statement"
    }

    /// The sentence every mass-balance certificate carries (ISO 22095 §8.3: a mass-balance claim must not be read as
    /// a statement about the physical content of the item).
    public static func massBalanceText(element: String, form: String, recycledSharePpm: Int64) -> String {
        let hundredths = (recycledSharePpm % 10_000) / 100
        let percent = "\(recycledSharePpm / 10_000).\(hundredths < 10 ? "0" : "")\(hundredths)"
        let metal = elementNames[element] ?? element
        return "Under mass balance (ISO 22095, credit method), \(percent) % of this delivery's \(metal) \(form) is attributed to recycled "
            + "input booked in the ledger; the physical \(form) may contain no recycled \(metal). The claim is an accounting "
            + "allocation of credits from recycled feed received at the site, not a measurement of the delivered material."
    }

    static let elementNames = ["Cu": "copper", "Au": "gold", "Ag": "silver", "Pd": "palladium", "Pt": "platinum", "Ni": "nickel",
                               "Sn": "tin", "Zn": "zinc", "Pb": "lead", "Al": "aluminium", "Co": "cobalt"]
}

extension LedgerState {
    /// The statement for a delivery's current allocations: shares from the receipts behind the drawn credit batches.
    func certificateStatement(for delivery: DeliveryState, product: Product, supersedes: String?) -> CertificateStatement {
        var pre: Int64 = 0, post: Int64 = 0, own: Int64 = 0
        var factors: Set<ConversionFactor> = []
        for allocation in delivery.allocations {
            guard let account = accounts[allocation.account] else { continue }
            factors.insert(account.account.factor)
            if account.account.ringFencedFor == delivery.delivery.customer { own += allocation.amount }
            for (batchID, amount) in allocation.draws {
                guard let lot = account.batches.first(where: { $0.id == batchID })?.lot,
                      let category = receipts[lot]?.receipt.category else { continue }
                switch category { case .preConsumer: pre += amount; case .postConsumer: post += amount; case .primary: break }
            }
        }
        let unit = product.unit.rawValue
        let share = ppm(delivery.claimed, of: delivery.delivery.mass)
        return CertificateStatement(
            scheme: scheme.map { "\($0.name) (\($0.id); \($0.source))" } ?? "ISO 22095 mass balance", claimMethod: (scheme?.claimMethod.value ?? .credit).rawValue,
            mass: Measure(amount: delivery.delivery.mass, unit: unit), recycledMass: Measure(amount: delivery.claimed, unit: unit),
            conversionFactors: factors.sorted().map(\.description),
            preConsumerSharePpm: ppm(pre, of: delivery.claimed), postConsumerSharePpm: ppm(post, of: delivery.claimed),
            ownScrapSharePpm: own > 0 ? ppm(own, of: delivery.claimed) : nil,
            massBalanceStatement: CertificateStatement.massBalanceText(element: product.element.symbol, form: product.form, recycledSharePpm: share),
            supersedes: supersedes)
    }
}
