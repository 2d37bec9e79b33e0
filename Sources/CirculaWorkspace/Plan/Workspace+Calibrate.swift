import CirculaCore
import CirculaPlan
import Foundation

extension Workspace {
    /// Fits a scenario's free assumed figures to its published year (`Calibration`), and with `write` stores the
    /// scenario with its regenerated `calibrated:` section there (which may be the scenario file itself).
    /// - Parameter scenario: a scenario YAML, or nil for the bundled `default-scenario.yaml`.
    /// - Throws: `PlanError` (the scenario, located; a plan that cannot be solved), a file error when `write` fails.
    ///
    /// ```swift
    /// let result = try Workspace.calibrate(scenario: nil)
    /// print(result.residuals.count)
    /// ```
    public static func calibrate(scenario path: String?, write: String? = nil) throws -> CalibrationResult {
        let scenario: Scenario
        let text: String
        if let path {
            scenario = try Scenario.load(URL(fileURLWithPath: path), displayName: path)
            do { text = try TextFile.read(URL(fileURLWithPath: path), displayName: path) } catch { throw PlanError.input([error]) }
        } else {
            scenario = try Scenario.bundledDefault()
            do { text = try TextFile.read(PlanResources.url("default-scenario.yaml"), displayName: "default-scenario.yaml") } catch { throw PlanError.input([error]) }
        }
        let result = try Calibration.run(try FeedMixPlanner(scenario: scenario))
        if let write {
            try Calibration.replacingSection(in: text, with: result.yamlSection).write(toFile: write, atomically: true, encoding: .utf8)
        }
        return result
    }
}
