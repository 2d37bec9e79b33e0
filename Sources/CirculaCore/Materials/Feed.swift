/// A feed type in the model's catalogue (concentrate, circuit boards, scrap grades, black mass...).
public struct Feed: Sendable, Identifiable {
    public var id: String
    public var name: String
    /// `primary` or `recycled`, as the catalogue states it.
    public var category: String
    /// `dry` or `as_received`.
    public var basis: String
    /// The components as written: element symbols, compounds (`SiO2`, `Y2O3`) or named rest terms (`other`).
    public var components: [(name: String, value: SourcedValue)]
    public var note: String?
    /// Assays every lot of this feed must state (`required_assays:` in the model), e.g. Cu, Au, Ag for a concentrate.
    public var requiredAssays: [String] = []

    public var isRecycled: Bool { category != "primary" }

    /// Element mass fractions: element rows taken as they are, compound rows split by stoichiometry,
    /// `X_label` rows (e.g. `C_graphite`) counted as element X; rest terms (`other`) left out.
    public func composition(table: PeriodicTable = .standard) throws(CompositionError) -> Composition {
        var fractions: [Element: Double] = [:]
        for (name, value) in components {
            guard let fraction = Feed.fraction(value) else { continue }
            if let element = try? table.element(name), element.symbol == name {
                fractions[element, default: 0] += fraction
            } else if let formula = ChemicalFormula(name, table: table) {
                // The whole compound, anion formers included: a catalogue row is a full analysis.
                for (element, share) in formula.elementFractions { fractions[element, default: 0] += fraction * share }
            } else if let prefix = name.split(separator: "_").first, let element = try? table.element(String(prefix)), element.symbol == prefix {
                fractions[element, default: 0] += fraction
            }
        }
        return try Composition(fractions.mapValues { MassFraction($0) })
    }

    /// Whether any figure of this feed is a placeholder.
    public var hasAssumedFigures: Bool { components.contains { $0.value.assumed } }

    static func fraction(_ value: SourcedValue) -> Double? {
        guard let unitText = value.unit, let unit = ConcentrationUnit(symbol: unitText) else { return nil }
        return MassFraction(value.value, unit).value
    }
}
