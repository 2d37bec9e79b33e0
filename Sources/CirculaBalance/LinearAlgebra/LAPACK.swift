import CLapacke

/// The few LAPACK routines reconciliation needs (OpenBLAS through LAPACKE), on `Matrix`.
public enum LAPACK {
    /// Singular value decomposition A = U S Vᵀ (full U and Vᵀ), by dgesvd.
    public static func svd(_ a: Matrix) throws(LinearAlgebraError) -> (u: Matrix, s: [Double], vt: Matrix) {
        let m = a.rows, n = a.columns
        if m == 0 || n == 0 { return (Matrix.identity(m), [], Matrix.identity(n)) }
        var work = a.storage
        var s = [Double](repeating: 0, count: min(m, n))
        var u = Matrix(rows: m, columns: m)
        var vt = Matrix(rows: n, columns: n)
        var superb = [Double](repeating: 0, count: min(m, n))
        let info = LAPACKE_dgesvd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "A")), Int8(UInt8(ascii: "A")), Int32(m), Int32(n), &work, Int32(m),
                                  &s, &u.storage, Int32(m), &vt.storage, Int32(n), &superb)
        guard info == 0 else { throw .failed(routine: "dgesvd", info: Int(info)) }
        return (u, s, vt)
    }

    /// Numerical rank from singular values (tolerance max(m, n) · s₁ · 16 ε).
    public static func rank(_ s: [Double], rows: Int, columns: Int) -> Int {
        guard let largest = s.first, largest > 0 else { return 0 }
        let tolerance = Double(max(rows, columns)) * largest * Double.ulpOfOne * 16
        return s.filter { $0 > tolerance }.count
    }

    /// Solves S X = B for symmetric positive definite S by Cholesky (dposv); B has one column per right-hand side.
    public static func solveSPD(_ s: Matrix, _ b: Matrix) throws(LinearAlgebraError) -> Matrix {
        precondition(s.rows == s.columns && s.rows == b.rows)
        if s.rows == 0 { return b }
        var a = s.storage
        var x = b
        let info = LAPACKE_dposv(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(s.rows), Int32(b.columns), &a, Int32(s.rows), &x.storage, Int32(s.rows))
        guard info == 0 else { throw info > 0 ? .notPositiveDefinite : .failed(routine: "dposv", info: Int(info)) }
        return x
    }
}

public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    case notPositiveDefinite
    case failed(routine: String, info: Int)

    public var description: String {
        switch self {
        case .notPositiveDefinite: "the matrix A V Aᵀ is not positive definite (a measurement with zero variance in a dependent constraint?)"
        case .failed(let routine, let info): "LAPACK \(routine) failed (info \(info))"
        }
    }
}
