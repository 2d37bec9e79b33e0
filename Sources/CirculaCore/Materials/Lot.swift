import Foundation

/// One delivery of feed material, as received and assayed.
///
/// Element mass in the lot = dry mass × fraction; dry mass = wet mass × (1 − moisture).
public struct Lot: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    /// Receipt date, `YYYY-MM-DD`.
    public var date: String
    public var supplier: String
    /// The feed type, an id from the model's feed catalogue (e.g. `pcb_mixed`).
    public var feed: String
    public var category: MaterialCategory
    public var wetMass: Mass
    /// Moisture as a fraction of wet mass.
    public var moisture: MassFraction
    /// Dry-basis composition.
    public var composition: Composition
    /// Element symbol → the compound it was assayed as (`Dy` → `Dy2O3`), for output; nil when all assays are elements.
    /// Provenance like `location`: it takes no part in `==` and `hash`.
    public var assayedAs: [String: String]?
    /// Where the lot was read (file and line), so a later refusal names the line without re-reading the file;
    /// nil for lots made in code. Provenance, not identity: it takes no part in `==` and `hash`.
    public var location: SourceLocation?
    /// Document references from the lot file's `documents` column (weighbridge ticket, assay certificate); nil when
    /// none. Provenance like `location`: it takes no part in `==` and `hash`.
    public var documents: [String]?

    public init(id: String, date: String, supplier: String, feed: String, category: MaterialCategory,
                wetMass: Mass, moisture: MassFraction, composition: Composition, assayedAs: [String: String]? = nil,
                location: SourceLocation? = nil) {
        self.assayedAs = assayedAs
        self.id = id
        self.date = date
        self.supplier = supplier
        self.feed = feed
        self.category = category
        self.wetMass = wetMass
        self.moisture = moisture
        self.composition = composition
        self.location = location
    }

    public static func == (a: Lot, b: Lot) -> Bool {
        a.id == b.id && a.date == b.date && a.supplier == b.supplier && a.feed == b.feed && a.category == b.category
            && a.wetMass == b.wetMass && a.moisture == b.moisture && a.composition == b.composition
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(date)
        hasher.combine(supplier)
        hasher.combine(feed)
        hasher.combine(category)
        hasher.combine(wetMass)
        hasher.combine(moisture)
        hasher.combine(composition)
    }

    public var dryMass: Mass { wetMass * (1 - moisture.value) }

    /// Mass of `element` contained in the lot.
    public func mass(of element: Element) -> Mass {
        Mass(kilograms: ContainedMass.kilograms(wet: wetMass, moisture: moisture, fraction: composition[element]))
    }
}
