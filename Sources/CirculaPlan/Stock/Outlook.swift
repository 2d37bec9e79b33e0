import CirculaCore

/// The recycling-ratio outlook: the stock model's end-of-life outflows × collection × recycling
/// efficiency give the old scrap available each year; the company captures a share of it, calibrated
/// so that the anchor year's recycling ratio is reproduced (24.6% in FY2024 by default) and scaled by
/// the capture multiplier (collection network / pre-treatment growth); ratio = recycled feed /
/// cathode output (a time series: a cut raises the ratio), capped at 1. Losses are printed: end-of-life
/// copper not collected or not recovered, and old scrap not captured; and the in-use stock change.
///
/// ```swift
/// let outlook = try Outlook.compute(try StockModelFile.bundledDefault(), to: 2040)
/// outlook.years.last?.recyclingRatio
/// ```
public struct Outlook: Sendable, Codable {
    public struct Year: Sendable, Codable {
        public var year: Int
        public var inUseStockTonnes: Double
        public var inflowTonnes: Double
        public var endOfLifeTonnes: Double
        public var oldScrapAvailableTonnes: Double
        public var recycledFeedTonnes: Double
        public var recyclingRatio: Double
        public var goal: Double
        public var cathodeOutputTonnes: Double
        /// In-use stock this year minus last year [t].
        public var stockChangeTonnes: Double
        /// End-of-life copper not collected or lost in pre-treatment (EoL × (1 − collection × efficiency)) [t].
        public var notCollectedTonnes: Double
        /// Old scrap available that the company did not capture (went to other smelters, export, landfill) [t].
        public var notCapturedTonnes: Double
    }

    public var name: String
    public var anchorYear: Int
    public var anchorRatio: Double
    /// Share of the old scrap available that the company captured in the anchor year.
    public var captureShare: Double
    public var cathodeOutputTonnes: Double
    public var goalYear: Int
    public var goalRatio: Double
    public var years: [Year]
    /// First year the ratio reaches the goal, if it does by the horizon.
    public var goalReachedYear: Int?
    public var sectors: [String: DynamicStockModel.Result]
    public var convention: String
    public var anchorRecycledTonnes: Double = 0
    public var milestoneYear: Int?
    public var milestoneRatio: Double?
    /// Per element (Cu first, then the sectors' `contents`): end-of-life, old scrap available, losses and in-use stock by year [t].
    public var elements: [ElementPath] = []
    /// The Monte Carlo study, when it was run (fan, probability of the goal, ranking of drivers).
    public var monteCarlo: MonteCarloOutlook?

