/// "Units fit the metal": precious metals are reported in kilograms, everything else in tonnes.
///
/// Gold, silver and the six platinum-group metals trade by the troy ounce and are produced by the
/// kilogram at a copper smelter; printing them in tonnes shows "0.002579 t" where a reader expects
/// "2.579 kg".
extension Element {
    public var reportingUnit: MassUnit {
        switch symbol {
        case "Au", "Ag", "Pt", "Pd", "Rh", "Ir", "Ru", "Os": .kilogram
        default: .tonne
        }
    }
}
