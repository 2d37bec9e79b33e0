import CirculaCore
import Foundation

/// The outlook under uncertainty: every driver of `uncertainty.drivers` drawn from its distribution,
/// the outlook recomputed per draw (seeded, one random stream per draw, so the answer does not depend
/// on the number of threads), the ratio's fan (5/50/95 %) per year, the probability of reaching the
/// goal by its year, and the drivers ranked by |Spearman ρ| between their draws and the goal year's ratio.
///
/// ```swift
/// let study = try MonteCarloOutlook.run(try StockModelFile.bundledDefault())
/// study.probabilityOfGoal   // share of draws with ratio(2040) ≥ 50 %
/// ```
public struct MonteCarloOutlook: Sendable, Codable {
    public struct FanYear: Sendable, Codable {
        public var year: Int
        public var p5: Double
        public var p50: Double
        public var p95: Double
        public var mean: Double
    }

    public struct Sensitivity: Sendable, Codable {
        public var driver: String
        /// Spearman rank correlation with the goal year's ratio.
        public var spearman: Double
        public var source: String?
        public var assumed: Bool
    }

    public var draws: Int
    public var seed: UInt64
    public var goalYear: Int
    public var goalRatio: Double
    public var fan: [FanYear]
    /// Share of draws whose ratio in the goal year is at least the goal.
    public var probabilityOfGoal: Double
    /// Share of draws reaching the milestone in its year (when the file has one).
    public var probabilityOfMilestone: Double?
    public var sensitivity: [Sensitivity]

    public static func run(_ model: StockModelFile, to horizon: Int? = nil, draws override: Int? = nil, threads: Int = 2) throws(PlanError) -> MonteCarloOutlook {
        guard let uncertainty = model.uncertainty, !uncertainty.drivers.isEmpty else {
            throw .input([LocatedError(SourceLocation(file: model.file, field: "key uncertainty"),
                                       "missing key \"uncertainty\" with drivers; expected e.g. uncertainty: {draws: 10000, seed: 1, drivers: [{driver: capture, distribution: triangular, low: 0.5, mode: 1, high: 1.3}]}")])
        }
        let last = horizon ?? model.to
        guard last >= model.goalYear || last >= model.anchorYear else { throw .stock("\(model.file): horizon \(last) before the anchor year") }
        let draws = override ?? uncertainty.draws
        guard draws >= 1 else { throw .stock("expected at least one draw") }
        let evaluator = try Evaluator(model, to: last)
        let k = uncertainty.drivers.count
        let nYears = evaluator.outputYears.count
        var factors = [Double](repeating: 1, count: draws * k)
        var ratios = [Double](repeating: 0, count: draws * nYears)
        let chunks = max(1, min(threads, draws))
        let base = uncertainty.seed
        factors.withUnsafeMutableBufferPointer { f in
            ratios.withUnsafeMutableBufferPointer { r in
                let fp = f.baseAddress!, rp = r.baseAddress!
                nonisolated(unsafe) let fShared = fp, rShared = rp
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    var scratch = evaluator.makeScratch()
                    var d = chunk
                    while d < draws {
                        var rng = SplitMix64(state: base &+ UInt64(d) &* 0xD1B5_4A32_D192_ED03)
                        for j in 0..<k { fShared[d * k + j] = uncertainty.drivers[j].distribution.quantile(rng.uniform()) }
                        evaluator.ratios(factors: UnsafeBufferPointer(start: fShared + d * k, count: k), drivers: uncertainty.drivers,
                                         scratch: &scratch, into: rShared + d * nYears)
                        d += chunks
                    }
                }
            }
        }
        var fan: [FanYear] = []
        var column = [Double](repeating: 0, count: draws)
        for (y, year) in evaluator.outputYears.enumerated() {
            for d in 0..<draws { column[d] = ratios[d * nYears + y] }
            column.sort()
            func q(_ p: Double) -> Double { column[min(draws - 1, max(0, Int((p * Double(draws - 1)).rounded())))] }
            fan.append(FanYear(year: year, p5: q(0.05), p50: q(0.5), p95: q(0.95), mean: column.reduce(0, +) / Double(draws)))
        }
        let goalIndex = evaluator.outputYears.firstIndex(of: min(model.goalYear, last)) ?? nYears - 1
        let goalRatios = (0..<draws).map { ratios[$0 * nYears + goalIndex] }
        let probability = Double(goalRatios.filter { $0 >= model.goalRatio.value - 1e-12 }.count) / Double(draws)
        var milestone: Double?
        if let m = model.milestone, let mi = evaluator.outputYears.firstIndex(of: m.year) {
            milestone = Double((0..<draws).filter { ratios[$0 * nYears + mi] >= m.ratio.value - 1e-12 }.count) / Double(draws)
        }
        let goalRanks = ranks(goalRatios)
        var sensitivity: [Sensitivity] = []
        for (j, driver) in uncertainty.drivers.enumerated() {
            let x = ranks((0..<draws).map { factors[$0 * k + j] })
            sensitivity.append(Sensitivity(driver: driver.id, spearman: pearson(x, goalRanks), source: driver.source, assumed: driver.assumed))
        }
        sensitivity.sort { abs($0.spearman) > abs($1.spearman) }
        return MonteCarloOutlook(draws: draws, seed: base, goalYear: model.goalYear, goalRatio: model.goalRatio.value, fan: fan,
                                 probabilityOfGoal: probability, probabilityOfMilestone: milestone, sensitivity: sensitivity)
    }

    /// Average ranks (ties share their mean rank).
    static func ranks(_ v: [Double]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] }
        var r = [Double](repeating: 0, count: v.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && v[order[j + 1]] == v[order[i]] { j += 1 }
            for t in i...j { r[order[t]] = Double(i + j) / 2 }
            i = j + 1
        }
        return r
    }

    static func pearson(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in a.indices { let x = a[i] - ma, y = b[i] - mb; sab += x * y; saa += x * x; sbb += y * y }
        return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : 0
    }
}

