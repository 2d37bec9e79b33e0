import Foundation

/// Weighted least-squares reconciliation under linear constraints (Cencic & Rechberger, STAN;
/// Narasimhan & Jordache 2000, ch. 3), dense, through LAPACK.
///
/// With A = [A_y A_z] (measured | unknown columns), the unknowns are eliminated by projecting the
/// constraints onto the left null space of A_z: P = U₂ᵀ from the SVD A_z = U S Vᵀ (P A_z = 0). The
/// projected constraints G = P A_y, h = P c are reduced to an orthonormal basis of their row space
/// (again by SVD), so G V Gᵀ is positive definite even when balances are dependent. Then
///   x̂ = y − V Gᵀ (G V Gᵀ)⁻¹ (G y − h),   V̂ = V − V Gᵀ (G V Gᵀ)⁻¹ G V,
///   χ² = (G y − h)ᵀ (G V Gᵀ)⁻¹ (G y − h) with rank(G) degrees of freedom,
/// and the unknowns follow from A_z z = c − A_y x̂ (pseudo-inverse; z_j is observable iff row j of
/// A_z's null-space basis is zero).
public enum LinearReconciliation {
    public static func solve(_ problem: LinearProblem, keepNonNegative: Bool = true) throws(LinearAlgebraError) -> ReconciliationResult {
        var current = problem
        var fixed: [Int] = []
        for _ in 0...problem.variables.count {
            var result = try solveOnce(current)
            let negative = result.estimates.indices.filter { j in
                guard let x = result.estimates[j] else { return false }
                return x < -1e-9 * max(1, problem.values.map(abs).max() ?? 1) && !fixed.contains(j)
            }
            if !keepNonNegative || negative.isEmpty {
                result.fixedAtZero = fixed.map { problem.variables[$0] }
                // Statistics of the measurements refer to the original constraint set's names.
                return result
            }
            fixed += negative
            current = problem.fixingToZero(fixed)
        }
        return try solveOnce(current)
    }

