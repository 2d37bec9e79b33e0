import CirculaBalance
import CirculaCore
import CirculaPlan
import Foundation
import Hummingbird

/// Staff pages of the plant: balance (Sankey with element chooser), plan (mix, binding constraints, TC/RC sweep),
/// outlook (recycling ratio to 2040 against the 50 % goal). Charts are the libraries' own SVGs.
enum PlantPages {
    static func register(_ router: Router<CirculaContext>, _ views: Views) {
        router.get("/balance") { request, context -> Response in
            try await views.guarded(context, "/balance", .staff) {
                struct Choice { var element: String; var current: Bool }
                struct Line: Sendable { var element: String; var input: String; var product: String; var share: String }
                struct Computed: Sendable { var svg: String; var lines: [Line]; var elements: [String]; var element: String; var lots: Int; var model: String }
                let requested = PlantRoutes.requestedElement(request)
                let c = try await PlantRoutes.plant { () throws -> Computed in
                    let (model, lots, result) = try PlantRoutes.balance()
                    let element = try PlantRoutes.element(requested, result) ?? "Cu"
                    let svg = try PlantRoutes.cached("sankey-\(element)") {
                        var graph = SankeyGraph(result, element: element)
                        graph.title = "\(element) flows, \(model.file), \(lots.count) lots [\(graph.unit)]"
                        return graph.svg()
                    }
                    let lines = result.elements.map { e in
                        Line(element: e, input: Figures.fixed((result.balances[e]?.totalInput ?? 0) / 1000, 3),
                             product: Figures.fixed(result.flow(stream: PlantRoutes.productStream, element: e) / 1000, 3),
                             share: Figures.percent(result.recycledShare(stream: PlantRoutes.productStream, element: e)))
                    }
                    return Computed(svg: svg, lines: lines, elements: result.elements, element: element, lots: lots.count, model: model.file)
                }
                let (element, model) = (c.element, c.model)
                struct Page { var choices: [Choice]; var svg: String; var lines: [Line]; var element: String; var lots: Int; var model: String }
                return views.page("balance", Page(choices: c.elements.map { Choice(element: $0, current: $0 == element) }, svg: c.svg, lines: c.lines,
                                                  element: element, lots: c.lots, model: model),
                                  title: "Plant balance, sample period",
                                  lead: "Where each element of the period's \(c.lots) lots goes through the flowsheet (\(model)); the Sankey shows \(element) in tonnes, the table every balanced element in tonnes with the recycled share of cathode output.",
                                  context: context, path: "/balance")
            }
        }
        router.get("/plan") { _, context -> Response in
            try await views.guarded(context, "/plan", .staff) {
                let (plan, sweep): (FeedMixPlan, SweepResult) = try await PlantRoutes.plant {
                    let planner = try FeedMixPlanner(scenario: try Scenario.bundledDefault())
                    return (try planner.plan(), try PlantRoutes.sweep("tc=80:-20:10"))
                }
                let svg = try await PlantRoutes.plant { try PlantRoutes.cached("sweep-svg-tc=80:-20:10") { SweepChart.svg(sweep) } }
                struct Feed { var name: String; var tonnes: String; var recycled: String; var cathode: String }
                struct Binding { var name: String; var activity: String; var shadow: String }
                struct Page {
                    var feeds: [Feed]; var binding: [Binding]; var svg: String; var margin: String; var cathode: String
                    var ratio: String; var status: String; var finding: String; var scenario: String
                }
                let feeds = plan.feeds.filter { $0.tonnes > 1e-6 }.map { Feed(name: $0.name, tonnes: Figures.fixed($0.tonnes, 0), recycled: $0.recycled ? "recycled" : "primary", cathode: Figures.fixed($0.cathodeCuTonnes, 0)) }
                let binding = plan.binding.map { Binding(name: $0.name, activity: Figures.fixed($0.activity, 2), shadow: Figures.fixed($0.shadowPrice, 2)) }
                return views.page("plan", Page(feeds: feeds, binding: binding, svg: svg, margin: Figures.fixed(plan.margin / 1e6, 2),
                                               cathode: Figures.fixed(plan.cathodeCopperTonnes, 0), ratio: Figures.percent(plan.recyclingRatio),
                                               status: "\(plan.status)", finding: sweep.finding, scenario: plan.scenario),
                                  title: "Feed-mix plan",
                                  lead: "The best feed mix of scenario \(plan.scenario) (tonnes per year, margin in million USD), the constraints that bind it, and how the best plan changes as the treatment charge TC falls from 80 to −20 $/t.",
                                  context: context, path: "/plan")
            }
        }
        router.get("/outlook") { _, context -> Response in
            try await views.guarded(context, "/outlook", .staff) {
                let outlook = try await PlantRoutes.plant { try Outlook.compute(try StockModelFile.bundledDefault(), to: 2040) }
                let svg = try await PlantRoutes.plant { try PlantRoutes.cached("outlook-svg-2040") { OutlookChart.svg(outlook) } }
                struct Year { var year: Int; var recycled: String; var ratio: String; var goal: String }
                struct Page { var svg: String; var years: [Year]; var reached: String }
                let years = outlook.years.filter { $0.year % 5 == 0 || $0.year == outlook.years.first?.year }.map {
                    Year(year: $0.year, recycled: Figures.fixed($0.recycledFeedTonnes / 1000, 0), ratio: Figures.percent($0.recyclingRatio), goal: $0.goal > 0 ? Figures.percent($0.goal, 0) : "–")
                }
                let reached = outlook.goalReachedYear.map { "The goal of \(Figures.percent(outlook.goalRatio, 0)) is reached in \($0)." }
                    ?? "The goal of \(Figures.percent(outlook.goalRatio, 0)) is not reached by \(outlook.years.last?.year ?? 2040)."
                return views.page("outlook", Page(svg: svg, years: years, reached: reached), title: "Recycling outlook to 2040",
                                  lead: "The plant's recycling ratio (recycled copper feed / cathode output) year by year from the stock model, against the goal of 50 % by 2040; recycled feed in thousand tonnes.",
                                  context: context, path: "/outlook")
            }
        }
    }
}
