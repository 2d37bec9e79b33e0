import CirculaCore

/// Every figure the feed-mix model reads, by one flat name, each a `SourcedValue` (value, unit,
/// source key, assumed mark). Built from the model's economics for the scenario's year and the
/// scenario's own figures; the scenario's `overrides` and the sweeps change values by these names.
///
/// Names: `tc` [USD/dmt], `rc` [USc/lb], `price.Cu` [USD/t] (each metal in its file unit),
/// `conc.Cu.pay_pct`, `conc.Au.deduct`, `conc.Au.rc`, `escrap.tc`, `escrap.Au.pay_pct`,
/// `penalty.As.free` (in the penalty's unit), `penalty.As.usd_per_step`, `penalty.As.reject`,
/// `acid.t_per_t_s`, `capacity` [t Cu/y], `escrap_share_max`, `concentrate_share_min`, `blend_as_max` [wt%],
/// plant figures from the scenario (`smelter_capacity_t`, `acid_capture`, `processing_cost.<process>`,
/// `fixed_cost.<item>` [USD/y: labour, maintenance, depreciation],
/// `refining_cost_usd_per_t_cu`, `min_recycling_ratio`) and per feed `feed.<id>.min_t`, `feed.<id>.max_t`,
/// `feed.<id>.tc`, `feed.<id>.penalty`, `feed.<id>.<metal>.pay_pct`.
///
/// ```swift
/// var parameters = try PlanParameters(economics: economics, scenario: scenario)
/// parameters.set("tc", 0)   // keeps the unit, marks the source "override"
/// ```
public struct PlanParameters: Sendable {
    public private(set) var values: [String: SourcedValue] = [:]
    /// Names in the order they were added (for listing).
    public private(set) var names: [String] = []
    /// The price year actually used per metal (earlier than the scenario year when the model has no newer price).
    public private(set) var priceYears: [String: Double] = [:]

    public subscript(_ name: String) -> SourcedValue? { values[name] }

    public func value(_ name: String, default fallback: Double = 0) -> Double { values[name]?.value ?? fallback }

    public mutating func add(_ name: String, _ value: SourcedValue) {
        if values[name] == nil { names.append(name) }
        values[name] = value
    }

    /// Changes a known figure; fails with the list of names when `name` is unknown.
    public mutating func set(_ name: String, _ value: Double, source: String = "override") throws(PlanError) {
        guard var figure = values[name] else { throw .input([LocatedError(SourceLocation(file: "parameters"), unknownMessage(name))]) }
        figure.value = value
        figure.source = source
        figure.assumed = false
        values[name] = figure
    }

    func unknownMessage(_ name: String) -> String {
        let close = names.filter { $0.hasPrefix(name.split(separator: ".").first.map(String.init) ?? name) }.prefix(12)
        return "unknown parameter \"\(name)\"; expected one of \(close.isEmpty ? names.prefix(20).joined(separator: ", ") + ", ..." : close.joined(separator: ", "))"
    }

    public init() {}

    /// The plant's fixed costs per year (every `fixed_cost.*` figure) [USD/y].
    public var fixedCosts: Double {
        names.filter { $0.hasPrefix("fixed_cost.") }.reduce(0) { $0 + value($1) }
    }

