import CCholmod

/// Sparse linear reconciliation of node balances on large flowsheets (thousands of processes),
/// for many layers (elements) at once, by CHOLMOD.
///
/// Constraints are node balances, so every flow has at most two entries (+1 where it enters,
/// −1 where it leaves). Unmeasured flows are eliminated by contracting them: an unmeasured flow
/// between two processes merges their balances (adding the two rows cancels it), an unmeasured
/// flow across the boundary (or into stock) removes its merged node's balance. The merged rows G
/// are a projection P A with P A_z = 0 and full row rank, sparse and found in near-linear time
/// (union-find), where the dense QR of `LinearReconciliation` would fill in.
///
/// With V = diag(v) shared by the layers (V_e = k_e V leaves x̂ unchanged), G V Gᵀ = F Fᵀ with
/// F = G V^½ is factorised once by CHOLMOD (supernodal, AMD) and solved for all layers together:
/// x̂ = Y − V Gᵀ (G V Gᵀ)⁻¹ G Y. Unmeasured flows follow from the balance of an end node whose
/// other flows are all known (repeated until nothing changes; the rest are unobservable).
///
/// ```swift
/// let network = NetworkReconciliation(processCount: 2, from: [-1, 0, 1], to: [0, 1, -1])
/// let x = try network.reconcile(measured: [true, true, true], values: [[100], [98], [99]], variances: [1, 1, 1])
/// ```
public struct NetworkReconciliation: Sendable {
    public var processCount: Int
    /// Per flow: the process it leaves, or −1 (enters from outside).
    public var from: [Int32]
    /// Per flow: the process it enters, or −1 (leaves the system or goes to stock).
    public var to: [Int32]

    public init(processCount: Int, from: [Int32], to: [Int32]) {
        precondition(from.count == to.count)
        self.processCount = processCount
        self.from = from
        self.to = to
    }

    public enum Failure: Error, CustomStringConvertible {
        case notPositiveDefinite
        case cholmod(String)

        public var description: String {
            switch self {
            case .notPositiveDefinite: "G V Gᵀ is not positive definite (a measured flow with zero variance?)"
            case .cholmod(let what): "CHOLMOD failed: \(what)"
            }
        }
    }

