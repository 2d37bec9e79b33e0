import CirculaCore

/// The feed-mix linear program of a scenario.
///
/// Decision: tonnes x_f of each candidate feed, `min_t ≤ x_f ≤ max_t`. Objective (maximise):
/// Σ net_f·x_f − Σ penalty tiers, with net_f from `FeedEconomics`. Rows:
/// - cathode capacity: Σ cathodeCu_f·x_f ≤ `capacity`;
/// - smelter feed capacity: Σ_{f enters the smelter} x_f ≤ `smelter_capacity_t`;
/// - e-scrap share: Σ_escrap x_f ≤ `escrap_share_max` · Σ_smelter x_f;
/// - concentrate share (heat/sulfur balance): Σ_conc x_f ≥ `concentrate_share_min` · Σ_smelter x_f;
/// - blend As: Σ_smelter (As_f − `blend_as_max`)·x_f ≤ 0;
/// - recycling ratio: Σ_f (recycled_f − r)·cathodeCu_f·x_f ≥ 0 when `min_recycling_ratio` r > 0;
/// - penalties of the smelter blend, piecewise linear: tier variables p_k ≥ 0 with
///   Σ_k p_k ≥ Σ_f (c_f − free)·x_f and p_k ≤ width_k · Σ_smelter x_f; cost rate_k per unit p_k.
///   The rates must not fall from tier to tier (a convex cost), otherwise the LP would skip tiers.
///   The top tier ends at the reject level, which therefore caps the blend.
/// Fixed costs (`fixed_cost.*`) are subtracted from the margin; with `integer` and `capacity_options`
/// the capacity is a decision: binaries z_k, Σ z_k = 1, the capacity rows become Σ … ≤ Σ_k level_k·cap·z_k
/// and the objective carries −(share_k·fixed + one-off_k)·z_k.
/// With `integer`, feeds with `min_lot_t` or `whole_contract` get a binary y_f:
/// min_lot·y ≤ x ≤ max·y, or x = max·y.
///
/// The penalty schedule is `economics.penalties_concentrate`, applied as the cost to the smelter of
/// impurities in its blend above the free levels.
public struct FeedMixModel: Sendable {
    public struct PenaltyTier: Sendable, Codable {
        public var penalty: String
        public var from: Double
        public var to: Double?
        /// USD per dmt of blend per unit mass fraction above `from`.
        public var rate: Double
        public var unit: String
        public var variable: Int
    }

    public var scenario: Scenario
    public var parameters: PlanParameters
    public var feeds: [FeedEconomics]
    public var program: LinearProgram
    public var feedVariables: [Int]
    public var tiers: [PenaltyTier]
    public var integer: Bool
    /// Fixed costs not in the objective (all of them unless capacity is a decision) [USD/y].
    public var fixedCostConstant: Double = 0
    public var capacityOptions: [CapacityOption] = []
    public var capacityVariables: [Int] = []

