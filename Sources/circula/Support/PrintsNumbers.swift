import CirculaCore
import Foundation

/// A command whose numbers print with grouped digits in tables and plain in CSV, decided by its own `--format`
/// (no state shared between commands).
protocol PrintsNumbers {
    var output: FormatOption { get }
}

extension PrintsNumbers {
    /// `value` rounded to `decimals`: `12,345.679` in a table, `12345.679` in CSV.
    func num(_ value: Double, decimals: Int = 3) -> String {
        guard output.format == .csv else { return formatNumber(value, decimals: decimals) }
        let scale = pow(10, Double(decimals))
        return formatPlain((value * scale).rounded() / scale)
    }
}
