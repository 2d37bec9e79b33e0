/// Serial elimination of gross errors under bilinear constraints (f = m · c): the normalised residuals
/// are those of the last linearisation of the converged successive linearisation (Cencic 2016; Narasimhan
/// & Jordache 2000, §7.4 applied to the linearised problem). While the global χ² test rejects the data,
/// the measurement with the largest normalised residual above the threshold is dropped, its variable
/// becomes unknown (seeded with the dropped value, so its product still has a starting point), and the
/// problem is solved again.
extension GrossErrorDetection {
    public struct BilinearOutcome: Sendable {
        /// The converged reconciliation with all measurements, with its flags.
        public var initial: BilinearReconciliation.Outcome
        /// The converged reconciliation after the suspects were dropped.
        public var final: BilinearReconciliation.Outcome
        /// Dropped measurements in order, with the normalised residual each had when dropped.
        public var eliminated: [(variable: String, normalizedResidual: Double)]
    }

    /// ```swift
    /// let outcome = try GrossErrorDetection.serialElimination(problem, products: products)
    /// outcome.eliminated.first?.variable   // "P1.a [Cu%]", the planted error
    /// ```
    public static func serialElimination(_ problem: LinearProblem, products: [BilinearReconciliation.Product],
                                         threshold: Double = 1.96) throws(BilinearReconciliation.Failure) -> BilinearOutcome {
        let first = try BilinearReconciliation.solve(problem, products: products)
        var current = problem
        var outcome = first
        var seeds: [Int: Double] = [:]
        var eliminated: [(String, Double)] = []
        while !outcome.result.passesGlobalTest {
            let result = outcome.result
            let candidates = result.measured.indices.filter { abs(result.normalizedResiduals[$0] ?? 0) > threshold }
            guard let worst = candidates.max(by: { abs(result.normalizedResiduals[$0]!) < abs(result.normalizedResiduals[$1]!) }) else { break }
            let variable = result.measured[worst]
            eliminated.append((problem.variables[variable], result.normalizedResiduals[worst]!))
            seeds[variable] = result.measuredValues[worst]
            current = current.dropping(measurement: worst)
            outcome = try BilinearReconciliation.solve(current, products: products, startingValues: seeds)
        }
        return BilinearOutcome(initial: first, final: outcome, eliminated: eliminated)
    }
}
