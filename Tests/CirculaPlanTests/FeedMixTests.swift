import CirculaCore
import Foundation
import Testing
@testable import CirculaPlan

/// The feed-mix planner on the bundled model: economics parsing, recovery, plans, penalties, MIP, infeasibility, sweeps.
struct FeedMixTests {
    static let defaultText = try! String(contentsOf: PlanResources.url("default-scenario.yaml"), encoding: .utf8)

    func scenario(_ text: String) throws -> Scenario { try Scenario.parse(text, file: "test.yaml") }

    func defaultWith(overrides: String) throws -> Scenario {
        try scenario(Self.defaultText.replacingOccurrences(of: "overrides: {}", with: "overrides: {\(overrides)}"))
    }

    @Test func economicsKeepSourcesAndAssumedMarks() throws {
        let economics = try Economics(model: try ModelFile.bundledDefault())
        let b2025 = try #require(economics.benchmark(year: 2025))
        #expect(b2025.tc.value == 21.25 && b2025.rc.value == 2.125 && b2025.tc.source == "reuters_2025_benchmark")
        #expect(economics.benchmark(year: 2024)?.tc.value == 80)
        let arsenic = try #require(economics.penalties.first { $0.name == "As" })
        #expect(abs(arsenic.free.value - 0.002) < 1e-15 && arsenic.free.assumed && arsenic.free.source == "cmi_complex_conc")
        #expect(economics.penalties.first { $0.name == "Pb_Zn" }?.elements == ["Pb", "Zn"])
        #expect(economics.cathodeCapacity.value == 450_000 && economics.cathodeCapacity.source == "jx_reuters_2025" && !economics.cathodeCapacity.assumed)
        #expect(economics.concentrateShareMin.value == 0.75 && economics.concentrateShareMin.assumed)
        #expect(economics.escrapShareMax.value == 0.10 && economics.blendAsMax.value == 0.5)
        #expect(economics.concentratePayables["Cu"]?.payPct.value == 96.5 && economics.concentratePayables["Cu"]?.deductUnits?.value == 1.0)
        #expect(economics.escrapTreatmentCharge.value == 500 && economics.escrapTreatmentCharge.assumed)
        #expect(economics.price("Cu", year: 2025)?.value.value == 9949)
        #expect(economics.price("Se", year: 2025)?.year == 2024)   // latest earlier price
    }

    @Test func recoveryMatchesTheClosedFormOfALoop() throws {
        // A → B (0.9) or discard (0.1); B → product (0.5) or back to A (0.5): product = 0.45 / 0.55 = 9/11.
        let a = Process(id: "A", name: "A", outputs: [Output(name: "toB", destination: .process("B")), Output(name: "loss", destination: .sink("discard"))],
                        transferCoefficients: ["Cu": ["toB": 0.9, "loss": 0.1]])
        let b = Process(id: "B", name: "B", outputs: [Output(name: "out", destination: .sink("product")), Output(name: "back", destination: .process("A"))],
                        transferCoefficients: ["Cu": ["out": 0.5, "back": 0.5]])
        let recovery = try Recovery(flowsheet: Flowsheet(processes: [a, b]))
        #expect(abs(recovery.fraction(layer: "Cu", entry: "A", stream: "B.out") - 9.0 / 11) < 1e-14)
        #expect(abs(recovery.fraction(layer: "Cu", entry: "A", stream: "A.loss") - 2.0 / 11) < 1e-14)
        #expect(abs(recovery.fraction(layer: "Cu", entry: "B", stream: "B.out") - 0.5 / 0.55) < 1e-14)
    }

    @Test func recoveryOnTheBundledFlowsheetConservesCopper() throws {
        let recovery = try Recovery(flowsheet: try ModelFile.bundledDefault().flowsheet)
        for entry in ["smelting_flash", "converting", "anode_refining"] {
            let total = recovery.fractions["Cu"]![entry]!.values.reduce(0, +)
            #expect(abs(total - 1) < 1e-12, "Cu entering \(entry) must all leave")
        }
        let cathode = recovery.fraction(layer: "Cu", entry: "smelting_flash", stream: "electrorefining.cathode")
        #expect(cathode > 0.95 && cathode < 1)
        #expect(recovery.fraction(layer: "Au", entry: "smelting_flash", stream: "pm_refinery.gold") > 0.95)
    }

