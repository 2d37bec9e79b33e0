import ArgumentParser
import CirculaCore
import CirculaWorkspace
import Foundation

/// `circula model`: load and show a model definition.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Show, validate, export and compare model YAMLs (feeds, processes, streams, coefficients).",
        subcommands: [Show.self, Validate.self, Export.self, Diff.self],
        defaultSubcommand: Show.self
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a model (the bundled default without a file).")

        @Argument(help: "Model YAML (feeds, unit_operations, plant). Default: the bundled metallurgy.yaml.")
        var file: String?

        @OptionGroup var output: FormatOption

        func run() throws {
            let model: ModelFile
            do { model = try loadModel(file) } catch { throw fail(error) }
            let sheet = model.flowsheet
            switch output.format {
            case .json:
                print(try jsonString(ModelJSON(model)))
            case .csv:
                print(streamTable(sheet).csv())
            case .table:
                print("\(model.file): \(model.feeds.count) feeds, \(sheet.processes.count) processes, \(sheet.streams.count) streams, \(sheet.layers.count) layers, \(model.sources.count) sources\n")
                var feeds = TextTable(["feed", "category", "enters", "Cu", "figures"])
                for feed in model.feeds {
                    let cu = (try? feed.composition())?[try! PeriodicTable.standard.element("Cu")] ?? .zero
                    feeds.add([feed.id, feed.category, sheet.feedEntry[feed.id] ?? "-", cu.value > 0 ? cu.formatted(.percent, decimals: 2) : "-",
                               feed.hasAssumedFigures ? "some assumed" : "all sourced"])
                }
                print(feeds.render())
                print()
                print(streamTable(sheet).render())
                print()
                print(productSpecTable(sheet).render())
                print()
                print(coefficientTable(sheet).render())
                if !sheet.assumptions.isEmpty {
                    print("\nAssumed (calibrate for your plant):")
                    for note in sheet.assumptions { print("  - \(note)") }
                }
            }
        }

        func streamTable(_ sheet: Flowsheet) -> TextTable {
            var table = TextTable(["stream", "from", "to", "share", "kind"], rightAligned: [3])
            for stream in sheet.streams {
                let kind: String
                if case .process(let target) = stream.to {
                    kind = (sheet.index(of: target) ?? 0) <= (sheet.index(of: stream.from) ?? 0) ? "recycle" : "internal"
                } else {
                    kind = "leaves system"
                }
                table.add([stream.id, stream.from, stream.to.description, formatPlain(stream.share), kind])
            }
            return table
        }
    }
}

/// Loads a model file, or the bundled default when `path` is nil.
func loadModel(_ path: String?) throws(InputErrors) -> ModelFile {
    try ModelSource(path: path).load()
}

/// The documented JSON shape of a model summary.
struct ModelJSON: Encodable {
    struct FeedJSON: Encodable { var id, name, category: String; var enters: String?; var assumed_figures: Bool; var composition: [String: Double] }
    struct StreamJSON: Encodable { var id, from, to: String; var share: Double; var leaves_system: Bool }
    struct ProcessJSON: Encodable { var id, name: String; var assumed: Bool; var source: String?; var transfer_coefficients: [String: [String: Double]] }
    var file: String
    var feeds: [FeedJSON]
    var processes: [ProcessJSON]
    var streams: [StreamJSON]
    var assumptions: [String]
    var product_streams: [ProductJSON]
    struct ProductJSON: Encodable {
        var stream: String; var metal, compound, form: String?; var constituents: [String]
        var purity_wt_pct: Double?; var purity_source: String?; var purity_assumed: Bool; var impurities: [String]; var battery_material: Bool
    }

    init(_ model: ModelFile) {
        file = model.file
        feeds = model.feeds.map { feed in
            let composition = (try? feed.composition()) ?? (try! Composition())
            return FeedJSON(id: feed.id, name: feed.name, category: feed.category, enters: model.flowsheet.feedEntry[feed.id],
                            assumed_figures: feed.hasAssumedFigures,
                            composition: Dictionary(uniqueKeysWithValues: composition.elements.map { ($0.symbol, composition[$0].value) }))
        }
        processes = model.flowsheet.processes.map { ProcessJSON(id: $0.id, name: $0.name, assumed: $0.assumed, source: $0.source, transfer_coefficients: $0.transferCoefficients) }
        streams = model.flowsheet.streams.map {
            var leaves = true
            if case .process = $0.to { leaves = false }
            return StreamJSON(id: $0.id, from: $0.from, to: $0.to.description, share: $0.share, leaves_system: leaves)
        }
        assumptions = model.flowsheet.assumptions
        product_streams = model.flowsheet.processes.flatMap { process in
            process.outputs.compactMap { output in
                output.product.map { spec in
                    ProductJSON(stream: "\(process.id).\(output.name)", metal: spec.metal, compound: spec.compound, form: spec.form,
                                constituents: spec.constituents, purity_wt_pct: spec.purity?.value, purity_source: spec.purity?.source,
                                purity_assumed: spec.purity?.assumed ?? false, impurities: spec.impurities, battery_material: spec.batteryMaterial)
                }
            }
        }
    }
}
