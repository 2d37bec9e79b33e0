/// Lot columns that state an assay as a compound, `Dy2O3[%]`, `Li2CO3[%]`, `NiSO4·6H2O[%]`.
///
/// The compound's mass fraction becomes element fractions by stoichiometry with IUPAC atomic weights:
/// w(Dy) = w(Dy2O3) · 2·M(Dy) / M(Dy2O3). Only the elements an assay of the compound reports are kept
/// (the anion and water formers H, C, N, O, F, Cl, S are not balanced), and the lot remembers the compound
/// each element was assayed as, for output.
struct CompoundColumn: Sendable {
    let column: String
    let formula: ChemicalFormula
    let unit: ConcentrationUnit
    /// Element → kg of element per kg of compound.
    let shares: [(element: Element, share: Double)]

    /// Reads a header cell as a compound column; nil when the name is not a formula (the caller reports it
    /// as an unknown element). A formula with a bad unit or no metal throws.
    static func match(_ header: ColumnHeader, location: SourceLocation, table: PeriodicTable) throws(LocatedError) -> CompoundColumn? {
        guard (try? table.element(header.name)) == nil, let formula = ChemicalFormula(header.name, table: table),
              formula.atoms.count > 1 || formula.atoms.first?.1 ?? 0 > 1 else { return nil }
        guard let unitText = header.unit, let unit = ConcentrationUnit(symbol: unitText) else {
            throw LocatedError(location, "expected a concentration unit in brackets for the compound \(header.name): one of %, ppm, g/t, ppb, fraction (e.g. \(header.name)[%])")
        }
        let shares = formula.assayedElements.sorted { $0.key < $1.key }.map { (element: $0.key, share: $0.value) }
        guard !shares.isEmpty else {
            throw LocatedError(location, "the compound \(header.name) holds no metal to balance; expected a compound such as Dy2O3 or Li2CO3")
        }
        return CompoundColumn(column: header.raw, formula: formula, unit: unit, shares: shares)
    }

    /// Adds this column's element fractions of one row; an empty cell means not assayed.
    func addFractions(_ row: CSVTable.Row, into fractions: inout [Element: MassFraction], compounds: inout [String: String]) throws(LocatedError) {
        let text = try row.string(column)
        if text.isEmpty { return }
        guard let value = Double(text), value.isFinite else {
            throw LocatedError(row.location(column), "expected a number, found \"\(text)\"")
        }
        let fraction = MassFraction(value, unit)
        guard fraction.value >= 0, fraction.value <= 1 else {
            throw LocatedError(row.location(column), "expected a concentration from 0 to 100%, found \(formatPlain(value)) \(unit.symbol)")
        }
        for (element, share) in shares {
            if fractions[element] != nil {
                throw LocatedError(row.location(column), "\(element.symbol) is already stated on this line (in its own column or another compound); expected each element once per lot")
            }
            fractions[element] = MassFraction(fraction.value * share)
            compounds[element.symbol] = formula.text
        }
    }
}
