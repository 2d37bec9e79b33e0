import CirculaCore
import Foundation

/// How a candidate feed is paid for.
public enum FeedBasis: String, Sendable, Codable {
    /// Metal value of payable content minus TC (per dmt) and RC (per payable lb Cu), `economics.payables_concentrate`.
    case concentrate
    /// Payable % of metal value minus a treatment charge, `economics.escrap_terms`.
    case escrap
    /// Payable % of metal value minus a treatment charge, terms given in the scenario.
    case scrap
}

/// A candidate feed of a scenario: catalogue id, availability, price basis, contract options.
public struct CandidateFeed: Sendable {
    public var id: String
    public var basis: FeedBasis
    /// Contract minimum (t); 0 when none.
    public var minTonnes: SourcedValue
    public var maxTonnes: SourcedValue
    /// Integer option: buy at least this lot or nothing.
    public var minLotTonnes: Double?
    /// Integer option: buy the whole contract (`max_t`) or nothing.
    public var wholeContract: Bool
    /// Terms for `scrap` (and overrides for `escrap`): metal → payable.
    public var terms: [String: Economics.Payable]
    public var treatmentCharge: SourcedValue?
}

/// A planning scenario (`SCENARIO.yaml`): the model, the year for prices and TC/RC, the period,
/// candidate feeds, plant figures the model lacks, and overrides of any parameter.
///
/// ```yaml
/// model: default          # or a path to a model YAML, relative to the scenario
/// year: 2025
/// period: {from: "2025-01-01", to: "2025-12-31"}
/// feeds:
///   - {id: cu_conc_chalcopyrite, basis: concentrate, max_t: {value: 1300000, source: compiler_assumption, assumed: true}}
/// overrides: {tc: 0, price.Cu: 11000}
/// ```
public struct Scenario: Sendable {
    public var file: String
    public var name: String
    /// `nil` = the bundled model.
    public var modelPath: String?
    public var year: Double
    public var period: String
    /// The process whose charge is "the smelter feed" (blend limits, penalties, shares).
    public var smelter: String
    public var cathodeStream: String
    public var feeds: [CandidateFeed]
    /// Plant figures the scenario supplies (processing costs, smelter capacity, acid capture, min recycling ratio).
    public var figures: [String: SourcedValue]
    /// Explicit penalty tiers, by penalty name: (level above which, in the penalty's unit; $/dmt per step).
    public var penaltyTiers: [String: [(above: Double, usdPerStep: Double)]]
    public var overrides: [String: SourcedValue]
    /// Where each override was written, for error messages.
    public var overrideLocations: [String: SourceLocation]

    /// The default scenario shipped with Circula (`default-scenario.yaml`).
    public static func bundledDefault() throws(PlanError) -> Scenario {
        try load(PlanResources.url("default-scenario.yaml"), displayName: "default-scenario.yaml")
    }

