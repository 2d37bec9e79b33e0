/// Serial elimination of gross errors under bilinear constraints (f = m · c): the normalised residuals
/// are those of the last linearisation of the converged successive linearisation (Cencic 2016; Narasimhan
/// & Jordache 2000, §7.4 applied to the linearised problem). While the global χ² test rejects the data,
/// the measurement with the largest normalised residual above the threshold is dropped, its variable
/// becomes unknown (seeded with the dropped value, so its product still has a starting point), and the
/// problem is solved again. Ties and the user's choices as in `EliminationPolicy`.
extension GrossErrorDetection {
    public struct BilinearOutcome: Sendable {
        /// The converged reconciliation with all measurements, with its flags.
        public var initial: BilinearReconciliation.Outcome
        /// The converged reconciliation after the suspects were dropped.
        public var final: BilinearReconciliation.Outcome
        /// Dropped measurements in order, with the normalised residual each had when dropped.
        public var eliminated: [(variable: String, normalizedResidual: Double)]
        public var steps: [EliminationStep]
        public var stop: EliminationStop
    }

    /// ```swift
    /// let outcome = try GrossErrorDetection.serialElimination(problem, products: products)
    /// outcome.eliminated.first?.variable   // "P1.a [Cu%]", the planted error
    /// ```
    public static func serialElimination(_ problem: LinearProblem, products: [BilinearReconciliation.Product],
                                         policy: EliminationPolicy = .standard) throws(BilinearReconciliation.Failure) -> BilinearOutcome {
        let run = try eliminate(problem, policy: policy, solve: { (p: LinearProblem, seeds: [Int: Double]) throws(BilinearReconciliation.Failure) in
            try BilinearReconciliation.solve(p, products: products, startingValues: seeds)
        }, result: { $0.result })
        return BilinearOutcome(initial: run.first, final: run.final, eliminated: run.eliminated, steps: run.steps, stop: run.stop)
    }

    public static func serialElimination(_ problem: LinearProblem, products: [BilinearReconciliation.Product],
                                         threshold: Double) throws(BilinearReconciliation.Failure) -> BilinearOutcome {
        try serialElimination(problem, products: products, policy: EliminationPolicy(threshold: threshold))
    }
}
