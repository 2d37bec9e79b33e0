import Foundation

/// The series of a stock model as plain JSON, the input of the flodym peer
/// (`bench/plan/peers/flodym_stock.py`): years, and per series the mode, the lifetime (flodym's
/// class and parameter names) and the inflow or stock path.
///
/// ```swift
/// try StockCase(try StockModelFile.bundledDefault(), to: 2040).json().write(toFile: "case.json", atomically: true, encoding: .utf8)
/// ```
public struct StockCase: Codable, Sendable {
    public struct Series: Codable, Sendable {
        public var id: String
        public var mode: String
        public var distribution: String
        public var parameters: [String: Double]
        /// Inflow (mode inflow) or stock (mode stock) per year.
        public var values: [Double]
    }

    public var years: [Int]
    public var series: [Series]

    public init(years: [Int], series: [Series]) {
        self.years = years
        self.series = series
    }

    public init(_ model: StockModelFile, to horizon: Int? = nil) {
        years = Array(model.firstYear...(horizon ?? model.to))
        let ys = years
        series = model.sectors.map { sector in
            Series(id: sector.id, mode: sector.mode, distribution: sector.lifetime.distribution, parameters: sector.lifetime.parameters,
                   values: ys.map { StockModelFile.interpolate(sector.path, $0) })
        }
    }

    public var lifetimes: [Lifetime] {
        get throws(PlanError) {
            var out: [Lifetime] = []
            for s in series { out.append(try Lifetime(distribution: s.distribution, parameters: s.parameters)) }
            return out
        }
    }

    /// Runs every series with Circula's model.
    public func run() throws(PlanError) -> [DynamicStockModel.Result] {
        var out: [DynamicStockModel.Result] = []
        for (s, lifetime) in zip(series, try lifetimes) {
            out.append(s.mode == "stock" ? try DynamicStockModel.stockDriven(stock: s.values, lifetime: lifetime)
                       : DynamicStockModel.inflowDriven(inflow: s.values, lifetime: lifetime))
        }
        return out
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
