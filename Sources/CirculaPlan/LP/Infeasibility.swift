/// Finds an irreducible infeasible subset (IIS) of named constraints by the deletion filter
/// (Chinneck & Dravnieks 1991): drop each candidate in turn; if the rest is still infeasible the
/// candidate is not needed and stays dropped, otherwise it is restored. What remains is infeasible
/// and every proper subset is feasible.
///
/// Candidates are the rows and the named variable bounds (`boundName`: contract minimums,
/// availabilities). A row with lower > upper bounds (or l > u on a variable) is its own IIS.
public enum InfeasibilityDiagnosis {
    public static func irreducibleInfeasibleSubset(_ program: LinearProgram) throws(PlanError) -> [String] {
        var current = program
        var kept: [String] = []
        for i in program.constraints.indices {
            let saved = current.constraints[i]
            current.constraints[i].lower = nil
            current.constraints[i].upper = nil
            if try LPSolver.solve(current, ranging: false).status != .infeasible {
                current.constraints[i] = saved
                kept.append(saved.name)
            }
        }
        for j in program.variables.indices {
            guard let name = program.variables[j].boundName else { continue }
            let saved = current.variables[j]
            current.variables[j].lower = min(0, saved.lower ?? 0)
            current.variables[j].upper = nil
            if try LPSolver.solve(current, ranging: false).status != .infeasible {
                current.variables[j] = saved
                kept.append(name)
            }
        }
        return kept
    }
}
