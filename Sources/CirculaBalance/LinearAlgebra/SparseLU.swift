import CUmfpack

/// LU factorisation of a square sparse matrix by UMFPACK, kept to solve many right-hand sides.
///
/// The forward balance factorises (I − T) once per element and solves once per source (lot).
/// ```swift
/// let lu = try SparseLU(SparseMatrix(rows: 2, columns: 2, triplets: [(0, 0, 1), (1, 0, -0.5), (1, 1, 1)]))
/// try lu.solve([1, 0])   // [1, 0.5]
/// ```
public final class SparseLU {
    public let matrix: SparseMatrix
    private var numeric: UnsafeMutableRawPointer?

    public init(_ matrix: SparseMatrix) throws(SparseLUError) {
        precondition(matrix.rows == matrix.columns, "SparseLU needs a square matrix")
        self.matrix = matrix
        var control = [Double](repeating: 0, count: Int(UMFPACK_CONTROL))
        var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
        umfpack_di_defaults(&control)
        var symbolic: UnsafeMutableRawPointer?
        let n = Int32(matrix.rows)
        var status = umfpack_di_symbolic(n, n, matrix.columnStarts, matrix.rowIndices, matrix.values, &symbolic, control, &info)
        guard status == UMFPACK_OK else { throw .failed(routine: "umfpack_di_symbolic", status: Int(status)) }
        defer { umfpack_di_free_symbolic(&symbolic) }
        status = umfpack_di_numeric(matrix.columnStarts, matrix.rowIndices, matrix.values, symbolic, &numeric, control, &info)
        if status == UMFPACK_WARNING_singular_matrix {
            umfpack_di_free_numeric(&numeric)
            throw .singular
        }
        guard status == UMFPACK_OK else { throw .failed(routine: "umfpack_di_numeric", status: Int(status)) }
    }

    deinit { umfpack_di_free_numeric(&numeric) }

    /// Solves A x = b with the stored factors.
    public func solve(_ b: [Double]) throws(SparseLUError) -> [Double] {
        precondition(b.count == matrix.rows)
        var x = [Double](repeating: 0, count: b.count)
        var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
        let status = umfpack_di_solve(Int32(UMFPACK_A), matrix.columnStarts, matrix.rowIndices, matrix.values, &x, b, numeric, nil, &info)
        guard status == UMFPACK_OK else { throw status == UMFPACK_WARNING_singular_matrix ? .singular : .failed(routine: "umfpack_di_solve", status: Int(status)) }
        return x
    }
}

public enum SparseLUError: Error, Equatable, CustomStringConvertible {
    case singular
    case failed(routine: String, status: Int)

    public var description: String {
        switch self {
        case .singular: "the matrix is singular"
        case .failed(let routine, let status): "\(routine) failed with status \(status)"
        }
    }
}
