import Foundation
import Testing
@testable import CirculaBalance

@Suite struct LinearReconciliationTests {
    func matrix(_ rows: [[Double]]) -> Matrix {
        var m = Matrix(rows: rows.count, columns: rows.first?.count ?? 0)
        for (r, row) in rows.enumerated() { for (c, v) in row.enumerated() { m[r, c] = v } }
        return m
    }

    /// One node, x0 = x1 + x2, y = (100, 60, 30), V = I. With a = (1, −1, −1): a V aᵀ = 3, r = a y = 10,
    /// x̂ = y − V aᵀ r / 3 = (96.667, 63.333, 33.333). V̂ = I − aᵀa/3 ⇒ sd(x̂0) = √(2/3).
    /// χ² = r² / 3 = 33.33 with 1 dof; each normalised residual is (10/3) / √(1/3) = √(100/3).
    @Test func oneNodeClosedForm() throws {
        let problem = LinearProblem(variables: ["in", "out1", "out2"], constraints: matrix([[1, -1, -1]]), constraintNames: ["node"],
                                    measured: [0, 1, 2], values: [100, 60, 30], covariance: .identity(3))
        let r = try LinearReconciliation.solve(problem)
        #expect(abs(r.estimates[0]! - 290.0 / 3) < 1e-12)
        #expect(abs(r.estimates[1]! - 190.0 / 3) < 1e-12)
        #expect(abs(r.estimates[2]! - 100.0 / 3) < 1e-12)
        #expect(abs(r.standardDeviations[0]! - (2.0 / 3).squareRoot()) < 1e-12)
        #expect(abs(r.chiSquare - 100.0 / 3) < 1e-10)
        #expect(r.degreesOfFreedom == 1)
        #expect(abs(r.normalizedResiduals[0]! - (100.0 / 3).squareRoot()) < 1e-10)
        #expect(abs(r.normalizedResiduals[1]! + (100.0 / 3).squareRoot()) < 1e-10)
        #expect(abs(r.imbalanceBefore[0] - 10) < 1e-12 && abs(r.imbalanceAfter[0]) < 1e-12)
        // Q(1/2, χ²/2) = erfc(√(χ²/2)).
        #expect(abs(r.pValue - erfc((50.0 / 3).squareRoot())) < 1e-20)
    }

    /// Two nodes x0 = x1 + x2, x1 = x3 + x4 with x1 unknown, plus a separate node x5 = x6 + x7 with
    /// x6, x7 unknown. Eliminating x1 leaves x0 − x2 − x3 − x4 = 0: with y = (100, 30, 40, 20), V = I,
    /// r = 10 and every measured value moves by 10/4: (97.5, 32.5, 42.5, 22.5); x1 = 97.5 − 32.5 = 65
    /// with var = V̂00 + V̂22 − 2 V̂02 = 3/4 + 3/4 − 2/4 = 1. x6 and x7 are unobservable, x5 not redundant.
    @Test func unknownsObservableAndNot() throws {
        let a = matrix([[1, -1, -1, 0, 0, 0, 0, 0],
                        [0, 1, 0, -1, -1, 0, 0, 0],
                        [0, 0, 0, 0, 0, 1, -1, -1]])
        let problem = LinearProblem(variables: (0..<8).map { "x\($0)" }, constraints: a, constraintNames: ["N1", "N2", "N3"],
                                    measured: [0, 2, 3, 4, 5], values: [100, 30, 40, 20, 50], covariance: .identity(5))
        let r = try LinearReconciliation.solve(problem)
        #expect(abs(r.estimates[0]! - 97.5) < 1e-12)
        #expect(abs(r.estimates[2]! - 32.5) < 1e-12)
        #expect(abs(r.estimates[3]! - 42.5) < 1e-12)
        #expect(abs(r.estimates[4]! - 22.5) < 1e-12)
        #expect(abs(r.estimates[1]! - 65) < 1e-12)
        #expect(abs(r.standardDeviations[1]! - 1) < 1e-12)
        #expect(r.estimates[5] == 50 && r.estimates[6] == nil && r.estimates[7] == nil)
        #expect(r.observable == [true, true, true, true, true, true, false, false])
        #expect(r.redundant == [true, true, true, true, false])
        #expect(abs(r.chiSquare - 25) < 1e-10 && r.degreesOfFreedom == 1)
    }

    /// Correlated errors (VDI 2048): x0 = x1, y = (100, 90), sd (2, 1), ρ = 0.5 ⇒ cov = 1.
    /// a = (1, −1): a V aᵀ = 4 + 1 − 2 = 3, V aᵀ = (3, 0), so x̂ = y − (3, 0) · 10 / 3 = (90, 90):
    /// the precise, correlated x1 is not moved at all.
    @Test func correlatedMeasurements() throws {
        let v = matrix([[4, 1], [1, 1]])
        let problem = LinearProblem(variables: ["a", "b"], constraints: matrix([[1, -1]]), constraintNames: ["n"],
                                    measured: [0, 1], values: [100, 90], covariance: v)
        let r = try LinearReconciliation.solve(problem)
        #expect(abs(r.estimates[0]! - 90) < 1e-12 && abs(r.estimates[1]! - 90) < 1e-12)
        #expect(abs(r.chiSquare - 100.0 / 3) < 1e-10)
    }

