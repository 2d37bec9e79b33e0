import CirculaCore

/// What one dry tonne of a candidate feed brings, from its composition, the flowsheet's recovery
/// and the plan parameters. All money in USD per dry tonne of feed.
///
/// ```swift
/// let e = try FeedEconomics(feed: catalogueFeed, candidate: c, entry: "smelting_flash", parameters: p, recovery: r, cathodeStream: "electrorefining.cathode")
/// e.net   // revenue + acid + TC/RC − payment − processing
/// ```
public struct FeedEconomics: Sendable, Codable {
    public var id: String
    public var name: String
    public var basis: FeedBasis
    public var isRecycled: Bool
    public var entry: String
    /// Mass fractions of the elements the plan uses.
    public var contents: [String: Double]
    /// t of copper in cathode per t of feed.
    public var cathodeCu: Double
    /// Value of metals in products, by metal [USD/t feed].
    public var revenue: [String: Double]
    public var acidCredit: Double
    /// Paid to the supplier for payable metal (before charges) [USD/t].
    public var payment: Double
    /// `payment` by metal [USD/t].
    public var paymentByMetal: [String: Double]
    /// TC + RC (concentrate) or treatment charge (scrap), plus feed penalties, received from the supplier [USD/t].
    public var chargesReceived: Double
    /// Of `chargesReceived`: the feed's flat contract penalty [USD/t].
    public var penaltiesReceived: Double = 0
    public var processing: Double
    /// Product amounts: stream id → layer → t per t of feed.
    public var products: [String: [String: Double]]

    public var net: Double { revenue.values.reduce(0, +) + acidCredit + chargesReceived - payment - processing }

    public init(feed: Feed, candidate: CandidateFeed, entry: String, parameters p: PlanParameters,
                recovery: Recovery, cathodeStream: String) throws(PlanError) {
        id = feed.id
        name = feed.name
        basis = candidate.basis
        isRecycled = feed.isRecycled
        self.entry = entry
        let composition: Composition
        do { composition = try feed.composition() } catch { throw .recovery("feed \(feed.id): \(error)") }
        var contents: [String: Double] = [:]
        for element in composition.elements { contents[element.symbol] = composition[element].value }
        self.contents = contents

        var products: [String: [String: Double]] = [:]
        var revenue: [String: Double] = [:]
        for stream in recovery.boundaryStreams {
            for (layer, c) in contents where c > 0 {
                let r = recovery.fraction(layer: layer, entry: entry, stream: stream.id)
                guard r > 0 else { continue }
                if stream.to == .sink("product") || stream.id == cathodeStream { products[stream.id, default: [:]][layer] = c * r }
                if stream.to == .sink("product"), let price = p.pricePerKg(layer) { revenue[layer, default: 0] += c * r * 1000 * price }
            }
        }
        self.products = products
        self.revenue = revenue
        cathodeCu = (contents["Cu"] ?? 0) * recovery.fraction(layer: "Cu", entry: entry, stream: cathodeStream)
        let sulfurToAcid = (contents["S"] ?? 0) * recovery.toSink(layer: "S", entry: entry, sink: "acid_plant")
        acidCredit = sulfurToAcid * p.value("acid.t_per_t_s") * p.value("acid_capture", default: 1) * p.value("price.H2SO4")
        processing = p.value("processing_cost.\(entry)") + p.value("refining_cost_usd_per_t_cu") * cathodeCu

        let prefix: String
        switch candidate.basis {
        case .concentrate: prefix = "conc"
        case .escrap: prefix = "escrap"
        case .scrap: prefix = "feed.\(feed.id)"
        }
        var payment = 0.0
        var paymentByMetal: [String: Double] = [:]
        var payableCu = 0.0
        // Every element of the feed that has payable terms (basis or the scenario's) and a price is paid for.
        for metal in contents.keys.sorted() {
            // Scenario terms for a feed replace the basis terms metal by metal.
            let key = p["feed.\(feed.id).\(metal).pay_pct"] != nil ? "feed.\(feed.id).\(metal)" : "\(prefix).\(metal)"
            guard let pay = p["\(key).pay_pct"], let c = contents[metal], c > 0, let price = p.pricePerKg(metal) else { continue }
            var payable = pay.value / 100 * c
            if let deduct = p["\(key).deduct"] {
                if deduct.unit == "g/t" { payable = max(0, c - deduct.value / 1e6) * pay.value / 100 }
                else { payable = max(0, min(payable, c - deduct.value / 100)) }
            }
            let rcPerKg = (p["\(key).rc"]?.value ?? 0) / troyOunceKg
            let paid = payable * 1000 * max(0, price - rcPerKg)
            payment += paid
            paymentByMetal[metal] = paid
            if metal == "Cu" { payableCu = payable }
        }
        self.payment = payment
        self.paymentByMetal = paymentByMetal
        switch candidate.basis {
        case .concentrate:
            chargesReceived = p.value("tc") + p.value("rc") / 100 * payableCu * 1000 / poundKg
        case .escrap:
            chargesReceived = p["feed.\(feed.id).tc"]?.value ?? p.value("escrap.tc")
        case .scrap:
            chargesReceived = p.value("feed.\(feed.id).tc")
        }
        // Penalties of recycled-feed contracts (halogens, Al, Be) are deducted from the supplier's payment, as for concentrate.
        penaltiesReceived = p.value("feed.\(feed.id).penalty")
        chargesReceived += penaltiesReceived
    }
}
