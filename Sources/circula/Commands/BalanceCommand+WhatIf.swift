import ArgumentParser
import CirculaBalance
import CirculaCore
import CirculaWorkspace
import Foundation

extension BalanceCommand {
    /// The overrides of `--set` and `--set-file`, in that order; located errors and exit 1 when any is bad.
    func whatIfOverrides() throws -> [ModelOverride] {
        do { return try Workspace.modelOverrides(overrides, file: setFile) } catch { throw fail(error) }
    }

    /// Balances `flowsheet` over the lots; prints the error and exits 1 when it cannot.
    func balance(_ flowsheet: Flowsheet, lots: [Lot], label: String) throws -> BalanceResult {
        let balance = ForwardBalance(flowsheet: flowsheet, options: BalanceOptions(missingCoefficients: allowMissingRows ? .retainAsStock : .fail))
        do { return try balance.run(lots: lots) } catch {
            printError("error: \(label): \(error)")
            throw ExitCode(1)
        }
    }

    /// `--compare A.yaml B.yaml`: both models on the same lots, every product and recovery that changes.
    func runComparison() throws {
        guard compare.count == 2 else {
            printError("error: --compare takes two model files (--compare A.yaml B.yaml), found \(compare.count)")
            throw ExitCode(1)
        }
        let a: ModelFile, b: ModelFile, lotList: [Lot]
        do {
            a = try loadModel(compare[0])
            b = try loadModel(compare[1])
            lotList = try loadLots(lots)
        } catch { throw fail(error) }
        let overrides = try whatIfOverrides()
        var flowsheetB = b.flowsheet
        do { flowsheetB = try flowsheetB.applying(overrides) } catch { throw fail(error) }
        let resultA = try balance(a.flowsheet, lots: lotList, label: compare[0])
        let resultB = try balance(flowsheetB, lots: lotList, label: compare[1])
        printComparison(resultA, resultB, names: (compare[0], compare[1] + (overrides.isEmpty ? "" : " with \(overrides.count) override(s)")), lotCount: lotList.count)
    }

    /// `--set`/`--set-file` on one model: the modified model's balance against the unmodified one.
    func runWhatIf(_ overrides: [ModelOverride]) throws {
        let modelFile: ModelFile, lotList: [Lot]
        do {
            modelFile = try loadModel(model)
            lotList = try loadLots(lots)
        } catch { throw fail(error) }
        let modified: Flowsheet
        do { modified = try modelFile.flowsheet.applying(overrides) } catch { throw fail(error) }
        let base = try balance(modelFile.flowsheet, lots: lotList, label: modelFile.file)
        let whatIf = try balance(modified, lots: lotList, label: "\(modelFile.file) with --set")
        printComparison(base, whatIf, names: (modelFile.file, "what-if (\(overrides.map { "\($0.process).\($0.layer).\($0.output)=\(formatPlain($0.value))" }.joined(separator: ", ")))"),
                        lotCount: lotList.count)
    }

    func printComparison(_ a: BalanceResult, _ b: BalanceResult, names: (String, String), lotCount: Int) {
        let changes = BalanceComparison.changes(a, b, productStream: productStream)
        switch output.format {
        case .json:
            struct ChangeJSON: Encodable { var element, quantity, unit: String; var a, b: Double?; var delta: Double }
            struct ComparisonJSON: Encodable { var a, b: String; var lots: Int; var changes: [ChangeJSON] }
            let rows = changes.map { ChangeJSON(element: $0.element, quantity: $0.quantity, unit: $0.kind == .mass ? "kg" : "fraction", a: $0.a, b: $0.b, delta: $0.delta) }
            print((try? jsonString(ComparisonJSON(a: names.0, b: names.1, lots: lotCount, changes: rows))) ?? "{}")
        case .csv:
            var table = TextTable(["element", "quantity", "unit", "a", "b", "delta"])
            for c in changes {
                table.add([c.element, c.quantity, c.kind == .mass ? "kg" : "fraction", c.a.map(formatPlain) ?? "", c.b.map(formatPlain) ?? "", formatPlain(c.delta)])
            }
            print(table.csv())
        case .table:
            print("A: \(names.0)\nB: \(names.1)\n\(lotCount) lots; what changes from A to B (masses in t, precious metals in kg; recoveries in % of the element's input)\n")
            if changes.isEmpty { print("Nothing changes."); return }
            var table = TextTable(["element", "quantity", "A", "B", "Δ", "unit"], rightAligned: [2, 3, 4])
            for c in changes {
                let (scale, unit): (Double, String) = c.kind == .fraction ? (100, "%")
                    : ((try? PeriodicTable.standard.element(c.element))?.reportingUnit == .kilogram ? (1, "kg") : (0.001, "t"))
                let show = { (x: Double?) in x.map { formatNumber($0 * scale, decimals: abs($0 * scale) < 10 ? 4 : 2) } ?? "-" }
                let delta = c.delta * scale
                table.add([c.element, c.quantity, show(c.a), show(c.b), (delta > 0 ? "+" : "") + formatNumber(delta, decimals: abs(delta) < 10 ? 4 : 2), unit])
            }
            print(table.render())
        }
    }
}
