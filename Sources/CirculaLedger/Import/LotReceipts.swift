import Foundation

import CirculaCore

/// Turns assayed lots into receipts: contained element masses become exact integers (g, or mg for precious metals).
///
/// This is the edge where measured values (kg and mass fractions as Double) enter the ledger: wet mass is taken to
/// the gram, moisture and assays to 10⁻⁹ and 10⁻¹² (far finer than any assay), then the product is computed in
/// integers and rounded down, so a receipt never states more recycled metal than the lot holds.
/// ```
/// let receipt = try LotReceipts.receipt(for: lot, site: "saganoseki")
/// ```
public enum LotReceipts {
    /// Contained mass of `element` in the lot, in its ledger unit, by Core's one formula (`ContainedMass.exact`).
    /// Values outside the ledger's limits are refused with a message naming the lot, never trapped on.
    public static func containedMass(of element: Element, in lot: Lot) throws -> Int64 {
        guard lot.composition.elements.contains(element) else { return 0 }
        let unit = AmountUnit.forElement(element)
        let value: Int64
        do {
            value = try ContainedMass.exact(wet: lot.wetMass, moisture: lot.moisture, fraction: lot.composition[element], unit: unit)
        } catch {
            throw LedgerError.invalidInput("lot \(lot.id): \(error)")
        }
        guard value <= LedgerState.amountLimit else {
            throw LedgerError.amountTooLarge(what: "lot \(lot.id) \(element)", amount: value, limit: LedgerState.amountLimit, unit: unit)
        }
        return value
    }

    /// A receipt of a recycled lot with every assayed element's contained mass. Primary lots are passed through
    /// with their category so the ledger refuses them with its reason.
    ///
    /// The receipt's documents are `documents` when given, else the lot file's `documents` cell, else none: nothing
    /// is invented, so a scheme that requires documents on receipt (`documents_required: [receive]`) refuses a lot
    /// that names none (`LedgerError.missingDocuments`).
    /// - Parameter elements: only these (nil: every assayed element).
    /// - Parameter ringFences: supplier → customer id, for customers whose own scrap is ring-fenced; given
    ///   explicitly by the operator, never inferred from a supplier's name.
    public static func receipt(for lot: Lot, site: String, elements: Set<Element>? = nil, documents: [String] = [],
                               ringFences: [String: String] = [:]) throws -> Receipt {
        var masses: [Element: Int64] = [:]
        for element in lot.composition.elements where elements?.contains(element) ?? true {
            let mass = try containedMass(of: element, in: lot)
            if mass > 0 { masses[element] = mass }
        }
        return Receipt(lot: lot.id, site: site, supplier: lot.supplier, date: lot.date, category: lot.category,
                       documents: !documents.isEmpty ? documents : lot.documents ?? [],
                       evidence: "lot file assay, feed \(lot.feed)", elements: masses,
                       ringFencedFor: ringFences[Identifier.normalized(lot.supplier)])
    }
}
