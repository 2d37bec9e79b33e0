/// Linear reconciliation problem: variables x with constraints A x = c; some variables measured
/// (values y, covariance V), the others unknown.
///
/// ```swift
/// // One node: x0 = x1 + x2, all measured with sd 1.
/// var a = Matrix(rows: 1, columns: 3); a[0, 0] = 1; a[0, 1] = -1; a[0, 2] = -1
/// let problem = LinearProblem(variables: ["in", "out1", "out2"], constraints: a, constraintNames: ["node"],
///                             measured: [0, 1, 2], values: [100, 60, 30], covariance: .identity(3))
/// let result = try LinearReconciliation.solve(problem)   // in 96.67, out1 63.33, out2 33.33
/// ```
public struct LinearProblem: Sendable {
    public var variables: [String]
    public var constraints: Matrix
    public var constraintNames: [String]
    /// Right-hand side c of A x = c (zeros for balances).
    public var rhs: [Double]
    /// Indices of measured variables, in the order of `values` and `covariance`.
    public var measured: [Int]
    public var values: [Double]
    public var covariance: Matrix

    public init(variables: [String], constraints: Matrix, constraintNames: [String], rhs: [Double]? = nil,
                measured: [Int], values: [Double], covariance: Matrix) {
        self.variables = variables
        self.constraints = constraints
        self.constraintNames = constraintNames
        self.rhs = rhs ?? [Double](repeating: 0, count: constraints.rows)
        self.measured = measured
        self.values = values
        self.covariance = covariance
    }

    /// The same problem with measurement `position` (an index into `measured`) dropped: the variable becomes unknown.
    public func dropping(measurement position: Int) -> LinearProblem {
        var copy = self
        let keep = measured.indices.filter { $0 != position }
        copy.measured = keep.map { measured[$0] }
        copy.values = keep.map { values[$0] }
        copy.covariance = covariance.rows(keep).columns(keep)
        return copy
    }

    /// The same problem with extra homogeneous constraints Σ coefficient · x = 0.
    public func addingRows(_ rows: [(name: String, terms: [(Int, Double)])]) -> LinearProblem {
        var copy = self
        var a = Matrix(rows: constraints.rows + rows.count, columns: constraints.columns)
        for c in 0..<constraints.columns { for r in 0..<constraints.rows { a[r, c] = constraints[r, c] } }
        for (i, row) in rows.enumerated() { for (j, v) in row.terms { a[constraints.rows + i, j] += v } }
        copy.constraints = a
        copy.constraintNames += rows.map(\.name)
        copy.rhs += [Double](repeating: 0, count: rows.count)
        return copy
    }

    /// The same problem with extra constraints x_j = 0 (used to keep flows non-negative).
    public func fixingToZero(_ indices: [Int]) -> LinearProblem {
        var copy = self
        var a = Matrix(rows: constraints.rows + indices.count, columns: constraints.columns)
        for c in 0..<constraints.columns { for r in 0..<constraints.rows { a[r, c] = constraints[r, c] } }
        for (i, j) in indices.enumerated() { a[constraints.rows + i, j] = 1 }
        copy.constraints = a
        copy.constraintNames += indices.map { "\(variables[$0]) ≥ 0" }
        copy.rhs += [Double](repeating: 0, count: indices.count)
        return copy
    }
}
