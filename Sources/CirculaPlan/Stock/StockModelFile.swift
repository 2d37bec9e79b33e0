import CirculaCore
import Foundation

/// A stock model (`STOCKMODEL.yaml`): in-use copper by end-use sector, each with a lifetime
/// distribution, an inflow path (inflow-driven) or a stock path (stock-driven), collection rate and
/// recycling efficiency; plus the anchor (recycling ratio in a base year), cathode output, the goal
/// and the company's capture multiplier over time.
///
/// ```yaml
/// first_year: 1960
/// anchor: {year: 2024, recycling_ratio: {value: 0.246, source: project_brief}}
/// sectors:
///   - id: buildings
///     mode: inflow
///     lifetime: {distribution: lognormal, mean: 40, std: 15, assumed: true}
///     inflow_t: {points: {1960: 20000, 2024: 60000}, assumed: true}
///     collection_rate: {value: 0.6, assumed: true}
///     recycling_efficiency: {value: 0.9, assumed: true}
/// ```
public struct StockModelFile: Sendable {
    public struct Sector: Sendable {
        public var id: String
        public var mode: String
        public var lifetime: Lifetime
        public var lifetimeSource: SourcedValue
        /// Inflow (mode inflow) or stock (mode stock) by year, linear between points, flat outside.
        public var path: [(year: Int, value: Double)]
        public var pathSource: SourcedValue
        /// Fractions over time (constant, points or segments).
        public var collectionRate: TimeSeries
        public var recyclingEfficiency: TimeSeries
        /// Other elements carried with the copper of this sector: t element per t Cu (`contents:`), each sourced or assumed.
        public var contents: [String: SourcedValue] = [:]
    }

    public var file: String
    public var name: String
    public var firstYear: Int
    public var to: Int
    public var anchorYear: Int
    public var anchorRatio: SourcedValue
    /// Published recycled copper of the anchor year (t); when absent, ratio × cathode output of that year.
    public var anchorRecycled: SourcedValue?
    /// Cathode output per year [t/y] (a constant, points or segments: a production cut is a segment).
    public var cathodeOutput: TimeSeries
    public var goalYear: Int
    public var goalRatio: SourcedValue
    public var captureMultiplier: [(year: Int, value: Double)]
    public var captureSource: SourcedValue
    public var sectors: [Sector]
    /// Distributions of the drivers for the Monte Carlo (empty: no uncertainty given).
    public var uncertainty: Uncertainty? = nil
    /// An interim milestone shown in the outlook and its chart (e.g. 25% by 2030).
    public var milestone: (year: Int, ratio: SourcedValue)? = nil

    /// Elements a stock model may carry beside copper (the company's metals of interest).
    public static let elements = ["Au", "Ag", "Co", "Li", "Ni", "Dy", "Tb"]

    public static func bundledDefault() throws(PlanError) -> StockModelFile {
        try load(PlanResources.url("default-stock-model.yaml"), displayName: "default-stock-model.yaml")
    }

    public static func load(_ url: URL, displayName: String? = nil) throws(PlanError) -> StockModelFile {
        let name = displayName ?? url.path
        let text: String
        // UTF-8 only (a BOM dropped; CR, CRLF and LF alike), a bad byte located by line and byte.
        do { text = try TextFile.read(url, displayName: name) } catch { throw .input([error]) }
        return try parse(text, file: name)
    }

