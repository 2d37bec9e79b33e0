/// How serial elimination of gross errors chooses what to drop.
///
/// Serial elimination drops the measurement with the largest normalised residual. When two or more
/// candidates have the same statistic (two meters in series measure the same flow, so their normalised
/// residuals are equal up to round-off), the data cannot tell them apart: the default is then to drop
/// none of them and report the group as indistinguishable, so round-off never decides. The user can
/// choose (`chosen`) and re-run, or switch elimination off.
///
/// ```swift
/// var policy = EliminationPolicy.standard
/// policy.chosen = [2]            // drop measurement 2 first (an index into `LinearProblem.measured`)
/// let outcome = try GrossErrorDetection.serialElimination(problem, policy: policy)
/// ```
public struct EliminationPolicy: Sendable, Hashable {
    /// Normalised-residual threshold above which a measurement is a candidate (1.96: 5% two-sided).
    public var threshold: Double
    /// Candidates whose |normalised residual| differ by at most this, relative to the largest, are indistinguishable.
    public var tieTolerance: Double
    /// Drop candidates automatically while the global test rejects the data (false: only `chosen`).
    public var automatic: Bool
    /// Measurements to drop first, in order, as positions in the problem's `measured` (the user's choice).
    public var chosen: [Int]

    public init(threshold: Double = GrossErrorDetection.defaultThreshold, tieTolerance: Double = 1e-6, automatic: Bool = true, chosen: [Int] = []) {
        self.threshold = threshold
        self.tieTolerance = tieTolerance
        self.automatic = automatic
        self.chosen = chosen
    }

    public static let standard = EliminationPolicy()
    /// First pass only: nothing is dropped.
    public static let none = EliminationPolicy(automatic: false)
}

/// One step of serial elimination: the candidates it saw, what it dropped, and the global test after it.
public struct EliminationStep: Sendable {
    public enum Action: Sendable, Hashable {
        /// Dropped as the single largest normalised residual above the threshold.
        case eliminated(String)
        /// Dropped because the user chose it.
        case chosen(String)
        /// The largest candidates are equal within the tie tolerance: none was dropped.
        case indistinguishable([String])
    }

    public var action: Action
    /// Measurements above the threshold before the step, largest |normalised residual| first.
    public var candidates: [(variable: String, normalizedResidual: Double)]
    /// Global test after the step (for `indistinguishable`, the unchanged one before it).
    public var chiSquare: Double
    public var degreesOfFreedom: Int
    public var pValue: Double
}

/// Why serial elimination stopped.
public enum EliminationStop: Sendable, Hashable, CustomStringConvertible {
    /// The global test accepts the data.
    case accepted
    /// No degrees of freedom are left: nothing can be tested.
    case notTestable
    /// The global test rejects the data but no measurement exceeds the threshold.
    case noCandidate
    /// The largest candidates are indistinguishable; none was dropped (choose one with `chosen`).
    case indistinguishable([String])
    /// The global test rejects the data and automatic elimination is off.
    case disabled

    public var description: String {
        switch self {
        case .accepted: "the global test accepts the data"
        case .notTestable: "not testable: 0 degrees of freedom (no measurement is redundant)"
        case .noCandidate: "the global test rejects the data but no normalised residual exceeds the threshold"
        case .indistinguishable(let names): "indistinguishable: \(names.joined(separator: ", ")) (equal normalised residuals; none eliminated, choose one)"
        case .disabled: "the global test rejects the data; elimination is off"
        }
    }
}
