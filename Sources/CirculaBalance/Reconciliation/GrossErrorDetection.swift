/// Serial elimination of gross errors (Narasimhan & Jordache 2000, §7.4): while the global χ² test
/// rejects the data, the measurement with the largest normalised residual above the threshold is
/// dropped (its variable becomes unknown) and the problem is reconciled again.
public enum GrossErrorDetection {
    public struct Outcome: Sendable {
        /// The reconciliation of the first pass (all measurements), with its flags.
        public var initial: ReconciliationResult
        /// The reconciliation after the suspects were dropped.
        public var final: ReconciliationResult
        /// Dropped measurements in order, with the normalised residual each had when dropped.
        public var eliminated: [(variable: String, normalizedResidual: Double)]
    }

    /// ```swift
    /// let outcome = try GrossErrorDetection.serialElimination(problem)
    /// outcome.eliminated.first?.variable   // the stream with the planted error
    /// ```
    public static func serialElimination(_ problem: LinearProblem, threshold: Double = 1.96) throws(LinearAlgebraError) -> Outcome {
        let first = try LinearReconciliation.solve(problem)
        var current = problem
        var result = first
        var eliminated: [(String, Double)] = []
        while !result.passesGlobalTest {
            let candidates = result.measured.indices.filter { abs(result.normalizedResiduals[$0] ?? 0) > threshold }
            guard let worst = candidates.max(by: { abs(result.normalizedResiduals[$0]!) < abs(result.normalizedResiduals[$1]!) }) else { break }
            eliminated.append((problem.variables[result.measured[worst]], result.normalizedResiduals[worst]!))
            current = current.dropping(measurement: worst)
            result = try LinearReconciliation.solve(current)
        }
        return Outcome(initial: first, final: result, eliminated: eliminated)
    }
}
