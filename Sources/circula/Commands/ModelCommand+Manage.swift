import ArgumentParser
import CirculaCore
import Foundation

extension ModelCommand {
    /// `circula model validate`: every coefficient set, every source key, one metal per product stream.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a model: every coefficient row sums to 1, every source key resolves, every product stream carries one metal with its purity.")

        @Argument(help: "Model YAML. Default: the bundled metallurgy.yaml.")
        var file: String?

        func run() throws {
            let model: ModelFile
            do { model = try loadModel(file) } catch { throw fail(error) }
            let report = model.validate()
            guard report.isValid else {
                for problem in report.problems { printError("error: \(problem)") }
                printError("\(report.problems.count) problem\(report.problems.count == 1 ? "" : "s") in \(model.file)")
                throw ExitCode(1)
            }
            print("\(model.file): valid — \(report.coefficientRows) coefficient rows in \(model.flowsheet.processes.count) processes sum to 1, "
                  + "\(report.sourceKeys) source keys resolve, \(report.productStreams) product streams each carry one metal or compound with its purity")
        }
    }

    /// `circula model export`: the bundled model as a file to edit.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the bundled model (metallurgy.yaml) to a file to edit.")

        @Argument(help: "Where to write the YAML.")
        var out: String

        @Flag(name: .long, help: "Overwrite an existing file.")
        var force = false

        func run() throws {
            if FileManager.default.fileExists(atPath: out), !force {
                printError("error: \(out) exists; expected a new file name, or --force to overwrite")
                throw ExitCode(1)
            }
            do {
                let data = try Data(contentsOf: Resources.url("metallurgy.yaml"))
                try data.write(to: URL(fileURLWithPath: out))
                print("wrote \(out) (\(data.count) bytes); edit it and pass it to balance, year or model validate")
            } catch {
                printError("error: \(out): cannot write the model: \(error.localizedDescription)")
                throw ExitCode(1)
            }
        }
    }

    /// `circula model diff`: two models compared coefficient by coefficient.
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Compare two models coefficient by coefficient (the second defaults to the bundled model).")

        @Argument(help: "First model YAML.")
        var first: String

        @Argument(help: "Second model YAML. Default: the bundled metallurgy.yaml.")
        var second: String?

        func run() throws {
            let a: ModelFile, b: ModelFile
            do {
                a = try loadModel(first)
                b = try loadModel(second)
            } catch { throw fail(error) }
            let diff = FlowsheetDiff(a.flowsheet, b.flowsheet)
            print("\(a.file) → \(b.file): \(diff.compared) coefficients compared, \(diff.changes.count) difference\(diff.changes.count == 1 ? "" : "s")")
            for change in diff.changes { print("  \(change)") }
        }
    }
}

/// Coefficients of every process, one row per layer: output=fraction pairs.
func coefficientTable(_ sheet: Flowsheet) -> TextTable {
    var table = TextTable(["process", "layer", "transfer coefficients (output = fraction)"])
    for process in sheet.processes {
        for layer in process.layerOrder {
            let row = process.transferCoefficients[layer] ?? [:]
            let cells = (process.outputs.map(\.name) + [Process.stockKey]).compactMap { name in row[name].flatMap { $0 > 0 ? "\(name)=\(formatPlain($0))" : nil } }
            table.add([process.id, layer, cells.joined(separator: " ")])
        }
    }
    return table
}

/// What each product stream sells: metal or compound, trade form, purity with its source.
func productSpecTable(_ sheet: Flowsheet) -> TextTable {
    var table = TextTable(["product stream", "sells", "form", "purity [wt%]", "source"], rightAligned: [3])
    for process in sheet.processes {
        for output in process.outputs {
            guard let spec = output.product else { continue }
            table.add(["\(process.id).\(output.name)", spec.label, spec.form ?? "-", spec.purity.map { formatPlain($0.value) } ?? "-",
                       spec.purity.map { ($0.source ?? "-") + ($0.assumed ? " (assumed)" : "") } ?? "-"])
        }
    }
    return table
}
