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

    func run() throws {
        let model: StockModelFile
        let outlook: Outlook
        do {
            if let file { model = try StockModelFile.load(URL(fileURLWithPath: file), displayName: file) } else { model = try StockModelFile.bundledDefault() }
            outlook = try Outlook.compute(model, to: to)
            if let exportCase {
                try StockCase(model, to: to).json().write(toFile: exportCase, atomically: true, encoding: .utf8)
            }
        } catch let error as PlanError { throw fail(error) }
        if let chart { try OutlookChart.svg(outlook).write(toFile: chart, atomically: true, encoding: .utf8) }
        var table = TextTable(["year", "in-use stock [kt]", "inflow [kt]", "end-of-life [kt]", "old scrap available [kt]", "recycled feed [kt]", "recycling ratio [%]", "goal [%]"],
                              rightAligned: Set(0..<8))
        for y in outlook.years {
            table.add([String(y.year), num(y.inUseStockTonnes / 1000, decimals: 0), num(y.inflowTonnes / 1000, decimals: 1),
                       num(y.endOfLifeTonnes / 1000, decimals: 1), num(y.oldScrapAvailableTonnes / 1000, decimals: 1),
                       num(y.recycledFeedTonnes / 1000, decimals: 1), num(y.recyclingRatio * 100, decimals: 2),
                       y.goal > 0 ? num(y.goal * 100, decimals: 0) : "-"])
        }
        switch output.format {
        case .json: print(try snakeJSON(outlook))
        case .csv: print(table.csv())
        case .table:
            print("Recycling-ratio outlook — \(outlook.name)")
            print("Convention: \(outlook.convention)")
            print("Anchor: \(num(outlook.anchorRatio * 100, decimals: 1)) % in \(outlook.anchorYear) at \(num(outlook.cathodeOutputTonnes, decimals: 0)) t cathode → capture share \(num(outlook.captureShare * 100, decimals: 2)) % of old scrap available\n")
            print(table.render())
            let last = outlook.years.last!
            if let year = outlook.goalReachedYear {
                print("\nThe \(num(outlook.goalRatio * 100, decimals: 0)) % goal is reached in \(year).")
            } else {
                let needed = outlook.goalRatio * outlook.cathodeOutputTonnes - last.recycledFeedTonnes
                print("\nThe \(num(outlook.goalRatio * 100, decimals: 0)) % goal is not reached by \(last.year): \(num(last.recyclingRatio * 100, decimals: 1)) %, short by \(num(needed / 1000, decimals: 0)) kt/y of recycled copper.")
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
