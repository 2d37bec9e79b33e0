import CirculaCore
import Foundation
import Testing
@testable import CirculaPlan

/// The year month by month: balances hold, an early peak of e-scrap is stocked and used later, bad profiles are refused.
struct MonthlyPlanTests {
    static let defaultText = try! String(contentsOf: PlanResources.url("default-scenario.yaml"), encoding: .utf8)

    @Test func stocksCarryAnEarlyPeakIntoLaterMonths() throws {
        let peak = "[0.45, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05]"
        let text = Self.defaultText.replacingOccurrences(of: "pcb_mixed: [0.06, 0.06, 0.07, 0.08, 0.08, 0.08, 0.08, 0.08, 0.09, 0.10, 0.10, 0.12]", with: "pcb_mixed: \(peak)")
        #expect(text != Self.defaultText)
        let planner = try FeedMixPlanner(scenario: try Scenario.parse(text, file: "m.yaml"))
        let plan = try planner.monthly()
        #expect(plan.status == .optimal && plan.rows > 12 * planner.scenario.feeds.count)
        let pcb = try #require(plan.feeds.first { $0.id == "pcb_mixed" })
        #expect(pcb.stock[0] > 1, "January's peak must be stocked: the e-scrap share caps each month's use")
        for f in plan.feeds {   // nothing is lost: bought = used + closing stock
            #expect(abs(f.bought.reduce(0, +) - f.used.reduce(0, +) - f.stock[11]) < 1e-6 * max(1, f.bought.reduce(0, +)))
        }
        let capacity = planner.parameters.value("capacity")
        #expect(plan.months.allSatisfy { $0.cathodeTonnes <= capacity / 12 + 1e-6 })
        // The annual plan is a relaxation of the monthly one without blend penalties; months cannot beat it by more than those penalties.
        let annual = try planner.plan()
        #expect(plan.margin <= annual.margin + (annual.breakdown?.penalties ?? 0) + 1e-6 * abs(annual.breakdown?.contribution ?? 1))
    }

    @Test func badMonthlyProfilesAreRefusedWithTheKey() throws {
        let short = Self.defaultText.replacingOccurrences(of: "cu_scrap_no1: [0.10, 0.10, 0.09, 0.08, 0.07, 0.07, 0.07, 0.08, 0.08, 0.08, 0.09, 0.09]",
                                                          with: "cu_scrap_no1: [0.5, 0.5]")
        do { _ = try Scenario.parse(short, file: "m.yaml"); Issue.record("expected an error") } catch {
            #expect("\(error)".contains("key months.availability.cu_scrap_no1") && "\(error)".contains("expected 12 monthly shares"), "\(error)")
        }
        let unknown = Self.defaultText.replacingOccurrences(of: "    cu_scrap_no1: [0.10", with: "    cu_scrap_zz: [0.10")
        do { _ = try FeedMixPlanner(scenario: try Scenario.parse(unknown, file: "m.yaml")).monthly(); Issue.record("expected an error") } catch {
            #expect("\(error)".contains("months.availability.cu_scrap_zz") && "\(error)".contains("unknown feed"), "\(error)")
        }
    }

    @Test func batteryAndRareEarthLinesArePlannedWithinTheirCapacities() throws {
        let plan = try FeedMixPlanner(scenario: try Scenario.bundled(named: "lines")).plan()
        #expect(plan.status == .optimal)
        let magnets = try #require(plan.feeds.first { $0.id == "ndfeb_scrap_ev" })
        #expect(magnets.tonnes <= 2000 + 1e-6 && magnets.tonnes > 0)
        #expect(plan.products.contains { $0.stream.hasPrefix("ree_") && $0.element == "Dy" && $0.kilograms > 0 })
        #expect(plan.parameters.contains { $0.name == "price.Li" && $0.source?.contains("5.323") == true })
        #expect(plan.binding.contains { $0.name.hasPrefix("rare-earth magnet feed capacity") })
        let battery = try #require(plan.feeds.first { $0.id == "blackmass_nmc622" })
        #expect(battery.tonnes > 0)
    }
}
