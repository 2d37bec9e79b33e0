import CCholmod

/// Bilinear reconciliation of a large flowsheet with transfer coefficients, sparse (CHOLMOD): every stream
/// k has a measured mass flow m_k and a measured concentration c_k of one element, so its element flow is
/// the product m_k·c_k. Constraints:
///
/// - mass balance of each process p: Σ_{k into p} m_k − Σ_{k out of p} m_k = 0;
/// - transfer coefficient of each stream k leaving a process p: m_k c_k − t_k Σ_{j into p} m_j c_j = 0
///   (with Σ t_k = 1 over p's outputs these imply p's element balance).
///
/// Solved by successive linearisation, as `BilinearReconciliation` (Cencic 2016, Sustain. Environ. Res.
/// 26:291-298): at the expansion point x₀ the constraints g(x) = 0 become J x = J x₀ − g(x₀) =: d, and the
/// original measurements y (covariance V, diagonal) are reconciled under them,
///   x̂ = y − V Jᵀ (J V Jᵀ)⁻¹ (J y − d),   χ² = (J y − d)ᵀ (J V Jᵀ)⁻¹ (J y − d);
/// x̂ becomes the next x₀, starting from the measurements, until the largest relative change of a variable
/// is below `tolerance`. J V Jᵀ keeps its pattern, so CHOLMOD analyses it once (it factorises A Aᵀ for
/// A = J V^½ directly) and only refactorises each iteration. Every variable is measured; the dense
/// `BilinearReconciliation` handles unmeasured ones and gives the same estimates on the same problem.
///
/// ```swift
/// let sheet = NetworkBilinearReconciliation(processCount: 1, from: [-1, 0, 0], to: [0, -1, -1], transfer: [0, 0.9, 0.1])
/// let outcome = try sheet.reconcile(mass: [100, 60, 41], massVariance: [4, 1.4, 0.7],
///                                   concentration: [0.2, 0.3, 0.05], concentrationVariance: [1e-4, 2e-4, 1e-5])
/// outcome.iterations   // a few
/// ```
public struct NetworkBilinearReconciliation: Sendable {
    public var processCount: Int
    /// Per stream: the process it leaves, or −1 (enters from outside).
    public var from: [Int32]
    /// Per stream: the process it enters, or −1 (leaves the system).
    public var to: [Int32]
    /// Per stream leaving a process: the fraction of the element entering that process it carries (ignored
    /// for streams from outside).
    public var transfer: [Double]

    public init(processCount: Int, from: [Int32], to: [Int32], transfer: [Double]) {
        precondition(from.count == to.count && transfer.count == from.count)
        self.processCount = processCount
        self.from = from
        self.to = to
        self.transfer = transfer
    }

    public struct Outcome: Sendable {
        public var mass: [Double]
        public var concentration: [Double]
        public var iterations: Int
        /// Largest relative change of a variable in the last iteration.
        public var lastChange: Double
        /// χ² of the last linearisation, with `degreesOfFreedom` (the number of constraints).
        public var chiSquare: Double
        public var degreesOfFreedom: Int
        /// CPU seconds (calling thread) assembling J and the products, and in CHOLMOD (analysis once, factorisation and solve per iteration).
        public var assemblySeconds = 0.0, choleskySeconds = 0.0
    }

    public enum Failure: Error, CustomStringConvertible {
        case notPositiveDefinite(iteration: Int)
        case cholmod(String)
        case noConvergence(iterations: Int, change: Double)

        public var description: String {
            switch self {
            case .notPositiveDefinite(let i): "J V Jᵀ is not positive definite in iteration \(i) (a zero variance, or a stream with zero mass and concentration?)"
            case .cholmod(let what): "CHOLMOD failed: \(what)"
            case .noConvergence(let n, let change):
                "successive linearisation did not converge in \(n) iterations (last relative change \(change)); check the starting values and scaling"
            }
        }
    }

