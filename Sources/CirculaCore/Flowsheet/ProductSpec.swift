/// What a product stream sells: one metal (`Au`) or one compound (`Dy2O3`, `NiSO4·6H2O`, an NCM cathode
/// material), with its purity specification.
///
/// In the model, on an output that goes `to: product`:
/// ```yaml
/// dy2o3: {to: product, metal: Dy, compound: Dy2O3, purity: {value: 99.9, unit: wt%, source: ree_sx_general, assumed: true}}
/// cathode: {to: product, metal: Cu, purity: {value: 99.99, unit: wt%, source: lme_grade_a}, impurities: [Ag, S]}
/// ```
/// `impurities` lists the other layers the model lets reach the stream (traces counted against purity).
public struct ProductSpec: Sendable, Hashable {
    /// The metal sold, an element symbol; nil for a multi-metal compound such as a cathode material.
    public var metal: String?
    /// The compound sold, as written (`Dy2O3`, `LiNi0.6Mn0.2Co0.2O2`); nil when the metal itself is sold.
    public var compound: String?
    /// The compound's stoichiometry when `compound` is not a plain formula (integer multiple, `Li5Ni3MnCoO10`).
    public var formula: ChemicalFormula?
    /// A trade name (`gold bar`, `NCM622 cathode active material`).
    public var form: String?
    /// Purity specification of the metal or compound.
    public var purity: SourcedValue?
    /// Other layers allowed into the stream as impurities.
    public var impurities: [String]
    /// A cathode (or other battery) material whose recycled content the Battery Regulation regulates.
    public var batteryMaterial: Bool

    public init(metal: String?, compound: String? = nil, formula: ChemicalFormula? = nil, form: String? = nil,
                purity: SourcedValue? = nil, impurities: [String] = [], batteryMaterial: Bool = false) {
        self.metal = metal
        self.compound = compound
        self.formula = formula
        self.form = form
        self.purity = purity
        self.impurities = impurities
        self.batteryMaterial = batteryMaterial
    }

    /// The layers the product is made of: its metal, or the compound's elements except O, H, C, N, F, Cl, S.
    public var constituents: [String] {
        if let metal { return [metal] }
        return (formula?.assayedElements.keys.sorted() ?? []).map(\.symbol)
    }

    /// What the stream is called in tables: `Dy2O3`, `Au`, `NCM622 cathode active material (LiNi0.6Mn0.2Co0.2O2)`.
    public var label: String { compound ?? metal ?? form ?? "?" }

    /// Mass of the sold compound per kg of `metal` in the stream (1 for a metal sold as such): M(compound) / (n·M(metal)).
    public func compoundPerMetal(table: PeriodicTable = .standard) -> Double? {
        guard let metal else { return nil }
        guard let formula else { return 1 }
        guard let element = try? table.element(metal), let share = formula.elementFractions[element], share > 0 else { return nil }
        return 1 / share
    }

    /// Reads a product spec from an output mapping; nil when the output declares neither `metal` nor `compound`.
    static func parse(_ spec: YAMLCursor, table: PeriodicTable) throws(LocatedError) -> ProductSpec? {
        let metal = try spec.optionalString("metal")
        let compound = try spec.optionalString("compound")
        guard metal != nil || compound != nil else { return nil }
        if let metal {
            guard let element = try? table.element(metal), element.symbol == metal else {
                throw try spec.required("metal").error("unknown element \"\(metal)\"; expected one element symbol such as Au (a product stream carries one metal)")
            }
        }
        var formula: ChemicalFormula?
        if let formulaText = try spec.optionalString("formula") {
            guard let parsed = ChemicalFormula(formulaText, table: table) else {
                throw try spec.required("formula").error("cannot read the formula \"\(formulaText)\"; expected element symbols with whole counts, such as Li5Ni3MnCoO10")
            }
            formula = parsed
        } else if let compound {
            guard let parsed = ChemicalFormula(compound, table: table) else {
                throw try spec.required("compound").error("cannot read the formula \"\(compound)\"; expected a formula such as Dy2O3 or NiSO4·6H2O, or add formula: with whole counts")
            }
            formula = parsed
        }
        if let metal, let formula, let element = try? table.element(metal), formula.elementFractions[element] == nil {
            throw try spec.required("metal").error("the compound \(compound ?? "") does not contain \(metal); expected the metal the compound is sold for")
        }
        var purity: SourcedValue?
        if let cursor = spec.optional("purity") {
            let value = try SourcedValue(cursor)
            guard let unitText = value.unit, let unit = ConcentrationUnit(symbol: unitText), unit == .percent else {
                throw try cursor.required("unit").error("expected the purity in wt% (unit: wt%)")
            }
            guard value.value > 0, value.value <= 100 else {
                throw try cursor.required("value").error("expected a purity above 0 and at most 100 wt%, found \(formatPlain(value.value))")
            }
            purity = value
        }
        var impurities: [String] = []
        if let list = spec.optional("impurities") {
            for item in try list.items() { impurities.append(try item.string()) }
        }
        return ProductSpec(metal: metal, compound: compound, formula: formula, form: try spec.optionalString("form"),
                           purity: purity, impurities: impurities, batteryMaterial: try spec.flag("battery_material"))
    }
}