    @Test func defaultPlanBuysTheCalibratedAvailabilitiesWithinCapacity() throws {
        let plan = try FeedMixPlanner(scenario: try Scenario.bundledDefault()).plan()
        #expect(plan.status == .optimal)
        let capacity = try #require(plan.parameters.first { $0.name == "capacity" }?.value)
        #expect(plan.cathodeCopperTonnes <= capacity + 1e-6)
        let pcb = try #require(plan.feeds.first { $0.id == "pcb_mixed" })
        #expect(abs(pcb.tonnes - pcb.maxTonnes) < 1e-6 && pcb.netUSDPerTonne > 0)   // e-scrap is worth taking, all of it
        #expect(plan.recyclingRatio > 0.2 && plan.recyclingRatio < 0.3)
        #expect(plan.parameters.first { $0.name == "tc" }?.source == "reuters_2025_benchmark")
        // The breakdown adds up to the solver's objective less the fixed costs.
        let b = try #require(plan.breakdown)
        let sum = b.metalValue.values.reduce(0, +) + b.acidCredit - b.paidForPayableMetal + b.chargesReceived - b.penalties - b.processing - b.fixedCosts
        #expect(abs(sum - b.margin) < 1e-6 * abs(b.contribution))
    }

    @Test func penaltyTiersCostTheBlendAboveTheFreeLevel() throws {
        // 150 kt chalcopyrite (0.08% As) + 50 kt complex (1.0% As): blend 620 t As in 200 kt = 0.31%.
        // Tier 1 (0.2–0.3%, $2.5 per 0.1%): 0.1% × 200 kt → $500,000; tier 2 (> 0.3%, $5.0): 0.01% × 200 kt → $100,000.
        let text = """
        year: 2025
        feeds:
          - {id: cu_conc_chalcopyrite, basis: concentrate, min_t: 150000, max_t: 150000}
          - {id: cu_conc_complex_as, basis: concentrate, min_t: 50000, max_t: 50000}
        penalty_tiers:
          As: [{above: 0.2, usd_per_step: 2.5}, {above: 0.3, usd_per_step: 5.0}]
        """
        let plan = try FeedMixPlanner(scenario: try scenario(text)).plan()
        #expect(plan.status == .optimal)
        let b = try #require(plan.breakdown)
        #expect(abs(b.penalties - 600_000) < 1e-6)
        let arsenic = zip(plan.penaltyTiers, plan.tierTonnes).filter { $0.0.penalty == "As" }.map(\.1)
        #expect(arsenic.count == 2 && abs(arsenic[0] - 200) < 1e-9 && abs(arsenic[1] - 20) < 1e-9)
        let net = plan.feeds.reduce(0) { $0 + $1.netUSDPerTonne * $1.tonnes }
        #expect(abs(plan.margin - (net - 600_000)) < 1e-6 * abs(net))
    }

    @Test func fallingPenaltyRatesAreRejected() throws {
        let text = """
        year: 2025
        feeds:
          - {id: cu_conc_complex_as, basis: concentrate, max_t: 50000}
        penalty_tiers:
          As: [{above: 0.2, usd_per_step: 5.0}, {above: 0.3, usd_per_step: 2.5}]
        """
        #expect(throws: PlanError.self) { try FeedMixPlanner(scenario: try scenario(text)).plan() }
        do { _ = try FeedMixPlanner(scenario: try scenario(text)).plan() } catch {
            #expect("\(error)" == "test.yaml: key penalty_tiers.As[1]: penalty rates must not fall from tier to tier (a concave cost is not linear-programmable); found 2.5 after 5 $/dmt per step")
        }
    }

