import CirculaCore
import Hummingbird

/// The periodic table coloured by list, and one page per element (public).
enum ElementPages {
    struct Cell {
        var symbol: String, name: String, z: Int, column: Int, row: Int
        var classes: String
        var highlighted: Bool
    }
    struct ListLink { var id: String; var title: String; var count: Int; var current: Bool }
    struct Table { var cells: [Cell]; var lists: [ListLink]; var chosen: String?; var chosenTitle: String; var count: Int }

    /// Grid position: main table by group and period; the f-block (no group) in two rows below.
    static func position(_ e: Element, fBlockIndex: [Int: Int]) -> (column: Int, row: Int) {
        if let group = e.group { return (group, e.period) }
        return ((fBlockIndex[e.z] ?? 0) + 3, e.period + 3)
    }

    static func register(_ router: Router<CirculaContext>, _ views: Views) {
        router.get("/elements") { request, context -> Response in
            try await views.guarded(context, "/elements", .public) {
                let chosen = request.uri.queryParameters.get("class").flatMap { ElementClass(rawValue: String($0)) }
                let elements = PeriodicTable.standard.elements
                var fBlockIndex: [Int: Int] = [:]
                for period in [6, 7] {
                    for (i, e) in elements.filter({ $0.group == nil && $0.period == period }).sorted().enumerated() { fBlockIndex[e.z] = i }
                }
                let cells = elements.map { e -> Cell in
                    let p = position(e, fBlockIndex: fBlockIndex)
                    let classes = e.classes.sorted().map { "on-\($0.rawValue)" }.joined(separator: " ")
                    return Cell(symbol: e.symbol, name: e.name, z: e.z, column: p.column, row: p.row,
                                classes: classes + " lists-\(min(e.classes.count, 5))", highlighted: chosen.map { e.classes.contains($0) } ?? false)
                }
                let lists = ElementClass.allCases.map { ListLink(id: $0.rawValue, title: $0.title, count: PeriodicTable.standard.elements(in: $0).count, current: $0 == chosen) }
                let count = chosen.map { PeriodicTable.standard.elements(in: $0).count } ?? elements.count
                return views.page("elements", Table(cells: cells, lists: lists, chosen: chosen?.rawValue, chosenTitle: chosen?.title ?? "", count: count),
                                  title: "Periodic table",
                                  lead: chosen.map { "All 118 elements; the \(count) on the list \"\($0.title)\" are highlighted. Darker cells are on more lists. Click an element for its page." }
                                      ?? "All 118 elements, shaded by how many of the six lists (Japan rare metals, IEA, EU critical and strategic, US critical, recovered by us) each is on. Choose a list to highlight it.",
                                  context: context, path: "/elements")
            }
        }
        router.get("/elements/{symbol}") { _, context -> Response in
            try await views.guarded(context, "/elements", .public) {
                let symbol = context.parameters.get("symbol") ?? ""
                guard let e = try? PeriodicTable.standard.element(symbol) else { throw Problem(.notFound, "Not Found", detail: "no element \"\(symbol.prefix(20))\"") }
                struct Fact { var field: String; var value: String }
                var facts = [Fact(field: "Atomic number", value: "\(e.z)"),
                             Fact(field: "Atomic weight", value: e.weightIsMassNumber ? "\(e.atomicWeight) (mass number of the longest-lived isotope)" : "\(e.atomicWeight) g/mol"),
                             Fact(field: "Group", value: e.group.map { String($0) } ?? "none (f-block)"), Fact(field: "Period", value: "\(e.period)"),
                             Fact(field: "Block", value: e.block), Fact(field: "Category", value: e.category)]
                for c in ElementClass.allCases { facts.append(Fact(field: c.title, value: e.classes.contains(c) ? "yes" : "no")) }
                struct Page { var facts: [Fact]; var symbol: String }
                return views.page("element", Page(facts: facts, symbol: e.symbol), title: "\(e.name) (\(e.symbol))",
                                  lead: "The facts of element \(e.z) and the lists it is on (\(e.classes.count) of \(ElementClass.allCases.count)).",
                                  context: context, path: "/elements")
            }
        }
    }
}
