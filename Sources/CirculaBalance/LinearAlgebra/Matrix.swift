import CBlas

/// A dense matrix in column-major order (LAPACK's layout).
///
/// ```swift
/// var a = Matrix(rows: 2, columns: 2)
/// a[0, 1] = 3
/// (a * [1, 1])   // [3, 0]
/// ```
public struct Matrix: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    public var storage: [Double]

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.rows = rows
        self.columns = columns
        storage = [Double](repeating: value, count: rows * columns)
    }

    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    public static func diagonal(_ values: [Double]) -> Matrix {
        var m = Matrix(rows: values.count, columns: values.count)
        for (i, v) in values.enumerated() { m[i, i] = v }
        return m
    }

    public subscript(row: Int, column: Int) -> Double {
        get { storage[column * rows + row] }
        set { storage[column * rows + row] = newValue }
    }

    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for c in 0..<columns { for r in 0..<rows { t[c, r] = self[r, c] } }
        return t
    }

    /// The listed columns, in order.
    public func columns(_ indices: [Int]) -> Matrix {
        var m = Matrix(rows: rows, columns: indices.count)
        for (j, c) in indices.enumerated() {
            m.storage.replaceSubrange(j * rows..<(j + 1) * rows, with: storage[c * rows..<(c + 1) * rows])
        }
        return m
    }

    /// The listed rows, in order.
    public func rows(_ indices: [Int]) -> Matrix {
        var m = Matrix(rows: indices.count, columns: columns)
        for c in 0..<columns { for (i, r) in indices.enumerated() { m[i, c] = self[r, c] } }
        return m
    }

    /// C = A B by BLAS dgemm.
    public static func * (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.columns == b.rows)
        var c = Matrix(rows: a.rows, columns: b.columns)
        if a.rows == 0 || b.columns == 0 || a.columns == 0 { return c }
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(a.rows), Int32(b.columns), Int32(a.columns),
                    1, a.storage, Int32(a.rows), b.storage, Int32(b.rows), 0, &c.storage, Int32(c.rows))
        return c
    }

    /// y = A x by BLAS dgemv.
    public static func * (a: Matrix, x: [Double]) -> [Double] {
        precondition(a.columns == x.count)
        var y = [Double](repeating: 0, count: a.rows)
        if a.rows == 0 || a.columns == 0 { return y }
        cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(a.rows), Int32(a.columns), 1, a.storage, Int32(a.rows), x, 1, 0, &y, 1)
        return y
    }

    public static func - (a: Matrix, b: Matrix) -> Matrix {
        var c = a
        for i in c.storage.indices { c.storage[i] -= b.storage[i] }
        return c
    }
}
