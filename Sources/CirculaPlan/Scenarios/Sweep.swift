import CirculaCore

/// `PARAM=FROM:TO:STEP`. Aliases: `tc` (RC follows at the 10:1 benchmark ratio: TC $80/t ↔ RC 8 ¢/lb),
/// `cu_price` (= `price.Cu`, USD/t), `escrap_availability` (total `max_t` of the e-scrap feeds, t, split in
/// their current proportions), `capacity` (cathode capacity, t Cu/y); any other name is a `PlanParameters` name.
///
/// ```swift
/// let spec = try SweepSpec.parse("tc=80:-20:10")   // 80, 70, ..., -20
/// ```
public struct SweepSpec: Sendable, Codable {
    public var parameter: String
    public var from: Double
    public var to: Double
    public var step: Double

    public var values: [Double] {
        let count = Int((abs(to - from) / abs(step) + 1e-9).rounded(.down))
        let signed = to >= from ? abs(step) : -abs(step)
        return (0...count).map { from + Double($0) * signed }
    }

    public static func parse(_ text: String) throws(PlanError) -> SweepSpec {
        let bad = PlanError.input([LocatedError(SourceLocation(file: "--sweep"), "expected PARAM=FROM:TO:STEP with a non-zero step (e.g. tc=80:-20:10), found \"\(text)\"")])
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty else { throw bad }
        // Negative numbers contain '-', so split on ':' only.
        let numbers = parts[1].split(separator: ":").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard numbers.count == 3, let from = numbers[0], let to = numbers[1], let step = numbers[2], step != 0 else { throw bad }
        return SweepSpec(parameter: parts[0], from: from, to: to, step: step)
    }
}

/// One point of a sweep.
public struct SweepPoint: Sendable, Codable {
    public var value: Double
    public var status: LPStatus
    public var margin: Double
    public var tonnes: [String: Double]
    public var concentrateTonnes: Double
    public var recycledFeedTonnes: Double
    public var cathodeCopperTonnes: Double
    public var recyclingRatio: Double
    public var binding: [String]
    /// Margin before fixed costs [USD].
    public var contribution: Double = 0
    /// The capacity option chosen (MIP with capacity options).
    public var capacityChoice: String? = nil
}

public struct SweepResult: Sendable, Codable {
    public var parameter: String
    public var unit: String
    public var points: [SweepPoint]
    /// Plain-language answer: does the plan cut concentrate and raise recycled feed along the sweep, and where?
    public var finding: String
}

/// Re-solves the plan for each value of one parameter.
public enum Sweep {
    public static func run(_ planner: FeedMixPlanner, _ spec: SweepSpec, integer: Bool = false) throws(PlanError) -> SweepResult {
        var points: [SweepPoint] = []
        var unit = ""
        for value in spec.values {
            var p = planner.parameters
            unit = try apply(spec.parameter, value, to: &p, scenario: planner.scenario)
            let plan = try planner.plan(parameters: p, integer: integer, diagnose: false, ranging: false)
            points.append(SweepPoint(value: value, status: plan.status, margin: plan.margin,
                                     tonnes: Dictionary(uniqueKeysWithValues: plan.feeds.map { ($0.id, $0.tonnes) }),
                                     concentrateTonnes: plan.concentrateTonnes, recycledFeedTonnes: plan.recycledFeedTonnes,
                                     cathodeCopperTonnes: plan.cathodeCopperTonnes, recyclingRatio: plan.recyclingRatio,
                                     binding: plan.binding.map(\.name), contribution: plan.breakdown?.contribution ?? 0,
                                     capacityChoice: plan.capacityChoice?.name))
        }
        return SweepResult(parameter: spec.parameter, unit: unit, points: points, finding: finding(spec.parameter, unit, points))
    }

    /// Sets a sweep parameter; returns its unit for display.
    public static func apply(_ name: String, _ value: Double, to p: inout PlanParameters, scenario: Scenario) throws(PlanError) -> String {
        switch name {
        case "tc":
            try p.set("tc", value, source: "sweep")
            try p.set("rc", value / 10, source: "sweep (RC = TC/10)")
            return "USD/dmt (RC = TC/10 USc/lb)"
        case "cu_price":
            try p.set("price.Cu", value, source: "sweep")
            return p["price.Cu"]?.unit ?? "USD/t"
        case "capacity":
            try p.set("capacity", value, source: "sweep")
            return "t Cu/y"
        case "escrap_availability":
            let ids = scenario.feeds.filter { $0.basis == .escrap }.map(\.id)
            guard !ids.isEmpty else { throw .input([LocatedError(SourceLocation(file: scenario.file), "escrap_availability: the scenario has no feed with basis escrap")]) }
            let total = ids.reduce(0) { $0 + p.value("feed.\($1).max_t") }
            for id in ids {
                let share = total > 0 ? p.value("feed.\(id).max_t") / total : 1 / Double(ids.count)
                try p.set("feed.\(id).max_t", value * share, source: "sweep")
                if p.value("feed.\(id).min_t") > value * share { try p.set("feed.\(id).min_t", value * share, source: "sweep") }
            }
            return "t/y e-scrap"
        default:
            try p.set(name, value, source: "sweep")
            return p[name]?.unit ?? ""
        }
    }

