import ArgumentParser
import CirculaCore
import CirculaPlan
import Foundation

/// `circula outlook`: the recycling-ratio path from the dynamic stock model.
struct OutlookCommand: ParsableCommand, PrintsNumbers {
    static let configuration = CommandConfiguration(
        commandName: "outlook",
        abstract: "Project old-scrap availability and the recycling ratio to a horizon (dynamic stock model, flodym convention)."
    )

    @Argument(help: "Stock model YAML. Default: the bundled default-stock-model.yaml.")
    var file: String?

    @Option(help: "Last year of the projection.")
    var to: Int?

    @Option(help: "Write an SVG chart of the ratio path against the goal.")
    var chart: String?

    @Option(help: "Write the stock model's series as JSON for the flodym peer (bench/plan/peers/flodym_stock.py).")
    var exportCase: String?

    @OptionGroup var output: FormatOption

    @Option(help: "Monte Carlo draws (default: the file's uncertainty.draws; 0 = no Monte Carlo).")
    var draws: Int?

    func run() throws {
        let model: StockModelFile
        let outlook: Outlook
        var study: MonteCarloOutlook?
        do {
            if let file { model = try StockModelFile.load(URL(fileURLWithPath: file), displayName: file) } else { model = try StockModelFile.bundledDefault() }
            outlook = try Outlook.compute(model, to: to)
            if let exportCase {
                try StockCase(model, to: to).json().write(toFile: exportCase, atomically: true, encoding: .utf8)
            }
            if model.uncertainty != nil && draws != 0 {
                if let draws, draws < 0 { throw PlanError.input([LocatedError(SourceLocation(file: "--draws"), "expected a non-negative number of draws, found \(draws)")]) }
                study = try MonteCarloOutlook.run(model, to: to, draws: draws)
            }
        } catch { throw fail(error) }
        if let chart { try OutlookChart.svg(outlook, fan: study).write(toFile: chart, atomically: true, encoding: .utf8) }
        let fan = Dictionary(uniqueKeysWithValues: (study?.fan ?? []).map { ($0.year, $0) })
        var head = ["year", "cathode [kt]", "in-use stock [kt]", "stock change [kt]", "inflow [kt]", "end-of-life [kt]", "not collected/recovered [kt]",
                    "old scrap available [kt]", "not captured [kt]", "recycled feed [kt]", "recycling ratio [%]"]
        if study != nil { head += ["p5 [%]", "p50 [%]", "p95 [%]"] }
        head.append("goal [%]")
        var table = TextTable(head, rightAligned: Set(0..<head.count))
        for y in outlook.years {
            var row = [String(y.year), num(y.cathodeOutputTonnes / 1000, decimals: 1), num(y.inUseStockTonnes / 1000, decimals: 0), num(y.stockChangeTonnes / 1000, decimals: 1),
                       num(y.inflowTonnes / 1000, decimals: 1), num(y.endOfLifeTonnes / 1000, decimals: 1), num(y.notCollectedTonnes / 1000, decimals: 1),
                       num(y.oldScrapAvailableTonnes / 1000, decimals: 1), num(y.notCapturedTonnes / 1000, decimals: 1),
                       num(y.recycledFeedTonnes / 1000, decimals: 1), num(y.recyclingRatio * 100, decimals: 2)]
            if study != nil, let f = fan[y.year] { row += [num(f.p5 * 100, decimals: 1), num(f.p50 * 100, decimals: 1), num(f.p95 * 100, decimals: 1)] }
            row.append(y.goal > 0 ? num(y.goal * 100, decimals: 0) : (outlook.milestoneYear == y.year ? num((outlook.milestoneRatio ?? 0) * 100, decimals: 0) + " (milestone)" : "-"))
            table.add(row)
        }
        switch output.format {
        case .json:
            var withStudy = outlook
            withStudy.monteCarlo = study
            print(try snakeJSON(withStudy))
        case .csv: print(table.csv())
        case .table:
            print("Recycling-ratio outlook — \(outlook.name)")
            print("Convention: \(outlook.convention)")
            print("Anchor: \(num(outlook.anchorRatio * 100, decimals: 1)) % in \(outlook.anchorYear) (\(num(outlook.anchorRecycledTonnes, decimals: 0)) t recycled of \(num(outlook.cathodeOutputTonnes, decimals: 0)) t cathode) → capture share \(num(outlook.captureShare * 100, decimals: 2)) % of old scrap available\n")
            print(table.render())
            if outlook.elements.count > 1 {
                let shown = Set([outlook.anchorYear, outlook.milestoneYear ?? outlook.anchorYear, outlook.years.last!.year])
                var elements = TextTable(["element", "year", "in-use stock [t]", "end-of-life [t]", "old scrap available [t]", "losses [t]"], rightAligned: [1, 2, 3, 4, 5])
                for path in outlook.elements {
                    for (k, year) in path.years.enumerated() where shown.contains(year) {
                        let d = path.element == "Cu" ? 0 : 1
                        elements.add([path.element, String(year), num(path.inUseStockTonnes[k], decimals: d), num(path.endOfLifeTonnes[k], decimals: d),
                                      num(path.oldScrapAvailableTonnes[k], decimals: d), num(path.lossTonnes[k], decimals: d)])
                    }
                }
                print("\nElements in the stock (t per t Cu of each sector's products; losses = end-of-life not collected or not recovered):\n" + elements.render())
            }
            let last = outlook.years.last!
            if let year = outlook.goalReachedYear {
                print("\nCentral path: the \(num(outlook.goalRatio * 100, decimals: 0)) % goal is reached in \(year).")
            } else {
                let needed = outlook.goalRatio * last.cathodeOutputTonnes - last.recycledFeedTonnes
                print("\nCentral path: the \(num(outlook.goalRatio * 100, decimals: 0)) % goal is not reached by \(last.year): \(num(last.recyclingRatio * 100, decimals: 1)) %, short by \(num(needed / 1000, decimals: 0)) kt/y of recycled copper.")
            }
            if let study {
                print("\nMonte Carlo: \(study.draws) draws (seed \(study.seed)) of \(study.sensitivity.count) assumed drivers.")
                print("Probability of reaching \(num(study.goalRatio * 100, decimals: 0)) % by \(study.goalYear): \(num(study.probabilityOfGoal * 100, decimals: 1)) %"
                      + (study.probabilityOfMilestone.map { "; of reaching the \(outlook.milestoneYear.map(String.init) ?? "") milestone (\(num((outlook.milestoneRatio ?? 0) * 100, decimals: 0)) %): \(num($0 * 100, decimals: 1)) %" } ?? ""))
                var ranking = TextTable(["rank", "driver", "Spearman ρ with \(study.goalYear) ratio", "source"], rightAligned: [0, 2])
                for (i, s) in study.sensitivity.enumerated() {
                    ranking.add([String(i + 1), s.driver, num(s.spearman, decimals: 3), (s.source ?? "-") + (s.assumed ? " (assumed)" : "")])
                }
                print("\nDrivers ranked by influence on the \(study.goalYear) ratio:\n" + ranking.render())
            }
            if let chart { print("Chart: \(chart)") }
        }
    }
}

/// JSON with snake_case keys (the library's Codable names are camelCase).
func snakeJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
