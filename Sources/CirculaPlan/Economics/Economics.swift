import CirculaCore

/// The `economics` and `constraints` sections of a model, typed. Every figure is a `SourcedValue`
/// that keeps its `source` key and `assumed` mark.
///
/// ```swift
/// let model = try ModelFile.bundledDefault()
/// let economics = try Economics(model: model)
/// economics.benchmark(year: 2025)?.tc.value   // 21.25 $/dmt, source reuters_2025_benchmark
/// ```
public struct Economics: Sendable {
    /// Annual TC/RC benchmark: TC in $/dmt, RC in US cents per lb of payable copper.
    public struct Benchmark: Sendable {
        public var year: Double
        public var tc: SourcedValue
        public var rc: SourcedValue
        public var label: String?
    }

    /// Payable terms for one metal: pay `payPct` % of the content after a deduction, less a refining charge.
    public struct Payable: Sendable {
        public var payPct: SourcedValue
        /// Minimum deduction in wt% units (copper) — content minus this is the cap on payable %.
        public var deductUnits: SourcedValue?
        /// Deduction in g/t (precious metals).
        public var deductGramsPerTonne: SourcedValue?
        public var rcUSDPerOzt: SourcedValue?
    }

    /// A penalty schedule: `usdPerStep` $/dmt for each `step` above `free`; reject above `rejectAbove`.
    /// Levels are stored as mass fractions; `unit` is the unit the file used.
    public struct Penalty: Sendable {
        public var name: String
        /// The elements whose contents add up (`Pb_Zn` → Pb + Zn).
        public var elements: [String]
        public var free: SourcedValue
        public var step: SourcedValue
        public var usdPerStep: SourcedValue
        public var rejectAbove: SourcedValue?
        public var unit: String
    }

    /// A metal price with its unit (USD/t, USD/ozt, USD/lb, USD/kg).
    public struct Price: Sendable {
        public var metal: String
        public var year: Double
        public var value: SourcedValue
    }

    public var benchmarks: [Benchmark]
    public var concentratePayables: [String: Payable]
    public var penalties: [Penalty]
    public var escrapTreatmentCharge: SourcedValue
    public var escrapPayables: [String: Payable]
    public var prices: [Price]
    public var acidPerTonneSulfur: SourcedValue
    public var cathodeCapacity: SourcedValue
    public var escrapShareMax: SourcedValue
    public var concentrateShareMin: SourcedValue
    public var blendAsMax: SourcedValue

    public func benchmark(year: Double) -> Benchmark? { benchmarks.first { $0.year == year } }

    /// The price for `year`, or the latest earlier one (the caller shows the year used).
    public func price(_ metal: String, year: Double) -> Price? {
        prices.filter { $0.metal == metal && $0.year <= year }.max { $0.year < $1.year }
    }