    static func finding(_ name: String, _ unit: String, _ points: [SweepPoint]) -> String {
        let optimal = points.filter { $0.status == .optimal }
        guard !optimal.isEmpty else { return "No value of \(name) gives a feasible plan." }
        return ([marginFinding(name, unit, optimal), capacityFinding(name, unit, optimal)].compactMap { $0 } + [mixFinding(name, unit, optimal)])
            .joined(separator: " ")
    }

    /// Where the margin (after fixed costs) changes sign, interpolated linearly between sweep points.
    static func marginFinding(_ name: String, _ unit: String, _ points: [SweepPoint]) -> String? {
        for (a, b) in zip(points, points.dropFirst()) where (a.margin >= 0) != (b.margin >= 0) {
            let at = a.value + (b.value - a.value) * a.margin / (a.margin - b.margin)
            return "The margin after fixed costs turns \(b.margin < 0 ? "negative" : "positive") between \(name) = \(formatPlain(a.value)) and \(formatPlain(b.value)) \(unit) "
                + "(≈ \(formatNumber(at, decimals: 1)); \(formatNumber(a.margin / 1e6, decimals: 1)) → \(formatNumber(b.margin / 1e6, decimals: 1)) M USD)."
        }
        let sign = points[0].margin < 0 ? "negative" : "positive"
        return "The margin after fixed costs stays \(sign) over the sweep (\(formatNumber(points.map(\.margin).min()! / 1e6, decimals: 1))..\(formatNumber(points.map(\.margin).max()! / 1e6, decimals: 1)) M USD)."
    }

    /// Where the capacity decision (MIP) leaves full capacity: cutting or closing beats running.
    static func capacityFinding(_ name: String, _ unit: String, _ points: [SweepPoint]) -> String? {
        guard let firstChoice = points.first?.capacityChoice else { return nil }
        for (a, b) in zip(points, points.dropFirst()) where a.capacityChoice != b.capacityChoice {
            return "Between \(name) = \(formatPlain(a.value)) and \(formatPlain(b.value)) \(unit) the best capacity decision changes from \(a.capacityChoice ?? "-") to \(b.capacityChoice ?? "-"): "
                + "from there \(b.capacityChoice ?? "-") beats \(a.capacityChoice ?? "-") (margin \(formatNumber(b.margin / 1e6, decimals: 1)) M USD)."
        }
        return "The best capacity decision is \(firstChoice) over the whole sweep."
    }

    static func mixFinding(_ name: String, _ unit: String, _ optimal: [SweepPoint]) -> String {
        let first = optimal[0]
        for (i, point) in optimal.enumerated().dropFirst()
        where point.concentrateTonnes < first.concentrateTonnes - 1 && point.recycledFeedTonnes > first.recycledFeedTonnes + 1 {
            let previous = optimal[i - 1]
            return "Between \(name) = \(formatPlain(previous.value)) and \(formatPlain(point.value)) \(unit) the best plan starts to cut concentrate "
                + "(\(formatNumber(first.concentrateTonnes, decimals: 0)) t at \(formatPlain(first.value)) → \(formatNumber(point.concentrateTonnes, decimals: 0)) t) "
                + "and raise recycled feed (\(formatNumber(first.recycledFeedTonnes, decimals: 0)) t → \(formatNumber(point.recycledFeedTonnes, decimals: 0)) t); "
                + "at \(formatPlain(optimal.last!.value)): concentrate \(formatNumber(optimal.last!.concentrateTonnes, decimals: 0)) t, recycled feed "
                + "\(formatNumber(optimal.last!.recycledFeedTonnes, decimals: 0)) t, recycling ratio \(formatNumber(optimal.last!.recyclingRatio * 100, decimals: 1)) %."
        }
        let last = optimal.last!
        let concChange = last.concentrateTonnes - first.concentrateTonnes
        let binding = Set(optimal.flatMap(\.binding)).sorted()
        return "Over \(name) = \(formatPlain(first.value))..\(formatPlain(last.value)) \(unit) the plan does not both cut concentrate and raise recycled feed: "
            + "concentrate changes by \(formatNumber(concChange, decimals: 0)) t and recycled feed by \(formatNumber(last.recycledFeedTonnes - first.recycledFeedTonnes, decimals: 0)) t. "
            + "Why: the binding limits are \(binding.joined(separator: "; ")) — recycled feed is already at what availability and the smelter-feed "
            + "shares allow, and concentrate stays worth buying while its metal, gold and acid credits exceed processing cost."
    }
}
