import CirculaCore

/// Rare-earth products of a period: each oxide's output and purity, and how much of it came from recycled
/// magnets (the recycled share by the balance's attribution; magnet scrap is the line's recycled feed).
public struct RareEarthReport: Sendable {
    public struct Oxide: Sendable {
        public var stream: String
        public var element: String
        public var compound: String
        /// kg of oxide (metal / its mass share in the formula) and of the element.
        public var oxideKg: Double
        public var elementKg: Double
        /// Declared purity, wt%, with its source key (or assumed).
        public var purity: SourcedValue?
        public var recycledShare: Double?
        public var preConsumerShare: Double?
        public var postConsumerShare: Double?
        /// Element in this oxide / element entering the plant.
        public var recovery: Double?
    }

    /// Sc, Y and the lanthanides.
    public static let rareEarths: Set<String> = ["Sc", "Y", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu"]

    public var oxides: [Oxide]

    public init(_ result: BalanceResult) {
        oxides = ProductStreamReport.all(result).compactMap { report in
            guard let metal = report.spec.metal, RareEarthReport.rareEarths.contains(metal), let kg = report.metalKg[metal] else { return nil }
            let pre = report.preConsumerKg[metal] ?? 0, post = report.postConsumerKg[metal] ?? 0
            return Oxide(stream: report.stream, element: metal, compound: report.spec.compound ?? metal,
                         oxideKg: report.productKg ?? kg, elementKg: kg, purity: report.spec.purity,
                         recycledShare: kg > 0 ? (pre + post) / kg : nil,
                         preConsumerShare: kg > 0 ? pre / kg : nil, postConsumerShare: kg > 0 ? post / kg : nil,
                         recovery: report.recovery(metal))
        }
    }

    /// Recycled share over all oxides (by oxide mass).
    public var recycledShareOfAll: Double? {
        let total = oxides.reduce(0) { $0 + $1.oxideKg }
        guard total > 0 else { return nil }
        return oxides.reduce(0) { $0 + $1.oxideKg * ($1.recycledShare ?? 0) } / total
    }
}