    public init(model: ModelFile) throws(PlanError) {
        var errors: [LocatedError] = []
        func attempt<T>(_ body: () throws -> T) -> T? {
            do { return try body() } catch let error as LocatedError { errors.append(error) } catch {
                errors.append(LocatedError(SourceLocation(file: model.file), "\(error)"))
            }
            return nil
        }
        let root = model.root
        let economics = attempt { try root.required("economics") }
        let constraints = attempt { try root.required("constraints") }
        guard let economics, let constraints else { throw .input(errors) }

        benchmarks = attempt { () throws(LocatedError) -> [Benchmark] in
            try economics.required("tc_rc_benchmark").items().map { item throws(LocatedError) in
                let source = try item.optionalString("source")
                return Benchmark(year: try item.double("year"),
                                 tc: SourcedValue(value: try item.double("tc_usd_per_dmt"), unit: "USD/dmt", source: source, assumed: try item.flag("assumed")),
                                 rc: SourcedValue(value: try item.double("rc_usc_per_lb"), unit: "USc/lb", source: source, assumed: try item.flag("assumed")),
                                 label: try item.optionalString("label"))
            }
        } ?? []
        concentratePayables = attempt { try Economics.payables(try economics.required("payables_concentrate"), metals: ["Cu", "Au", "Ag"]) } ?? [:]
        penalties = attempt { () throws(LocatedError) -> [Penalty] in
            try economics.required("penalties_concentrate").entries().map { name, row throws(LocatedError) in try Economics.penalty(name, row) }
        } ?? []
        let escrap = attempt { try economics.required("escrap_terms") }
        escrapTreatmentCharge = escrap.flatMap { e in attempt { try SourcedValue(try e.required("treatment_charge_usd_per_t")) } } ?? SourcedValue(value: 0)
        escrapPayables = escrap.flatMap { e in attempt { try Economics.payables(e) } } ?? [:]
        prices = attempt { () throws(LocatedError) -> [Price] in
            try economics.required("prices").items().map { item throws(LocatedError) in
                Price(metal: try item.string("metal"), year: try item.double("year"), value: try SourcedValue(item))
            }
        } ?? []
        acidPerTonneSulfur = attempt { try SourcedValue(try economics.required("byproduct_credit").required("sulfuric_acid_t_per_t_conc_S")) }
            ?? SourcedValue(value: 0)
        cathodeCapacity = attempt { try SourcedValue(try constraints.required("facility_capacity").required("electrolytic_copper_t_per_y")) }
            ?? SourcedValue(value: 0)
        let smelter = attempt { try constraints.required("smelter_feed") }
        escrapShareMax = smelter.flatMap { s in attempt { try SourcedValue(try s.required("escrap_share_max_of_new_charge")) } } ?? SourcedValue(value: 1)
        concentrateShareMin = smelter.flatMap { s in attempt { try SourcedValue(try s.required("concentrate_share_min_for_autogenous")) } } ?? SourcedValue(value: 0)
        blendAsMax = smelter.flatMap { s in attempt { try SourcedValue(try s.required("blend_As_max_wt_pct")) } } ?? SourcedValue(value: 100)
        if !errors.isEmpty { throw .input(errors) }
    }

    /// Payable terms by metal; `metals` nil = every entry that has a `pay_pct` (any element the terms name).
    static func payables(_ section: YAMLCursor, metals: [String]? = nil) throws(LocatedError) -> [String: Payable] {
        var result: [String: Payable] = [:]
        let names: [String]
        if let metals { names = metals } else { names = try section.entries().filter { $0.value.optional("pay_pct") != nil }.map(\.key) }
        for metal in names {
            guard let row = section.optional(metal) else { continue }
            let source = try row.optionalString("source"), assumed = try row.flag("assumed")
            func figure(_ key: String, _ unit: String) throws(LocatedError) -> SourcedValue? {
                try row.optionalDouble(key).map { SourcedValue(value: $0, unit: unit, source: source, assumed: assumed) }
            }
            guard let pay = try figure("pay_pct", "%") else { throw row.error("missing key \"pay_pct\"") }
            let units1 = try figure("min_deduction_units", "wt% units"), units2 = try figure("deduct_units", "wt% units")
            let grams1 = try figure("deduct_g_per_dmt", "g/t"), grams2 = try figure("deduct_g_per_t", "g/t")
            result[metal] = Payable(payPct: pay, deductUnits: units1 ?? units2, deductGramsPerTonne: grams1 ?? grams2,
                                    rcUSDPerOzt: try figure("rc_usd_per_ozt", "USD/ozt"))
        }
        return result
    }

    static func penalty(_ name: String, _ row: YAMLCursor) throws(LocatedError) -> Penalty {
        let unitText = try row.string("unit")
        guard let unit = ConcentrationUnit(symbol: unitText) else {
            throw try row.required("unit").error("expected a concentration unit (wt%, g/t, ppm), found \"\(unitText)\"")
        }
        let source = try row.optionalString("source"), assumed = try row.flag("assumed")
        func level(_ key: String) throws(LocatedError) -> SourcedValue? {
            try row.optionalDouble(key).map { SourcedValue(value: MassFraction($0, unit).value, unit: "fraction", source: source, assumed: assumed) }
        }
        guard let free = try level("free"), let step = try level("step"), step.value > 0 else {
            throw row.error("expected free and a positive step")
        }
        return Penalty(name: name, elements: name.split(separator: "_").map(String.init), free: free, step: step,
                       usdPerStep: SourcedValue(value: try row.double("usd_per_step"), unit: "USD/dmt per step", source: source, assumed: assumed),
                       rejectAbove: try level("reject_above"), unit: unitText)
    }
}
