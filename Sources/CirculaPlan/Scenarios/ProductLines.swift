import CirculaCore

/// A product priced as a compound of an element the flowsheet tracks: the element's layer is valued at
/// the compound's price × its stoichiometric factor (t compound per t element), e.g. Li at the Li2CO3
/// price × 5.323, Dy at the Dy2O3 price × 1.148.
///
/// ```yaml
/// product_prices:
///   Li: {price: Li2CO3, factor: 5.323, source: stoich_calc}
/// ```
public struct ProductPrice: Sendable {
    public var element: String
    public var compound: String
    public var factor: Double
    public var source: String?

    init(element: String, _ row: YAMLCursor) throws(LocatedError) {
        self.element = element
        compound = try row.string("price")
        factor = try row.double("factor")
        source = try row.optionalString("source")
        guard factor > 0 else { throw try row.required("factor").error("expected a positive stoichiometric factor (t compound per t element), found \(formatPlain(factor))") }
    }
}

/// A capacity of one production line: the feed it takes (`on: feed`) or the product it makes
/// (`on: product`, the priced product streams of its processes), t per plan period.
///
/// ```yaml
/// line_capacities:
///   - {name: battery materials, processes: [battery_hydromet], on: product, limit_t: {value: 5000, source: project_brief}}
///   - {name: magnet scrap, processes: [ree_magnet_leach], on: feed, limit_t: {value: 2000, source: project_brief}}
/// ```
public struct LineCapacity: Sendable {
    public enum Basis: String, Sendable { case feed, product }
    public var name: String
    public var processes: [String]
    public var basis: Basis
    public var limit: SourcedValue

    init(_ row: YAMLCursor) throws(LocatedError) {
        name = try row.string("name")
        processes = try row.required("processes").items().map { item throws(LocatedError) in try item.string() }
        let on = try row.optionalString("on") ?? "feed"
        guard let basis = Basis(rawValue: on) else { throw try row.required("on").error("expected feed or product, found \"\(on)\"") }
        self.basis = basis
        limit = try Scenario.sourced(try row.required("limit_t"))
        guard limit.value >= 0 else { throw try row.required("limit_t").error("expected a non-negative capacity in t, found \(formatPlain(limit.value))") }
        guard !processes.isEmpty else { throw try row.required("processes").error("expected at least one process id") }
    }
}