    public static func parse(_ text: String, file: String) throws(PlanError) -> StockModelFile {
        do {
            let root = try YAMLCursor.parse(text, file: file)
            let anchor = try root.required("anchor"), goal = try root.required("goal")
            var sectors: [Sector] = []
            for item in try root.required("sectors").items() {
                let mode = try item.optionalString("mode") ?? "inflow"
                guard mode == "inflow" || mode == "stock" else {
                    throw try item.required("mode").error("expected inflow or stock, found \"\(mode)\"")
                }
                let lt = try item.required("lifetime")
                var parameters: [String: Double] = [:]
                for key in ["mean", "std", "weibull_scale", "weibull_shape"] { parameters[key] = try lt.optionalDouble(key) }
                let lifetime: Lifetime
                do { lifetime = try Lifetime(distribution: try lt.string("distribution"), parameters: parameters) } catch {
                    throw lt.error("\(error)")
                }
                let pathKey = mode == "inflow" ? "inflow_t" : "stock_t"
                let pathCursor = try item.required(pathKey)
                func fraction(_ key: String) throws(LocatedError) -> TimeSeries {
                    let cursor = try item.required(key)
                    let series = try TimeSeries(cursor)
                    if let bad = series.points.first(where: { $0.value > 1 }) {
                        throw cursor.error("expected a fraction between 0 and 1, found \(formatPlain(bad.value))")
                    }
                    return series
                }
                var contents: [String: SourcedValue] = [:]
                if let section = item.optional("contents") {
                    for (element, value) in try section.entries() {
                        guard Self.elements.contains(element) else {
                            throw value.error("unknown element \"\(element)\"; expected one of \(Self.elements.joined(separator: ", "))")
                        }
                        let figure = try SourcedValue(value)
                        guard figure.value >= 0, figure.value.isFinite else { throw value.error("expected a non-negative content in t per t Cu, found \(formatPlain(figure.value))") }
                        contents[element] = figure
                    }
                }
                sectors.append(Sector(id: try item.string("id"), mode: mode, lifetime: lifetime,
                                      lifetimeSource: SourcedValue(value: 0, source: try lt.optionalString("source"), assumed: try lt.flag("assumed")),
                                      path: try points(pathCursor),
                                      pathSource: SourcedValue(value: 0, unit: "t/y", source: try pathCursor.optionalString("source"), assumed: try pathCursor.flag("assumed")),
                                      collectionRate: try fraction("collection_rate"), recyclingEfficiency: try fraction("recycling_efficiency"),
                                      contents: contents))
            }
            let capture = root.optional("capture_multiplier")
            var model = StockModelFile(file: file, name: try root.optionalString("name") ?? file, firstYear: Int(try root.double("first_year")),
                                       to: Int(try root.optionalDouble("to") ?? 2040), anchorYear: Int(try anchor.double("year")),
                                       anchorRatio: try SourcedValue(try anchor.required("recycling_ratio")),
                                       anchorRecycled: try anchor.optional("recycled_t").map { c throws(LocatedError) in try SourcedValue(c) },
                                       cathodeOutput: try TimeSeries(try root.required("cathode_output_t")),
                                       goalYear: Int(try goal.double("year")), goalRatio: try SourcedValue(try goal.required("recycling_ratio")),
                                       captureMultiplier: try capture.map(points) ?? [],
                                       captureSource: SourcedValue(value: 0, source: try capture?.optionalString("source"), assumed: try capture?.flag("assumed") ?? false,
                                                                   note: try capture?.optionalString("note")),
                                       sectors: sectors)
            if let m = root.optional("milestone") {
                model.milestone = (Int(try m.double("year")), try SourcedValue(try m.required("recycling_ratio")))
            }
            if let u = root.optional("uncertainty") { model.uncertainty = try Uncertainty(u, sectors: sectors.map(\.id)) }
            var seen = Set<String>()
            for (item, sector) in zip(try root.required("sectors").items(), sectors) where !seen.insert(sector.id).inserted {
                throw item.error("sector \"\(sector.id)\" appears twice; expected each sector once")
            }
            return model
        } catch let error as LocatedError {
            throw .input([error])
        } catch {
            throw .input([LocatedError(SourceLocation(file: file), "\(error)")])
        }
    }

    /// `{points: {1960: 10, 2024: 40}}`, years ascending.
    static func points(_ cursor: YAMLCursor) throws(LocatedError) -> [(year: Int, value: Double)] {
        var out: [(Int, Double)] = []
        for (key, value) in try cursor.required("points").entries() {
            guard let year = Int(key) else { throw value.error("expected a year as key, found \"\(key)\"") }
            out.append((year, try value.double()))
        }
        guard !out.isEmpty, zip(out, out.dropFirst()).allSatisfy({ $0.0 < $1.0 }) else {
            throw cursor.error("expected points with years in strictly ascending order (no repeated or overlapping years)")
        }
        if let bad = out.first(where: { $0.1 < 0 || !$0.1.isFinite }) {
            throw cursor.error("expected non-negative tonnes, found \(formatPlain(bad.1)) at \(bad.0)")
        }
        return out
    }

    /// Linear interpolation between points, flat outside them.
    public static func interpolate(_ points: [(year: Int, value: Double)], _ year: Int) -> Double {
        guard let first = points.first, let last = points.last else { return 0 }
        if year <= first.year { return first.value }
        if year >= last.year { return last.value }
        for (a, b) in zip(points, points.dropFirst()) where year >= a.year && year <= b.year {
            return a.value + (b.value - a.value) * Double(year - a.year) / Double(b.year - a.year)
        }
        return last.value
    }
}
