import Foundation
import CirculaCore

/// Builds and solves the feed mix of a scenario and reads the answer back.
///
/// ```swift
/// let planner = try FeedMixPlanner(scenario: try Scenario.bundledDefault())
/// let plan = try planner.plan()
/// print(plan.margin, plan.recyclingRatio)
/// ```
public struct FeedMixPlanner {
    public var model: ModelFile
    public var scenario: Scenario
    public var economics: Economics
    public var parameters: PlanParameters
    public var recovery: Recovery

    public init(scenario: Scenario, model: ModelFile? = nil) throws(PlanError) {
        let loaded: ModelFile
        if let model { loaded = model } else {
            do {
                if let path = scenario.modelPath {
                    loaded = try ModelFile.load(URL(fileURLWithPath: path))
                } else { loaded = try ModelFile.bundledDefault() }
            } catch { throw .input(error.errors) }
        }
        self.model = loaded
        self.scenario = scenario
        economics = try Economics(model: loaded)
        parameters = try PlanParameters(economics: economics, scenario: scenario)
        recovery = try Recovery(flowsheet: loaded.flowsheet)
    }

    public func buildModel(parameters override: PlanParameters? = nil, integer: Bool = false) throws(PlanError) -> FeedMixModel {
        try FeedMixModel(model: model, scenario: scenario, parameters: override ?? parameters, recovery: recovery, integer: integer)
    }

    /// The year month by month (12-period LP; MIP with `integer`).
    public func monthly(parameters override: PlanParameters? = nil, integer: Bool = false) throws(PlanError) -> MonthlyPlan {
        let annual = try buildModel(parameters: override, integer: integer)
        return try MonthlyModel(annual: annual, settings: scenario.months ?? MonthlySettings()).solve()
    }

    /// Solves; an infeasible plan comes back with `conflicting` filled by the deletion filter.
    public func plan(parameters override: PlanParameters? = nil, integer: Bool = false, diagnose: Bool = true, ranging: Bool = true) throws(PlanError) -> FeedMixPlan {
        let mix = try buildModel(parameters: override, integer: integer)
        let solution = try LPSolver.solve(mix.program, integer: integer, ranging: ranging)
        var conflicting: [String] = []
        if solution.status == .infeasible && diagnose {
            conflicting = try InfeasibilityDiagnosis.irreducibleInfeasibleSubset(mix.program)
        }
        return Self.read(mix, solution, conflicting: conflicting)
    }