    static func solveOnce(_ problem: LinearProblem) throws(LinearAlgebraError) -> ReconciliationResult {
        let a = problem.constraints
        let n = problem.variables.count, m = a.rows
        let measured = problem.measured
        let measuredSet = Set(measured)
        let unknown = (0..<n).filter { !measuredSet.contains($0) }
        let ay = a.columns(measured)
        let y = problem.values, v = problem.covariance
        let ny = measured.count, nz = unknown.count

        // Projection onto the left null space of A_z. Its columns are scaled to unit norm first (the left
        // null space does not change): a linearised product row puts a mass of 10⁷ kg beside coefficients
        // of 10⁻⁴, and unscaled the small singular values would fall under the rank tolerance.
        var az = a.columns(unknown)
        var scale = [Double](repeating: 1, count: nz)
        for j in 0..<nz {
            var norm = 0.0
            for r in 0..<m { norm += az[r, j] * az[r, j] }
            if norm > 0 { scale[j] = 1 / norm.squareRoot() }
            for r in 0..<m { az[r, j] *= scale[j] }
        }
        let (uz, sz, vtz) = try LAPACK.svd(az)
        let rz = nz == 0 ? 0 : LAPACK.rank(sz, rows: m, columns: nz)
        let p = uz.columns(Array(rz..<m)).transposed            // (m − rz) × m
        let g0 = p * ay
        let h0 = p * problem.rhs

        // Orthonormal basis of the projected constraints' row space.
        let (ug, sg, vtg) = try LAPACK.svd(g0)
        let rg = LAPACK.rank(sg, rows: g0.rows, columns: g0.columns)
        let g = vtg.rows(Array(0..<rg))                          // rg × ny
        var h = [Double](repeating: 0, count: rg)
        for i in 0..<rg {
            var dot = 0.0
            for r in 0..<g0.rows { dot += ug[r, i] * h0[r] }
            h[i] = dot / sg[i]
        }

        let residual = zip(g * y, h).map { $0 - $1 }
        let gv = g * v                                           // rg × ny
        let s = gv * g.transposed                                // rg × rg
        var w = Matrix(rows: rg, columns: 1); w.storage = residual
        let wSolved = try LAPACK.solveSPD(s, w).storage
        let correction = gv.transposed * wSolved                 // V Gᵀ w
        let xy = zip(y, correction).map { $0 - $1 }
        let chi2 = zip(residual, wSolved).reduce(0) { $0 + $1.0 * $1.1 }
        let k = try LAPACK.solveSPD(s, gv)                       // S⁻¹ G V
        let vHat = v - gv.transposed * k

        var normalized: [Double?] = []
        var redundant: [Bool] = []
        for i in 0..<ny {
            let variance = v[i, i] - vHat[i, i]
            let isRedundant = variance > 1e-12 * max(v[i, i], .leastNormalMagnitude)
            redundant.append(isRedundant)
            normalized.append(isRedundant ? (y[i] - xy[i]) / variance.squareRoot() : nil)
        }

        // Unknowns: z = A_z⁺ (c − A_y x̂); observable when their null-space rows vanish.
        var estimates = [Double?](repeating: nil, count: n)
        var sds = [Double?](repeating: nil, count: n)
        var observable = [Bool](repeating: true, count: n)
        for (i, j) in measured.enumerated() { estimates[j] = xy[i]; sds[j] = max(vHat[i, i], 0).squareRoot() }
        if nz > 0 {
            // L = D V_r S_r⁻¹ U_rᵀ (D the column scaling); z = L (c − A_y x̂); cov z = (L A_y) V̂ (L A_y)ᵀ.
            var l = Matrix(rows: nz, columns: m)
            for t in 0..<rz {
                for r in 0..<m {
                    let factor = uz[r, t] / sz[t]
                    if factor == 0 { continue }
                    for j in 0..<nz { l[j, r] += scale[j] * vtz[t, j] * factor }
                }
            }
            let rhs = zip(problem.rhs, ay * xy).map { $0 - $1 }
            let z = l * rhs
            let lay = l * ay
            let covZ = lay * vHat * lay.transposed
            for (position, j) in unknown.enumerated() {
                var nullNorm = 0.0
                for t in rz..<nz { nullNorm += vtz[t, position] * vtz[t, position] }
                if nullNorm.squareRoot() < 1e-9 {
                    estimates[j] = z[position]
                    sds[j] = max(covZ[position, position], 0).squareRoot()
                } else {
                    observable[j] = false
                }
            }
        }

        // Rows with an unobservable term have no defined imbalance: NaN.
        let undefined = (0..<m).map { r in (0..<n).contains { estimates[$0] == nil && a[r, $0] != 0 } }
        func imbalance(_ values: [Double?], measuredAt: [Double]?) -> [Double] {
            var x = values.map { $0 ?? 0 }
            if let measuredAt { for (i, j) in measured.enumerated() { x[j] = measuredAt[i] } }
            return zip(a * x, problem.rhs).enumerated().map { undefined[$0.offset] ? .nan : $0.element.0 - $0.element.1 }
        }
        return ReconciliationResult(
            variables: problem.variables, estimates: estimates, standardDeviations: sds, reconciledCovariance: vHat,
            measured: measured, measuredValues: y, measuredSD: (0..<ny).map { v[$0, $0].squareRoot() },
            normalizedResiduals: normalized, redundant: redundant, observable: observable,
            chiSquare: chi2, degreesOfFreedom: rg, pValue: ChiSquare.pValue(chi2, degreesOfFreedom: rg),
            imbalanceBefore: imbalance(estimates, measuredAt: y), imbalanceAfter: imbalance(estimates, measuredAt: nil),
            constraintNames: problem.constraintNames, fixedAtZero: [])
    }
}
