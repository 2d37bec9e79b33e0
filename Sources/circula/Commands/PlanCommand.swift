import ArgumentParser
import CirculaCore
import CirculaPlan
import Foundation

/// `circula plan`: the feed mix (default subcommand `solve`) and the calibration of a scenario.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Optimise the feed mix of a scenario (GLPK); sweep a parameter; chart the sweep; calibrate.",
        subcommands: [PlanSolveCommand.self, PlanCalibrateCommand.self],
        defaultSubcommand: PlanSolveCommand.self
    )
}

/// `circula plan [solve]`: the feed mix that maximises margin under a scenario's charges, prices and limits.
struct PlanSolveCommand: ParsableCommand, PrintsNumbers {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Optimise the feed mix of a scenario (GLPK); sweep a parameter; chart the sweep (the default of `circula plan`)."
    )

    @Argument(help: "Scenario YAML, or a bundled scenario: default, cut-fy2025, capacity-reduction. Default: default (year 2025).")
    var file: String?

    @Option(help: "Sweep a parameter: PARAM=FROM:TO:STEP (tc, cu_price, escrap_availability, capacity, or any parameter name).")
    var sweep: String?

    @Flag(help: "Integer plan: whole contracts and minimum lots (glp_intopt).")
    var mip = false

    @Flag(help: "Plan the year month by month (12-period LP: monthly availability, feed and anode stocks, contract minimums).")
    var months = false

    @Option(help: "Write an SVG chart of the sweep (margin, recycled feed, recycling ratio).")
    var chart: String?

    @Option(help: "Another scenario (YAML or bundled name) to plan and show side by side, with what changes in words (repeatable).")
    var compare: [String] = []

    @OptionGroup var output: FormatOption

    func run() throws {
        let scenario: Scenario
        let planner: FeedMixPlanner
        do {
            if let file { scenario = try Scenario.resolve(file) } else { scenario = try Scenario.bundledDefault() }
            planner = try FeedMixPlanner(scenario: scenario)
        } catch { throw fail(error) }
        if let sweep {
            try runSweep(planner, sweep)
            return
        }
        if !compare.isEmpty {
            try runCompare(planner)
            return
        }
        if months {
            try runMonths(planner)
            return
        }
        let plan: FeedMixPlan
        do { plan = try planner.plan(integer: mip) } catch { throw fail(error) }
        switch output.format {
        case .json: print(try snakeJSON(plan))
        case .csv: print(feedTable(plan).csv())
        case .table: printPlan(plan)
        }
        if plan.status != .optimal { throw ExitCode(2) }
    }

    func runSweep(_ planner: FeedMixPlanner, _ text: String) throws {
        let result: SweepResult
        do {
            let spec = try SweepSpec.parse(text)
            result = try Sweep.run(planner, spec, integer: mip)
        } catch { throw fail(error) }
        if let chart {
            try SweepChart.svg(result).write(toFile: chart, atomically: true, encoding: .utf8)
        }
        switch output.format {
        case .json: print(try snakeJSON(result))
        case .csv: print(sweepTable(result).csv())
        case .table:
            print("Sweep of \(result.parameter) [\(result.unit)] — scenario \(planner.scenario.name), year \(formatPlain(planner.scenario.year))\(mip ? ", integer" : "")\n")
            print(sweepTable(result).render())
            print("\nFinding: \(result.finding)")
            if let chart { print("Chart: \(chart)") }
        }
    }

    func runMonths(_ planner: FeedMixPlanner) throws {
        let plan: MonthlyPlan
        do { plan = try planner.monthly(integer: mip) } catch { throw fail(error) }
        var table = TextTable(["month", "bought [t]", "used [t]", "feed stock [t]", "anode Cu stock [t]", "cathode Cu [t]", "recycled Cu [t]", "recycling ratio [%]"],
                              rightAligned: Set(0..<8))
        for m in plan.months {
            table.add([String(m.month), num(m.boughtTonnes, decimals: 0), num(m.usedTonnes, decimals: 0), num(m.feedStockTonnes, decimals: 0),
                       num(m.anodeStockTonnes, decimals: 0), num(m.cathodeTonnes, decimals: 0), num(m.recycledCopperTonnes, decimals: 0), num(m.recyclingRatio * 100, decimals: 2)])
        }
        switch output.format {
        case .json: print(try snakeJSON(plan))
        case .csv: print(table.csv())
        case .table:
            print("Year month by month — scenario \(plan.scenario)\(plan.integer ? ", integer (MIP)" : ""): \(plan.rows) rows, \(plan.columns) columns")
            print("Status: \(plan.status.rawValue)\n")
            if plan.status != .optimal {
                if !plan.conflicting.isEmpty {
                    print("No feasible plan. These constraints conflict (irreducible infeasible subset, deletion filter):")
                    for name in plan.conflicting { print("  - \(name)") }
                    print("No plan meets all \(plan.conflicting.count) at once, and relaxing any one of them makes a plan possible: change one of these figures.")
                }
            } else {
                print(table.render())
                print("\nMargin after fixed costs \(num(plan.margin / 1e6, decimals: 2)) M USD (fixed costs \(num(plan.fixedCosts / 1e6, decimals: 2)) M USD); "
                      + "cathode copper \(num(plan.cathodeTonnes, decimals: 0)) t, recycling ratio \(num(plan.recyclingRatio * 100, decimals: 2)) %")
            }
        }
        if plan.status != .optimal { throw ExitCode(2) }
    }

    func runCompare(_ base: FeedMixPlanner) throws {
        var plans: [FeedMixPlan] = []
        do {
            plans.append(try base.plan(integer: mip))
            for path in compare {
                let scenario = try Scenario.resolve(path)
                plans.append(try FeedMixPlanner(scenario: scenario).plan(integer: mip))
            }
        } catch { throw fail(error) }
        let names = [file ?? "default"] + compare
        var table = TextTable(["quantity"] + names, rightAligned: Set(1...names.count))
        func value(_ plan: FeedMixPlan, _ name: String) -> String {
            plan.parameters.first { $0.name == name }.map { formatPlain($0.value) } ?? "-"
        }
        table.add(["status"] + plans.map(\.status.rawValue))
        table.add(["TC [USD/dmt]"] + plans.map { value($0, "tc") })
        table.add(["RC [USc/lb]"] + plans.map { value($0, "rc") })
        table.add(["Cu price [USD/t]"] + plans.map { value($0, "price.Cu") })
        table.add(["margin [M USD]"] + plans.map { num($0.margin / 1e6, decimals: 2) })
        table.add(["fixed costs [M USD]"] + plans.map { num(($0.breakdown?.fixedCosts ?? 0) / 1e6, decimals: 2) })
        table.add(["capacity [t Cu]"] + plans.map { value($0, "capacity") })
        let feedIDs = plans.flatMap { $0.feeds.map(\.id) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for id in feedIDs { table.add(["\(id) [t]"] + plans.map { num($0.tonnes(id), decimals: 0) }) }
        table.add(["concentrate [t]"] + plans.map { num($0.concentrateTonnes, decimals: 0) })
        table.add(["recycled feed [t]"] + plans.map { num($0.recycledFeedTonnes, decimals: 0) })
        table.add(["cathode Cu [t]"] + plans.map { num($0.cathodeCopperTonnes, decimals: 0) })
        table.add(["recycling ratio [%]"] + plans.map { num($0.recyclingRatio * 100, decimals: 2) })
        switch output.format {
        case .json: print(try snakeJSON(plans))
        case .csv: print(table.csv())
        case .table:
            print(table.render())
            print("")
            for plan in plans.dropFirst() { print("Answer: " + PlanComparison.answer(base: plans[0], other: plan)) }
        }
    }

    func sweepTable(_ result: SweepResult) -> TextTable {
        let feedIDs = result.points.first?.tonnes.keys.sorted() ?? []
        let decided = result.points.contains { $0.capacityChoice != nil }
        let head = [result.parameter, "status", "margin [M USD]", "contribution [M USD]"] + (decided ? ["capacity"] : [])
            + ["concentrate [t]", "recycled feed [t]", "cathode Cu [t]", "recycling ratio [%]"] + feedIDs.map { "\($0) [t]" }
        var table = TextTable(head, rightAligned: Set(0..<head.count).subtracting(decided ? [1, 4] : [1]))
        for point in result.points {
            table.add([num(point.value), point.status.rawValue, num(point.margin / 1e6, decimals: 2), num(point.contribution / 1e6, decimals: 2)]
                + (decided ? [point.capacityChoice ?? "-"] : [])
                + [num(point.concentrateTonnes, decimals: 0), num(point.recycledFeedTonnes, decimals: 0), num(point.cathodeCopperTonnes, decimals: 0),
                   num(point.recyclingRatio * 100, decimals: 2)] + feedIDs.map { num(point.tonnes[$0] ?? 0, decimals: 0) })
        }
        return table
    }

    func feedTable(_ plan: FeedMixPlan) -> TextTable {
        var table = TextTable(["feed", "basis", "recycled", "enters", "tonnes [t]", "min [t]", "max [t]", "net [USD/t]", "cathode Cu [t]",
                               "reduced cost [USD/t]", "range low [USD/t]", "range high [USD/t]"], rightAligned: [4, 5, 6, 7, 8, 9, 10, 11])
        for f in plan.feeds {
            table.add([f.id, f.basis.rawValue, f.recycled ? "yes" : "no", f.entry, num(f.tonnes, decimals: 0), num(f.minTonnes, decimals: 0),
                       num(f.maxTonnes, decimals: 0), num(f.netUSDPerTonne, decimals: 2), num(f.cathodeCuTonnes, decimals: 0),
                       f.reducedCost.map { num($0, decimals: 2) } ?? "-",
                       plan.integer ? "-" : f.rangeLower.map { num($0, decimals: 2) } ?? "-inf",
                       plan.integer ? "-" : f.rangeUpper.map { num($0, decimals: 2) } ?? "+inf"])
        }
        return table
    }

    func printPlan(_ plan: FeedMixPlan) {
        print("Feed-mix plan — scenario \(plan.scenario), prices and TC/RC of \(formatPlain(plan.year)), period \(plan.period)\(plan.integer ? ", integer (MIP)" : "")")
        let used = Dictionary(uniqueKeysWithValues: plan.parameters.map { ($0.name, $0) })
        for key in ["tc", "rc", "price.Cu", "price.Au", "capacity"] {
            if let p = used[key] { print("  \(key) = \(formatPlain(p.value)) \(p.unit ?? "") [\(p.source ?? "no source")\(p.assumed ? ", assumed" : "")]") }
        }
        print("Status: \(plan.status.rawValue)\n")
        guard plan.status == .optimal, let b = plan.breakdown else {
            if !plan.conflicting.isEmpty {
                print("No feasible plan. These constraints conflict (irreducible infeasible subset, deletion filter):")
                for name in plan.conflicting { print("  - \(name)") }
                print("No plan meets all \(plan.conflicting.count) at once, and relaxing any one of them makes a plan possible: change one of these figures.")
            }
            return
        }
        print(feedTable(plan).render())
        print("\nMargin \(num(b.margin / 1e6, decimals: 2)) M USD =")
        // Each metal: value in products, what the suppliers were paid for it, what the smelter keeps.
        var metals = TextTable(["metal", "value in products [M USD]", "paid to suppliers [M USD]", "kept [M USD]"], rightAligned: [1, 2, 3])
        for (metal, value) in b.metalValue.sorted(by: { $0.value > $1.value }) where value > 0.5e5 {
            let paid = b.metalPaid[metal] ?? 0
            metals.add([metal, num(value / 1e6, decimals: 2), num(paid / 1e6, decimals: 2), num((value - paid) / 1e6, decimals: 2)])
        }
        let other = b.metalValue.filter { $0.value <= 0.5e5 }
        let otherPaid = other.keys.reduce(0) { $0 + (b.metalPaid[$1] ?? 0) }
        let otherValue = other.values.reduce(0, +)
        metals.add(["other", num(otherValue / 1e6, decimals: 2), num(otherPaid / 1e6, decimals: 2), num((otherValue - otherPaid) / 1e6, decimals: 2)])
        for line in metals.render().split(separator: "\n") { print("    " + line) }
        let kept = b.metalValue.values.reduce(0, +) - b.paidForPayableMetal
        for (label, value) in [("+ metal kept (value − paid)", kept), ("+ sulfuric-acid credit", b.acidCredit),
                               ("+ TC/RC, treatment charges, penalties", b.chargesReceived), ("− blend impurity penalties", -b.penalties),
                               ("− variable processing", -b.processing), ("= contribution", b.contribution), ("− fixed costs", -b.fixedCosts)] {
            print("  \(label)".padding(toLength: 40, withPad: " ", startingAt: 0) + num(value / 1e6, decimals: 2).leftPadded(10) + " M USD")
        }
        if let choice = plan.capacityChoice {
            print("  capacity decision: \(choice.name) (level \(num(choice.level * 100, decimals: 0)) %, fixed-cost share \(num(choice.fixedCostShare * 100, decimals: 0)) %, one-off \(num(choice.oneOffUSD / 1e6, decimals: 1)) M USD) of \(plan.capacityOptions.joined(separator: ", "))")
        }
        for note in plan.notes { print("Note: \(note)") }
        print("\nCathode copper \(num(plan.cathodeCopperTonnes, decimals: 0)) t, of which recycled \(num(plan.recycledCopperTonnes, decimals: 0)) t: recycling ratio \(num(plan.recyclingRatio * 100, decimals: 2)) %")
        var products = TextTable(["stream", "element", "output"], rightAligned: [2])
        // Metals in the cathode other than Cu are impurities, not products.
        let priced = Set(plan.parameters.compactMap { $0.name.hasPrefix("price.") ? String($0.name.dropFirst("price.".count)) : nil })
        for line in plan.products where priced.contains(line.element) && (line.stream != plan.cathodeStream || line.element == "Cu") {
            let text = line.element == "Cu" || line.kilograms > 1e6 ? "\(num(line.kilograms / 1000, decimals: 0)) t" : "\(num(line.kilograms, decimals: 0)) kg"
            products.add([line.stream, line.element, text])
        }
        print("\nPredicted products (flowsheet transfer coefficients):\n" + products.render())
        var binding = TextTable(["binding constraint", "activity", "bound", "shadow price"], rightAligned: [1, 2, 3])
        for row in plan.binding {
            binding.add([row.name, num(row.activity, decimals: 1), num(row.upper ?? row.lower ?? 0, decimals: 1),
                         plan.integer ? "-" : num(row.shadowPrice, decimals: 2)])
        }
        print("\nBinding constraints (shadow price: USD of margin per unit of the bound):\n" + binding.render())
        let assumed = plan.parameters.filter(\.assumed).count
        print("\n\(assumed) of \(plan.parameters.count) figures are marked assumed (see --format json, key parameters).")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
