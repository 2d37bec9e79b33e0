import ArgumentParser
import CirculaCore
import CirculaWorkspace
import Foundation

/// `circula lots`: validate and summarise lot files.
struct LotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lots",
        abstract: "Validate lot files and summarise what they contain.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a lot CSV and print its summary, or every error with its location.",
            discussion: "Without a file, checks the bundled sample period (synthetic lots, April 2024).")

        @Argument(help: "Lot CSV: lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],<element columns such as Cu[%], Au[g/t]>.")
        var file: String?

        @Option(name: .long, help: "Model YAML to check feed ids, categories and required assays against. Default: the bundled metallurgy.yaml.")
        var model: String?

        @OptionGroup var output: FormatOption

        func run() throws {
            let summary: LotSummary
            do { summary = try Workspace.checkLots(LotSource(path: file), against: try loadModel(model)) } catch { throw fail(error) }
            switch output.format {
            case .json:
                print(try jsonString(LotSummaryJSON(summary, file: file ?? "sample-lots.csv")))
            case .csv:
                print(elementTable(summary).csv())
            case .table:
                print("\(file ?? "bundled sample-lots.csv (synthetic)"): \(summary.lots) lots, valid")
                print("wet mass \(summary.wetMass.formatted(.tonne)), dry mass \(summary.dryMass.formatted(.tonne)), recycled dry mass \(summary.recycledDryMass.formatted(.tonne))\n")
                print(elementTable(summary).render())
            }
        }

        func elementTable(_ summary: LotSummary) -> TextTable {
            var table = TextTable(["element", "contained [t]", "recycled [t]", "recycled [%]"], rightAligned: [1, 2, 3])
            for total in summary.elements {
                table.add([total.element, formatNumber(total.contained.value(in: .tonne), decimals: 4),
                           formatNumber(total.recycled.value(in: .tonne), decimals: 4), formatNumber(total.recycledShare * 100, decimals: 2)])
            }
            return table
        }
    }
}

/// The documented JSON shape of a lot summary. Masses in tonnes.
struct LotSummaryJSON: Encodable {
    struct ElementJSON: Encodable {
        var element: String
        var contained_t: Double
        var recycled_t: Double
        var recycled_share: Double
    }
    var file: String
    var lots: Int
    var wet_mass_t: Double
    var dry_mass_t: Double
    var recycled_dry_mass_t: Double
    var elements: [ElementJSON]

    init(_ s: LotSummary, file: String) {
        self.file = file
        lots = s.lots
        wet_mass_t = s.wetMass.value(in: .tonne)
        dry_mass_t = s.dryMass.value(in: .tonne)
        recycled_dry_mass_t = s.recycledDryMass.value(in: .tonne)
        elements = s.elements.map { ElementJSON(element: $0.element, contained_t: $0.contained.value(in: .tonne), recycled_t: $0.recycled.value(in: .tonne), recycled_share: $0.recycledShare) }
    }
}
