import CirculaCore

/// One input to the plant for a period: a lot, where it enters and what it carries.
public struct BalanceSource: Sendable, Hashable, Identifiable {
    /// The lot id.
    public var id: String
    public var supplier: String
    public var feed: String
    public var category: MaterialCategory
    /// Index of the process the lot enters, in `Flowsheet.processes`.
    public var entry: Int
    /// Element symbol → kg contained (dry basis).
    public var elementMass: [String: Double]

    public var isRecycled: Bool { category.isRecycled }

    public init(id: String, supplier: String, feed: String, category: MaterialCategory, entry: Int, elementMass: [String: Double]) {
        self.id = id
        self.supplier = supplier
        self.feed = feed
        self.category = category
        self.entry = entry
        self.elementMass = elementMass
    }

    /// Maps lots to the processes their feeds enter (`flowsheet.feedEntry[lot.feed]`).
    ///
    /// ```swift
    /// let sources = try BalanceSource.from(lots, flowsheet: model.flowsheet)
    /// ```
    public static func from(_ lots: [Lot], flowsheet: Flowsheet, lotsFile: String = "lots") throws(BalanceError) -> [BalanceSource] {
        var sources: [BalanceSource] = []
        for lot in lots {
            guard let processID = flowsheet.feedEntry[lot.feed], let entry = flowsheet.index(of: processID) else {
                let known = flowsheet.feedEntry.keys.sorted().joined(separator: ", ")
                throw .unknownFeed(lot: lot.id, feed: lot.feed, known: known)
            }
            var masses: [String: Double] = [:]
            for element in lot.composition.elements {
                let kg = lot.mass(of: element).kilograms
                if kg > 0 { masses[element.symbol] = kg }
            }
            sources.append(BalanceSource(id: lot.id, supplier: lot.supplier, feed: lot.feed, category: lot.category,
                                         entry: entry, elementMass: masses))
        }
        return sources
    }
}