    @Test func integerOptionHonoursMinimumLots() throws {
        // Availability above the calibrated one, so that cathode capacity binds and the LP buys a fraction of a lot.
        let text = Self.defaultText.replacingOccurrences(of: "min_lot_t: 100000", with: "min_lot_t: 1200000")
            .replacingOccurrences(of: "overrides: {}", with: "overrides: {feed.cu_conc_chalcopyrite.max_t: 1400000}")
        let planner = try FeedMixPlanner(scenario: try scenario(text))
        let relaxed = try planner.plan(integer: false)
        let integer = try planner.plan(integer: true)
        #expect(relaxed.tonnes("cu_conc_chalcopyrite") < 1_200_000 - 1)   // the LP buys less than a lot
        let chosen = integer.tonnes("cu_conc_chalcopyrite")
        #expect(chosen >= 1_200_000 - 1e-6 || chosen < 1e-6)
        #expect(integer.integer && integer.status == .optimal)
        #expect(integer.margin <= relaxed.margin + 1e-6)
        #expect(integer.margin < relaxed.margin - 1)
        let no2 = integer.tonnes("cu_scrap_no2")
        let whole = try #require(integer.feeds.first { $0.id == "cu_scrap_no2" }).maxTonnes
        #expect(abs(no2) < 1e-6 || abs(no2 - whole) < 1e-6, "cu_scrap_no2 = \(no2)")   // whole contract or nothing
    }

    @Test func infeasiblePlanNamesTheConflictingConstraints() throws {
        let plan = try FeedMixPlanner(scenario: try defaultWith(overrides: "min_recycling_ratio: 0.6")).plan()
        #expect(plan.status == .infeasible)
        #expect(plan.conflicting.map { $0.components(separatedBy: " (").first! } == [
            "recycling ratio >= 60%",
            "availability of cu_conc_chalcopyrite",
            "availability of pcb_mixed",
            "availability of cu_scrap_no1",
            "availability of cu_scrap_no2",
            "availability of cu_scrap_lowgrade",
        ])
    }

    @Test func unknownOverrideIsLocated() throws {
        do {
            _ = try FeedMixPlanner(scenario: try defaultWith(overrides: "tcx: 3"))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains(": key overrides.tcx: unknown parameter \"tcx\"; expected one of"))
            #expect("\(error)".hasPrefix("test.yaml:"))
        }
    }

    @Test func tcSweepCutsConcentrateBelowAThresholdWhenCapacityBinds() throws {
        // More feed on offer than the calibrated FY2024 availabilities, so that cathode capacity binds and feeds compete for it.
        let planner = try FeedMixPlanner(scenario: try defaultWith(overrides: "feed.cu_conc_chalcopyrite.max_t: 1400000, feed.pcb_mixed.max_t: 120000, "
            + "feed.cu_scrap_no1.max_t: 60000, feed.cu_scrap_no2.max_t: 50000, feed.cu_scrap_lowgrade.max_t: 60000"))
        let result = try Sweep.run(planner, try SweepSpec.parse("tc=80:-20:10"))
        #expect(result.points.map(\.value) == [80, 70, 60, 50, 40, 30, 20, 10, 0, -10, -20])
        #expect(result.points.allSatisfy { $0.status == .optimal })
        let high = result.points[0], low = result.points.last!
        #expect(low.concentrateTonnes < high.concentrateTonnes - 1 && low.recycledFeedTonnes > high.recycledFeedTonnes + 1)
        #expect(low.recyclingRatio > high.recyclingRatio)
        #expect(result.finding.contains("the best plan starts to cut concentrate"), "\(result.finding)")
        let svg = SweepChart.svg(result)
        #expect(svg.hasPrefix("<svg") && svg.contains("recycling ratio") && svg.contains("tc [USD/dmt (RC = TC/10 USc/lb)]"))
    }

    @Test func sweepSpecParsesNegativeBoundsAndRejectsZeroStep() throws {
        #expect(try SweepSpec.parse("cu_price=8000:12000:2000").values == [8000, 10000, 12000])
        #expect(try SweepSpec.parse("tc=-20:0:10").values == [-20, -10, 0])
        #expect(throws: PlanError.self) { try SweepSpec.parse("tc=1:2:0") }
    }
}
