/// A sparse matrix in compressed-column form (the layout UMFPACK and CHOLMOD take).
///
/// ```swift
/// let a = SparseMatrix(rows: 2, columns: 2, triplets: [(0, 0, 1), (1, 1, 2), (0, 1, -0.5)])
/// a.columnStarts   // [0, 1, 3]
/// ```
public struct SparseMatrix: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    /// Start of each column in `rowIndices`/`values`; `columns + 1` entries.
    public var columnStarts: [Int32]
    public var rowIndices: [Int32]
    public var values: [Double]

    /// Builds from (row, column, value) triplets; duplicates are summed, explicit zeros kept out.
    public init(rows: Int, columns: Int, triplets: [(Int, Int, Double)]) {
        self.rows = rows
        self.columns = columns
        var byColumn = [[(Int, Double)]](repeating: [], count: columns)
        for (r, c, v) in triplets { byColumn[c].append((r, v)) }
        var starts: [Int32] = [0]
        var indices: [Int32] = []
        var values: [Double] = []
        for column in byColumn {
            var merged: [Int: Double] = [:]
            for (r, v) in column { merged[r, default: 0] += v }
            for r in merged.keys.sorted() where merged[r]! != 0 {
                indices.append(Int32(r))
                values.append(merged[r]!)
            }
            starts.append(Int32(indices.count))
        }
        columnStarts = starts
        rowIndices = indices
        self.values = values
    }

    /// y = A x.
    public func multiply(_ x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: rows)
        for c in 0..<columns where x[c] != 0 {
            for k in Int(columnStarts[c])..<Int(columnStarts[c + 1]) { y[Int(rowIndices[k])] += values[k] * x[c] }
        }
        return y
    }
}
