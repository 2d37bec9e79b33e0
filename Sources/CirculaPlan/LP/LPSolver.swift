import CGLPK

/// Solves a `LinearProgram` with GLPK: primal simplex for LPs (with duals, reduced costs and
/// objective ranging from `glp_analyze_coef`), branch-and-cut (`glp_intopt`) when asked for integers.
///
/// GLPK's problem object is not thread-safe, so each call creates and frees its own.
public enum LPSolver {
    /// - Parameters:
    ///   - integer: honour `isInteger`; otherwise the LP relaxation is solved.
    ///   - ranging: compute objective-coefficient ranges (LP only; one `glp_analyze_coef` per variable).
    public static func solve(_ program: LinearProgram, integer: Bool = false, ranging: Bool = true) throws(PlanError) -> LPSolution {
        let mip = integer && program.hasIntegers
        glp_term_out(GLP_OFF)
        guard let lp = glp_create_prob() else { throw PlanError.solver("GLPK could not create a problem") }
        defer { glp_delete_prob(lp) }
        let m = program.constraints.count, n = program.variables.count
        glp_set_obj_dir(lp, program.sense == .maximize ? GLP_MAX : GLP_MIN)
        if m > 0 { glp_add_rows(lp, Int32(m)) }
        if n > 0 { glp_add_cols(lp, Int32(n)) }
        for (j, variable) in program.variables.enumerated() {
            let col = Int32(j + 1)
            setBounds(variable.lower, variable.upper) { glp_set_col_bnds(lp, col, $0, $1, $2) }
            glp_set_obj_coef(lp, col, variable.objective)
            if mip && variable.isInteger {
                glp_set_col_kind(lp, col, (variable.lower ?? -1) >= 0 && (variable.upper ?? 2) <= 1 ? GLP_BV : GLP_IV)
            }
        }
        // GLPK aborts the process on a duplicate (row, column): sum duplicates first.
        var ia: [Int32] = [0], ja: [Int32] = [0], ar: [Double] = [0]
        for (i, row) in program.constraints.enumerated() {
            setBounds(row.lower, row.upper) { glp_set_row_bnds(lp, Int32(i + 1), $0, $1, $2) }
            var merged: [Int: Double] = [:]
            for (j, a) in row.terms { merged[j, default: 0] += a }
            for (j, a) in merged.sorted(by: { $0.key < $1.key }) where a != 0 {
                guard j >= 0, j < n else { throw PlanError.solver("row \(row.name) names variable \(j); expected 0..<\(n)") }
                ia.append(Int32(i + 1)); ja.append(Int32(j + 1)); ar.append(a)
            }
        }
        glp_load_matrix(lp, Int32(ar.count - 1), ia, ja, ar)

        if mip { return try solveMIP(lp, program: program) }

        var parm = glp_smcp()
        glp_init_smcp(&parm)
        parm.msg_lev = GLP_MSG_OFF
        parm.presolve = GLP_OFF   // keep the basis: duals and ranging need it
        // Dual simplex with the long-step (bound-flipping) ratio test: feed-mix LPs have thousands of
        // boxed columns and few rows, where it needs far fewer iterations than the primal.
        parm.meth = GLP_DUALP
        parm.r_test = GLP_RT_FLIP
        var code = glp_simplex(lp, &parm)
        if code != 0 || glp_get_status(lp) != GLP_OPT {
            // The dual phase reports infeasible or unbounded problems less definitely: settle them with the primal.
            parm.meth = GLP_PRIMAL
            parm.r_test = GLP_RT_HAR
            code = glp_simplex(lp, &parm)
        }
        guard code == 0 else { throw PlanError.solver("glp_simplex failed with code \(code)") }
        let status: LPStatus
        switch glp_get_status(lp) {
        case GLP_OPT: status = .optimal
        case GLP_NOFEAS: status = .infeasible
        case GLP_UNBND: status = .unbounded
        default: status = glp_get_prim_stat(lp) == GLP_NOFEAS ? .infeasible : .undefined
        }
        let values = (0..<n).map { glp_get_col_prim(lp, Int32($0 + 1)) }
        let rows = (0..<m).map { glp_get_row_prim(lp, Int32($0 + 1)) }
        let duals = (0..<m).map { glp_get_row_dual(lp, Int32($0 + 1)) }
        let reduced = (0..<n).map { glp_get_col_dual(lp, Int32($0 + 1)) }
        let atBound = (0..<m).map { glp_get_row_stat(lp, Int32($0 + 1)) != GLP_BS }
        var ranges: [CoefficientRange] = []
        if status == .optimal && ranging && n > 0 {
            if glp_bf_exists(lp) == 0 { _ = glp_factorize(lp) }
            let maximize = program.sense == .maximize
            for j in 0..<n {
                let c = program.variables[j].objective, d = reduced[j]
                var lower: Double? = nil, upper: Double? = nil
                switch glp_get_col_stat(lp, Int32(j + 1)) {
                case GLP_BS:
                    // glp_analyze_coef accepts basic variables only.
                    var c1 = 0.0, c2 = 0.0, v1 = 0.0, v2 = 0.0
                    var var1: Int32 = 0, var2: Int32 = 0
                    glp_analyze_coef(lp, Int32(m + j + 1), &c1, &var1, &v1, &c2, &var2, &v2)
                    lower = c1 <= -1e300 ? nil : c1
                    upper = c2 >= 1e300 ? nil : c2
                case GLP_NL:
                    // At its lower bound: optimal until the reduced cost changes sign.
                    if maximize { upper = c - d } else { lower = c - d }
                case GLP_NU:
                    if maximize { lower = c - d } else { upper = c - d }
                default:
                    break   // fixed or free non-basic: any coefficient keeps the basis
                }
                ranges.append(CoefficientRange(variable: program.variables[j].name, coefficient: c, lower: lower, upper: upper))
            }
        }
        return LPSolution(status: status, objective: glp_get_obj_val(lp), values: values, rowActivities: rows, duals: duals,
                          reducedCosts: reduced, rowAtBound: atBound, ranges: ranges, isMIP: false)
    }

