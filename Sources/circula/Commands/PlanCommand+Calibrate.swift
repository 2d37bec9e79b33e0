import ArgumentParser
import CirculaCore
import CirculaPlan
import CirculaWorkspace
import Foundation

/// `circula plan calibrate`: fit the scenario's free assumed figures to its published year and show the residuals.
struct PlanCalibrateCommand: ParsableCommand, PrintsNumbers {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit the free assumed figures of a scenario to a published year (calibration section); print fitted values and residuals."
    )

    @Argument(help: "Scenario YAML. Default: the bundled default-scenario.yaml.")
    var file: String?

    @Option(help: "Write the scenario with its regenerated `calibrated:` section to this path (may be the scenario itself).")
    var write: String?

    @OptionGroup var output: FormatOption

    func run() throws {
        let result: CalibrationResult
        do { result = try Workspace.calibrate(scenario: file, write: write) } catch { throw fail(error) }
        var fitted = TextTable(["figure", "before", "fitted", "unit"], rightAligned: [1, 2])
        for f in result.fitted { fitted.add([f.name, num(f.before, decimals: 0), num(f.after, decimals: 0), f.unit ?? ""]) }
        var residuals = TextTable(["quantity", "target", "plan", "residual", "unit", "source"], rightAligned: [1, 2, 3])
        for r in result.residuals {
            let d = r.unit == "fraction" ? 4 : 0
            residuals.add([r.quantity, num(r.target, decimals: d), num(r.plan, decimals: d), num(r.residual, decimals: d), r.unit, r.source ?? "-"])
        }
        switch output.format {
        case .json: print(try snakeJSON(result))
        case .csv: print(residuals.csv())
        case .table:
            print("Calibration of scenario \(result.scenario) to FY\(formatPlain(result.year)) (prices and TC/RC of that year), \(result.iterations) alternations\n")
            print(fitted.render())
            print("\nResiduals (plan − target):\n" + residuals.render())
            if let write { print("\nWrote \(write) (section `calibrated:`).") }
        }
    }
}