    public static func compute(_ model: StockModelFile, to horizon: Int? = nil) throws(PlanError) -> Outlook {
        let last = horizon ?? model.to
        guard last >= model.anchorYear, model.anchorYear >= model.firstYear else {
            throw .stock("\(model.file): expected first_year ≤ anchor year \(model.anchorYear) ≤ horizon \(last)")
        }
        let years = Array(model.firstYear...last)
        var results: [String: DynamicStockModel.Result] = [:]
        var stock = [Double](repeating: 0, count: years.count), inflow = stock, eol = stock, scrap = stock
        for sector in model.sectors {
            let path = years.map { StockModelFile.interpolate(sector.path, $0) }
            let r = sector.mode == "inflow" ? DynamicStockModel.inflowDriven(inflow: path, lifetime: sector.lifetime)
                : try DynamicStockModel.stockDriven(stock: path, lifetime: sector.lifetime)
            results[sector.id] = r
            for (i, year) in years.enumerated() {
                let recovered = sector.collectionRate.value(year) * sector.recyclingEfficiency.value(year)
                stock[i] += r.stock[i]; inflow[i] += r.inflow[i]; eol[i] += r.outflow[i]; scrap[i] += r.outflow[i] * recovered
            }
        }
        let anchorIndex = model.anchorYear - model.firstYear
        guard scrap[anchorIndex] > 0 else { throw .stock("\(model.file): no old scrap in the anchor year \(model.anchorYear); cannot calibrate the capture share") }
        let anchorCathode = model.cathodeOutput.value(model.anchorYear)
        let anchorRecycled = model.anchorRecycled?.value ?? model.anchorRatio.value * anchorCathode
        let share = anchorRecycled / scrap[anchorIndex]
        var rows: [Year] = []
        for (i, year) in years.enumerated() where year >= model.anchorYear {
            let cathode = model.cathodeOutput.value(year)
            let recycled = min(share * model.captureFactor(year) * scrap[i], cathode)
            rows.append(Year(year: year, inUseStockTonnes: stock[i], inflowTonnes: inflow[i], endOfLifeTonnes: eol[i], oldScrapAvailableTonnes: scrap[i],
                             recycledFeedTonnes: recycled, recyclingRatio: cathode > 0 ? min(1, recycled / cathode) : 0,
                             goal: year >= model.goalYear ? model.goalRatio.value : 0,
                             cathodeOutputTonnes: cathode, stockChangeTonnes: i > 0 ? stock[i] - stock[i - 1] : stock[i],
                             notCollectedTonnes: eol[i] - scrap[i], notCapturedTonnes: scrap[i] - recycled))
        }
        var outlook = Outlook(name: model.name, anchorYear: model.anchorYear, anchorRatio: anchorCathode > 0 ? anchorRecycled / anchorCathode : 0, captureShare: share,
                              cathodeOutputTonnes: anchorCathode, goalYear: model.goalYear, goalRatio: model.goalRatio.value, years: rows,
                              goalReachedYear: rows.first { $0.recyclingRatio >= model.goalRatio.value - 1e-12 }?.year, sectors: results,
                              convention: "annual cohorts, inflow mid-year, stock at year end: sf[m,c] = S(m - c + 0.5) (flodym inflow_at=middle)")
        outlook.anchorRecycledTonnes = anchorRecycled
        let carried = ["Cu"] + StockModelFile.elements.filter { e in model.sectors.contains { $0.contents[e] != nil } }
        outlook.elements = carried.map { element in
            var path = ElementPath(element: element, years: [], endOfLifeTonnes: [], oldScrapAvailableTonnes: [], lossTonnes: [], inUseStockTonnes: [])
            for (i, year) in years.enumerated() where year >= model.anchorYear {
                var eolE = 0.0, scrapE = 0.0, stockE = 0.0
                for sector in model.sectors {
                    let content = element == "Cu" ? 1 : sector.contents[element]?.value ?? 0
                    guard content > 0, let r = results[sector.id] else { continue }
                    let recovered = sector.collectionRate.value(year) * sector.recyclingEfficiency.value(year)
                    eolE += r.outflow[i] * content; scrapE += r.outflow[i] * content * recovered; stockE += r.stock[i] * content
                }
                path.years.append(year); path.endOfLifeTonnes.append(eolE); path.oldScrapAvailableTonnes.append(scrapE)
                path.lossTonnes.append(eolE - scrapE); path.inUseStockTonnes.append(stockE)
            }
            return path
        }
        if let m = model.milestone { outlook.milestoneYear = m.year; outlook.milestoneRatio = m.ratio.value }
        return outlook
    }
}

extension StockModelFile {
    /// The capture multiplier relative to the anchor year (1 when the file gives none).
    func captureFactor(_ year: Int, growth: Double = 1) -> Double {
        guard !captureMultiplier.isEmpty else { return 1 }
        let m = StockModelFile.interpolate(captureMultiplier, year) / StockModelFile.interpolate(captureMultiplier, anchorYear)
        return 1 + growth * (m - 1)
    }
}

/// One element's path through the in-use stock: what reaches end of life, what is available as old scrap
/// (collected and recovered), what is lost, and what stays in use [t].
public struct ElementPath: Sendable, Codable {
    public var element: String
    public var years: [Int]
    public var endOfLifeTonnes: [Double]
    public var oldScrapAvailableTonnes: [Double]
    public var lossTonnes: [Double]
    public var inUseStockTonnes: [Double]
}
