/// Serial elimination of gross errors (Narasimhan & Jordache 2000, §7.4): while the global χ² test
/// rejects the data, the measurement with the largest normalised residual above the threshold is
/// dropped (its variable becomes unknown) and the problem is reconciled again. Ties are never broken
/// by round-off (see `EliminationPolicy`); every step is recorded.
public enum GrossErrorDetection {
    /// 5% two-sided for a standard normal statistic.
    public static let defaultThreshold = 1.96

    public struct Outcome: Sendable {
        /// The reconciliation of the first pass (all measurements), with its flags.
        public var initial: ReconciliationResult
        /// The reconciliation after the suspects were dropped.
        public var final: ReconciliationResult
        /// Dropped measurements in order, with the normalised residual each had when dropped.
        public var eliminated: [(variable: String, normalizedResidual: Double)]
        public var steps: [EliminationStep]
        public var stop: EliminationStop
    }

    /// ```swift
    /// let outcome = try GrossErrorDetection.serialElimination(problem)
    /// outcome.eliminated.first?.variable   // the stream with the planted error
    /// ```
    public static func serialElimination(_ problem: LinearProblem, threshold: Double = defaultThreshold) throws(LinearAlgebraError) -> Outcome {
        try serialElimination(problem, policy: EliminationPolicy(threshold: threshold))
    }

    public static func serialElimination(_ problem: LinearProblem, policy: EliminationPolicy) throws(LinearAlgebraError) -> Outcome {
        let run = try eliminate(problem, policy: policy, solve: { (p: LinearProblem, _: [Int: Double]) throws(LinearAlgebraError) in
            try LinearReconciliation.solve(p)
        }, result: { $0 })
        return Outcome(initial: run.first, final: run.final, eliminated: run.eliminated, steps: run.steps, stop: run.stop)
    }

    struct Run<Solved> {
        var first: Solved
        var final: Solved
        var eliminated: [(variable: String, normalizedResidual: Double)]
        var steps: [EliminationStep]
        var stop: EliminationStop
    }

    /// The elimination loop shared by the linear and the bilinear case. `solve` gets the current problem
    /// and the dropped measurements' values by variable (starting values for the bilinear case).
    static func eliminate<Solved, E: Error>(_ problem: LinearProblem, policy: EliminationPolicy,
                                            solve: (LinearProblem, [Int: Double]) throws(E) -> Solved,
                                            result: (Solved) -> ReconciliationResult) throws(E) -> Run<Solved> {
        let first = try solve(problem, [:])
        var current = problem
        var solved = first
        var seeds: [Int: Double] = [:]
        var eliminated: [(variable: String, normalizedResidual: Double)] = []
        var steps: [EliminationStep] = []
        func name(_ r: ReconciliationResult, _ position: Int) -> String { problem.variables[r.measured[position]] }
        func candidates(_ r: ReconciliationResult) -> [Int] {
            r.measured.indices.filter { abs(r.normalizedResiduals[$0] ?? 0) > policy.threshold }
                .sorted { abs(r.normalizedResiduals[$0] ?? 0) > abs(r.normalizedResiduals[$1] ?? 0) }
        }
        func drop(_ position: Int, chosen: Bool) throws(E) {
            let r = result(solved)
            let variable = r.measured[position]
            let before = candidates(r).map { (name(r, $0), r.normalizedResiduals[$0] ?? 0) }
            eliminated.append((problem.variables[variable], r.normalizedResiduals[position] ?? 0))
            seeds[variable] = r.measuredValues[position]
            current = current.dropping(measurement: position)
            solved = try solve(current, seeds)
            let after = result(solved)
            let label = problem.variables[variable]
            steps.append(EliminationStep(action: chosen ? .chosen(label) : .eliminated(label), candidates: before,
                                         chiSquare: after.chiSquare, degreesOfFreedom: after.degreesOfFreedom, pValue: after.pValue))
        }
        // The user's choices first, by variable (positions shift as measurements are dropped).
        for position in policy.chosen where problem.measured.indices.contains(position) {
            let variable = problem.measured[position]
            guard let now = result(solved).measured.firstIndex(of: variable) else { continue }
            try drop(now, chosen: true)
        }
        while true {
            let r = result(solved)
            if r.degreesOfFreedom == 0 { return Run(first: first, final: solved, eliminated: eliminated, steps: steps, stop: .notTestable) }
            if r.passesGlobalTest { return Run(first: first, final: solved, eliminated: eliminated, steps: steps, stop: .accepted) }
            guard policy.automatic else { return Run(first: first, final: solved, eliminated: eliminated, steps: steps, stop: .disabled) }
            let ranked = candidates(r)
            guard let worst = ranked.first else { return Run(first: first, final: solved, eliminated: eliminated, steps: steps, stop: .noCandidate) }
            let largest = abs(r.normalizedResiduals[worst] ?? 0)
            let tied = ranked.filter { largest - abs(r.normalizedResiduals[$0] ?? 0) <= policy.tieTolerance * largest }
            if tied.count > 1 {
                let names = tied.map { name(r, $0) }
                steps.append(EliminationStep(action: .indistinguishable(names), candidates: ranked.map { (name(r, $0), r.normalizedResiduals[$0] ?? 0) },
                                             chiSquare: r.chiSquare, degreesOfFreedom: r.degreesOfFreedom, pValue: r.pValue))
                return Run(first: first, final: solved, eliminated: eliminated, steps: steps, stop: .indistinguishable(names))
            }
            try drop(worst, chosen: false)
        }
    }
}
