import CirculaCore
import Foundation
import Testing
@testable import CirculaPlan

/// The path to 2040 as a study: time series drivers, losses, Monte Carlo fan, probability and ranking; bad input refused.
struct OutlookStudyTests {
    static let base = """
    first_year: 2000
    to: 2030
    anchor: {year: 2010, recycling_ratio: {value: 0.2}}
    cathode_output_t: {value: 1000}
    goal: {year: 2030, recycling_ratio: {value: 0.3}}
    sectors:
      - id: a
        lifetime: {distribution: weibull, weibull_scale: 12, weibull_shape: 2}
        inflow_t: {points: {2000: 100, 2030: 200}}
        collection_rate: {value: 0.6}
        recycling_efficiency: {value: 0.9}
    """

    func message(_ text: String) -> String {
        do { _ = try StockModelFile.parse(text, file: "s.yaml"); return "" } catch { return "\(error)" }
    }

    @Test func theDefaultOutlookPrintsTheProbabilityOfTheGoal() throws {
        let model = try StockModelFile.bundledDefault()
        let outlook = try Outlook.compute(model)
        #expect(abs(outlook.years[0].recycledFeedTonnes - 100_000) < 1e-6)   // the published ~100 kt, not ratio × capacity
        #expect(abs(outlook.years[0].recyclingRatio - 0.246) < 0.001)
        for y in outlook.years {   // losses close the end-of-life balance
            #expect(abs(y.endOfLifeTonnes - y.notCollectedTonnes - y.notCapturedTonnes - y.recycledFeedTonnes) < 1e-6 * max(1, y.endOfLifeTonnes))
        }
        let study = try MonteCarloOutlook.run(model, draws: 2000)
        #expect(study.draws == 2000 && study.fan.first?.year == 2024 && study.fan.last?.year == 2040)
        #expect(study.fan.allSatisfy { $0.p5 <= $0.p50 && $0.p50 <= $0.p95 })
        #expect(study.probabilityOfGoal >= 0 && study.probabilityOfGoal <= 1)
        #expect(study.sensitivity.count == model.uncertainty!.drivers.count)
        #expect(zip(study.sensitivity, study.sensitivity.dropFirst()).allSatisfy { abs($0.spearman) >= abs($1.spearman) })
        let svg = OutlookChart.svg(outlook, fan: study)
        #expect(svg.contains("milestone 2030") && svg.contains("goal 2040") && svg.contains("median"))
    }

