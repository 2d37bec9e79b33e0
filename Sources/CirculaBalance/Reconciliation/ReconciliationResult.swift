/// Reconciled values and the statistics of a reconciliation.
public struct ReconciliationResult: Sendable {
    public var variables: [String]
    /// Estimate of every variable; nil for unobservable unknowns.
    public var estimates: [Double?]
    /// Standard deviation of every estimate (error propagation); nil when unobservable.
    public var standardDeviations: [Double?]
    /// Reconciled covariance of the measured variables (V̂, in `measured` order).
    public var reconciledCovariance: Matrix
    public var measured: [Int]
    public var measuredValues: [Double]
    public var measuredSD: [Double]
    /// Per measured variable: correction / sd of the correction; nil when the measurement is not redundant.
    public var normalizedResiduals: [Double?]
    /// Per measured variable: whether the constraints could have estimated it without its measurement.
    public var redundant: [Bool]
    /// Per variable: measured or determined by the constraints.
    public var observable: [Bool]
    public var chiSquare: Double
    public var degreesOfFreedom: Int
    public var pValue: Double
    /// Per constraint: A x − c with measured values (unknowns at their estimates, unobservable at 0), before and after.
    public var imbalanceBefore: [Double]
    public var imbalanceAfter: [Double]
    public var constraintNames: [String]
    /// Variables fixed to zero to keep them non-negative.
    public var fixedAtZero: [String]

    /// Measurements whose normalised residual exceeds `threshold` (1.96: 5% two-sided).
    public func suspects(threshold: Double = GrossErrorDetection.defaultThreshold) -> [Int] {
        measured.indices.filter { abs(normalizedResiduals[$0] ?? 0) > threshold }
    }

    /// Significance level of the global χ² test.
    public static let significance = 0.05

    /// Whether the global χ² test accepts the data at the 5% level (also true, vacuously, with 0 degrees
    /// of freedom: see `verdict`).
    public var passesGlobalTest: Bool { pValue >= Self.significance }

    public enum Verdict: String, Sendable, CustomStringConvertible {
        case accepted, rejected
        /// 0 degrees of freedom: no measurement is redundant, so the data cannot contradict the constraints.
        case notTestable = "not testable"
        public var description: String { rawValue }
    }

    /// The global test's outcome, telling data that cannot be tested from data that passed.
    public var verdict: Verdict { degreesOfFreedom == 0 ? .notTestable : (passesGlobalTest ? .accepted : .rejected) }

    /// Whether measurement `position` (an index into `measured`) is flagged by its normalised residual.
    public func isSuspect(_ position: Int, threshold: Double = GrossErrorDetection.defaultThreshold) -> Bool {
        abs(normalizedResiduals[position] ?? 0) > threshold
    }

    /// Whether unknown variable `j` is fixed by the constraints alone (observable with no uncertainty, e.g. a
    /// transfer coefficient that the process's other coefficients determine): determined, not estimated.
    public func isDeterminedByConstraints(_ j: Int) -> Bool {
        guard !measured.contains(j), let x = estimates[j], let sd = standardDeviations[j] else { return false }
        return sd <= 1e-7 * max(abs(x), 1e-300)
    }

    public func estimate(_ name: String) -> Double? {
        variables.firstIndex(of: name).flatMap { estimates[$0] }
    }
}
