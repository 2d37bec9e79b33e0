import Testing
@testable import CirculaBalance

@Suite struct NetworkReconciliationTests {
    /// A 12-process network with forward links, recycles, boundary inputs and outputs, three unmeasured
    /// flows (one internal, one output, one recycle), two layers: the sparse CHOLMOD path must agree
    /// with the dense LAPACK reconciliation to 1e-9 relative, and reproduce its observability.
    /// 12 processes in flow order (narrow band: natural ordering) and 100 processes numbered at random
    /// (wide band: reverse Cuthill–McKee finds a narrow one, given to CHOLMOD as its ordering).
    @Test(arguments: [(12, false), (100, true)])
    func agreesWithTheDenseReconciliation(processes: Int, shuffled: Bool) throws {
        var from: [Int32] = [], to: [Int32] = []
        var generator = SplitMix(seed: 42)
        var label = Array(0..<processes)
        if shuffled { for i in stride(from: processes - 1, to: 0, by: -1) { label.swapAt(i, Int(generator.next() * Double(i + 1))) } }
        func id(_ p: Int) -> Int32 { Int32(label[p]) }
        for p in 0..<processes {
            if p % 3 == 0 { from.append(-1); to.append(id(p)) }                             // input
            if p + 1 < processes { from.append(id(p)); to.append(id(p + 1)) }               // forward
            if p + 3 < processes, p % 2 == 0 { from.append(id(p)); to.append(id(p + 3)) }   // skip
            if p >= 4, p % 4 == 0 { from.append(id(p)); to.append(id(p - 3)) }              // recycle
            if p % 2 == 1 || p == processes - 1 { from.append(id(p)); to.append(-1) }       // output
        }
        let flows = from.count
        var measured = [Bool](repeating: true, count: flows)
        for f in [4, 9, flows - 2] { measured[f] = false }
        if shuffled { for f in [40, 77, 110] { measured[f] = false } }
        let variances = (0..<flows).map { _ in 0.5 + generator.next() * 4 }
        let values = (0..<2).map { _ in (0..<flows).map { _ in 50 + generator.next() * 100 } }
        let sparse = try NetworkReconciliation(processCount: processes, from: from, to: to)
            .reconcile(measured: measured, values: values.flatMap { $0 }, layers: 2, variances: variances)

        // Dense reference: node balances, same measurements.
        var a = Matrix(rows: processes, columns: flows)
        for f in 0..<flows {
            if from[f] >= 0 { a[Int(from[f]), f] -= 1 }
            if to[f] >= 0 { a[Int(to[f]), f] += 1 }
        }
        let measuredIndices = (0..<flows).filter { measured[$0] }
        for layer in 0..<2 {
            let problem = LinearProblem(variables: (0..<flows).map { "f\($0)" }, constraints: a, constraintNames: (0..<processes).map { "p\($0)" },
                                        measured: measuredIndices, values: measuredIndices.map { values[layer][$0] },
                                        covariance: .diagonal(measuredIndices.map { variances[$0] }))
            let dense = try LinearReconciliation.solve(problem, keepNonNegative: false)
            for f in 0..<flows {
                if let expected = dense.estimates[f] {
                    #expect(abs(sparse[layer, f] - expected) <= 1e-9 * max(abs(expected), 1), "flow \(f)")
                } else {
                    #expect(sparse[layer, f].isNaN, "flow \(f) should be unobservable")
                }
            }
        }
    }
}

/// Deterministic pseudo-random numbers in [0, 1) for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
