import CirculaCore

/// Fits a scenario's free `assumed` figures to a published year (`calibration` section).
///
/// The plan at the calibration year's prices and TC/RC is solved again and again while two figures
/// move: a common scale on the recycled feeds' availabilities sets the recycled copper in cathode,
/// and the output figure (the main concentrate's availability) sets the cathode output. Each is a
/// monotone, piecewise-linear function of its figure (LP parametrics), so each is fitted by
/// bisection, alternating until both residuals stop changing (the two interact only through shared
/// limits such as the smelter-feed shares). When a target cannot be reached (a limit binds first),
/// the residual says by how much.
///
/// ```swift
/// let result = try Calibration.run(try FeedMixPlanner(scenario: try Scenario.bundledDefault()))
/// result.residuals   // plan − target, t and fraction
/// result.yamlSection // the `calibrated:` section to ship
/// ```
public struct CalibrationResult: Sendable, Codable {
    public struct Fitted: Sendable, Codable {
        public var name: String
        public var before: Double
        public var after: Double
        public var unit: String?
    }

    public struct Residual: Sendable, Codable {
        public var quantity: String
        public var target: Double
        public var plan: Double
        public var residual: Double { plan - target }
        public var unit: String
        public var source: String?
    }

    public var scenario: String
    public var year: Double
    public var fitted: [Fitted]
    public var residuals: [Residual]
    public var iterations: Int
    public var plan: FeedMixPlan