    /// Reconciles `layers` columns at once. `values[layer][flow]` (unmeasured entries ignored),
    /// `variances[flow]` for measured flows. Returns `[layer][flow]`, NaN for unobservable flows.
    public func reconcile(measured: [Bool], values: [[Double]], variances: [Double]) throws(Failure) -> [[Double]] {
        let flows = from.count
        let layers = values.count
        // Contract unmeasured flows.
        var parent = Array(0..<processCount)
        func find(_ x: Int) -> Int {
            var r = x
            while parent[r] != r { r = parent[r] }
            var y = x
            while parent[y] != r { let next = parent[y]; parent[y] = r; y = next }
            return r
        }
        var dead = [Bool](repeating: false, count: processCount)
        for f in 0..<flows where !measured[f] {
            let a = Int(from[f]), b = Int(to[f])
            if a >= 0, b >= 0 {
                let ra = find(a), rb = find(b)
                if ra != rb { parent[ra] = rb; dead[rb] = dead[rb] || dead[ra] }
            } else if a >= 0 { dead[find(a)] = true } else if b >= 0 { dead[find(b)] = true }
        }
        var row = [Int32](repeating: -1, count: processCount)
        var rowCount: Int32 = 0
        for p in 0..<processCount {
            let r = find(p)
            if dead[r] { continue }
            if row[r] < 0 { row[r] = rowCount; rowCount += 1 }
            row[p] = row[r]
        }
        // G (rows × measured flows) in compressed columns; a flow inside one merged node cancels.
        let measuredFlows = (0..<flows).filter { measured[$0] }
        var columnStarts: [Int32] = [0]
        var rowIndices: [Int32] = []
        var entries: [Double] = []
        var columnEntries: [(Int32, Double)] = []
        columnEntries.reserveCapacity(2)
        for f in measuredFlows {
            columnEntries.removeAll(keepingCapacity: true)
            let a = from[f] >= 0 ? row[Int(from[f])] : -1
            let b = to[f] >= 0 ? row[Int(to[f])] : -1
            if a != b {
                if a >= 0 { columnEntries.append((a, -1)) }
                if b >= 0 { columnEntries.append((b, 1)) }
            }
            columnEntries.sort { $0.0 < $1.0 }
            for (r, v) in columnEntries { rowIndices.append(r); entries.append(v) }
            columnStarts.append(Int32(rowIndices.count))
        }
        let m = Int(rowCount), ny = measuredFlows.count

        var xHat = values.map { layer in measuredFlows.map { layer[$0] } }  // [layer][measured position]
        if m > 0 {
            var common = cholmod_common()
            cholmod_start(&common)
            defer { cholmod_finish(&common) }
            guard let f = cholmod_allocate_sparse(m, ny, rowIndices.count, 1, 1, 0, CHOLMOD_REAL, &common) else { throw .cholmod("allocate F") }
            defer { var p: UnsafeMutablePointer<cholmod_sparse>? = f; cholmod_free_sparse(&p, &common) }
            let fp = f.pointee.p.assumingMemoryBound(to: Int32.self)
            let fi = f.pointee.i.assumingMemoryBound(to: Int32.self)
            let fx = f.pointee.x.assumingMemoryBound(to: Double.self)
            for c in 0...ny { fp[c] = columnStarts[c] }
            for (position, flow) in measuredFlows.enumerated() {
                let scale = variances[flow].squareRoot()
                for k in Int(columnStarts[position])..<Int(columnStarts[position + 1]) {
                    fi[k] = rowIndices[k]
                    fx[k] = entries[k] * scale
                }
            }
            // F is unsymmetric (stype 0): CHOLMOD factorises F Fᵀ = G V Gᵀ without forming it.
            guard let factor = cholmod_analyze(f, &common) else { throw .cholmod("analyze") }
            var factorPointer: UnsafeMutablePointer<cholmod_factor>? = factor
            defer { cholmod_free_factor(&factorPointer, &common) }
            cholmod_factorize(f, factor, &common)
            if common.status == CHOLMOD_NOT_POSDEF { throw .notPositiveDefinite }
            guard common.status >= 0 else { throw .cholmod("factorize (status \(common.status))") }

            // R = G Y for all layers (m × layers, column-major).
            guard let r = cholmod_allocate_dense(m, layers, m, CHOLMOD_REAL, &common) else { throw .cholmod("allocate R") }
            var rPointer: UnsafeMutablePointer<cholmod_dense>? = r
            defer { cholmod_free_dense(&rPointer, &common) }
            let rx = r.pointee.x.assumingMemoryBound(to: Double.self)
            for i in 0..<(m * layers) { rx[i] = 0 }
            for (position, _) in measuredFlows.enumerated() {
                for k in Int(columnStarts[position])..<Int(columnStarts[position + 1]) {
                    let rowIndex = Int(rowIndices[k]), v = entries[k]
                    for layer in 0..<layers { rx[layer * m + rowIndex] += v * xHat[layer][position] }
                }
            }
            guard let w = cholmod_solve(CHOLMOD_A, factor, r, &common) else { throw .cholmod("solve") }
            var wPointer: UnsafeMutablePointer<cholmod_dense>? = w
            defer { cholmod_free_dense(&wPointer, &common) }
            let wx = w.pointee.x.assumingMemoryBound(to: Double.self)
            // x̂ = y − V Gᵀ W.
            for (position, flow) in measuredFlows.enumerated() {
                let v = variances[flow]
                for k in Int(columnStarts[position])..<Int(columnStarts[position + 1]) {
                    let rowIndex = Int(rowIndices[k]), g = entries[k]
                    for layer in 0..<layers { xHat[layer][position] -= v * g * wx[layer * m + rowIndex] }
                }
            }
        }

        var result = [[Double]](repeating: [Double](repeating: .nan, count: flows), count: layers)
        for layer in 0..<layers { for (position, flow) in measuredFlows.enumerated() { result[layer][flow] = xHat[layer][position] } }
        computeUnmeasured(&result, measured: measured)
        return result
    }

    /// Fills unmeasured flows from node balances with a single unknown, until nothing changes.
    func computeUnmeasured(_ x: inout [[Double]], measured: [Bool]) {
        var incident = [[Int]](repeating: [], count: processCount)
        for f in from.indices where from[f] != to[f] {   // a flow from a process to itself cancels in its balance
            if from[f] >= 0 { incident[Int(from[f])].append(f) }
            if to[f] >= 0 { incident[Int(to[f])].append(f) }
        }
        var known = measured
        var queue = Array(0..<processCount)
        while let p = queue.popLast() {
            let unknown = incident[p].filter { !known[$0] }
            guard unknown.count == 1 else { continue }
            let z = unknown[0]
            let sign: Double = to[z] == Int32(p) ? 1 : -1   // z's coefficient in p's balance
            for layer in x.indices {
                var sum = 0.0
                for f in incident[p] where f != z { sum += (to[f] == Int32(p) ? 1 : -1) * x[layer][f] }
                x[layer][z] = -sum / sign
            }
            known[z] = true
            for end in [from[z], to[z]] where end >= 0 { queue.append(Int(end)) }
        }
    }
}
