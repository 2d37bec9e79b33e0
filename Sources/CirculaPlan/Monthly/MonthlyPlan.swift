import CirculaCore

/// A year month by month: the annual feed mix as a 12-period LP (MIP with whole contracts and lots).
///
/// Per feed f and month m: bought b[f,m] ≤ max_t·share[f,m] (monthly availability), used u[f,m], and
/// stock s[f,m] ≥ 0 with s[f,m−1] + b[f,m] − u[f,m] − s[f,m] = 0 (opening stock 0). Intermediate
/// (anode) copper a[m] between smelter and refinery: a[m−1] + Σ_f cathodeCu_f·u[f,m] − r[m] − a[m] = 0,
/// r[m] ≤ capacity/12, a[m] ≤ `anode_stock_max_t`, a[11] = 0. Monthly: smelter feed ≤ capacity/12,
/// e-scrap share, concentrate share and blend As as in the annual model, line capacities /12, feed
/// storage Σ_f s[f,m] ≤ `feed_storage_t`. Annual: contract minimums Σ_m b[f,m] ≥ min_t (with
/// `integer`, whole contracts Σ_m b = max_t·y and lots), the minimum recycling ratio.
/// Objective: Σ net_f·u[f,m] − holding cost·(Σ s + Σ a) − fixed costs. The annual model's blend
/// penalty tiers are not carried into the months (the As limit is).
public struct MonthlyPlan: Sendable, Codable {
    public struct Month: Sendable, Codable {
        public var month: Int
        public var boughtTonnes: Double
        public var usedTonnes: Double
        public var feedStockTonnes: Double
        public var anodeStockTonnes: Double
        public var cathodeTonnes: Double
        public var recycledCopperTonnes: Double
        public var recyclingRatio: Double
    }

    public struct FeedYear: Sendable, Codable {
        public var id: String
        public var bought: [Double]
        public var used: [Double]
        public var stock: [Double]
    }

    public var scenario: String
    public var status: LPStatus
    public var integer: Bool
    public var margin: Double
    public var fixedCosts: Double
    public var months: [Month]
    public var feeds: [FeedYear]
    public var conflicting: [String]
    public var rows: Int
    public var columns: Int

    public var cathodeTonnes: Double { months.reduce(0) { $0 + $1.cathodeTonnes } }
    public var recyclingRatio: Double {
        let c = cathodeTonnes
        return c > 0 ? months.reduce(0) { $0 + $1.recycledCopperTonnes } / c : 0
    }
}

/// Builds the 12-month program from the annual model's feed economics and parameters.
public struct MonthlyModel: Sendable {
    public var annual: FeedMixModel
    public var settings: MonthlySettings
    public var program: LinearProgram
    var buy: [[Int]] = [], use: [[Int]] = [], stock: [[Int]] = [], anode: [Int] = [], refine: [Int] = []