    /// The `calibrated:` section of the scenario, regenerable by `circula plan calibrate --write`.
    public var yamlSection: String {
        var lines = [Calibration.marker,
                     "# Fitted to FY\(formatPlain(year)) at that year's prices and TC/RC; residuals (plan − target): "
                        + residuals.map { "\($0.quantity) \(formatPlain(($0.residual * ($0.unit == "fraction" ? 1e6 : 1)).rounded() / ($0.unit == "fraction" ? 1e6 : 1))) \($0.unit)" }.joined(separator: "; "),
                     "calibrated:"]
        for figure in fitted {
            let value = (figure.after * 10).rounded() / 10
            lines.append("  \(figure.name): {value: \(formatPlain(value)), unit: \(figure.unit ?? "t"), source: circula_plan_calibrate_fy\(formatPlain(year)), note: \"fitted; was \(formatPlain(figure.before))\"}")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

public enum Calibration {
    /// The line that starts the generated section; everything after it is replaced on `--write`.
    public static let marker = "# --- calibrated by `circula plan calibrate` (regenerate, do not edit) ---"

    public static func run(_ planner: FeedMixPlanner) throws(PlanError) -> CalibrationResult {
        guard let targets = planner.scenario.calibration else {
            throw .input([LocatedError(SourceLocation(file: planner.scenario.file, field: "key calibration"),
                                       "missing key \"calibration\"; expected year, cathode_t, recycled_cu_t, recycling_ratio and free {output, recycled}")])
        }
        var scenario = planner.scenario
        scenario.year = targets.year
        let atYear = try FeedMixPlanner(scenario: scenario, model: planner.model)
        var p = atYear.parameters
        for name in [targets.outputFigure] + targets.recycledFigures where p[name] == nil {
            throw .input([LocatedError(SourceLocation(file: scenario.file, field: "key calibration.free"), p.unknownMessage(name))])
        }
        let base = Dictionary(uniqueKeysWithValues: targets.recycledFigures.map { ($0, p.value($0)) })
        let outputBefore = p.value(targets.outputFigure)

        func solve(_ p: PlanParameters) throws(PlanError) -> FeedMixPlan {
            try atYear.plan(parameters: p, diagnose: false, ranging: false)
        }
        /// Sets a figure; an availability below its contract minimum takes the minimum down with it.
        func setFigure(_ name: String, _ value: Double, _ p: inout PlanParameters) throws(PlanError) {
            try p.set(name, value, source: "calibration")
            let minimum = name.replacingOccurrences(of: ".max_t", with: ".min_t")
            if minimum != name, let m = p[minimum], m.value > value { try p.set(minimum, value, source: "calibration") }
        }
        func setScale(_ scale: Double, _ p: inout PlanParameters) throws(PlanError) {
            for (name, value) in base { try setFigure(name, value * scale, &p) }
        }
        /// Smallest x in [lo, hi] with f(x) ≥ target for a non-decreasing f (or hi when none).
        func bisect(_ lo: Double, _ hi: Double, _ target: Double, _ f: (Double) throws(PlanError) -> Double) throws(PlanError) -> Double {
            var lo = lo, hi = hi
            if try f(hi) < target { return hi }
            if try f(lo) >= target { return lo }
            for _ in 0..<60 where hi - lo > 1e-7 * max(1, hi) {
                let mid = (lo + hi) / 2
                if try f(mid) >= target { hi = mid } else { lo = mid }
            }
            return hi
        }
        var scale = 1.0, output = outputBefore
        var iterations = 0
        var last = (Double.infinity, Double.infinity)
        for _ in 0..<8 {
            iterations += 1
            try setFigure(targets.outputFigure, output, &p)
            scale = try bisect(0, 10, targets.recycledCopperTonnes.value) { (s: Double) throws(PlanError) -> Double in
                var q = p
                try setScale(s, &q)
                let plan = try solve(q)
                return plan.status == .optimal ? plan.recycledCopperTonnes : -1
            }
            try setScale(scale, &p)
            output = try bisect(0, 10 * max(outputBefore, 1), targets.cathodeTonnes.value) { (v: Double) throws(PlanError) -> Double in
                var q = p
                try setFigure(targets.outputFigure, v, &q)
                let plan = try solve(q)
                return plan.status == .optimal ? plan.cathodeCopperTonnes : -1
            }
            try setFigure(targets.outputFigure, output, &p)
            let plan = try solve(p)
            let now = (plan.recycledCopperTonnes - targets.recycledCopperTonnes.value, plan.cathodeCopperTonnes - targets.cathodeTonnes.value)
            if abs(now.0 - last.0) < 1e-3 && abs(now.1 - last.1) < 1e-3 { break }
            last = now
        }
        // Fixed costs: scaled together so that the margin is zero at the break-even TC (RC = TC/10) of the
        // calibration year. The fixed costs do not change the mix, so this is one division, after the mix is fitted.
        var fixedFitted: [CalibrationResult.Fitted] = []
        var breakevenResidual: CalibrationResult.Residual?
        if let breakeven = targets.breakevenTC, !targets.fixedFigures.isEmpty {
            for name in targets.fixedFigures where p[name] == nil {
                throw .input([LocatedError(SourceLocation(file: scenario.file, field: "key calibration.free.fixed"), p.unknownMessage(name))])
            }
            var q = p
            try q.set("tc", breakeven.value, source: "calibration")
            try q.set("rc", breakeven.value / 10, source: "calibration (RC = TC/10)")
            let atBreakeven = try solve(q)
            let contribution = atBreakeven.breakdown?.contribution ?? 0
            let others = q.fixedCosts - targets.fixedFigures.reduce(0) { $0 + q.value($1) }
            let current = targets.fixedFigures.reduce(0) { $0 + p.value($1) }
            let factor = current > 0 ? max(0, contribution - others) / current : 0
            for name in targets.fixedFigures {
                fixedFitted.append(.init(name: name, before: p.value(name), after: p.value(name) * factor, unit: p[name]?.unit))
                try p.set(name, p.value(name) * factor, source: "calibration")
                try q.set(name, q.value(name) * factor, source: "calibration")
            }
            let check = try solve(q)
            breakevenResidual = .init(quantity: "margin at break-even TC \(formatPlain(breakeven.value)) USD/dmt", target: 0, plan: check.margin, unit: "USD",
                                      source: breakeven.source)
        }
        let plan = try solve(p)
        let fitted = [CalibrationResult.Fitted(name: targets.outputFigure, before: outputBefore, after: output, unit: p[targets.outputFigure]?.unit)]
            + targets.recycledFigures.map { CalibrationResult.Fitted(name: $0, before: base[$0] ?? 0, after: (base[$0] ?? 0) * scale, unit: p[$0]?.unit) }
            + fixedFitted
        let residuals = [
            CalibrationResult.Residual(quantity: "cathode output", target: targets.cathodeTonnes.value, plan: plan.cathodeCopperTonnes, unit: "t", source: targets.cathodeTonnes.source),
            CalibrationResult.Residual(quantity: "recycled copper in cathode", target: targets.recycledCopperTonnes.value, plan: plan.recycledCopperTonnes, unit: "t",
                                       source: targets.recycledCopperTonnes.source),
            CalibrationResult.Residual(quantity: "recycling ratio", target: targets.recyclingRatio.value, plan: plan.recyclingRatio, unit: "fraction",
                                       source: targets.recyclingRatio.source),
        ] + (breakevenResidual.map { [$0] } ?? [])
        return CalibrationResult(scenario: scenario.name, year: targets.year, fitted: fitted, residuals: residuals, iterations: iterations, plan: plan)
    }

    /// The scenario text with its generated `calibrated:` section replaced by `section` (appended when absent).
    public static func replacingSection(in text: String, with section: String) -> String {
        let head: Substring
        if let range = text.range(of: marker) { head = text[..<range.lowerBound] } else { head = Substring(text) }
        var kept = String(head)
        while kept.hasSuffix("\n\n") { kept.removeLast() }
        if !kept.hasSuffix("\n") { kept += "\n" }
        return kept + "\n" + section
    }
}