    /// Variable j < K is the mass of stream j, K + j its concentration.
    public func reconcile(mass: [Double], massVariance: [Double], concentration: [Double], concentrationVariance: [Double],
                          tolerance: Double = 1e-10, maxIterations: Int = 50) throws(Failure) -> Outcome {
        let k = from.count
        precondition(mass.count == k && massVariance.count == k && concentration.count == k && concentrationVariance.count == k)
        let y = mass + concentration, v = massVariance + concentrationVariance
        let n = 2 * k
        // Rows: processes' mass balances, then one transfer row per stream leaving a process.
        var inflows = [[Int]](repeating: [], count: processCount)
        for j in 0..<k where to[j] >= 0 { inflows[Int(to[j])].append(j) }
        let transferStreams = (0..<k).filter { from[$0] >= 0 }
        let rows = processCount + transferStreams.count

        // J in compressed columns with a fixed pattern; `fill` writes its values at an expansion point x.
        // Column of a mass m_j: its two node balances, its own transfer row (c_j), the transfer rows of the
        // streams leaving the process it enters (−t_s c_j); concentrations the same with m_j for c_j.
        var outflows = [[Int]](repeating: [], count: processCount)
        var transferRow = [Int](repeating: -1, count: k)
        for (r, s) in transferStreams.enumerated() { outflows[Int(from[s])].append(s); transferRow[s] = processCount + r }
        var columnStarts = [Int32](repeating: 0, count: n + 1)
        var rowIndex: [Int32] = []
        for column in 0..<n {
            let j = column % k
            var entries: [Int] = []
            if column < k {
                if to[j] >= 0 { entries.append(Int(to[j])) }
                if from[j] >= 0, from[j] != to[j] { entries.append(Int(from[j])) }
                if to[j] >= 0, from[j] == to[j] { entries.removeAll() }   // a stream from a process to itself cancels
            }
            if transferRow[j] >= 0 { entries.append(transferRow[j]) }
            if to[j] >= 0 { for s in outflows[Int(to[j])] where s != j { entries.append(transferRow[s]) } }
            entries.sort()
            rowIndex += entries.map(Int32.init)
            columnStarts[column + 1] = Int32(rowIndex.count)
        }
        let nnz = rowIndex.count

        var common = cholmod_common()
        cholmod_start(&common)
        defer { cholmod_finish(&common) }
        // A = J V^½ (rows × variables, unsymmetric): CHOLMOD factorises A Aᵀ = J V Jᵀ.
        guard let a = cholmod_allocate_sparse(rows, n, nnz, 1, 1, 0, CHOLMOD_REAL, &common) else { throw .cholmod("allocate J") }
        var aPointer: UnsafeMutablePointer<cholmod_sparse>? = a
        defer { cholmod_free_sparse(&aPointer, &common) }
        let ap = a.pointee.p.assumingMemoryBound(to: Int32.self), ai = a.pointee.i.assumingMemoryBound(to: Int32.self)
        let ax = a.pointee.x.assumingMemoryBound(to: Double.self)
        for c in 0...n { ap[c] = columnStarts[c] }
        for e in 0..<nnz { ai[e] = rowIndex[e] }
        var jacobian = [Double](repeating: 0, count: nnz)

        /// J at x: ∂(node balance)/∂m = ±1; ∂(m_s c_s − t_s Σ m_j c_j)/∂m_s = c_s, /∂c_s = m_s, /∂m_j = −t_s c_j, /∂c_j = −t_s m_j.
        func fillJacobian(_ x: [Double]) {
            for column in 0..<n {
                let j = column % k, isMass = column < k
                let other = isMass ? x[k + j] : x[j]   // the factor the derivative leaves
                for e in Int(columnStarts[column])..<Int(columnStarts[column + 1]) {
                    let r = Int(rowIndex[e])
                    var value = 0.0
                    if r < processCount {
                        value = Int32(r) == to[j] ? 1 : -1
                    } else {
                        let s = transferStreams[r - processCount]
                        if s == j { value += other }
                        if to[j] >= 0, from[s] == to[j] { value -= transfer[s] * other }
                    }
                    jacobian[e] = value
                }
            }
        }
        /// g(x): node balances and transfer rows.
        func constraints(_ x: [Double]) -> [Double] {
            var g = [Double](repeating: 0, count: rows)
            var elementIn = [Double](repeating: 0, count: processCount)
            for j in 0..<k {
                if to[j] >= 0 { g[Int(to[j])] += x[j]; elementIn[Int(to[j])] += x[j] * x[k + j] }
                if from[j] >= 0 { g[Int(from[j])] -= x[j] }
            }
            for (r, s) in transferStreams.enumerated() { g[processCount + r] = x[s] * x[k + s] - transfer[s] * elementIn[Int(from[s])] }
            return g
        }
        func multiplyJ(_ x: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: rows)
            for c in 0..<n { for e in Int(columnStarts[c])..<Int(columnStarts[c + 1]) { out[Int(rowIndex[e])] += jacobian[e] * x[c] } }
            return out
        }