    /// A loop: A: f + r = a1; B: a1 = p1 + b1; C: b1 = r + w. True flows f 100, r 20, a1 120, p1 80,
    /// b1 40, w 20, measured exactly except a1 read as 140 (sd 2 each). Serial elimination must drop a1
    /// (and only a1); the rest is then consistent (χ² = 0) and a1 is recomputed as 120.
    @Test func plantedGrossErrorIsFound() throws {
        let a = matrix([[1, 1, -1, 0, 0, 0],
                        [0, 0, 1, -1, -1, 0],
                        [0, -1, 0, 0, 1, -1]])
        let names = ["f", "r", "a1", "p1", "b1", "w"]
        let problem = LinearProblem(variables: names, constraints: a, constraintNames: ["A", "B", "C"],
                                    measured: Array(0..<6), values: [100, 20, 140, 80, 40, 20], covariance: .diagonal([Double](repeating: 4, count: 6)))
        let outcome = try GrossErrorDetection.serialElimination(problem)
        #expect(!outcome.initial.passesGlobalTest)
        #expect(outcome.initial.suspects().map { names[outcome.initial.measured[$0]] }.contains("a1"))
        #expect(outcome.eliminated.map(\.variable) == ["a1"])
        #expect(outcome.final.passesGlobalTest)
        #expect(abs(outcome.final.estimate("a1")! - 120) < 1e-9)
        #expect(outcome.final.chiSquare < 1e-12)
    }

    /// Non-negative flows: x0 = x1 + x2 with y = (10, 12, 1), V = diag(1, 1, 100): the unconstrained
    /// solution pushes x2 below 0 (x̂2 = 1 − 100 · 3/102 = −1.94); with x2 fixed at 0 the node is
    /// x0 = x1 and both move by 1: (11, 11, 0).
    @Test func flowsStayNonNegative() throws {
        let problem = LinearProblem(variables: ["x0", "x1", "x2"], constraints: matrix([[1, -1, -1]]), constraintNames: ["n"],
                                    measured: [0, 1, 2], values: [10, 12, 1], covariance: .diagonal([1, 1, 100]))
        let free = try LinearReconciliation.solve(problem, keepNonNegative: false)
        #expect(abs(free.estimates[2]! - (1 - 300.0 / 102)) < 1e-12)
        let r = try LinearReconciliation.solve(problem)
        #expect(abs(r.estimates[0]! - 11) < 1e-12 && abs(r.estimates[1]! - 11) < 1e-12 && abs(r.estimates[2]!) < 1e-12)
        #expect(r.fixedAtZero == ["x2"])
    }

    /// The scenarios of STAN's online help, "Data Reconciliation"
    /// (https://www.stan2web.net/NetHelp/HTMLDocuments/DataReconciliation.htm): one process, import ≠ export.
    /// The page states the behaviour, not the raw numbers, so the numbers here are ours (import 100, export 110):
    /// (1) only the export is uncertain ⇒ only the export changes (to 100);
    /// (2) equal absolute uncertainties ⇒ both change by the same amount (±5) and their uncertainty shrinks
    ///     (σ/√2 for two equal measurements of one quantity);
    /// (3) the larger uncertainty takes the larger change (σ 1 and 3: changes 1 and 9, in the ratio of variances).
    @Test func stanHelpScenarios() throws {
        var a = matrix([[1, -1]])
        // (1) Import given without uncertainty: a constant moved to the right-hand side, 0 − export = −100.
        let exportOnly = LinearProblem(variables: ["export"], constraints: matrix([[-1]]), constraintNames: ["process 1"], rhs: [-100],
                                       measured: [0], values: [110], covariance: .identity(1))
        #expect(abs(try LinearReconciliation.solve(exportOnly).estimates[0]! - 100) < 1e-12)
        // (2)
        let equal = LinearProblem(variables: ["import", "export"], constraints: a, constraintNames: ["process 1"],
                                  measured: [0, 1], values: [100, 110], covariance: .diagonal([4, 4]))
        let r2 = try LinearReconciliation.solve(equal)
        #expect(abs(r2.estimates[0]! - 105) < 1e-12 && abs(r2.estimates[1]! - 105) < 1e-12)
        #expect(abs(r2.standardDeviations[0]! - 2 / 2.0.squareRoot()) < 1e-12)
        // (3)
        a = matrix([[1, -1]])
        let unequal = LinearProblem(variables: ["import", "export"], constraints: a, constraintNames: ["process 1"],
                                    measured: [0, 1], values: [100, 110], covariance: .diagonal([1, 9]))
        let r3 = try LinearReconciliation.solve(unequal)
        #expect(abs(r3.estimates[0]! - 101) < 1e-12 && abs(r3.estimates[1]! - 101) < 1e-12)
    }

    @Test func chiSquareTail() {
        #expect(abs(ChiSquare.pValue(3.841458820694124, degreesOfFreedom: 1) - 0.05) < 1e-12)
        #expect(abs(ChiSquare.pValue(4, degreesOfFreedom: 2) - exp(-2)) < 1e-15)
        #expect(abs(ChiSquare.pValue(18.307038053275146, degreesOfFreedom: 10) - 0.05) < 1e-12)
        #expect(abs(ChiSquare.quantile95(degreesOfFreedom: 3) - 7.814727903251178) < 1e-9)
    }
}
