import CirculaCore
import Foundation
import Testing
@testable import CirculaPlan

/// What a management team reads off the plan: calibration to FY2024, economics with fixed costs,
/// the TC sweep turning the margin negative, the capacity decision, and refused bad input.
struct ManagementPlanTests {
    static let defaultText = try! String(contentsOf: PlanResources.url("default-scenario.yaml"), encoding: .utf8)

    func scenario(_ text: String) throws -> Scenario { try Scenario.parse(text, file: "test.yaml") }

    func defaultWith(overrides: String) throws -> Scenario {
        try scenario(Self.defaultText.replacingOccurrences(of: "overrides: {}", with: "overrides: {\(overrides)}"))
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    @Test func defaultPlanAtFY2024TermsLandsWithinOnePointOfThePublishedRatio() throws {
        var scenario = try Scenario.bundledDefault()
        let targets = try #require(scenario.calibration)
        scenario.year = targets.year
        let plan = try FeedMixPlanner(scenario: scenario).plan()
        #expect(plan.status == .optimal)
        #expect(abs(plan.recyclingRatio - targets.recyclingRatio.value) < 0.01, "ratio \(plan.recyclingRatio) vs \(targets.recyclingRatio.value)")
        // The fitted figures carry the calibration as their source.
        let fitted = plan.parameters.filter { $0.source?.hasPrefix("circula_plan_calibrate") == true }
        #expect(!fitted.isEmpty)
    }

    @Test func calibrationReachesItsTargetsAndWritesARegenerableSection() throws {
        let result = try Calibration.run(try FeedMixPlanner(scenario: try Scenario.bundledDefault()))
        let targets = try #require(try Scenario.bundledDefault().calibration)
        for residual in result.residuals where residual.unit == "t" {
            #expect(abs(residual.residual) < 0.001 * residual.target, "\(residual.quantity): \(residual.residual) t")
        }
        let ratio = try #require(result.residuals.first { $0.unit == "fraction" })
        #expect(abs(ratio.residual) < 0.001)
        #expect(abs(result.plan.recycledCopperTonnes - targets.recycledCopperTonnes.value) < 0.001 * targets.recycledCopperTonnes.value)
        // The regenerated scenario parses, and planning it at FY2024 terms reproduces the fit.
        let text = Calibration.replacingSection(in: Self.defaultText, with: result.yamlSection)
        #expect(text.components(separatedBy: Calibration.marker).count == 2)
        var regenerated = try scenario(text)
        regenerated.year = targets.year
        let plan = try FeedMixPlanner(scenario: regenerated).plan()
        #expect(abs(plan.recyclingRatio - result.plan.recyclingRatio) < 1e-4)
    }

    @Test func fixedCostsComeOffTheContribution() throws {
        let plan = try FeedMixPlanner(scenario: try Scenario.bundledDefault()).plan()
        let b = try #require(plan.breakdown)
        let fixed = plan.parameters.filter { $0.name.hasPrefix("fixed_cost.") }
        #expect(fixed.count == 3 && fixed.allSatisfy { $0.source != nil })
        #expect(abs(b.fixedCosts - fixed.reduce(0) { $0 + $1.value }) < 1e-6)
        let sum = b.metalValue.values.reduce(0, +) + b.acidCredit - b.paidForPayableMetal + b.chargesReceived - b.penalties - b.processing - b.fixedCosts
        #expect(abs(sum - b.margin) < 1e-6 * max(1, abs(b.margin)))
        // What is paid for gold is most of its value: the e-scrap supplier is paid for its metal.
        let gold = try #require(b.metalValue["Au"]), paid = try #require(b.metalPaid["Au"])
        #expect(paid > 0.8 * gold && paid < gold)
    }

    @Test func tcSweepShowsTheMarginTurningNegativeAtLowTC() throws {
        let planner = try FeedMixPlanner(scenario: try Scenario.bundledDefault())
        let result = try Sweep.run(planner, try SweepSpec.parse("tc=80:-40:20"))
        let high = try #require(result.points.first), low = try #require(result.points.last)
        #expect(high.margin > low.margin)
        #expect(low.margin < 0, "margin at TC \(low.value): \(low.margin)")
        #expect(result.finding.contains("turns negative between tc ="))
    }

    @Test func capacityDecisionNeverLosesToKeepingFullCapacity() throws {
        let keepOnly = Self.defaultText.replacingOccurrences(of: "capacity_options:", with: "unused_options:")
        for tc in ["80", "-60"] {
            let decided = try FeedMixPlanner(scenario: try defaultWith(overrides: "tc: \(tc), rc: \(Double(tc)! / 10)")).plan(integer: true)
            let kept = try FeedMixPlanner(scenario: try scenario(keepOnly.replacingOccurrences(of: "overrides: {}", with: "overrides: {tc: \(tc), rc: \(Double(tc)! / 10)}")))
                .plan(integer: true)
            #expect(decided.status == .optimal && kept.status == .optimal)
            #expect(decided.capacityChoice != nil && kept.capacityChoice == nil)
            #expect(decided.margin >= kept.margin - 1e-6 * abs(kept.margin), "TC \(tc): \(decided.margin) vs \(kept.margin)")
        }
        // Lower TC never makes a bigger plant the better choice.
        let good = try FeedMixPlanner(scenario: try defaultWith(overrides: "tc: 80, rc: 8")).plan(integer: true)
        let bad = try FeedMixPlanner(scenario: try defaultWith(overrides: "tc: -60, rc: -6")).plan(integer: true)
        #expect(try #require(bad.capacityChoice).level <= (try #require(good.capacityChoice)).level)
    }

    @Test func namedCutScenariosAreAnsweredInWords() throws {
        let base = try FeedMixPlanner(scenario: try Scenario.bundledDefault())
        let reduction = try FeedMixPlanner(scenario: try Scenario.bundled(named: "capacity-reduction"))
        #expect(abs(reduction.parameters.value("capacity") - 0.8 * base.parameters.value("capacity")) < 1e-6)
        #expect(abs(reduction.parameters.value("fixed_cost.labour") - 0.9 * base.parameters.value("fixed_cost.labour")) < 1e-3)
        let cut = try FeedMixPlanner(scenario: try Scenario.bundled(named: "cut-fy2025")).plan()
        let full = try base.plan()
        #expect(cut.cathodeCopperTonnes < full.cathodeCopperTonnes - 10_000)
        let answer = PlanComparison.answer(base: full, other: cut)
        #expect(answer.hasPrefix("cut-fy2025 against default: concentrate ") && answer.contains("cathode copper down by") && answer.contains("recycling ratio"))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("derived-\(UUID().uuidString).yaml")
        try "base: default\ncapacity_options: []\noverrides: {capacity: {scale: -1}}\n".write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let bad = message { _ = try Scenario.load(url, displayName: "d.yaml") }
        #expect(bad.contains("d.yaml:3: key overrides.capacity.scale: expected a non-negative factor"), "\(bad)")
        #expect(bad.contains("d.yaml:2: key capacity_options: a scenario with base takes capacity_options from its base"), "\(bad)")
    }

    @Test func minimumRatioReachedByCuttingOutputIsSaid() throws {
        let plan = try FeedMixPlanner(scenario: try defaultWith(overrides: "min_recycling_ratio: 0.3")).plan()
        #expect(plan.status == .optimal)
        #expect(plan.notes.contains { $0.contains("reached by cutting output") }, "\(plan.notes)")
    }

    @Test func negativePricesCapacitiesAndBadOptionsAreRefusedWithTheKey() throws {
        let price = message { _ = try defaultWith(overrides: "price.Cu: -5") }
        #expect(price.contains("test.yaml") && price.contains("price.Cu") && price.contains("expected a non-negative price"))
        let capacity = message { _ = try defaultWith(overrides: "capacity: -1") }
        #expect(capacity.contains("capacity") && capacity.contains("expected a non-negative figure"))
        let plant = message { _ = try scenario(Self.defaultText.replacingOccurrences(of: "value: 1800000", with: "value: -1800000")) }
        #expect(plant.contains("key plant.smelter_capacity_t") && plant.contains("non-negative"))
        let level = message { _ = try scenario(Self.defaultText.replacingOccurrences(of: "level: 0.9,", with: "level: 1.5,")) }
        #expect(level.contains("capacity_options") && level.contains("expected a capacity level between 0 and 1"))
        let unknown = message { _ = try FeedMixPlanner(scenario: try scenario(Self.defaultText.replacingOccurrences(of: "id: cu_conc_complex_as", with: "id: cu_scrap_nope"))).plan() }
        #expect(unknown.contains("unknown feed \"cu_scrap_nope\""))
        let tc = try defaultWith(overrides: "tc: -20")   // negative TC is a market fact (2025 spot), not an error
        #expect(tc.overrides["tc"]?.value == -20)
    }
}
