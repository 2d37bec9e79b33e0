import CirculaCore

/// The `months:` section of a scenario: how a year is planned month by month.
///
/// ```yaml
/// months:
///   availability: {pcb_mixed: [0.06, 0.07, 0.09, 0.09, 0.09, 0.08, 0.08, 0.07, 0.09, 0.09, 0.09, 0.10]}   # share of max_t per month
///   feed_storage_t: {value: 250000, source: compiler_assumption, assumed: true}
///   anode_stock_max_t: {value: 30000, source: compiler_assumption, assumed: true}
///   holding_cost_usd_per_t_month: {value: 3, source: compiler_assumption, assumed: true}
/// ```
/// Feeds not listed arrive evenly (1/12 of `max_t` a month at most).
public struct MonthlySettings: Sendable {
    public var availability: [String: [Double]]
    public var feedStorage: SourcedValue?
    public var anodeStockMax: SourcedValue?
    public var holdingCost: SourcedValue

    public init(availability: [String: [Double]] = [:], feedStorage: SourcedValue? = nil, anodeStockMax: SourcedValue? = nil,
                holdingCost: SourcedValue = SourcedValue(value: 0, unit: "USD/t/month")) {
        self.availability = availability
        self.feedStorage = feedStorage
        self.anodeStockMax = anodeStockMax
        self.holdingCost = holdingCost
    }

    init(_ section: YAMLCursor) throws(LocatedError) {
        availability = [:]
        if let profiles = section.optional("availability") {
            for (feed, list) in try profiles.entries() {
                let shares = try list.items().map { item throws(LocatedError) in try item.double() }
                guard shares.count == 12 else { throw list.error("expected 12 monthly shares of max_t, found \(shares.count)") }
                guard shares.allSatisfy({ $0 >= 0 && $0.isFinite }), abs(shares.reduce(0, +) - 1) < 1e-6 else {
                    throw list.error("expected non-negative monthly shares that add up to 1, found a sum of \(formatPlain(shares.reduce(0, +)))")
                }
                availability[feed] = shares
            }
        }
        func figure(_ key: String) throws(LocatedError) -> SourcedValue? {
            guard let c = section.optional(key) else { return nil }
            let v = try Scenario.sourced(c)
            guard v.value >= 0 else { throw c.error("expected a non-negative figure, found \(formatPlain(v.value))") }
            return v
        }
        feedStorage = try figure("feed_storage_t")
        anodeStockMax = try figure("anode_stock_max_t")
        holdingCost = try figure("holding_cost_usd_per_t_month") ?? SourcedValue(value: 0, unit: "USD/t/month")
    }
}