    static func read(_ mix: FeedMixModel, _ s: LPSolution, conflicting: [String]) -> FeedMixPlan {
        let p = mix.parameters
        let ok = s.status == .optimal
        var feeds: [FeedMixPlan.FeedLine] = []
        var breakdown = FeedMixPlan.Breakdown(metalValue: [:], metalPaid: [:], acidCredit: 0, paidForPayableMetal: 0, chargesReceived: 0, feedPenalties: 0,
                                              penalties: 0, processing: 0, fixedCosts: 0, margin: 0)
        var cathode = 0.0, recycled = 0.0
        var products: [String: [String: Double]] = [:]
        for (i, feed) in mix.feeds.enumerated() {
            let v = mix.feedVariables[i]
            let x = ok ? s.values[v] : 0
            let range = s.ranges.first { $0.variable == feed.id }
            let atLower = abs(x - (mix.program.variables[v].lower ?? 0)) < 1e-6
            feeds.append(.init(id: feed.id, name: feed.name, basis: feed.basis, recycled: feed.isRecycled, entry: feed.entry, tonnes: x,
                               minTonnes: p.value("feed.\(feed.id).min_t"), maxTonnes: p.value("feed.\(feed.id).max_t"),
                               netUSDPerTonne: feed.net, cathodeCuTonnes: x * feed.cathodeCu,
                               reducedCost: ok && !s.isMIP && atLower ? s.reducedCosts[v] : nil,
                               rangeLower: range?.lower, rangeUpper: range?.upper))
            for (metal, value) in feed.revenue { breakdown.metalValue[metal, default: 0] += value * x }
            breakdown.acidCredit += feed.acidCredit * x
            breakdown.paidForPayableMetal += feed.payment * x
            for (metal, value) in feed.paymentByMetal { breakdown.metalPaid[metal, default: 0] += value * x }
            breakdown.chargesReceived += feed.chargesReceived * x
            breakdown.processing += feed.processing * x
            cathode += feed.cathodeCu * x
            if feed.isRecycled { recycled += feed.cathodeCu * x }
            for (stream, layers) in feed.products {
                for (layer, t) in layers { products[stream, default: [:]][layer, default: 0] += t * x * 1000 }
            }
        }
        let tierTonnes = mix.tiers.map { ok ? s.values[$0.variable] : 0 }
        breakdown.penalties = zip(mix.tiers, tierTonnes).reduce(0) { $0 + $1.0.rate * $1.1 }
        breakdown.feedPenalties = zip(mix.feeds, feeds).reduce(0) { $0 + $1.0.penaltiesReceived * $1.1.tonnes }
        var choice: CapacityOption?
        if ok, let k = mix.capacityVariables.indices.first(where: { s.values[mix.capacityVariables[$0]] > 0.5 }) {
            choice = mix.capacityOptions[k]
        }
        breakdown.fixedCosts = choice.map { $0.fixedCostShare * p.fixedCosts + $0.oneOffUSD } ?? mix.fixedCostConstant
        breakdown.margin = ok ? s.objective - mix.fixedCostConstant : 0
        var binding: [FeedMixPlan.ConstraintLine] = []
        if ok {
            for (i, row) in mix.program.constraints.enumerated() where s.rowAtBound[i] || abs(s.duals[i]) > 1e-9 {
                let tight = [row.lower, row.upper].contains { $0.map { abs($0 - s.rowActivities[i]) <= 1e-6 * max(1, abs($0)) } ?? false }
                guard tight else { continue }
                binding.append(.init(name: row.name, activity: s.rowActivities[i], lower: row.lower, upper: row.upper, shadowPrice: s.duals[i]))
            }
        }
        let productLines = products.sorted { $0.key < $1.key }.flatMap { stream, layers in
            layers.sorted { $0.key < $1.key }.filter { $0.value > 1e-9 }.map { FeedMixPlan.ProductLine(stream: stream, element: $0.key, kilograms: $0.value) }
        }
        let parameters = p.names.map { name in
            let v = p[name]!
            return FeedMixPlan.ParameterLine(name: name, value: v.value, unit: v.unit, source: v.source, assumed: v.assumed)
        }
        var plan = FeedMixPlan(scenario: mix.scenario.name, year: mix.scenario.year, period: mix.scenario.period, status: s.status, integer: s.isMIP,
                           feeds: feeds, breakdown: ok ? breakdown : nil, cathodeCopperTonnes: cathode, recycledCopperTonnes: recycled,
                           recyclingRatio: cathode > 0 ? recycled / cathode : 0, products: productLines, binding: binding,
                           penaltyTiers: mix.tiers, tierTonnes: tierTonnes, conflicting: conflicting, parameters: parameters,
                           capacityChoice: choice, capacityOptions: mix.capacityOptions.map(\.name))
        plan.cathodeStream = mix.scenario.cathodeStream
        plan.notes = notes(mix, plan, s)
        return plan
    }

    /// Says when the minimum recycling ratio binds and is met by producing less cathode than the capacity allows.
    static func notes(_ mix: FeedMixModel, _ plan: FeedMixPlan, _ s: LPSolution) -> [String] {
        guard plan.status == .optimal else { return [] }
        var notes: [String] = []
        let ratio = mix.parameters.value("min_recycling_ratio")
        let capacity = mix.parameters.value("capacity") * (plan.capacityChoice?.level ?? 1)
        if ratio > 0, plan.binding.contains(where: { $0.name.hasPrefix("recycling ratio >=") }), plan.cathodeCopperTonnes < capacity - 1 {
            notes.append("the \(formatNumber(ratio * 100, decimals: 1)) % minimum recycling ratio binds and is reached by cutting output: cathode "
                + "\(formatNumber(plan.cathodeCopperTonnes, decimals: 0)) t of \(formatNumber(capacity, decimals: 0)) t capacity "
                + "(\(formatNumber((capacity - plan.cathodeCopperTonnes), decimals: 0)) t less), because recycled feed is at its limit "
                + "(\(formatNumber(plan.recycledFeedTonnes, decimals: 0)) t); more recycled copper, not less concentrate, is what raises the ratio without losing output")
        }
        if let b = plan.breakdown, b.margin < 0 {
            notes.append("the margin is negative (\(formatNumber(b.margin / 1e6, decimals: 1)) M USD): at these terms the plant does not cover its fixed costs")
        }
        return notes
    }
}
