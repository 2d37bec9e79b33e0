import Testing
@testable import CirculaPlan

/// Small programs whose optima, duals and ranges are known by hand.
struct LPSolverTests {
    /// Hillier & Lieberman's Wyndor Glass: max 3x + 5y, x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18 → 36 at (2, 6),
    /// duals (0, 1.5, 1); the basis stays optimal for 0 ≤ c_x ≤ 7.5 and c_y ≥ 2.
    func wyndor() -> LinearProgram {
        var lp = LinearProgram(sense: .maximize)
        let x = lp.addVariable("x", objective: 3)
        let y = lp.addVariable("y", objective: 5)
        lp.addConstraint("plant 1", [(x, 1)], upper: 4)
        lp.addConstraint("plant 2", [(y, 2)], upper: 12)
        lp.addConstraint("plant 3", [(x, 3), (y, 2)], upper: 18)
        return lp
    }

    @Test func wyndorOptimumDualsAndRanges() throws {
        let s = try LPSolver.solve(wyndor())
        #expect(s.status == .optimal)
        #expect(abs(s.objective - 36) < 1e-9)
        #expect(abs(s.values[0] - 2) < 1e-9 && abs(s.values[1] - 6) < 1e-9)
        #expect(abs(s.duals[0]) < 1e-9 && abs(s.duals[1] - 1.5) < 1e-9 && abs(s.duals[2] - 1) < 1e-9)
        #expect(s.rowAtBound == [false, true, true])
        #expect(abs(s.ranges[0].lower! - 0) < 1e-9 && abs(s.ranges[0].upper! - 7.5) < 1e-9)
        #expect(abs(s.ranges[1].lower! - 2) < 1e-9 && s.ranges[1].upper == nil)
    }

    @Test func reducedCostAndRangeOfAVariableLeftOut() throws {
        // max x + y + 0.5z with x + y + z ≤ 1 (z left out at reduced cost −0.5; optimal while c_z ≤ 1).
        var lp = LinearProgram(sense: .maximize)
        let x = lp.addVariable("x", upper: 0.6, objective: 1)
        let y = lp.addVariable("y", objective: 1)
        let z = lp.addVariable("z", objective: 0.5)
        lp.addConstraint("sum", [(x, 1), (y, 1), (z, 1)], upper: 1)
        let s = try LPSolver.solve(lp)
        #expect(abs(s.objective - 1) < 1e-9)
        #expect(abs(s.values[2]) < 1e-12)
        #expect(abs(s.reducedCosts[2] + 0.5) < 1e-9)
        #expect(s.ranges[2].lower == nil && abs(s.ranges[2].upper! - 1) < 1e-9)
    }

    @Test func minimizeWithEqualityAndDuplicateTerms() throws {
        // min 2a + 3b, a + b = 10 (written as a + 0.5b + 0.5b), a ≤ 4 → a = 4, b = 6, 26.
        var lp = LinearProgram(sense: .minimize)
        let a = lp.addVariable("a", upper: 4, objective: 2)
        let b = lp.addVariable("b", objective: 3)
        lp.addConstraint("total", [(a, 1), (b, 0.5), (b, 0.5)], lower: 10, upper: 10)
        let s = try LPSolver.solve(lp)
        #expect(abs(s.objective - 26) < 1e-9)
        #expect(abs(s.duals[0] - 3) < 1e-9)
    }

    @Test func integerOptionChangesTheOptimum() throws {
        // max 5x + 4y, 6x + 4y ≤ 24, x + 2y ≤ 6: LP 21 at (3, 1.5); integers 20 at (4, 0).
        var lp = LinearProgram(sense: .maximize)
        let x = lp.addVariable("x", objective: 5, isInteger: true)
        let y = lp.addVariable("y", objective: 4, isInteger: true)
        lp.addConstraint("a", [(x, 6), (y, 4)], upper: 24)
        lp.addConstraint("b", [(x, 1), (y, 2)], upper: 6)
        let relaxed = try LPSolver.solve(lp, integer: false)
        let integer = try LPSolver.solve(lp, integer: true)
        #expect(abs(relaxed.objective - 21) < 1e-9 && !relaxed.isMIP)
        #expect(abs(integer.objective - 20) < 1e-9 && integer.isMIP)
        #expect(integer.values == [4, 0])
    }

    @Test func unboundedAndInfeasibleAreReported() throws {
        var lp = LinearProgram(sense: .maximize)
        let x = lp.addVariable("x", objective: 1)
        let y = lp.addVariable("y", upper: 3, objective: 1)
        lp.addConstraint("x - y >= 0", [(x, 1), (y, -1)], lower: 0)
        #expect(try LPSolver.solve(lp).status == .unbounded)
        lp.addConstraint("x <= -1", [(x, 1)], upper: -1)
        #expect(try LPSolver.solve(lp).status == .infeasible)
    }

    @Test func deletionFilterNamesTheConflict() throws {
        var lp = LinearProgram(sense: .maximize)
        let x = lp.addVariable("x", objective: 1)
        let y = lp.addVariable("y", objective: 1)
        let z = lp.addVariable("z", upper: 5, objective: 1, boundName: "availability of z")
        lp.addConstraint("demand x + y >= 10", [(x, 1), (y, 1)], lower: 10)
        lp.addConstraint("cap x <= 3", [(x, 1)], upper: 3)
        lp.addConstraint("cap y <= 4", [(y, 1)], upper: 4)
        lp.addConstraint("unrelated z <= 100", [(z, 1)], upper: 100)
        lp.addConstraint("loose x + y <= 50", [(x, 1), (y, 1)], upper: 50)
        #expect(try LPSolver.solve(lp).status == .infeasible)
        #expect(try InfeasibilityDiagnosis.irreducibleInfeasibleSubset(lp) == ["demand x + y >= 10", "cap x <= 3", "cap y <= 4"])
    }

    @Test func contractMinimumBoundIsPartOfTheConflict() throws {
        var lp = LinearProgram(sense: .maximize)
        let x = lp.addVariable("x", lower: 8, upper: 20, objective: 1, boundName: "contract minimum of x (8 t)")
        let y = lp.addVariable("y", objective: 1)
        lp.addConstraint("capacity x + y <= 5", [(x, 1), (y, 1)], upper: 5)
        #expect(try InfeasibilityDiagnosis.irreducibleInfeasibleSubset(lp) == ["capacity x + y <= 5", "contract minimum of x (8 t)"])
    }
}
