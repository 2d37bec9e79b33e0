/// A dynamic stock model of one product group with annual cohorts (the flodym/ODYM method).
///
/// Convention (flodym's default, `inflow_at="middle"`, verified in flodym 1.1.0 `lifetime_models.py`):
/// a cohort enters in the middle of its year and the stock is counted at the end of a year, so
/// sf[m, c] = S(m − c + 0.5) for m ≥ c and 0 before. The outflow of cohort c in year m is
/// inflow[c]·(sf[m−1, c] − sf[m, c]), and inflow[c]·(1 − sf[c, c]) in its own year.
/// - inflow-driven: stock[m] = Σ_c sf[m, c]·inflow[c];
/// - stock-driven: inflow[m] = (stock[m] − Σ_{c<m} sf[m, c]·inflow[c]) / sf[m, m] (forward substitution).
///
/// Because S depends on the age only, sf is Toeplitz: one survival value per age.
///
/// ```swift
/// let r = DynamicStockModel.inflowDriven(inflow: [100, 100, 100], lifetime: .fixed(mean: 2))
/// r.stock    // [100, 200, 200]
/// r.outflow  // [0, 0, 100]
/// ```
public enum DynamicStockModel {
    public struct Result: Sendable, Codable, Equatable {
        public var inflow: [Double]
        public var stock: [Double]
        public var outflow: [Double]
        /// outflowByCohort[m][c], tonnes leaving in year m from cohort c.
        public var outflowByCohort: [[Double]]
    }

    /// S(k + 0.5) for ages k = 0..<years.
    public static func survivalByAge(_ lifetime: Lifetime, years: Int) -> [Double] {
        (0..<years).map { lifetime.survival(Double($0) + 0.5) }
    }

    public static func inflowDriven(inflow: [Double], lifetime: Lifetime) -> Result {
        let n = inflow.count
        let sf = survivalByAge(lifetime, years: n)
        var stock = [Double](repeating: 0, count: n)
        for m in 0..<n {
            var s = 0.0
            for c in 0...m { s += sf[m - c] * inflow[c] }
            stock[m] = s
        }
        return withOutflows(inflow: inflow, stock: stock, sf: sf)
    }

    public static func stockDriven(stock: [Double], lifetime: Lifetime) throws(PlanError) -> Result {
        let n = stock.count
        let sf = survivalByAge(lifetime, years: n)
        guard n == 0 || sf[0] > 0 else {
            throw .stock("stock-driven mode needs S(0.5) > 0; the \(lifetime.distribution) lifetime removes every cohort in its first year")
        }
        var inflow = [Double](repeating: 0, count: n)
        for m in 0..<n {
            var surviving = 0.0
            for c in 0..<m { surviving += sf[m - c] * inflow[c] }
            inflow[m] = (stock[m] - surviving) / sf[0]
        }
        return withOutflows(inflow: inflow, stock: stock, sf: sf)
    }

    static func withOutflows(inflow: [Double], stock: [Double], sf: [Double]) -> Result {
        let n = inflow.count
        var byCohort = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        var outflow = [Double](repeating: 0, count: n)
        for m in 0..<n {
            var total = 0.0
            for c in 0...m {
                let share = m == c ? 1 - sf[0] : sf[m - c - 1] - sf[m - c]
                let o = inflow[c] * share
                byCohort[m][c] = o
                total += o
            }
            outflow[m] = total
        }
        return Result(inflow: inflow, stock: stock, outflow: outflow, outflowByCohort: byCohort)
    }
}
