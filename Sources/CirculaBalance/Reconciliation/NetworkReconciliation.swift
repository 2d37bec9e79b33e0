import CCholmod
import Foundation

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
/// With V = diag(v) shared by the layers (V_e = k_e V leaves x̂ unchanged), S = G V Gᵀ is assembled
/// directly (each flow touches at most four entries), factorised once by CHOLMOD (AMD ordering) and
/// solved for all layers together:
/// x̂ = Y − V Gᵀ (G V Gᵀ)⁻¹ G Y. Unmeasured flows follow from the balance of an end node whose
/// other flows are all known (repeated until nothing changes; the rest are unobservable).
///
/// ```swift
/// let network = NetworkReconciliation(processCount: 2, from: [-1, 0, 1], to: [0, 1, -1])
/// let x = try network.reconcile(measured: [true, true, true], values: [100, 98, 99], layers: 1, variances: [1, 1, 1])
/// x[0, 1]   // 99
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

    /// Reconciled flows of all layers, stored layer-major (`values[layer * flows + flow]`); NaN marks unobservable flows.
    public struct Reconciled: Sendable {
        public var layers: Int
        public var flows: Int
        public var values: [Double]
        /// CPU seconds of the calling thread in each phase of the solve (for benchmarks; see bench/balance).
        public var phases = Phases()

        public init(layers: Int, flows: Int, values: [Double]) {
            self.layers = layers
            self.flows = flows
            self.values = values
        }

        public subscript(layer: Int, flow: Int) -> Double { values[layer * flows + flow] }
    }

    /// CPU seconds of the calling thread in each phase of `reconcile` (thread time, so other processes on a
    /// busy machine do not count).
    public struct Phases: Sendable {
        /// Contracting unmeasured flows (union-find) and building G.
        public var contraction = 0.0
        /// S = G V Gᵀ.
        public var assembly = 0.0
        /// Choosing the ordering (band, reverse Cuthill–McKee) and CHOLMOD's symbolic analysis.
        public var analysis = 0.0
        /// CHOLMOD's numeric factorisation.
        public var factorisation = 0.0
        /// R = G Y, the solve for all layers, x̂ = Y − V Gᵀ W.
        public var solve = 0.0
        /// Unmeasured flows from node balances.
        public var unmeasured = 0.0

        public init() {}
    }

    /// Reconciles `layers` layers at once. `values` is layer-major (`values[layer * flows + flow]`;
    /// unmeasured entries ignored), `variances[flow]` for measured flows.
    public func reconcile(measured: [Bool], values: [Double], layers: Int, variances: [Double]) throws(Failure) -> Reconciled {
        let flows = from.count
        precondition(values.count == flows * layers && measured.count == flows && variances.count == flows)
        var phases = Phases()
        var clock = Self.threadSeconds()
        func lap(_ phase: WritableKeyPath<Phases, Double>) {
            let now = Self.threadSeconds()
            phases[keyPath: phase] += now - clock
            clock = now
        }
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
        let ny = measuredFlows.count, m = Int(rowCount)
        var columnStarts = [Int32](repeating: 0, count: ny + 1)
        var rowIndices = [Int32](), entries = [Double]()
        rowIndices.reserveCapacity(2 * ny)
        entries.reserveCapacity(2 * ny)
        for (position, f) in measuredFlows.enumerated() {
            let a = from[f] >= 0 ? row[Int(from[f])] : -1
            let b = to[f] >= 0 ? row[Int(to[f])] : -1
            if a != b {
                if a >= 0, b >= 0 {
                    rowIndices.append(min(a, b)); entries.append(a < b ? -1 : 1)
                    rowIndices.append(max(a, b)); entries.append(a < b ? 1 : -1)
                } else if a >= 0 {
                    rowIndices.append(a); entries.append(-1)
                } else if b >= 0 {
                    rowIndices.append(b); entries.append(1)
                }
            }
            columnStarts[position + 1] = Int32(rowIndices.count)
        }

        // Results start as the measurements (layer-major); corrections are applied in place.
        var x = values
        for f in 0..<flows where !measured[f] { for layer in 0..<layers { x[layer * flows + f] = .nan } }
        let flowOf = measuredFlows.map(Int32.init)
        lap(\.contraction)
        if m > 0 {
            var common = cholmod_common()
            cholmod_start(&common)
            defer { cholmod_finish(&common) }
            guard let s = assembleGVGt(rows: m, measuredFlows: measuredFlows, columnStarts: columnStarts, rowIndices: rowIndices,
                                       entries: entries, variances: variances, common: &common) else { throw .cholmod("allocate G V Gᵀ") }
            defer { var p: UnsafeMutablePointer<cholmod_sparse>? = s; cholmod_free_sparse(&p, &common) }
            lap(\.assembly)
            // One ordering, no METIS trial. Flowsheets list processes roughly in flow order, so S is
            // usually banded: with a band of at most `naturalOrderingBandwidth` the natural order fills at
            // most n·b entries and saves AMD's analysis (measured 9-13 ms against 11-20 ms at 20,000
            // streams); wider bands get AMD.
            // Numbered at random, the band is wide; reverse Cuthill–McKee usually recovers a narrow one.
            common.nmethods = 1
            common.postorder = 1
            // Simplicial L D Lᵀ: these matrices do few flops per nonzero (about 7 at 20,000 streams), and
            // `correctLayers` solves all layers through it in one pass.
            common.supernodal = Int32(CHOLMOD_SIMPLICIAL)
            common.final_ll = 0
            var given: [Int32]? = nil
            if bandwidth(s) <= Self.naturalOrderingBandwidth {
                common.method.0.ordering = CHOLMOD_NATURAL
            } else {
                let rcm = reverseCuthillMcKee(s)
                if rcm.band <= Self.naturalOrderingBandwidth { given = rcm.permutation }
                common.method.0.ordering = given == nil ? CHOLMOD_AMD : CHOLMOD_GIVEN
            }
            let analysed: UnsafeMutablePointer<cholmod_factor>?
            if var permutation = given {
                analysed = permutation.withUnsafeMutableBufferPointer { cholmod_analyze_p(s, $0.baseAddress, nil, 0, &common) }
            } else {
                analysed = cholmod_analyze(s, &common)
            }
            guard let factor = analysed else { throw .cholmod("analyze") }
            var factorPointer: UnsafeMutablePointer<cholmod_factor>? = factor
            defer { cholmod_free_factor(&factorPointer, &common) }
            lap(\.analysis)
            cholmod_factorize(s, factor, &common)
            if common.status == CHOLMOD_NOT_POSDEF { throw .notPositiveDefinite }
            guard common.status >= 0 else { throw .cholmod("factorize (status \(common.status))") }
            lap(\.factorisation)

            guard factor.pointee.is_super == 0, factor.pointee.is_ll == 0 else { throw .cholmod("expected a simplicial L D Lᵀ factor") }
            correctLayers(&x, factor: factor, rows: m, layers: layers, flows: flows, flowOf: flowOf, columnStarts: columnStarts,
                          rowIndices: rowIndices, entries: entries, variances: measuredFlows.map { variances[$0] })
        }
        lap(\.solve)
        computeUnmeasured(&x, layers: layers, measured: measured)
        lap(\.unmeasured)
        var reconciled = Reconciled(layers: layers, flows: flows, values: x)
        reconciled.phases = phases
        return reconciled
    }

    /// The lower triangle of S = G V Gᵀ in compressed columns (stype −1). Each measured flow adds
    /// v to the diagonal of its one or two rows and −v·(sign product) between them; assembled by
    /// counting sort per column in O(nnz), so CHOLMOD's ordering works on S itself.
    func assembleGVGt(rows m: Int, measuredFlows: [Int], columnStarts: [Int32], rowIndices: [Int32], entries: [Double],
                      variances: [Double], common: inout cholmod_common) -> UnsafeMutablePointer<cholmod_sparse>? {
        var diagonal = [Double](repeating: 0, count: m)
        var count = [Int](repeating: 0, count: m + 1)
        for position in measuredFlows.indices {
            let start = Int(columnStarts[position]), end = Int(columnStarts[position + 1])
            let v = variances[measuredFlows[position]]
            for k in start..<end { diagonal[Int(rowIndices[k])] += v }
            if end - start == 2 { count[Int(rowIndices[start]) + 1] += 1 }   // rows sorted: the first is the column
        }
        for c in 0..<m { count[c + 1] += count[c] }
        var fill = count
        var lowerRow = [Int32](repeating: 0, count: count[m])
        var lowerValue = [Double](repeating: 0, count: count[m])
        for position in measuredFlows.indices {
            let start = Int(columnStarts[position])
            guard Int(columnStarts[position + 1]) - start == 2 else { continue }
            let column = Int(rowIndices[start])
            lowerRow[fill[column]] = rowIndices[start + 1]
            lowerValue[fill[column]] = entries[start] * entries[start + 1] * variances[measuredFlows[position]]
            fill[column] += 1
        }
        // Merge duplicate (parallel flows) per column with a marker array; diagonal first.
        var marker = [Int](repeating: -1, count: m)
        var p = [Int32](repeating: 0, count: m + 1)
        var i = [Int32](), x = [Double]()
        i.reserveCapacity(m + count[m])
        x.reserveCapacity(m + count[m])
        for c in 0..<m {
            i.append(Int32(c)); x.append(diagonal[c])
            let columnStart = i.count
            for k in count[c]..<count[c + 1] {
                let r = Int(lowerRow[k])
                if marker[r] >= columnStart { x[marker[r]] += lowerValue[k] } else {
                    marker[r] = i.count
                    i.append(Int32(r)); x.append(lowerValue[k])
                }
            }
            p[c + 1] = Int32(i.count)
        }
        guard let s = cholmod_allocate_sparse(m, m, i.count, 0, 1, -1, CHOLMOD_REAL, &common) else { return nil }
        let sp = s.pointee.p.assumingMemoryBound(to: Int32.self)
        let si = s.pointee.i.assumingMemoryBound(to: Int32.self)
        let sx = s.pointee.x.assumingMemoryBound(to: Double.self)
        for c in 0...m { sp[c] = p[c] }
        for k in i.indices { si[k] = i[k]; sx[k] = x[k] }
        return s
    }

    /// CPU time of the calling thread, seconds.
    public static func threadSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// Largest band of S (lower triangle) up to which the natural ordering is used.
    public static let naturalOrderingBandwidth = 64

    /// max(row − column) over the stored lower triangle.
    func bandwidth(_ s: UnsafeMutablePointer<cholmod_sparse>) -> Int {
        let p = s.pointee.p.assumingMemoryBound(to: Int32.self), i = s.pointee.i.assumingMemoryBound(to: Int32.self)
        var band = 0
        for c in 0..<s.pointee.ncol {
            for k in Int(p[c])..<Int(p[c + 1]) { band = max(band, Int(i[k]) - c) }
        }
        return band
    }

    /// Fills unmeasured flows from node balances with a single unknown, until nothing changes.
    func computeUnmeasured(_ x: inout [Double], layers: Int, measured: [Bool]) {
        let flows = from.count
        // Process → incident flows, compressed (a flow from a process to itself cancels in its balance).
        var offsets = [Int](repeating: 0, count: processCount + 1)
        for f in 0..<flows where from[f] != to[f] {
            if from[f] >= 0 { offsets[Int(from[f]) + 1] += 1 }
            if to[f] >= 0 { offsets[Int(to[f]) + 1] += 1 }
        }
        for p in 0..<processCount { offsets[p + 1] += offsets[p] }
        var fill = offsets
        var incident = [Int](repeating: 0, count: offsets[processCount])
        var queue: [Int] = []
        for f in 0..<flows where from[f] != to[f] {
            if from[f] >= 0 { incident[fill[Int(from[f])]] = f; fill[Int(from[f])] += 1 }
            if to[f] >= 0 { incident[fill[Int(to[f])]] = f; fill[Int(to[f])] += 1 }
            if !measured[f] { for end in [from[f], to[f]] where end >= 0 { queue.append(Int(end)) } }
        }
        var known = measured
        while let p = queue.popLast() {
            var unknown = -1, count = 0
            for k in offsets[p]..<offsets[p + 1] where !known[incident[k]] { unknown = incident[k]; count += 1 }
            guard count == 1 else { continue }
            let sign: Double = to[unknown] == Int32(p) ? 1 : -1   // its coefficient in p's balance
            for layer in 0..<layers {
                var sum = 0.0
                for k in offsets[p]..<offsets[p + 1] where incident[k] != unknown {
                    let f = incident[k]
                    sum += (to[f] == Int32(p) ? 1 : -1) * x[layer * flows + f]
                }
                x[layer * flows + unknown] = -sum / sign
            }
            known[unknown] = true
            for end in [from[unknown], to[unknown]] where end >= 0 { queue.append(Int(end)) }
        }
    }
}
