import CirculaBalance
import CirculaCore
import Foundation

/// A reconciliation of measured flows over a model's node balances (`balance --measurements`).
public struct ReconcileRequest: Sendable {
    public var model: ModelSource
    /// The measurements CSV (`MeasurementCSV`: stream, quantity, value, sd; `tc:` rows for transfer coefficients).
    public var measurements: String
    /// Extra linear constraints (`LinearConstraint.parseCSV`), or nil.
    public var constraints: String?
    /// Correlations between measurements (`MeasurementCSV.loadCorrelations`), or nil.
    public var correlations: String?
    public var useTransferCoefficients: Bool
    public var estimateMissingCoefficients: Bool
    /// Gross-error elimination: the tie tolerance, automatic or not, and the measurements the user chose (`--eliminate`).
    public var tieTolerance: Double
    public var automaticElimination: Bool
    public var eliminate: [String]

    public init(model: ModelSource = .bundled, measurements: String, constraints: String? = nil, correlations: String? = nil,
                useTransferCoefficients: Bool = false, estimateMissingCoefficients: Bool = false,
                tieTolerance: Double, automaticElimination: Bool = true, eliminate: [String] = []) {
        self.model = model; self.measurements = measurements; self.constraints = constraints; self.correlations = correlations
        self.useTransferCoefficients = useTransferCoefficients; self.estimateMissingCoefficients = estimateMissingCoefficients
        self.tieTolerance = tieTolerance; self.automaticElimination = automaticElimination; self.eliminate = eliminate
    }
}

/// A reconciliation's report and what went into it (for the front ends' headings).
public struct ReconcileOutcome: Sendable {
    public var report: FlowsheetReconciliation.Report
    public var measurementCount: Int
    public var constraintCount: Int
    public var correlationCount: Int
}

extension Workspace {
    /// Reads the measurement, constraint and correlation files and reconciles the measured flows over the model's
    /// flowsheet (no lots needed), with the gross-error elimination the request asks for.
    /// - Throws: `InputErrors` (every located error of the files), `WorkspaceError.invalidOption` for an
    ///   `--eliminate` that names no measurement, `BalanceError`/reconciliation errors from the run.
    ///
    /// ```swift
    /// let outcome = try Workspace.reconcile(ReconcileRequest(measurements: "m.csv", tieTolerance: 1e-6), modelFile: model)
    /// print(outcome.report.result.chiSquare)
    /// ```
    public static func reconcile(_ request: ReconcileRequest, modelFile: ModelFile) throws -> ReconcileOutcome {
        let network = FlowNetwork(modelFile.flowsheet)
        let (measured, unknownCoefficients) = try MeasurementCSV.loadWithUnknowns(URL(fileURLWithPath: request.measurements),
                                                                                  displayName: request.measurements, network: network)
        var extraConstraints: [LinearConstraint] = []
        if let path = request.constraints {
            do {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                extraConstraints = try LinearConstraint.parseCSV(text, file: path, network: network)
            } catch let e as InputErrors { throw e } catch {
                throw InputErrors([LocatedError(SourceLocation(file: path), "cannot read the file: \(error.localizedDescription)")])
            }
        }
        let correlated = try request.correlations.map {
            try MeasurementCSV.loadCorrelations(URL(fileURLWithPath: $0), displayName: $0, measurements: measured)
        } ?? []
        var reconciliation = FlowsheetReconciliation(network: network, measurements: measured, correlations: correlated,
                                                     useTransferCoefficients: request.useTransferCoefficients,
                                                     unknownTransferCoefficients: unknownCoefficients,
                                                     missingTransferCoefficientsAreUnknown: request.estimateMissingCoefficients)
        var policy = EliminationPolicy(tieTolerance: request.tieTolerance, automatic: request.automaticElimination)
        for text in request.eliminate {
            do { policy.chosen.append(try reconciliation.measurementIndex(text)) } catch {
                throw WorkspaceError.invalidOption(option: "--eliminate \(text)", message: "\(error)")
            }
        }
        reconciliation.elimination = policy
        reconciliation.constraints = extraConstraints
        let report = try reconciliation.run()
        return ReconcileOutcome(report: report, measurementCount: measured.count, constraintCount: extraConstraints.count,
                                correlationCount: correlated.count)
    }
}
