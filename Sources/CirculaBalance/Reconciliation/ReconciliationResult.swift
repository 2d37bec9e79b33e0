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
    public func suspects(threshold: Double = 1.96) -> [Int] {
        measured.indices.filter { abs(normalizedResiduals[$0] ?? 0) > threshold }
    }

    /// Whether the global χ² test accepts the data at the 5% level.
    public var passesGlobalTest: Bool { pValue >= 0.05 }

    public func estimate(_ name: String) -> Double? {
        variables.firstIndex(of: name).flatMap { estimates[$0] }
    }
}
