import ArgumentParser
import CirculaBalance
import CirculaCore
import Foundation

/// `circula year`: a fiscal year balanced month by month; recycling ratios, products, HTML report.
struct YearCommand: ParsableCommand, PrintsNumbers {
    static let configuration = CommandConfiguration(
        commandName: "year",
        abstract: "Balance a fiscal year month by month: recycling ratios of Cu, Au, Ag, Co, Li, Ni, Dy, Tb, every product stream, an HTML report.",
        discussion: "Without --lots, balances the bundled sample fiscal year (April 2024 – March 2025, synthetic lots from scripts/generate-fiscal-year.py).")

    @Option(name: .long, help: "Model YAML. Default: the bundled metallurgy.yaml.")
    var model: String?

    @Option(name: .long, help: "Lots CSV covering the year. Default: the bundled sample-fiscal-year.csv.")
    var lots: String?

    @Option(name: .long, help: "Write a self-contained HTML report (inline SVG charts) to this file.")
    var html: String?

    @Option(name: .long, help: "Battery-regulation evaluation dates for the HTML report, YYYY-MM-DD, comma-separated.")
    var batteryDate: String = "2031-08-18,2036-08-18"

    @Flag(name: .long, help: "Also print every product stream of the year (metal, mass in t or kg, recovery %, recycled %).")
    var products = false

    @OptionGroup var output: FormatOption

    func run() throws {
        let dates = batteryDate.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for day in dates where !isISODay(day) {
            printError("error: --battery-date \(day): expected a date YYYY-MM-DD")
            throw ExitCode(1)
        }
        let (modelFile, lotList, name) = try loadYear(model: model, lots: lots)
        let year: FiscalYearReport
        do { year = try FiscalYearReport(model: modelFile, lots: lotList, label: "FY", progress: ProgressBar(label: "year").update) } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        let table = ratioTable(year)
        switch output.format {
        case .json: print(try jsonString(YearJSON(year, model: modelFile.file, lots: name)))
        case .csv: print(table.csv())
        case .table:
            print("\(name): \(year.total.lots) lots in \(year.months.count) months, balanced month by month on \(modelFile.file)")
            print("Recycling ratio = recycled element in its products / all of it in its products [%] (Cu: electrolytic copper)\n")
            print(table.render())
            if let cu = year.total.ratios["Cu"] {
                print("\nFiscal year: cathode copper \(formatNumber(cu.productKg / 1000, decimals: 0)) t, of which recycled \(formatNumber(cu.recycledKg / 1000, decimals: 0)) t; copper recycling ratio \(percent(cu.share))")
            }
            let rare = year.rareMetalsRecovered()
            print("Rare metals (METI list) recovered to their own product streams: \(rare.count) (\(rare.map(\.symbol).joined(separator: ", ")))")
            if products { print("\n" + productTable(year.total.result).render()) }
        }
        if let html {
            let minimums = (try? BatteryReport.minimums(in: modelFile)) ?? []
            let report = FiscalYearHTML(
                year: year, battery: dates.map { BatteryReport(year.total.result, minimums: minimums, on: $0) },
                rareEarths: RareEarthReport(year.total.result),
                title: "Circula — fiscal year \(year.months.first?.label ?? "") to \(year.months.last?.label ?? "")",
                notes: ["Lots: \(name) (\(year.total.lots) lots). Model: \(modelFile.file); transfer coefficients marked assumed are placeholders to calibrate.",
                        "Balanced month by month with the forward balance; shares by attribution of each lot (ISO 14021 pre-/post-consumer)."])
            do { try report.render().write(toFile: html, atomically: true, encoding: .utf8) } catch {
                printError("error: \(html): cannot write the report: \(error.localizedDescription)")
                throw ExitCode(1)
            }
            printError("wrote \(html)")
        }
    }

    func ratioTable(_ year: FiscalYearReport) -> TextTable {
        let elements = year.total.ratios.ratios.map(\.element)
        var table = TextTable(["month", "lots"] + elements.map { "\($0) [%]" } + ["recycled Cu [t]"], rightAligned: Set(1...(elements.count + 2)))
        for period in year.months + [year.total] {
            table.add([period.label, "\(period.lots)"] + elements.map { share(period.ratios[$0]?.share) }
                      + [num((period.ratios["Cu"]?.recycledKg ?? 0) / 1000, decimals: 0)])
        }
        return table
    }
}

