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
    /// Flat penalty per t of feed (halogens, Al, Be, assay splits of e-scrap contracts) [USD/t], paid by the supplier.
    public var penaltyCharge: SourcedValue? = nil
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
    /// Capacity as a decision (MIP): keep, cut by steps or close; empty = capacity fixed.
    public var capacityOptions: [CapacityOption] = []
    /// The published year the scenario is calibrated to (`circula plan calibrate`), when given.
    public var calibration: CalibrationTargets? = nil
    /// Fitted figures (`calibrated` section, written by `circula plan calibrate`), applied before `overrides`.
    public var calibrated: [String: SourcedValue] = [:]
    /// Products priced as compounds (Li as Li2CO3, Dy as Dy2O3), by element.
    public var productPrices: [ProductPrice] = []
    /// Capacities of the battery and rare-earth lines (or any line), per plan period.
    public var lineCapacities: [LineCapacity] = []
    /// How the year is planned month by month (`months:`); nil = evenly.
    public var months: MonthlySettings? = nil
    /// Factors on figures (`overrides: {key: {scale: 0.9}}` of a derived scenario), applied after the overrides.
    public var scales: [String: (factor: Double, source: String?, note: String?)] = [:]
    /// Where each override was written, for error messages.
    public var overrideLocations: [String: SourceLocation]

    /// The default scenario shipped with Circula (`default-scenario.yaml`).
    public static func bundledDefault() throws(PlanError) -> Scenario {
        try load(PlanResources.url("default-scenario.yaml"), displayName: "default-scenario.yaml")
    }

    public static func load(_ url: URL, displayName: String? = nil) throws(PlanError) -> Scenario {
        let name = displayName ?? url.path
        let text: String
        // UTF-8 only (a BOM dropped; CR, CRLF and LF alike), a bad byte located by line and byte.
        do { text = try TextFile.read(url, displayName: name) } catch { throw .input([error]) }
        let root: YAMLCursor
        do { root = try YAMLCursor.parse(text, file: name) } catch { throw .input([error]) }
        if let baseCursor = root.optional("base") {
            let baseName: String
            do { baseName = try baseCursor.string() } catch { throw .input([error]) }
            let nearby = url.deletingLastPathComponent().appendingPathComponent(baseName).path
            let base = FileManager.default.fileExists(atPath: nearby) ? try load(URL(fileURLWithPath: nearby), displayName: baseName) : try bundled(named: baseName)
            return try derive(base, from: root, file: name)
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
        for (key, figure) in figures where figure.value < 0 {
            errors.append(LocatedError(SourceLocation(file: file, field: "key plant.\(key)"), "expected a non-negative figure, found \(formatPlain(figure.value))"))
        }
        for (key, figure) in overrides where figure.value < 0 && Self.mustBeNonNegative(key) {
            errors.append(LocatedError(locations[key] ?? SourceLocation(file: file, field: "key overrides.\(key)"),
                                       "expected a non-negative \(key.hasPrefix("price.") ? "price" : "figure"), found \(formatPlain(figure.value))"))
        }
        var options: [CapacityOption] = []
        if let section = root.optional("capacity_options"), let items = attempt({ try section.items() }) {
            for item in items { if let option = attempt({ try CapacityOption(item) }) { options.append(option) } }
            if options.count == 1 { errors.append(section.error("expected at least two capacity options (e.g. keep and close)")) }
        }
        var calibrated: [String: SourcedValue] = [:]
        if let section = root.optional("calibrated"), let entries = attempt({ try section.entries() }) {
            for (key, value) in entries {
                if let figure = attempt({ try sourced(value) }) {
                    calibrated[key] = figure
                    locations[key] = value.location
                }
            }
        }
        var productPrices: [ProductPrice] = []
        if let section = root.optional("product_prices"), let entries = attempt({ try section.entries() }) {
            for (element, row) in entries { if let price = attempt({ try ProductPrice(element: element, row) }) { productPrices.append(price) } }
        }
        var lines: [LineCapacity] = []
        if let section = root.optional("line_capacities"), let items = attempt({ try section.items() }) {
            for item in items { if let line = attempt({ try LineCapacity(item) }) { lines.append(line) } }
        }
        let months = root.optional("months").flatMap { section in attempt { try MonthlySettings(section) } }
        let calibration = root.optional("calibration").flatMap { section in attempt { try CalibrationTargets(section) } }
        if !errors.isEmpty { throw .input(errors) }
        var scenario = Scenario(file: file, name: ((try? root.optionalString("name")) ?? nil) ?? file, modelPath: model, year: year, period: period,
                        smelter: ((try? root.optionalString("smelter")) ?? nil) ?? "smelting_flash",
                        cathodeStream: ((try? root.optionalString("cathode_stream")) ?? nil) ?? "electrorefining.cathode",
                        feeds: feeds, figures: figures, penaltyTiers: tiers, overrides: overrides, overrideLocations: locations)
        scenario.capacityOptions = options
        scenario.calibration = calibration
        scenario.calibrated = calibrated
        scenario.productPrices = productPrices
        scenario.lineCapacities = lines
        scenario.months = months
        return scenario
    }

    /// Prices, capacities, tonnages and costs cannot be negative; TC/RC (negative in 2025 spot) and penalties' levels may be.
    static func mustBeNonNegative(_ key: String) -> Bool {
        !(key == "tc" || key == "rc" || key.hasSuffix(".tc") || key.hasPrefix("penalty."))
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
            terms = try Economics.payables(section)
        }
        if basis == .scrap && terms.isEmpty {
            throw item.error("a scrap feed needs terms (e.g. terms: {Cu: {pay_pct: 94, source: ..., assumed: true}})")
        }
        let penalty = try item.optional("penalty_usd_per_t").map(sourced)
        if let penalty, penalty.value < 0 {
            throw try item.required("penalty_usd_per_t").error("expected a non-negative penalty in USD/t, found \(formatPlain(penalty.value))")
        }
        var feed = CandidateFeed(id: id, basis: basis, minTonnes: minimum, maxTonnes: maximum,
                             minLotTonnes: try item.optionalDouble("min_lot_t"), wholeContract: try item.flag("whole_contract"),
                             terms: terms, treatmentCharge: try item.optional("treatment_charge_usd_per_t").map(sourced))
        feed.penaltyCharge = penalty
        return feed
    }
}