    private static func solveMIP(_ lp: OpaquePointer, program: LinearProgram) throws(PlanError) -> LPSolution {
        var parm = glp_iocp()
        glp_init_iocp(&parm)
        parm.msg_lev = GLP_MSG_OFF
        parm.presolve = GLP_ON
        let code = glp_intopt(lp, &parm)
        let m = program.constraints.count, n = program.variables.count
        let status: LPStatus
        switch code {
        case 0:
            switch glp_mip_status(lp) {
            case GLP_OPT: status = .optimal
            case GLP_NOFEAS: status = .infeasible
            default: status = .undefined
            }
        case GLP_ENOPFS, GLP_ENODFS: status = code == GLP_ENOPFS ? .infeasible : .unbounded
        default: throw PlanError.solver("glp_intopt failed with code \(code)")
        }
        let values = (0..<n).map { glp_mip_col_val(lp, Int32($0 + 1)) }
        let rows = (0..<m).map { glp_mip_row_val(lp, Int32($0 + 1)) }
        let atBound = (0..<m).map { i -> Bool in
            let row = program.constraints[i]
            return [row.lower, row.upper].contains { $0.map { abs($0 - rows[i]) <= 1e-7 * max(1, abs($0)) } ?? false }
        }
        return LPSolution(status: status, objective: glp_mip_obj_val(lp), values: values, rowActivities: rows,
                          duals: Array(repeating: 0, count: m), reducedCosts: Array(repeating: 0, count: n),
                          rowAtBound: atBound, ranges: [], isMIP: true)
    }

    private static func setBounds(_ lower: Double?, _ upper: Double?, _ apply: (Int32, Double, Double) -> Void) {
        switch (lower, upper) {
        case (nil, nil): apply(GLP_FR, 0, 0)
        case (let l?, nil): apply(GLP_LO, l, 0)
        case (nil, let u?): apply(GLP_UP, 0, u)
        case (let l?, let u?): l == u ? apply(GLP_FX, l, u) : apply(GLP_DB, l, u)
        }
    }
}
