import Foundation
import Testing
@testable import CirculaBalance

/// The sparse bilinear reconciliation (CHOLMOD) against the dense successive linearisation
/// (`BilinearReconciliation`, explicit element flows f = m·c) on the same small flowsheet:
///
///     feed(0) ─► P0 ──1──► P1 ──3──► product
///                │ ▲        │
///              2 │ └───4────┘
///                ▼
///              slag
///
/// Transfer coefficients of the element: P0 {1: 0.8, 2: 0.2}, P1 {3: 0.6, 4: 0.4}. Masses and concentrations
/// of all five streams are measured, perturbed from a consistent state by a few percent.
@Suite struct NetworkBilinearReconciliationTests {
    let from: [Int32] = [-1, 0, 0, 1, 1], to: [Int32] = [0, 1, -1, -1, 0]
    let transfer = [0, 0.8, 0.2, 0.6, 0.4]
    // Consistent state: feed 100 kg at 0.3; P0 splits its mass 0.7 / 0.3, P1 0.5 / 0.5 (so M0 = 100 / 0.65).
    // Measured: that state with fixed relative errors of up to 4%.
    var measuredMass: [Double] {
        let m0 = 100 / 0.65
        let truth = [100, 0.7 * m0, 0.3 * m0, 0.35 * m0, 0.35 * m0]
        return zip(truth, [1.02, 0.97, 1.03, 0.99, 1.04]).map { $0 * $1 }
    }
    var measuredConcentration: [Double] {
        let m0 = 100 / 0.65, u0 = 30 / 0.68
        let mass = [100, 0.7 * m0, 0.3 * m0, 0.35 * m0, 0.35 * m0]
        let element = [30, 0.8 * u0, 0.2 * u0, 0.48 * u0, 0.32 * u0]
        return zip(zip(element, mass).map { $0 / $1 }, [0.98, 1.03, 0.96, 1.01, 1.02]).map { $0 * $1 }
    }
    var massVariance: [Double] { measuredMass.map { pow(0.02 * $0, 2) } }
    var concentrationVariance: [Double] { measuredConcentration.map { pow(0.03 * $0, 2) } }

    @Test func sameEstimatesAsTheDenseLinearisation() throws {
        let sparse = try NetworkBilinearReconciliation(processCount: 2, from: from, to: to, transfer: transfer)
            .reconcile(mass: measuredMass, massVariance: massVariance, concentration: measuredConcentration, concentrationVariance: concentrationVariance)

        // Dense: variables m0…m4, c0…c4, f0…f4; A x = 0 with mass balances and transfer rows on f; f = m·c.
        var a = Matrix(rows: 6, columns: 15)
        for (r, terms) in [[(0, 1.0), (4, 1), (1, -1), (2, -1)], [(1, 1.0), (3, -1), (4, -1)],
                           [(11, 1.0), (10, -0.8), (14, -0.8)], [(12, 1.0), (10, -0.2), (14, -0.2)],
                           [(13, 1.0), (11, -0.6)], [(14, 1.0), (11, -0.4)]].enumerated() {
            for (j, value) in terms { a[r, j] = value }
        }
        var covariance = Matrix(rows: 10, columns: 10)
        for (i, variance) in (massVariance + concentrationVariance).enumerated() { covariance[i, i] = variance }
        let problem = LinearProblem(variables: (0..<5).map { "m\($0)" } + (0..<5).map { "c\($0)" } + (0..<5).map { "f\($0)" },
                                    constraints: a, constraintNames: ["P0", "P1", "t1", "t2", "t3", "t4"],
                                    measured: Array(0..<10), values: measuredMass + measuredConcentration, covariance: covariance)
        let dense = try BilinearReconciliation.solve(problem, products: (0..<5).map { .init(flow: 10 + $0, mass: $0, concentration: 5 + $0) })

        for j in 0..<5 {
            let m = try #require(dense.result.estimates[j]), c = try #require(dense.result.estimates[5 + j])
            #expect(abs(sparse.mass[j] - m) <= 1e-7 * m, "m\(j)")
            #expect(abs(sparse.concentration[j] - c) <= 1e-7 * c, "c\(j)")
        }
        #expect(sparse.degreesOfFreedom == dense.result.degreesOfFreedom)
        #expect(abs(sparse.chiSquare - dense.result.chiSquare) <= 1e-6 * dense.result.chiSquare)
        #expect(sparse.chiSquare > 0 && sparse.iterations > 1 && sparse.iterations < 20)
    }

    @Test func reconciledStateSatisfiesTheConstraints() throws {
        let x = try NetworkBilinearReconciliation(processCount: 2, from: from, to: to, transfer: transfer)
            .reconcile(mass: measuredMass, massVariance: massVariance, concentration: measuredConcentration, concentrationVariance: concentrationVariance)
        let m = x.mass, f = zip(x.mass, x.concentration).map { $0 * $1 }
        #expect(abs(m[0] + m[4] - m[1] - m[2]) < 1e-9 * m[0])
        #expect(abs(m[1] - m[3] - m[4]) < 1e-9 * m[0])
        let in0 = f[0] + f[4]
        for (k, t) in [(1, 0.8), (2, 0.2)] { #expect(abs(f[k] - t * in0) < 1e-9 * in0) }
        for (k, t) in [(3, 0.6), (4, 0.4)] { #expect(abs(f[k] - t * f[1]) < 1e-9 * in0) }
        // Measurements moved: the inconsistent data were corrected, not returned.
        #expect(abs(m[0] - measuredMass[0]) > 1e-6)
    }

    @Test func zeroVariancesAreRefused() throws {
        let sheet = NetworkBilinearReconciliation(processCount: 2, from: from, to: to, transfer: transfer)
        #expect(throws: NetworkBilinearReconciliation.Failure.self) {
            try sheet.reconcile(mass: measuredMass, massVariance: [0, 0, 0, 0, 0], concentration: measuredConcentration, concentrationVariance: [0, 0, 0, 0, 0])
        }
    }
}