        var x = y
        var factor: UnsafeMutablePointer<cholmod_factor>? = nil
        defer { if factor != nil { cholmod_free_factor(&factor, &common) } }
        var clock = NetworkReconciliation.threadSeconds()
        var assembly = 0.0, cholesky = 0.0
        func lap(_ into: inout Double) { let now = NetworkReconciliation.threadSeconds(); into += now - clock; clock = now }
        var change = Double.infinity
        for iteration in 1...maxIterations {
            fillJacobian(x)
            for e in 0..<nnz { ax[e] = jacobian[e] }
            for c in 0..<n { let scale = v[c].squareRoot(); for e in Int(columnStarts[c])..<Int(columnStarts[c + 1]) { ax[e] *= scale } }
            // d = J x₀ − g(x₀); residual r = J y − d.
            let g0 = constraints(x), jx0 = multiplyJ(x), jy = multiplyJ(y)
            lap(&assembly)
            if factor == nil {
                common.nmethods = 1
                common.method.0.ordering = CHOLMOD_AMD
                factor = cholmod_analyze(a, &common)
                guard factor != nil else { throw .cholmod("analyze") }
            }
            cholmod_factorize(a, factor, &common)
            if common.status == CHOLMOD_NOT_POSDEF { throw .notPositiveDefinite(iteration: iteration) }
            guard common.status >= 0 else { throw .cholmod("factorize (status \(common.status))") }
            guard let r = cholmod_zeros(rows, 1, CHOLMOD_REAL, &common) else { throw .cholmod("allocate r") }
            var rPointer: UnsafeMutablePointer<cholmod_dense>? = r
            defer { cholmod_free_dense(&rPointer, &common) }
            let rx = r.pointee.x.assumingMemoryBound(to: Double.self)
            for i in 0..<rows { rx[i] = jy[i] - (jx0[i] - g0[i]) }
            guard let w = cholmod_solve(CHOLMOD_A, factor, r, &common) else { throw .cholmod("solve") }
            var wPointer: UnsafeMutablePointer<cholmod_dense>? = w
            defer { cholmod_free_dense(&wPointer, &common) }
            lap(&cholesky)
            let wx = w.pointee.x.assumingMemoryBound(to: Double.self)
            var chi2 = 0.0
            for i in 0..<rows { chi2 += rx[i] * wx[i] }
            // x̂ = y − V Jᵀ w.
            var next = y
            change = 0
            for c in 0..<n {
                var dot = 0.0
                for e in Int(columnStarts[c])..<Int(columnStarts[c + 1]) { dot += jacobian[e] * wx[Int(rowIndex[e])] }
                next[c] -= v[c] * dot
                change = max(change, abs(next[c] - x[c]) / max(abs(next[c]), 1e-12))
            }
            x = next
            lap(&assembly)
            if change < tolerance {
                return Outcome(mass: Array(x[0..<k]), concentration: Array(x[k..<n]), iterations: iteration, lastChange: change,
                               chiSquare: chi2, degreesOfFreedom: rows, assemblySeconds: assembly, choleskySeconds: cholesky)
            }
        }
        throw .noConvergence(iterations: maxIterations, change: change)
    }
}