    public init(economics: Economics, scenario: Scenario) throws(PlanError) {
        var errors: [LocatedError] = []
        let here = SourceLocation(file: scenario.file, field: "key year")
        if let benchmark = economics.benchmark(year: scenario.year) {
            add("tc", benchmark.tc)
            add("rc", benchmark.rc)
        } else {
            errors.append(LocatedError(here, "no TC/RC benchmark for year \(formatPlain(scenario.year)); expected one of \(economics.benchmarks.map { formatPlain($0.year) }.joined(separator: ", ")) or overrides tc and rc"))
            add("tc", SourcedValue(value: 0, unit: "USD/dmt"))
            add("rc", SourcedValue(value: 0, unit: "USc/lb"))
        }
        let metals = Set(economics.prices.map(\.metal)).sorted()
        for metal in metals {
            guard let price = economics.price(metal, year: scenario.year) else { continue }
            add("price.\(metal)", price.value)
            priceYears[metal] = price.year
        }
        for product in scenario.productPrices {
            guard let price = economics.price(product.compound, year: scenario.year) else {
                errors.append(LocatedError(SourceLocation(file: scenario.file, field: "key product_prices.\(product.element)"),
                                           "no price for \"\(product.compound)\" in the model's economics.prices; expected one of \(metals.joined(separator: ", "))"))
                continue
            }
            var value = price.value
            value.value *= product.factor
            value.source = "\(price.value.source ?? "no source") × \(formatPlain(product.factor)) (\(product.source ?? "stoichiometry"))"
            value.note = "\(product.compound) price per t of \(product.element)"
            add("price.\(product.element)", value)
            priceYears[product.element] = price.year
        }
        for (prefix, payables) in [("conc", economics.concentratePayables), ("escrap", economics.escrapPayables)] {
            for (metal, terms) in payables.sorted(by: { $0.key < $1.key }) { addPayable("\(prefix).\(metal)", terms) }
        }
        add("escrap.tc", economics.escrapTreatmentCharge)
        for penalty in economics.penalties {
            let unit = ConcentrationUnit(symbol: penalty.unit)?.fraction ?? 1
            func inUnit(_ v: SourcedValue) -> SourcedValue { var c = v; c.value /= unit; c.unit = penalty.unit; return c }
            add("penalty.\(penalty.name).free", inUnit(penalty.free))
            add("penalty.\(penalty.name).step", inUnit(penalty.step))
            add("penalty.\(penalty.name).usd_per_step", penalty.usdPerStep)
            if let reject = penalty.rejectAbove { add("penalty.\(penalty.name).reject", inUnit(reject)) }
        }
        add("capacity", economics.cathodeCapacity.withUnit("t Cu/y"))
        add("escrap_share_max", economics.escrapShareMax.withUnit("fraction"))
        add("concentrate_share_min", economics.concentrateShareMin.withUnit("fraction"))
        add("blend_as_max", economics.blendAsMax.withUnit("wt%"))
        add("acid.t_per_t_s", economics.acidPerTonneSulfur.withUnit("t H2SO4/t S"))
        for (key, figure) in scenario.figures.sorted(by: { $0.key < $1.key }) { add(key, figure) }
        for line in scenario.lineCapacities { add("line.\(line.name).limit_t", line.limit.withUnit("t")) }
        if values["min_recycling_ratio"] == nil { add("min_recycling_ratio", SourcedValue(value: 0, unit: "fraction")) }
        for feed in scenario.feeds {
            add("feed.\(feed.id).min_t", feed.minTonnes)
            add("feed.\(feed.id).max_t", feed.maxTonnes)
            if let charge = feed.treatmentCharge { add("feed.\(feed.id).tc", charge) }
            if let penalty = feed.penaltyCharge { add("feed.\(feed.id).penalty", penalty.withUnit("USD/t")) }
            for (metal, terms) in feed.terms.sorted(by: { $0.key < $1.key }) { addPayable("feed.\(feed.id).\(metal)", terms) }
        }
        // Calibrated values, then overrides, then scales: each names a parameter that must already exist.
        func amend(_ key: String, _ change: (inout SourcedValue) -> Void) {
            guard var current = values[key] else {
                errors.append(LocatedError(scenario.overrideLocations[key] ?? SourceLocation(file: scenario.file), unknownMessage(key)))
                return
            }
            change(&current)
            values[key] = current
        }
        for (key, figure) in scenario.calibrated.sorted(by: { $0.key < $1.key }) {
            amend(key) { $0.value = figure.value; $0.source = figure.source; $0.assumed = figure.assumed; $0.note = figure.note }
        }
        for (key, figure) in scenario.overrides.sorted(by: { $0.key < $1.key }) {
            amend(key) { $0.value = figure.value; $0.source = figure.source; $0.assumed = figure.assumed }
        }
        for (key, scale) in scenario.scales.sorted(by: { $0.key < $1.key }) {
            amend(key) { current in
                current.value *= scale.factor
                current.source = "\(current.source ?? "no source") × \(formatPlain(scale.factor)) (\(scale.source ?? "scenario \(scenario.file)"))"
                current.assumed = true
                current.note = scale.note ?? current.note
            }
        }
        if !errors.isEmpty { throw .input(errors) }
    }

    private mutating func addPayable(_ prefix: String, _ terms: Economics.Payable) {
        add("\(prefix).pay_pct", terms.payPct)
        if let d = terms.deductUnits ?? terms.deductGramsPerTonne { add("\(prefix).deduct", d) }
        if let rc = terms.rcUSDPerOzt { add("\(prefix).rc", rc) }
    }

    /// A price in USD per kg of metal, from the file's unit (USD/t, USD/ozt, USD/lb, USD/kg).
    public func pricePerKg(_ metal: String) -> Double? {
        guard let price = values["price.\(metal)"] else { return nil }
        switch price.unit {
        case "USD/t": return price.value / 1000
        case "USD/kg": return price.value
        case "USD/ozt": return price.value / troyOunceKg
        case "USD/lb": return price.value / poundKg
        default: return nil
        }
    }
}

/// 1 troy ounce in kg (31.1034768 g).
public let troyOunceKg = 0.0311034768
/// 1 avoirdupois pound in kg.
public let poundKg = 0.45359237

extension SourcedValue {
    /// The same figure with a unit when the file gave none.
    func withUnit(_ unit: String) -> SourcedValue {
        var copy = self
        if copy.unit == nil { copy.unit = unit }
        return copy
    }
}
