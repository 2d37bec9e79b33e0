import ArgumentParser
import CirculaBalance
import CirculaCore
import CirculaWorkspace
import Foundation

extension InventoryBalance.Attribution: ExpressibleByArgument {}

extension BalanceCommand {
    /// `--period NAME=LOTS.csv ... [--stock STOCK.csv]`: one balance per period with in-process stock.
    func runPeriods() throws {
        var periods: [(name: String, lots: LotSource)] = []
        if byMonth, !periodFiles.isEmpty {
            printError("error: --by-month splits --lots into months; give either --by-month or --period NAME=LOTS.csv, not both")
            throw ExitCode(1)
        }
        for text in periodFiles {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                printError("error: --period \(text): expected NAME=LOTS.csv (--period 2024-04=april.csv)")
                throw ExitCode(1)
            }
            guard !periods.contains(where: { $0.name == parts[0] }) else {
                printError("error: --period \(text): period \(parts[0]) is given twice; expected one lots file per period")
                throw ExitCode(1)
            }
            periods.append((parts[0], .file(parts[1])))
        }
        let balanced: PeriodsBalance
        do {
            balanced = try Workspace.balancePeriods(PeriodsRequest(model: ModelSource(path: model), periods: periods, stock: stock,
                                                                   allowMissingRows: allowMissingRows,
                                                                   byMonth: byMonth ? LotSource(path: lots) : nil, attribution: inventoryAttribution))
        } catch { throw fail(error) }
        let modelFile = balanced.model, result = balanced.result
        let elements = element.map { [$0] } ?? result.elements
        if let element, !result.elements.contains(element) {
            printError("error: --element \(element): no lot or stock carries \(element); expected one of \(result.elements.joined(separator: ", "))")
            throw ExitCode(1)
        }
        struct Row: Encodable { var period, element: String; var input_kg, output_kg, opening_kg, closing_kg, stock_change_kg: Double; var recycled_share_product: Double? }
        var rows: [Row] = []
        for e in elements {
            for p in result.periods {
                rows.append(Row(period: p.name, element: e, input_kg: p.lotInput(element: e), output_kg: p.output(element: e), opening_kg: p.openingStock(element: e),
                                closing_kg: p.closingStock(element: e), stock_change_kg: p.stockChange(element: e),
                                recycled_share_product: p.recycledShare(stream: productStream, element: e)))
            }
            let t = result.total(element: e)
            rows.append(Row(period: "total", element: e, input_kg: t.input, output_kg: t.output, opening_kg: result.periods.first?.openingStock(element: e) ?? 0,
                            closing_kg: result.periods.last?.closingStock(element: e) ?? 0, stock_change_kg: t.stockChange, recycled_share_product: nil))
        }
        switch output.format {
        case .json:
            struct PeriodsJSON: Encodable { var model: String; var attribution: String; var rows: [Row] }
            print(try jsonString(PeriodsJSON(model: modelFile.file, attribution: result.attribution.rawValue, rows: rows)))
        case .csv:
            var table = TextTable(["period", "element", "input_kg", "output_kg", "opening_kg", "closing_kg", "stock_change_kg", "recycled_share_product"])
            for r in rows { table.add([r.period, r.element, formatPlain(r.input_kg), formatPlain(r.output_kg), formatPlain(r.opening_kg), formatPlain(r.closing_kg),
                                       formatPlain(r.stock_change_kg), r.recycled_share_product.map(formatPlain) ?? ""]) }
            print(table.csv())
        case .table:
            let measured = result.periods.reduce(0) { $0 + $1.measured.count }
            print("\(modelFile.file): \(result.periods.count) periods; in = out + stock change per element; \(measured) measured closing stocks, the others estimated from the model's stock rows; "
                  + "attribution through stock \(result.attribution.statement)\n")
            var table = TextTable(["period", "element", "in", "out", "opening stock", "closing stock", "Δ stock", "unit", "recycled % of \(productStream)"],
                                  rightAligned: [2, 3, 4, 5, 6, 8])
            for r in rows {
                let unit = (try? PeriodicTable.standard.element(r.element))?.reportingUnit ?? .tonne
                let show = { (kg: Double) in formatNumber(kg / unit.kilograms, decimals: abs(kg / unit.kilograms) < 10 ? 4 : 2) }
                table.add([r.period, r.element, show(r.input_kg), show(r.output_kg), show(r.opening_kg), show(r.closing_kg), show(r.stock_change_kg), unit.rawValue,
                           r.recycled_share_product.map { formatNumber($0 * 100, decimals: 2) } ?? "-"])
            }
            print(table.render())
        }
    }
}