/// The outlook's ratio path as a function of the driver factors, without allocation per draw.
struct Evaluator: Sendable {
    let model: StockModelFile
    let years: [Int]
    let outputYears: [Int]
    let anchorIndex: Int
    /// Per sector: the path, and the collection × efficiency per year.
    let paths: [[Double]]
    let recovered: [[Double]]
    let cathode: [Double]
    let capture: [Double]

    struct Scratch {
        var survival: [Double]
        var inflow: [Double]
        var scrap: [Double]
    }

    init(_ model: StockModelFile, to last: Int) throws(PlanError) {
        self.model = model
        years = Array(model.firstYear...last)
        outputYears = years.filter { $0 >= model.anchorYear }
        anchorIndex = model.anchorYear - model.firstYear
        let ys = years
        paths = model.sectors.map { sector in ys.map { StockModelFile.interpolate(sector.path, $0) } }
        recovered = model.sectors.map { sector in ys.map { sector.collectionRate.value($0) * sector.recyclingEfficiency.value($0) } }
        cathode = ys.map { model.cathodeOutput.value($0) }
        capture = ys.map { model.captureFactor($0) - 1 }
        for sector in model.sectors where sector.mode == "stock" && sector.lifetime.survival(0.5) <= 0 {
            throw .stock("sector \(sector.id): stock-driven mode needs S(0.5) > 0")
        }
    }

    func makeScratch() -> Scratch {
        Scratch(survival: [Double](repeating: 0, count: years.count), inflow: [Double](repeating: 0, count: years.count),
                scrap: [Double](repeating: 0, count: years.count))
    }

    func ratios(factors: UnsafeBufferPointer<Double>, drivers: [Uncertainty.Driver], scratch: inout Scratch, into out: UnsafeMutablePointer<Double>) {
        let n = years.count
        func factor(_ id: String) -> Double {
            for (j, d) in drivers.enumerated() where d.id == id { return factors[j] }
            return 1
        }
        for i in 0..<n { scratch.scrap[i] = 0 }
        for (s, sector) in model.sectors.enumerated() {
            let lifetime = sector.lifetime.scaled(factor("lifetime.\(sector.id)"))
            for a in 0..<n { scratch.survival[a] = lifetime.survival(Double(a) + 0.5) }
            let inflowFactor = factor("inflow.\(sector.id)"), collection = factor("collection.\(sector.id)")
            let sf = scratch.survival
            if sector.mode == "inflow" {
                for c in 0..<n { scratch.inflow[c] = paths[s][c] * (c > anchorIndex ? inflowFactor : 1) }
            } else {
                for m in 0..<n {
                    var surviving = 0.0
                    for c in 0..<m { surviving += sf[m - c] * scratch.inflow[c] }
                    scratch.inflow[m] = (paths[s][m] * (m > anchorIndex ? inflowFactor : 1) - surviving) / sf[0]
                }
            }
            for m in 0..<n {
                // Outflow in year m: cohorts c < m lose sf[m-c-1] − sf[m-c]; the year's own cohort 1 − sf[0].
                var outflow = scratch.inflow[m] * (1 - sf[0])
                for c in 0..<m { outflow += scratch.inflow[c] * (sf[m - c - 1] - sf[m - c]) }
                let rate = m > anchorIndex ? min(1, recovered[s][m] * collection) : recovered[s][m]
                scratch.scrap[m] += outflow * rate
            }
        }
        let anchorCathode = cathode[anchorIndex]
        let anchorRecycled = model.anchorRecycled?.value ?? model.anchorRatio.value * anchorCathode
        let share = scratch.scrap[anchorIndex] > 0 ? anchorRecycled / scratch.scrap[anchorIndex] : 0
        let growth = factor("capture"), output = factor("cathode_output")
        for (o, i) in (anchorIndex..<n).enumerated() {
            let c = cathode[i] * (i > anchorIndex ? output : 1)
            let recycled = share * (1 + growth * capture[i]) * scratch.scrap[i]
            out[o] = c > 0 ? min(1, recycled / c) : 0
        }
    }
}