    public init(model: ModelFile, scenario: Scenario, parameters: PlanParameters, recovery: Recovery, integer: Bool = false) throws(PlanError) {
        self.scenario = scenario
        self.parameters = parameters
        self.integer = integer
        var errors: [LocatedError] = []
        var feeds: [FeedEconomics] = []
        for candidate in scenario.feeds {
            let place = SourceLocation(file: scenario.file, field: "feed \(candidate.id)")
            guard let feed = model.feed(candidate.id) else {
                errors.append(LocatedError(place, "unknown feed \"\(candidate.id)\"; expected an id of the model's feeds (\(model.feeds.map(\.id).joined(separator: ", ")))"))
                continue
            }
            guard let entry = model.flowsheet.feedEntry[candidate.id] else {
                errors.append(LocatedError(place, "feed \"\(candidate.id)\" has no entry process in the model's plant.feed_entry"))
                continue
            }
            feeds.append(try FeedEconomics(feed: feed, candidate: candidate, entry: entry, parameters: parameters,
                                           recovery: recovery, cathodeStream: scenario.cathodeStream))
        }
        if !errors.isEmpty { throw .input(errors) }
        self.feeds = feeds

        var lp = LinearProgram(sense: .maximize)
        let p = parameters
        feedVariables = feeds.map { feed in
            let lower = p.value("feed.\(feed.id).min_t"), upper = p.value("feed.\(feed.id).max_t")
            return lp.addVariable(feed.id, lower: lower, upper: upper, objective: feed.net,
                                  boundName: "availability of \(feed.id) (\(formatNumber(lower))..\(formatNumber(upper)) t)")
        }
        let x = feedVariables
        let smelter = feeds.indices.filter { feeds[$0].entry == scenario.smelter }
        // Capacity as a decision (MIP): one binary per option, exactly one chosen; the capacities scale with its
        // level and the fixed costs with its share. Otherwise capacity is given and the fixed costs are a constant.
        let fixed = p.fixedCosts
        let options = integer ? scenario.capacityOptions : []
        let choose = options.map { option in
            lp.addVariable("capacity option \(option.name)", lower: 0, upper: 1,
                           objective: -(option.fixedCostShare * fixed + option.oneOffUSD), isInteger: true)
        }
        fixedCostConstant = options.isEmpty ? fixed : 0
        capacityOptions = options
        capacityVariables = choose
        if !choose.isEmpty { lp.addConstraint("one capacity option", choose.map { ($0, 1) }, lower: 1, upper: 1) }
        func capacityRow(_ name: String, _ terms: [(Int, Double)], _ full: Double) {
            if choose.isEmpty { lp.addConstraint(name, terms, upper: full) }
            else { lp.addConstraint(name, terms + zip(choose, options).map { ($0, -$1.level * full) }, upper: 0) }
        }
        capacityRow("cathode capacity [t Cu]", feeds.indices.map { (x[$0], feeds[$0].cathodeCu) }, p.value("capacity"))
        if let cap = p["smelter_capacity_t"] {
            capacityRow("smelter feed capacity [t]", smelter.map { (x[$0], 1) }, cap.value)
        }
        let processIDs = Set(model.flowsheet.processes.map(\.id))
        for line in scenario.lineCapacities {
            if let unknown = line.processes.first(where: { !processIDs.contains($0) }) {
                throw .input([LocatedError(SourceLocation(file: scenario.file, field: "key line_capacities (\(line.name))"),
                                           "unknown process \"\(unknown)\"; expected a process of the model (\(processIDs.sorted().joined(separator: ", ")))")])
            }
            let terms: [(Int, Double)] = feeds.indices.compactMap { i in
                guard line.processes.contains(feeds[i].entry) else { return nil }
                switch line.basis {
                case .feed: return (x[i], 1)
                case .product:
                    // Priced product streams of the line's processes, t per t of feed.
                    let t = feeds[i].products.filter { stream, _ in line.processes.contains { stream.hasPrefix("\($0).") } }
                        .flatMap { $0.value }.filter { p["price.\($0.key)"] != nil }.reduce(0) { $0 + $1.value }
                    return (x[i], t)
                }
            }
            guard !terms.isEmpty else { continue }   // no candidate feed enters the line
            lp.addConstraint("\(line.name) capacity [t \(line.basis == .feed ? "feed" : "product")]", terms, upper: p.value("line.\(line.name).limit_t"))
        }
        let escrapMax = p.value("escrap_share_max", default: 1)
        lp.addConstraint("e-scrap share of smelter feed <= \(formatPlain(escrapMax * 100))%",
                         smelter.map { (x[$0], (feeds[$0].basis == .escrap ? 1 : 0) - escrapMax) }, upper: 0)
        let concMin = p.value("concentrate_share_min")
        lp.addConstraint("concentrate share of smelter feed >= \(formatPlain(concMin * 100))% (heat/sulfur balance)",
                         smelter.map { (x[$0], (feeds[$0].basis == .concentrate ? 1 : 0) - concMin) }, lower: 0)
        if let asMax = p["blend_as_max"] {
            lp.addConstraint("blend As <= \(formatPlain(asMax.value)) wt%",
                             smelter.map { (x[$0], (feeds[$0].contents["As"] ?? 0) - asMax.value / 100) }, upper: 0)
        }
        let ratio = p.value("min_recycling_ratio")
        if ratio > 0 {
            lp.addConstraint("recycling ratio >= \(formatPlain(ratio * 100))%",
                             feeds.indices.map { (x[$0], ((feeds[$0].isRecycled ? 1 : 0) - ratio) * feeds[$0].cathodeCu) }, lower: 0)
        }
        var tiers: [PenaltyTier] = []
        let penaltyNames = p.names.compactMap { name -> String? in
            guard name.hasPrefix("penalty."), name.hasSuffix(".free") else { return nil }
            return String(name.dropFirst("penalty.".count).dropLast(".free".count))
        }
        for name in penaltyNames {
            guard let free = p["penalty.\(name).free"], let unitText = free.unit, let unit = ConcentrationUnit(symbol: unitText) else { continue }
            let elements = name.split(separator: "_").map(String.init)
            let content = smelter.map { i in elements.reduce(0) { $0 + (feeds[i].contents[$1] ?? 0) } }
            guard content.contains(where: { $0 > free.value * unit.fraction }) else { continue }   // nothing above the free level
            let step = p.value("penalty.\(name).step", default: 1) * unit.fraction
            let reject = p["penalty.\(name).reject"].map { $0.value * unit.fraction }
            var levels: [(Double, Double)] = [(free.value * unit.fraction, p.value("penalty.\(name).usd_per_step") / step)]
            if let explicit = scenario.penaltyTiers[name] {
                levels = explicit.map { ($0.above * unit.fraction, $0.usdPerStep / step) }
            }
            for k in levels.indices.dropFirst() where levels[k].1 < levels[k - 1].1 {
                throw .input([LocatedError(SourceLocation(file: scenario.file, field: "key penalty_tiers.\(name)[\(k)]"),
                                           "penalty rates must not fall from tier to tier (a concave cost is not linear-programmable); found \(formatPlain(levels[k].1 * step)) after \(formatPlain(levels[k - 1].1 * step)) $/dmt per step")])
            }
            var tierVars: [Int] = []
            for (k, level) in levels.enumerated() {
                let upper = k + 1 < levels.count ? levels[k + 1].0 : reject
                let v = lp.addVariable("\(name) penalty tier \(k + 1)", objective: -level.1)
                tierVars.append(v)
                tiers.append(PenaltyTier(penalty: name, from: level.0 / unit.fraction, to: upper.map { $0 / unit.fraction }, rate: level.1, unit: unitText, variable: v))
                if let upper {
                    let label = k + 1 == levels.count ? "\(name) reject level \(formatPlain(upper / unit.fraction)) \(unitText) (blend)"
                        : "\(name) penalty tier \(k + 1) width (\(formatPlain(level.0 / unit.fraction))..\(formatPlain(upper / unit.fraction)) \(unitText))"
                    lp.addConstraint(label, [(v, 1)] + smelter.map { (x[$0], -(upper - level.0)) }, upper: 0)
                }
            }
            let base = levels[0].0
            lp.addConstraint("\(name) in smelter blend above free level [t \(name.replacingOccurrences(of: "_", with: "+"))]",
                             tierVars.map { ($0, 1.0) } + smelter.enumerated().map { (x[$1], -(content[$0] - base)) }, lower: 0)
        }
        self.tiers = tiers
        if integer {
            for (i, candidate) in scenario.feeds.enumerated() where candidate.wholeContract || candidate.minLotTonnes != nil {
                let upper = p.value("feed.\(candidate.id).max_t")
                let y = lp.addVariable("buy \(candidate.id)", lower: 0, upper: 1, isInteger: true)
                if candidate.wholeContract {
                    lp.addConstraint("\(candidate.id): whole contract \(formatNumber(upper)) t or nothing", [(x[i], 1), (y, -upper)], lower: 0, upper: 0)
                } else if let lot = candidate.minLotTonnes {
                    lp.addConstraint("\(candidate.id): minimum lot \(formatNumber(lot)) t", [(x[i], 1), (y, -lot)], lower: 0)
                    lp.addConstraint("\(candidate.id): bought only if chosen", [(x[i], 1), (y, -upper)], upper: 0)
                }
            }
        }
        program = lp
    }
}
