import ArgumentParser
import CirculaBalance
import CirculaCore
import Foundation

/// `circula rare-earths`: each oxide's output and purity, and its recycled (magnet-derived) share.
struct RareEarthCommand: ParsableCommand, PrintsNumbers {
    static let configuration = CommandConfiguration(
        commandName: "rare-earths",
        abstract: "Rare-earth line: each oxide's output and purity, the recycled (magnet-derived) share of Dy, Tb and every oxide.",
        discussion: "Without --lots, balances the bundled sample fiscal year.")

    @Option(name: .long, help: "Model YAML. Default: the bundled metallurgy.yaml.")
    var model: String?

    @Option(name: .long, help: "Lots CSV. Default: the bundled sample fiscal year.")
    var lots: String?

    @OptionGroup var output: FormatOption

    func run() throws {
        let (modelFile, lotList, name) = try loadYear(model: model, lots: lots)
        let report = RareEarthReport(try balanceAll(modelFile, lotList))
        var table = TextTable(["oxide", "stream", "output [t]", "element [t]", "purity [wt%]", "recovery [%]", "recycled [%]", "pre-consumer [%]", "post-consumer [%]"],
                              rightAligned: [2, 3, 4, 5, 6, 7, 8])
        for o in report.oxides {
            table.add([o.compound, o.stream, num(o.oxideKg / 1000, decimals: 3), num(o.elementKg / 1000, decimals: 3),
                       o.purity.map { num($0.value, decimals: 3) + ($0.assumed ? " (assumed)" : "") } ?? "-",
                       share(o.recovery), share(o.recycledShare), share(o.preConsumerShare), share(o.postConsumerShare)])
        }
        switch output.format {
        case .json: print(try jsonString(RareEarthJSON(report)))
        case .csv: print(table.csv())
        case .table:
            print("\(name): \(lotList.count) lots; rare-earth oxides, recycled share = magnet-scrap share by attribution\n")
            print(table.render())
            let dy = report.oxides.first { $0.element == "Dy" }, tb = report.oxides.first { $0.element == "Tb" }
            print("\nRecycled (magnet-derived) share: Dy \(percent(dy?.recycledShare)), Tb \(percent(tb?.recycledShare)), all oxides \(percent(report.recycledShareOfAll)) by mass")
        }
    }
}

struct RareEarthJSON: Encodable {
    struct Oxide: Encodable {
        var oxide, element, stream: String
        var oxide_kg, element_kg: Double
        var purity_wt_pct: Double?; var purity_source: String?; var purity_assumed: Bool
        var recovery, recycled_share, pre_consumer_share, post_consumer_share: Double?
    }
    var oxides: [Oxide]
    var recycled_share_all_oxides: Double?

    init(_ r: RareEarthReport) {
        oxides = r.oxides.map {
            Oxide(oxide: $0.compound, element: $0.element, stream: $0.stream, oxide_kg: $0.oxideKg, element_kg: $0.elementKg,
                  purity_wt_pct: $0.purity?.value, purity_source: $0.purity?.source, purity_assumed: $0.purity?.assumed ?? false,
                  recovery: $0.recovery, recycled_share: $0.recycledShare, pre_consumer_share: $0.preConsumerShare, post_consumer_share: $0.postConsumerShare)
        }
        recycled_share_all_oxides = r.recycledShareOfAll
    }
}
