/// Totals over a set of lots: masses and contained mass per element, split primary / recycled.
public struct LotSummary: Sendable, Codable, Equatable {
    public struct ElementTotal: Sendable, Codable, Equatable {
        public var element: String
        public var contained: Mass
        public var recycled: Mass
        /// Recycled share of the contained mass (0…1).
        public var recycledShare: Double { contained.kilograms > 0 ? recycled.kilograms / contained.kilograms : 0 }
    }

    public var lots: Int
    public var wetMass: Mass
    public var dryMass: Mass
    public var recycledDryMass: Mass
    /// Per element, in order of atomic number.
    public var elements: [ElementTotal]

    public init(_ lots: [Lot]) {
        self.lots = lots.count
        wetMass = lots.reduce(.zero) { $0 + $1.wetMass }
        dryMass = lots.reduce(.zero) { $0 + $1.dryMass }
        recycledDryMass = lots.filter(\.category.isRecycled).reduce(.zero) { $0 + $1.dryMass }
        var contained: [Element: (Mass, Mass)] = [:]
        for lot in lots {
            for element in lot.composition.elements {
                let mass = lot.mass(of: element)
                var entry = contained[element] ?? (.zero, .zero)
                entry.0 = entry.0 + mass
                if lot.category.isRecycled { entry.1 = entry.1 + mass }
                contained[element] = entry
            }
        }
        elements = contained.keys.sorted().map {
            ElementTotal(element: $0.symbol, contained: contained[$0]!.0, recycled: contained[$0]!.1)
        }
    }
}