    public init(annual: FeedMixModel, settings: MonthlySettings) throws(PlanError) {
        self.annual = annual
        self.settings = settings
        let p = annual.parameters, feeds = annual.feeds, scenario = annual.scenario
        for id in settings.availability.keys where !feeds.contains(where: { $0.id == id }) {
            throw .input([LocatedError(SourceLocation(file: scenario.file, field: "key months.availability.\(id)"),
                                       "unknown feed \"\(id)\"; expected a candidate feed of the scenario (\(feeds.map(\.id).joined(separator: ", ")))")])
        }
        var lp = LinearProgram(sense: .maximize)
        var buy: [[Int]] = [], use: [[Int]] = [], stock: [[Int]] = []
        let hold = settings.holdingCost.value
        for feed in feeds {
            let max = p.value("feed.\(feed.id).max_t")
            let shares = settings.availability[feed.id] ?? [Double](repeating: 1.0 / 12, count: 12)
            buy.append((0..<12).map { m in lp.addVariable("buy \(feed.id) month \(m + 1)", upper: max * shares[m],
                                                          boundName: "availability of \(feed.id) in month \(m + 1) (\(formatNumber(max * shares[m], decimals: 0)) t)") })
            use.append((0..<12).map { m in lp.addVariable("use \(feed.id) month \(m + 1)", objective: feed.net) })
            stock.append((0..<12).map { m in lp.addVariable("stock \(feed.id) end of month \(m + 1)", objective: -hold) })
        }
        let anode = (0..<12).map { m in lp.addVariable("anode copper stock end of month \(m + 1)", upper: m == 11 ? 0 : settings.anodeStockMax?.value, objective: -hold) }
        let capacity = p.value("capacity") / 12
        let refine = (0..<12).map { m in lp.addVariable("refined copper month \(m + 1)", upper: capacity) }
        for (i, feed) in feeds.enumerated() {
            for m in 0..<12 {
                var terms: [(Int, Double)] = [(buy[i][m], 1), (use[i][m], -1), (stock[i][m], -1)]
                if m > 0 { terms.append((stock[i][m - 1], 1)) }
                lp.addConstraint("\(feed.id) stock balance month \(m + 1) [t]", terms, lower: 0, upper: 0)
            }
        }
        let smelter = feeds.indices.filter { feeds[$0].entry == scenario.smelter }
        let escrapMax = p.value("escrap_share_max", default: 1), concMin = p.value("concentrate_share_min")
        for m in 0..<12 {
            let month = "month \(m + 1)"
            var anodeTerms: [(Int, Double)] = feeds.indices.map { (use[$0][m], feeds[$0].cathodeCu) } + [(refine[m], -1), (anode[m], -1)]
            if m > 0 { anodeTerms.append((anode[m - 1], 1)) }
            lp.addConstraint("anode copper balance \(month) [t Cu]", anodeTerms, lower: 0, upper: 0)
            if let cap = p["smelter_capacity_t"] {
                lp.addConstraint("smelter feed capacity \(month) [t]", smelter.map { (use[$0][m], 1) }, upper: cap.value / 12)
            }
            lp.addConstraint("e-scrap share of smelter feed \(month) <= \(formatPlain(escrapMax * 100))%",
                             smelter.map { (use[$0][m], (feeds[$0].basis == .escrap ? 1 : 0) - escrapMax) }, upper: 0)
            lp.addConstraint("concentrate share of smelter feed \(month) >= \(formatPlain(concMin * 100))%",
                             smelter.map { (use[$0][m], (feeds[$0].basis == .concentrate ? 1 : 0) - concMin) }, lower: 0)
            if let asMax = p["blend_as_max"] {
                lp.addConstraint("blend As \(month) <= \(formatPlain(asMax.value)) wt%", smelter.map { (use[$0][m], (feeds[$0].contents["As"] ?? 0) - asMax.value / 100) }, upper: 0)
            }
            for line in scenario.lineCapacities {
                let members = feeds.indices.filter { line.processes.contains(feeds[$0].entry) }
                guard !members.isEmpty else { continue }
                let terms: [(Int, Double)] = members.map { i in
                    let perTonne = line.basis == .feed ? 1 : feeds[i].products.filter { stream, _ in line.processes.contains { stream.hasPrefix("\($0).") } }
                        .flatMap { $0.value }.filter { p["price.\($0.key)"] != nil }.reduce(0) { $0 + $1.value }
                    return (use[i][m], perTonne)
                }
                lp.addConstraint("\(line.name) capacity \(month)", terms, upper: p.value("line.\(line.name).limit_t") / 12)
            }
            if let storage = settings.feedStorage {
                lp.addConstraint("feed storage end of \(month) [t]", feeds.indices.map { (stock[$0][m], 1) }, upper: storage.value)
            }
        }
        for (i, feed) in feeds.enumerated() {
            let minimum = p.value("feed.\(feed.id).min_t")
            if minimum > 0 { lp.addConstraint("contract minimum of \(feed.id) (\(formatNumber(minimum, decimals: 0)) t/y)", buy[i].map { ($0, 1) }, lower: minimum) }
        }
        let ratio = p.value("min_recycling_ratio")
        if ratio > 0 {
            lp.addConstraint("recycling ratio >= \(formatPlain(ratio * 100))% (year)",
                             feeds.indices.flatMap { i in use[i].map { ($0, ((feeds[i].isRecycled ? 1 : 0) - ratio) * feeds[i].cathodeCu) } }, lower: 0)
        }
        if annual.integer {
            for (i, candidate) in scenario.feeds.enumerated() where candidate.wholeContract || candidate.minLotTonnes != nil {
                let upper = p.value("feed.\(candidate.id).max_t")
                let y = lp.addVariable("buy \(candidate.id) this year", lower: 0, upper: 1, isInteger: true)
                let total = buy[i].map { ($0, 1.0) }
                if candidate.wholeContract {
                    lp.addConstraint("\(candidate.id): whole contract \(formatNumber(upper)) t/y or nothing", total + [(y, -upper)], lower: 0, upper: 0)
                } else if let lot = candidate.minLotTonnes {
                    lp.addConstraint("\(candidate.id): minimum lot \(formatNumber(lot)) t/y", total + [(y, -lot)], lower: 0)
                    lp.addConstraint("\(candidate.id): bought only if chosen", total + [(y, -upper)], upper: 0)
                }
            }
        }
        program = lp
        self.buy = buy
        self.use = use
        self.stock = stock
        self.anode = anode
        self.refine = refine
    }

    public func solve(diagnose: Bool = true) throws(PlanError) -> MonthlyPlan {
        let s = try LPSolver.solve(program, integer: annual.integer, ranging: false)
        let ok = s.status == .optimal
        var conflicting: [String] = []
        if s.status == .infeasible && diagnose { conflicting = try InfeasibilityDiagnosis.irreducibleInfeasibleSubset(program) }
        let feeds = annual.feeds
        func v(_ j: Int) -> Double { ok ? s.values[j] : 0 }
        var months: [MonthlyPlan.Month] = []
        for m in 0..<12 {
            var cathode = 0.0, recycled = 0.0
            for (i, f) in feeds.enumerated() {
                cathode += f.cathodeCu * v(use[i][m])
                if f.isRecycled { recycled += f.cathodeCu * v(use[i][m]) }
            }
            months.append(.init(month: m + 1, boughtTonnes: feeds.indices.reduce(0) { $0 + v(buy[$1][m]) }, usedTonnes: feeds.indices.reduce(0) { $0 + v(use[$1][m]) },
                                feedStockTonnes: feeds.indices.reduce(0) { $0 + v(stock[$1][m]) }, anodeStockTonnes: v(anode[m]),
                                cathodeTonnes: cathode, recycledCopperTonnes: recycled, recyclingRatio: cathode > 0 ? recycled / cathode : 0))
        }
        let fixed = annual.parameters.fixedCosts
        return MonthlyPlan(scenario: annual.scenario.name, status: s.status, integer: s.isMIP, margin: ok ? s.objective - fixed : 0, fixedCosts: fixed,
                           months: months,
                           feeds: feeds.indices.map { i in .init(id: feeds[i].id, bought: buy[i].map(v), used: use[i].map(v), stock: stock[i].map(v)) },
                           conflicting: conflicting, rows: program.constraints.count, columns: program.variables.count)
    }
}
