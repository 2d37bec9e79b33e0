import ArgumentParser
import CirculaBalance
import CirculaCore
import Foundation

/// `circula battery report`: recycled content of each cathode material vs the EU Battery Regulation.
struct BatteryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "battery",
        abstract: "Battery line: recycled content of cathode materials against Regulation (EU) 2023/1542 Art. 8.",
        subcommands: [Report.self],
        defaultSubcommand: Report.self
    )

    struct Report: ParsableCommand, PrintsNumbers {
        static let configuration = CommandConfiguration(
            abstract: "Recycled Co, Li, Ni (and Pb where present) per cathode-material product, pre-/post-consumer, pass/fail.",
            discussion: "The minimums that apply are those of the latest step starting on or before --date (a step applies from its first day): from 2031-08-18 Co 16%, Li 6%, Ni 6%, Pb 85%; from 2036-08-18 Co 26%, Li 12%, Ni 15%, Pb 85%. JSON follows the Battery Pass data model (recycledContent: recycledMaterial, preConsumerShare, postConsumerShare, in %).")

        @Option(name: .long, help: "Model YAML. Default: the bundled metallurgy.yaml.")
        var model: String?

        @Option(name: .long, help: "Lots CSV. Default: the bundled sample fiscal year.")
        var lots: String?

        @Option(name: .long, help: "Evaluation dates YYYY-MM-DD, comma-separated (default: both steps of Art. 8).")
        var date: String = "2031-08-18,2036-08-18"

        @OptionGroup var output: FormatOption

        func run() throws {
            let dates = date.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            for day in dates where !isISODay(day) {
                printError("error: --date \(day): expected a date YYYY-MM-DD")
                throw ExitCode(1)
            }
            let (modelFile, lotList, name) = try loadYear(model: model, lots: lots)
            let minimums: [BatteryReport.Minimums]
            do { minimums = try BatteryReport.minimums(in: modelFile) } catch { throw fail(error) }
            let result = try balanceAll(modelFile, lotList)
            let reports = dates.map { BatteryReport(result, minimums: minimums, on: $0) }
            switch output.format {
            case .json: print(try jsonString(reports.map(BatteryJSON.init)))
            case .csv: print(table(reports).csv())
            case .table:
                print("\(name): \(lotList.count) lots; cathode materials of the battery line, recycled content by attribution of each lot\n")
                print(table(reports).render())
                if reports.first?.products.isEmpty ?? true { print("(no product stream marked battery_material in \(modelFile.file))") }
                print("\nMinimums: Regulation (EU) 2023/1542 Art. 8 (\(minimums.first?.source ?? "model")); a step applies from its first day.")
            }
        }

        func table(_ reports: [BatteryReport]) -> TextTable {
            var table = TextTable(["evaluated on", "product", "material", "in product [t]", "pre-consumer [%]", "post-consumer [%]", "recycled [%]", "minimum [%]", "result"],
                                  rightAligned: [3, 4, 5, 6, 7])
            for report in reports {
                for product in report.products {
                    for m in product.materials {
                        table.add([report.evaluatedOn, product.form ?? product.label, m.element, num(m.kg / 1000, decimals: 2),
                                   share(m.preConsumerShare), share(m.postConsumerShare), share(m.recycledShare),
                                   share(m.minimum), m.passes.map { $0 ? "pass" : "FAIL" } ?? "no minimum in force"])
                    }
                }
            }
            return table
        }
    }
}

/// The Battery Pass shape: circularity.recycledContent with shares in percent, plus Circula's verdict fields.
struct BatteryJSON: Encodable {
    struct RecycledContent: Encodable {
        var recycledMaterial: String
        var preConsumerShare: Double
        var postConsumerShare: Double
        var recycled_share_percent: Double
        var minimum_percent: Double?
        var pass: Bool?
        var mass_in_product_kg: Double
    }
    struct Product: Encodable { var stream, product: String; var form: String?; var product_mass_kg: Double?; var recycledContent: [RecycledContent] }
    var evaluated_on: String
    var minimums_from: String?
    var products: [Product]

    init(_ report: BatteryReport) {
        evaluated_on = report.evaluatedOn
        minimums_from = report.applicable?.from
        products = report.products.map { p in
            Product(stream: p.stream, product: p.label, form: p.form, product_mass_kg: p.productKg, recycledContent: p.materials.map {
                RecycledContent(recycledMaterial: $0.element, preConsumerShare: $0.preConsumerShare * 100, postConsumerShare: $0.postConsumerShare * 100,
                                recycled_share_percent: $0.recycledShare * 100, minimum_percent: $0.minimum.map { $0 * 100 }, pass: $0.passes,
                                mass_in_product_kg: $0.kg)
            })
        }
    }
}

/// One forward balance of all lots; located errors and exit 1 on failure.
func balanceAll(_ model: ModelFile, _ lots: [Lot]) throws -> BalanceResult {
    do { return try ForwardBalance(flowsheet: model.flowsheet).run(lots: lots, progress: ProgressBar(label: "balance").update) } catch {
        printError("error: \(error)")
        throw ExitCode(1)
    }
}
