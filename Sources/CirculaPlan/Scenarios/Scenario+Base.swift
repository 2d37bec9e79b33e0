import CirculaCore
import Foundation

/// Named scenarios shipped with Circula, and scenarios that start from another one.
///
/// A scenario with `base: default` (a bundled name or a path relative to it) takes everything from
/// its base and changes only what it says: `name`, `year`, `period`, and its `overrides` on top of
/// the base's (a value, or `{scale: 0.9}` for a factor on the base's calibrated figure).
///
/// ```yaml
/// name: cut-fy2025
/// base: default
/// overrides: {capacity: {value: 366504, source: company_fy2025_cut, assumed: true}}
/// ```
extension Scenario {
    /// The bundled scenarios, by name.
    public static let bundledNames = ["default", "cut-fy2025", "capacity-reduction", "lines"]

    public static func bundled(named name: String) throws(PlanError) -> Scenario {
        guard bundledNames.contains(name) else {
            throw .input([LocatedError(SourceLocation(file: name), "no scenario file or bundled scenario named \"\(name)\"; expected a path or one of \(bundledNames.joined(separator: ", "))")])
        }
        let file = name == "default" ? "default-scenario.yaml" : "scenario-\(name).yaml"
        return try load(PlanResources.url(file), displayName: file)
    }

    /// A path, or a bundled scenario's name when no such file exists.
    public static func resolve(_ pathOrName: String) throws(PlanError) -> Scenario {
        if !FileManager.default.fileExists(atPath: pathOrName), bundledNames.contains(pathOrName) { return try bundled(named: pathOrName) }
        return try load(URL(fileURLWithPath: pathOrName), displayName: pathOrName)
    }

    /// Applies a derived scenario's own keys on top of its base.
    static func derive(_ base: Scenario, from root: YAMLCursor, file: String) throws(PlanError) -> Scenario {
        var s = base
        var errors: [LocatedError] = []
        do {
            s.file = file
            s.name = try root.optionalString("name") ?? file
            if let year = try root.optionalDouble("year") { s.year = year }
            if let period = try root.optionalString("period") { s.period = period }
            if let section = root.optional("overrides") {
                for (key, value) in try section.entries() {
                    // `{scale: 0.9}`: a factor on the base's (calibrated) figure, not a new value.
                    if let factor = try value.optionalDouble("scale") {
                        guard factor >= 0 else { errors.append(try value.required("scale").error("expected a non-negative factor, found \(formatPlain(factor))")); continue }
                        s.scales[key] = (factor, try value.optionalString("source"), try value.optionalString("note"))
                        s.overrideLocations[key] = value.location
                        continue
                    }
                    var figure = try sourced(value)
                    if figure.source == nil { figure.source = "scenario \(file)" }
                    if figure.value < 0 && mustBeNonNegative(key) {
                        errors.append(value.error("expected a non-negative \(key.hasPrefix("price.") ? "price" : "figure"), found \(formatPlain(figure.value))"))
                    }
                    s.overrides[key] = figure
                    s.overrideLocations[key] = value.location
                }
            }
            // A derived scenario may add candidate feeds (e.g. the battery and rare-earth lines' feeds), their prices and line capacities.
            if let items = root.optional("feeds") {
                for item in try items.items() {
                    let feed = try parseFeed(item)
                    if s.feeds.contains(where: { $0.id == feed.id }) { errors.append(item.error("feed \"\(feed.id)\" is already in the base; expected new feeds only (change the base's with overrides)")) }
                    else { s.feeds.append(feed) }
                }
            }
            if let section = root.optional("product_prices") {
                for (element, row) in try section.entries() { s.productPrices.append(try ProductPrice(element: element, row)) }
            }
            if let section = root.optional("line_capacities") {
                for item in try section.items() { s.lineCapacities.append(try LineCapacity(item)) }
            }
            if let section = root.optional("plant") {
                for (key, value) in try section.entries() {
                    let figure = try sourced(value)
                    if figure.value < 0 { errors.append(value.error("expected a non-negative figure, found \(formatPlain(figure.value))")) }
                    s.figures[key] = figure
                }
            }
            if let section = root.optional("months") { s.months = try MonthlySettings(section) }
            for key in ["capacity_options", "calibration", "calibrated", "penalty_tiers"] where root.optional(key) != nil {
                errors.append(try root.required(key).error("a scenario with base takes \(key) from its base; expected name, year, period, feeds, plant, product_prices, line_capacities, months and overrides"))
            }
        } catch { errors.append(error) }
        if !errors.isEmpty { throw .input(errors) }
        return s
    }
}