    public static func load(_ url: URL, displayName: String? = nil) throws(PlanError) -> Scenario {
        let name = displayName ?? url.path
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw .input([LocatedError(SourceLocation(file: name), "cannot read the file: \(error.localizedDescription)")])
        }
        var scenario = try parse(text, file: name)
        if let model = scenario.modelPath, !model.hasPrefix("/") {
            scenario.modelPath = url.deletingLastPathComponent().appendingPathComponent(model).path
        }
        return scenario
    }

    public static func parse(_ text: String, file: String) throws(PlanError) -> Scenario {
        let root: YAMLCursor
        do { root = try YAMLCursor.parse(text, file: file) } catch { throw .input([error]) }
        var errors: [LocatedError] = []
        func attempt<T>(_ body: () throws -> T) -> T? {
            do { return try body() } catch let error as LocatedError { errors.append(error) } catch {
                errors.append(LocatedError(SourceLocation(file: file), "\(error)"))
            }
            return nil
        }
        let model = attempt { try root.optionalString("model") }.flatMap { $0 == "default" ? nil : $0 }
        let year = attempt { try root.double("year") } ?? 0
        let period = (attempt { try root.optionalString("period") } ?? nil) ?? "one year"
        var feeds: [CandidateFeed] = []
        if let items = attempt({ try root.required("feeds").items() }) {
            for item in items {
                if let feed = attempt({ try parseFeed(item) }) {
                    if feeds.contains(where: { $0.id == feed.id }) {
                        errors.append(item.error("feed \"\(feed.id)\" appears twice; expected each candidate once"))
                    } else { feeds.append(feed) }
                }
            }
        }
        var figures: [String: SourcedValue] = [:]
        if let section = root.optional("plant") {
            if let entries = attempt({ try section.entries() }) {
                for (key, value) in entries {
                    if let figure = attempt({ try sourced(value) }) { figures[key] = figure }
                }
            }
        }
        var tiers: [String: [(Double, Double)]] = [:]
        if let section = root.optional("penalty_tiers"), let entries = attempt({ try section.entries() }) {
            for (name, list) in entries {
                if let rows = attempt({ () throws(LocatedError) -> [(Double, Double)] in
                    try list.items().map { row throws(LocatedError) in (try row.double("above"), try row.double("usd_per_step")) }
                }) { tiers[name] = rows }
            }
        }
        var overrides: [String: SourcedValue] = [:]
        var locations: [String: SourceLocation] = [:]
        if let section = root.optional("overrides"), let entries = attempt({ try section.entries() }) {
            for (key, value) in entries {
                if var figure = attempt({ try sourced(value) }) {
                    if figure.source == nil { figure.source = "scenario \(file)" }
                    overrides[key] = figure
                    locations[key] = value.location
                }
            }
        }
        if !errors.isEmpty { throw .input(errors) }
        return Scenario(file: file, name: ((try? root.optionalString("name")) ?? nil) ?? file, modelPath: model, year: year, period: period,
                        smelter: ((try? root.optionalString("smelter")) ?? nil) ?? "smelting_flash",
                        cathodeStream: ((try? root.optionalString("cathode_stream")) ?? nil) ?? "electrorefining.cathode",
                        feeds: feeds, figures: figures, penaltyTiers: tiers, overrides: overrides, overrideLocations: locations)
    }

    /// A number or `{value:, source:, assumed:}`.
    static func sourced(_ cursor: YAMLCursor) throws(LocatedError) -> SourcedValue {
        if case .scalar = cursor.node { return SourcedValue(value: try cursor.double()) }
        return try SourcedValue(cursor)
    }

    static func parseFeed(_ item: YAMLCursor) throws(LocatedError) -> CandidateFeed {
        let id = try item.string("id")
        let basisText = try item.string("basis")
        guard let basis = FeedBasis(rawValue: basisText) else {
            throw try item.required("basis").error("expected concentrate, escrap or scrap, found \"\(basisText)\"")
        }
        let minimum = try item.optional("min_t").map(sourced) ?? SourcedValue(value: 0, unit: "t")
        let maximum = try sourced(try item.required("max_t"))
        guard minimum.value >= 0, maximum.value >= minimum.value else {
            throw item.error("expected 0 ≤ min_t ≤ max_t, found min_t \(formatPlain(minimum.value)) and max_t \(formatPlain(maximum.value))")
        }
        var terms: [String: Economics.Payable] = [:]
        if let section = item.optional("terms") {
            terms = try Economics.payables(section, metals: ["Cu", "Au", "Ag", "Pd", "Pt", "Ni", "Sn"])
        }
        if basis == .scrap && terms.isEmpty {
            throw item.error("a scrap feed needs terms (e.g. terms: {Cu: {pay_pct: 94, source: ..., assumed: true}})")
        }
        return CandidateFeed(id: id, basis: basis, minTonnes: minimum, maxTonnes: maximum,
                             minLotTonnes: try item.optionalDouble("min_lot_t"), wholeContract: try item.flag("whole_contract"),
                             terms: terms, treatmentCharge: try item.optional("treatment_charge_usd_per_t").map(sourced))
    }
}
