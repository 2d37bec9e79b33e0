import CirculaCore

/// One choice of plant scale for the capacity decision (MIP): keep, cut by a step, or close.
///
/// At `level` the cathode and smelter-feed capacities are `level` × their full values; the plant
/// then carries `fixed_cost_share` × its fixed costs (labour, maintenance, depreciation: the
/// scenario's `fixed_cost.*` figures) plus `one_off_usd` (restructuring, severance, care and
/// maintenance, annualised over the plan's year).
///
/// ```yaml
/// capacity_options:
///   - {name: keep, level: 1.0, fixed_cost_share: 1.0}
///   - {name: cut 10%, level: 0.9, fixed_cost_share: 0.96, one_off_usd: 10e6, source: compiler_assumption, assumed: true}
///   - {name: close, level: 0, fixed_cost_share: 0.35, one_off_usd: 60e6, source: compiler_assumption, assumed: true}
/// ```
public struct CapacityOption: Sendable, Codable, Equatable {
    public var name: String
    /// Fraction of full capacity, 0...1.
    public var level: Double
    /// Fraction of the plant's fixed costs carried at this level, 0...1.
    public var fixedCostShare: Double
    public var oneOffUSD: Double
    public var source: String?
    public var assumed: Bool

    public init(name: String, level: Double, fixedCostShare: Double, oneOffUSD: Double = 0, source: String? = nil, assumed: Bool = false) {
        self.name = name
        self.level = level
        self.fixedCostShare = fixedCostShare
        self.oneOffUSD = oneOffUSD
        self.source = source
        self.assumed = assumed
    }

    init(_ item: YAMLCursor) throws(LocatedError) {
        name = try item.string("name")
        level = try item.double("level")
        fixedCostShare = try item.optionalDouble("fixed_cost_share") ?? level
        oneOffUSD = try item.optionalDouble("one_off_usd") ?? 0
        source = try item.optionalString("source")
        assumed = try item.flag("assumed")
        guard (0...1).contains(level) else { throw try item.required("level").error("expected a capacity level between 0 and 1, found \(formatPlain(level))") }
        guard (0...1).contains(fixedCostShare) else {
            throw try item.required("fixed_cost_share").error("expected a share of fixed costs between 0 and 1, found \(formatPlain(fixedCostShare))")
        }
        guard oneOffUSD >= 0 else { throw try item.required("one_off_usd").error("expected a non-negative one-off cost in USD, found \(formatPlain(oneOffUSD))") }
    }
}
