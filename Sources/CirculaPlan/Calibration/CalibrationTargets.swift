import CirculaCore

/// What a scenario is calibrated to: a published year's cathode output and recycled copper (the
/// ratio follows), and which `assumed` figures are free to fit.
///
/// ```yaml
/// calibration:
///   year: 2024
///   cathode_t: {value: 406500, source: project_brief, note: "100 kt / 24.6%"}
///   recycled_cu_t: {value: 100000, source: project_brief}
///   recycling_ratio: {value: 0.246, source: project_brief}
///   breakeven_tc_usd_per_dmt: {value: 65, source: smm_2021_benchmark}   # optional: fixes the fixed costs
///   free: {output: feed.cu_conc_chalcopyrite.max_t, recycled: [feed.pcb_mixed.max_t, feed.cu_scrap_no1.max_t], fixed: [fixed_cost.labour]}
/// ```
public struct CalibrationTargets: Sendable {
    public var year: Double
    public var cathodeTonnes: SourcedValue
    public var recycledCopperTonnes: SourcedValue
    public var recyclingRatio: SourcedValue
    /// The figure that sets the cathode output (one availability or capacity).
    public var outputFigure: String
    /// Figures scaled together to set the recycled copper (availabilities of the recycled feeds).
    public var recycledFigures: [String]
    /// TC (USD/dmt, RC = TC/10) at which the margin after fixed costs is zero in the calibration year.
    public var breakevenTC: SourcedValue?
    /// Fixed-cost figures scaled together to meet `breakevenTC`.
    public var fixedFigures: [String] = []

    init(_ section: YAMLCursor) throws(LocatedError) {
        year = try section.double("year")
        cathodeTonnes = try SourcedValue(try section.required("cathode_t"))
        recycledCopperTonnes = try SourcedValue(try section.required("recycled_cu_t"))
        recyclingRatio = try SourcedValue(try section.required("recycling_ratio"))
        let free = try section.required("free")
        outputFigure = try free.string("output")
        recycledFigures = try free.required("recycled").items().map { item throws(LocatedError) in try item.string() }
        breakevenTC = try section.optional("breakeven_tc_usd_per_dmt").map { c throws(LocatedError) in try SourcedValue(c) }
        fixedFigures = try free.optional("fixed")?.items().map { item throws(LocatedError) in try item.string() } ?? []
        if breakevenTC != nil && fixedFigures.isEmpty { throw free.error("breakeven_tc_usd_per_dmt needs free.fixed: the fixed-cost figures to scale") }
        guard cathodeTonnes.value > 0, recycledCopperTonnes.value >= 0, recycledCopperTonnes.value <= cathodeTonnes.value else {
            throw section.error("expected 0 ≤ recycled_cu_t ≤ cathode_t and cathode_t > 0")
        }
        guard !recycledFigures.isEmpty else { throw try free.required("recycled").error("expected at least one figure to scale") }
    }
}