extension PrintsNumbers {
    /// Every product stream of a balance: metal, product mass (t, or kg for precious metals), recovery and recycled %.
    func productTable(_ result: BalanceResult) -> TextTable {
        var table = TextTable(["stream", "product", "metal", "product mass", "recovery [%]", "recycled [%]", "purity [wt%]"], rightAligned: [3, 4, 5, 6])
        for report in ProductStreamReport.all(result) {
            let present = report.spec.constituents.filter { (report.metalKg[$0] ?? 0) > 0 }
            guard !present.isEmpty else { continue }
            let unitSymbol = report.spec.metal ?? "Ni"
            table.add([report.stream, report.spec.label, present.map { "\($0) \(mass($0, report.metalKg[$0] ?? 0))" }.joined(separator: ", "),
                       report.productKg.map { mass(unitSymbol, $0) } ?? "-",
                       present.map { share(report.recovery($0)) }.joined(separator: " / "),
                       present.map { share(report.recycledShare($0)) }.joined(separator: " / "),
                       report.spec.purity.map { num($0.value, decimals: 3) + ($0.assumed ? " (assumed)" : "") } ?? "-"])
        }
        return table
    }

    /// A mass in the unit that fits the metal: kg for precious metals, t otherwise; the unit always printed.
    func mass(_ symbol: String, _ kg: Double) -> String {
        let unit = MassUnit.reporting(symbol)
        return num(kg / unit.kilograms, decimals: unit == .kilogram ? 1 : (kg < 1000 ? 3 : 1)) + " " + unit.rawValue
    }

    /// A share as percent with two decimals (no sign), "-" when undefined.
    func share(_ value: Double?) -> String { value.map { num($0 * 100, decimals: 2) } ?? "-" }
}

/// A share as percent for sentences: `24.67%`.
func percent(_ share: Double?) -> String {
    guard let share else { return "-" }
    return formatNumber(share * 100, decimals: 2) + "%"
}

/// Loads the model and the year's lots (bundled sample fiscal year when nil), the lots checked against the model.
func loadYear(model: String?, lots: String?) throws -> (ModelFile, [Lot], String) {
    do {
        let modelFile = try loadModel(model)
        if let lots { return (modelFile, try LotCSV.load(URL(fileURLWithPath: lots), displayName: lots, checkedAgainst: modelFile), lots) }
        return (modelFile, try LotCSV.load(Resources.url("sample-fiscal-year.csv"), displayName: "sample-fiscal-year.csv", checkedAgainst: modelFile),
                "bundled sample-fiscal-year.csv (synthetic)")
    } catch { throw fail(error) }
}

/// The documented JSON shape of `circula year`: ratios per month and for the year; product masses in kg.
struct YearJSON: Encodable {
    struct RatioJSON: Encodable { var element: String; var streams: [String]; var product_kg, recycled_kg: Double; var share: Double? }
    struct PeriodJSON: Encodable { var period: String; var lots: Int; var ratios: [RatioJSON] }
    struct ProductJSON: Encodable {
        var stream, product: String; var form: String?; var metal_kg: [String: Double]; var product_kg: Double?
        var recovery: [String: Double]; var recycled_share: [String: Double]; var purity_wt_pct: Double?; var purity_assumed: Bool
    }
    var model: String
    var lots: String
    var months: [PeriodJSON]
    var fiscal_year: PeriodJSON
    var products: [ProductJSON]
    var rare_metals_recovered: [String]

    init(_ year: FiscalYearReport, model: String, lots: String) {
        func period(_ p: FiscalYearReport.Period) -> PeriodJSON {
            PeriodJSON(period: p.label, lots: p.lots, ratios: p.ratios.ratios.map {
                RatioJSON(element: $0.element, streams: $0.streams, product_kg: $0.productKg, recycled_kg: $0.recycledKg, share: $0.share)
            })
        }
        self.model = model
        self.lots = lots
        months = year.months.map(period)
        fiscal_year = period(year.total)
        products = ProductStreamReport.all(year.total.result).map { r in
            ProductJSON(stream: r.stream, product: r.spec.label, form: r.spec.form, metal_kg: r.metalKg, product_kg: r.productKg,
                        recovery: r.metalKg.keys.reduce(into: [:]) { $0[$1] = r.recovery($1) },
                        recycled_share: r.metalKg.keys.reduce(into: [:]) { $0[$1] = r.recycledShare($1) },
                        purity_wt_pct: r.spec.purity?.value, purity_assumed: r.spec.purity?.assumed ?? false)
        }
        rare_metals_recovered = year.rareMetalsRecovered().map(\.symbol)
    }
}
