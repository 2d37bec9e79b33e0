import Foundation
import Testing
@testable import CirculaPlan

/// The dynamic stock model against closed forms and against flodym 1.1.0 (fixture from bench/plan/peers/flodym_stock.py).
struct StockModelTests {
    @Test func fixedLifetimeClosedForm() throws {
        // Fixed 3 years, mid-year inflow: a cohort is in stock at ages 0.5, 1.5, 2.5 and leaves at 3.5.
        let r = DynamicStockModel.inflowDriven(inflow: [100, 100, 100, 100, 100, 100], lifetime: .fixed(mean: 3))
        #expect(r.stock == [100, 200, 300, 300, 300, 300])
        #expect(r.outflow == [0, 0, 0, 100, 100, 100])
        #expect(r.outflowByCohort[4] == [0, 100, 0, 0, 0, 0])
        // Stock-driven: keep 300 in stock from year 0 → buy 300, then replace each cohort after 3 years.
        let s = try DynamicStockModel.stockDriven(stock: [300, 300, 300, 300, 300, 300, 300], lifetime: .fixed(mean: 3))
        #expect(s.inflow == [300, 0, 0, 300, 0, 0, 300])
        #expect(s.outflow == [0, 0, 0, 300, 0, 0, 300])
    }

    @Test func exponentialLifetimeIsAGeometricSeries() throws {
        // Weibull shape 1 = exponential with mean λ: stock[m] = I Σ_{k=0..m} e^{-(k+0.5)/λ}.
        let lambda = 7.0, inflow = 50.0
        let r = DynamicStockModel.inflowDriven(inflow: Array(repeating: inflow, count: 30), lifetime: .weibull(scale: lambda, shape: 1))
        let q = exp(-1 / lambda)
        for m in 0..<30 {
            let closed = inflow * exp(-0.5 / lambda) * (1 - pow(q, Double(m + 1))) / (1 - q)
            #expect(abs(r.stock[m] - closed) <= 1e-12 * closed)
        }
    }

    @Test func stockDrivenInvertsInflowDrivenAndBalances() throws {
        let inflow = (0..<40).map { 100 + 30 * sin(Double($0) / 4) + Double($0) }
        for lifetime in [Lifetime.normal(mean: 12, std: 3), .logNormal(mean: 15, std: 6), .weibull(scale: 10, shape: 2.2), .fixed(mean: 5)] {
            let forward = DynamicStockModel.inflowDriven(inflow: inflow, lifetime: lifetime)
            let back = try DynamicStockModel.stockDriven(stock: forward.stock, lifetime: lifetime)
            for m in inflow.indices {
                #expect(abs(back.inflow[m] - inflow[m]) <= 1e-9 * inflow[m], "\(lifetime.distribution) year \(m)")
                let change = forward.stock[m] - (m > 0 ? forward.stock[m - 1] : 0)
                #expect(abs(inflow[m] - forward.outflow[m] - change) <= 1e-9 * inflow[m])
            }
        }
    }

    @Test func matchesFlodymOnTheDefaultStockModel() throws {
        struct Fixture: Decodable {
            struct Output: Decodable { var id: String; var inflow: [Double]; var stock: [Double]; var outflow: [Double] }
            var flodym: String
            var `case`: StockCase
            var results: [Output]
        }
        let url = try #require(Bundle.module.url(forResource: "flodym-stock-fixture", withExtension: "json", subdirectory: "Fixtures"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        #expect(fixture.flodym == "1.1.0")
        // The fixture's case is what Circula exports for the bundled model today.
        let current = StockCase(try StockModelFile.bundledDefault())
        #expect(current.years == fixture.case.years && current.series.map(\.values) == fixture.case.series.map(\.values))
        #expect(Set(fixture.case.series.map(\.distribution)) == ["normal", "lognormal", "weibull", "fixed"])
        #expect(Set(fixture.case.series.map(\.mode)) == ["inflow", "stock"])
        let ours = try fixture.case.run()
        var worst = 0.0
        for (mine, theirs) in zip(ours, fixture.results) {
            for (a, b) in zip(mine.inflow + mine.stock + mine.outflow, theirs.inflow + theirs.stock + theirs.outflow) {
                worst = max(worst, abs(a - b) / max(1, abs(b)))
            }
        }
        #expect(worst <= 1e-9, "max relative difference to flodym \(worst)")
    }

    @Test func outlookReproducesTheAnchorAndReportsTheGoal() throws {
        let outlook = try Outlook.compute(try StockModelFile.bundledDefault(), to: 2040)
        #expect(outlook.years.first?.year == 2024 && outlook.years.last?.year == 2040)
        #expect(abs(outlook.years[0].recyclingRatio - 0.246) < 0.001)
        #expect(abs(outlook.years[0].recycledFeedTonnes - 100_000) < 1e-6)
        // Capture grows 50% to 2027 (pre-treatment expansion), so the ratio rises by about half by then.
        #expect(outlook.years[3].recyclingRatio > 0.246 * 1.45)
        #expect(outlook.goalRatio == 0.5 && outlook.goalYear == 2040)
        #expect(outlook.goalReachedYear == nil)
    }

    @Test func unknownDistributionIsLocated() throws {
        let text = """
        first_year: 2000
        anchor: {year: 2001, recycling_ratio: {value: 0.2}}
        cathode_output_t: {value: 1000}
        goal: {year: 2002, recycling_ratio: {value: 0.5}}
        sectors:
          - id: a
            lifetime: {distribution: gamma, mean: 3}
            inflow_t: {points: {2000: 10}}
            collection_rate: {value: 1}
            recycling_efficiency: {value: 1}
        """
        do {
            _ = try StockModelFile.parse(text, file: "s.yaml")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "s.yaml:7: key sectors[0].lifetime: stock model: unknown lifetime distribution \"gamma\"; expected normal, lognormal, weibull or fixed")
        }
    }
}
