extension Element {
    /// The unit a report shows this element's masses in: kg for the precious metals, t otherwise.
    public var reportingUnit: MassUnit {
        switch symbol {
        case "Au", "Ag", "Pt", "Pd", "Rh", "Ir", "Ru", "Os": .kilogram
        default: .tonne
        }
    }
}
