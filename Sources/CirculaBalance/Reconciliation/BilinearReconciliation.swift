import Foundation

/// Reconciliation with bilinear constraints f = m · c (element flow = mass × concentration, when
/// mass and concentration are measured separately), by successive linearisation (Cencic 2016,
/// "Nonlinear data reconciliation in material flow analysis with software STAN", Sustain. Environ.
/// Res. 26:291-298): linearise f − m c = 0 at the current estimate (m₀, c₀) as
/// f − c₀ m − m₀ c = −m₀ c₀, reconcile the original measurements under the linear constraints,
/// move the expansion point to the new estimate, and repeat until it stops moving.
public enum BilinearReconciliation {
    public struct Product: Sendable, Hashable {
        /// Variable indices: f = m · c.
        public var flow: Int, mass: Int, concentration: Int
        public init(flow: Int, mass: Int, concentration: Int) {
            self.flow = flow
            self.mass = mass
            self.concentration = concentration
        }
    }

    public struct Outcome: Sendable {
        public var result: ReconciliationResult
        public var iterations: Int
        /// Largest relative change of the last iteration.
        public var lastChange: Double
    }

    public enum Failure: Error, CustomStringConvertible {
        case linearAlgebra(LinearAlgebraError)
        /// `moving`: the variables that still changed most in the last iteration (largest first), with their relative change.
        case noConvergence(iterations: Int, change: Double, moving: [(variable: String, change: Double)])
        case noStartingPoint(String)

        public var description: String {
            switch self {
            case .linearAlgebra(let e): "\(e)"
            case .noConvergence(let n, let change, let moving):
                "successive linearisation did not converge in \(n) iterations (last relative change \(String(format: "%.3g", change))); still moving: "
                    + moving.map { "\($0.variable) (\(String(format: "%.2g", $0.change)))" }.joined(separator: ", ")
                    + ". Try: starting values (measure the mass or a concentration of these streams), consistent scaling (flows in t or kg, "
                    + "fractions not %), or check whether an unknown among them is unobservable (a tc:…,unknown nothing measured determines: "
                    + "measure a flow it feeds, or give the coefficient)"
            case .noStartingPoint(let variable): "no starting value for \(variable): neither it nor both factors of its product are measured or observable"
            }
        }
    }

    /// ```swift
    /// let outcome = try BilinearReconciliation.solve(problem, products: [.init(flow: 3, mass: 0, concentration: 6)])
    /// ```
    ///
    /// `startingValues` (variable index → value) seed variables nothing else determines, e.g. the value
    /// of a measurement dropped as a gross error. A product whose factor `concentration` is unmeasured,
    /// appears in no other product and cannot be started (say an unknown transfer coefficient into a
    /// stream whose flow is unobservable) carries no information: it is left out and that factor is
    /// reported unobservable.
    public static func solve(_ problem: LinearProblem, products: [Product], startingValues: [Int: Double] = [:],
                             tolerance: Double = 1e-11, maxIterations: Int = 100) throws(Failure) -> Outcome {
        // Starting point: measurements, then what the linear constraints alone determine, then products.
        var point = [Double?](repeating: nil, count: problem.variables.count)
        do {
            let linear = try LinearReconciliation.solve(problem, keepNonNegative: false)
            for j in point.indices { point[j] = linear.estimates[j] }
        } catch { throw .linearAlgebra(error) }
        for (j, value) in startingValues where point[j] == nil { point[j] = value }
        for (i, j) in problem.measured.enumerated() { point[j] = problem.values[i] }
        for _ in 0..<3 {
            for p in products {
                if point[p.flow] == nil, let m = point[p.mass], let c = point[p.concentration] { point[p.flow] = m * c }
                if point[p.mass] == nil, let f = point[p.flow], let c = point[p.concentration], c > 0 { point[p.mass] = f / c }
                if point[p.concentration] == nil, let f = point[p.flow], let m = point[p.mass], m > 0 { point[p.concentration] = f / m }
            }
        }
        let measuredSet = Set(problem.measured)
        let products = products.filter { p in
            let free = point[p.concentration] == nil && !measuredSet.contains(p.concentration)
                && products.filter { [$0.flow, $0.mass, $0.concentration].contains(p.concentration) }.count == 1
            return !free
        }
        for p in products {
            for j in [p.flow, p.mass, p.concentration] where point[j] == nil { throw .noStartingPoint(problem.variables[j]) }
        }
        var x = point.map { $0 ?? 0 }
        let productVariables = Set(products.flatMap { [$0.flow, $0.mass, $0.concentration] })
        var change = Double.infinity, previous = Double.infinity
        var lastMoving: [(variable: String, change: Double)] = []
        for iteration in 1...maxIterations {
            var linearised = problem
            var a = Matrix(rows: problem.constraints.rows + products.count, columns: problem.constraints.columns)
            for c in 0..<a.columns { for r in 0..<problem.constraints.rows { a[r, c] = problem.constraints[r, c] } }
            for (i, p) in products.enumerated() {
                let r = problem.constraints.rows + i
                let m0 = x[p.mass], c0 = x[p.concentration]
                a[r, p.flow] += 1
                a[r, p.mass] -= c0
                a[r, p.concentration] -= m0
                linearised.rhs.append(-m0 * c0)
                linearised.constraintNames.append("\(problem.variables[p.flow]) = \(problem.variables[p.mass]) × \(problem.variables[p.concentration])")
            }
            linearised.constraints = a
            let result: ReconciliationResult
            do { result = try LinearReconciliation.solve(linearised) } catch { throw .linearAlgebra(error) }
            var next = x
            for j in next.indices { if let e = result.estimates[j] { next[j] = e } }
            // Masses (kg) and fractions differ by orders of magnitude: relative change.
            previous = change
            // Relative per variable of the products only: the linear variables follow them, and a flow that is
            // 0 (Cu in off-gas) would measure rounding noise against nothing.
            let changes = productVariables.map { ($0, abs(next[$0] - x[$0]) / max(abs(next[$0]), 1e-12)) }
            change = changes.map(\.1).max() ?? 0
            lastMoving = changes.filter { $0.1 > tolerance }.sorted { $0.1 > $1.1 }.prefix(5).map { (problem.variables[$0.0], $0.1) }
            x = next
            // Masses (kg) and fractions in one covariance make the linear solves ill-conditioned, so the
            // iteration can stall at a rounding floor above `tolerance`: small and no longer shrinking is converged.
            let stalled = change < 1e-8 && change > previous / 2
            if change < tolerance || stalled {
                return Outcome(result: result, iterations: iteration, lastChange: change)
            }
        }
        throw .noConvergence(iterations: maxIterations, change: change, moving: lastMoving)
    }
}