    @Test func oneFileCarriesEveryElementOfInterest() throws {
        let outlook = try Outlook.compute(try StockModelFile.bundledDefault())
        #expect(outlook.elements.map(\.element) == ["Cu", "Au", "Ag", "Co", "Li", "Ni", "Dy", "Tb"])
        let cu = try #require(outlook.elements.first)
        for (k, y) in outlook.years.enumerated() {
            #expect(abs(cu.endOfLifeTonnes[k] - y.endOfLifeTonnes) < 1e-6 * y.endOfLifeTonnes)
            #expect(abs(cu.oldScrapAvailableTonnes[k] - y.oldScrapAvailableTonnes) < 1e-6 * y.oldScrapAvailableTonnes)
        }
        for path in outlook.elements {   // losses close each element's end-of-life balance
            for k in path.years.indices { #expect(abs(path.endOfLifeTonnes[k] - path.oldScrapAvailableTonnes[k] - path.lossTonnes[k]) < 1e-9 * max(1, path.endOfLifeTonnes[k])) }
        }
        let bad = message(Self.base.replacingOccurrences(of: "recycling_efficiency: {value: 0.9}", with: "recycling_efficiency: {value: 0.9}\n    contents: {Zz: {value: 0.1}}"))
        #expect(bad.contains("unknown element \"Zz\"") && bad.contains("key sectors[0].contents.Zz"), "\(bad)")
    }

    @Test func monteCarloIsSeededAndIndependentOfThreads() throws {
        let model = try StockModelFile.bundledDefault()
        let one = try MonteCarloOutlook.run(model, draws: 500, threads: 1)
        let two = try MonteCarloOutlook.run(model, draws: 500, threads: 2)
        #expect(one.fan.map(\.p50) == two.fan.map(\.p50) && one.probabilityOfGoal == two.probabilityOfGoal)
    }

    @Test func aWideDriverOutranksANarrowOne() throws {
        let text = Self.base + """

        capture_multiplier: {points: {2010: 1.0, 2030: 2.0}}
        uncertainty:
          draws: 3000
          seed: 7
          drivers:
            - {driver: capture, distribution: uniform, low: 0, high: 2}
            - {driver: lifetime.a, distribution: normal, mean: 1, sd: 0.01}
        """
        let study = try MonteCarloOutlook.run(try StockModelFile.parse(text, file: "s.yaml"))
        #expect(study.sensitivity.first?.driver == "capture" && study.sensitivity.first!.spearman > 0.5)
        // With no draws the central path is the median of a symmetric factor around 1: p50 ≈ central ratio.
        let central = try Outlook.compute(try StockModelFile.parse(text, file: "s.yaml")).years.last!.recyclingRatio
        #expect(abs(study.fan.last!.p50 - central) < 0.02)
    }

    @Test func aProductionCutRaisesTheRatioInItsYears() throws {
        let cut = Self.base.replacingOccurrences(of: "cathode_output_t: {value: 1000}", with: """
        cathode_output_t:
          segments: [{from: 2000, to: 2014, value: 1000}, {from: 2015, to: 2019, value: 800}, {from: 2020, to: 2030, value: 1000}]
        """)
        let flat = try Outlook.compute(try StockModelFile.parse(Self.base, file: "s.yaml"))
        let withCut = try Outlook.compute(try StockModelFile.parse(cut, file: "s.yaml"))
        let i = 2016 - 2010
        #expect(abs(withCut.years[i].recyclingRatio - flat.years[i].recyclingRatio * 1000 / 800) < 1e-12)
        #expect(abs(withCut.years[12].recyclingRatio - flat.years[12].recyclingRatio) < 1e-12)
    }

    @Test func gapsOverlapsAndBadLifetimesAreRefusedWithFileAndKey() throws {
        let gap = message(Self.base.replacingOccurrences(of: "cathode_output_t: {value: 1000}",
                                                         with: "cathode_output_t: {segments: [{from: 2000, to: 2010, value: 1}, {from: 2012, to: 2030, value: 1}]}"))
        #expect(gap.hasPrefix("s.yaml:4: key cathode_output_t.segments[1]: gap: no value for 2011–2011"), "\(gap)")
        let overlap = message(Self.base.replacingOccurrences(of: "cathode_output_t: {value: 1000}",
                                                             with: "cathode_output_t: {segments: [{from: 2000, to: 2010, value: 1}, {from: 2010, to: 2030, value: 1}]}"))
        #expect(overlap.contains("key cathode_output_t.segments[1]") && overlap.contains("overlaps the previous one"))
        let scale = message(Self.base.replacingOccurrences(of: "weibull_scale: 12", with: "weibull_scale: 0"))
        #expect(scale.hasPrefix("s.yaml:8: key sectors[0].lifetime:") && scale.contains("expected weibull_scale > 0"), "\(scale)")
        let rate = message(Self.base.replacingOccurrences(of: "collection_rate: {value: 0.6}", with: "collection_rate: {value: 1.6}"))
        #expect(rate.contains("key sectors[0].collection_rate") && rate.contains("between 0 and 1"))
        let driver = message(Self.base + "\nuncertainty: {drivers: [{driver: lifetime.zz, distribution: uniform, low: 0.9, high: 1.1}]}")
        #expect(driver.contains("unknown driver \"lifetime.zz\""))
    }
}
