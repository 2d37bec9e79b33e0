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
    /// Customers whose own scrap is ring-fenced, recognised from the supplier name (`Customer Alpha (wire mill scrap)` → `Customer Alpha`).
    public static func ringFencedCustomer(supplier: String) -> String? {
        guard supplier.hasPrefix("Customer ") else { return nil }
        return String(supplier.prefix(while: { $0 != "(" })).trimmingCharacters(in: .whitespaces)
    }

    public static func containedMass(of symbol: String, in lot: Lot) throws -> Int64 {
        guard let element = lot.composition.elements.first(where: { $0.symbol == symbol }) else { return 0 }
        let wetGrams = Int128((lot.wetMass.value(in: .kilogram) * 1000).rounded())
        let dryPpb = 1_000_000_000 - Int128((lot.moisture.value * 1e9).rounded())
        let ppt = Int128((lot.composition[element].value * 1e12).rounded())
        let unitFactor: Int128 = AmountUnit.forElement(symbol) == .milligram ? 1000 : 1
        let value = wetGrams * unitFactor * dryPpb * ppt / 1_000_000_000 / 1_000_000_000_000
        guard value <= Int128(Int64.max) else { throw LedgerError.invalidInput("lot \(lot.id): \(symbol) mass too large") }
        return Int64(value)
    }

    /// A receipt of a recycled lot with every assayed element's contained mass. Primary lots are passed through
    /// with their category so the ledger refuses them with its reason.
    public static func receipt(for lot: Lot, site: String, elements: [String]? = nil, documents: [String] = []) throws -> Receipt {
        var masses: [String: Int64] = [:]
        for element in lot.composition.elements where elements?.contains(element.symbol) ?? true {
            let mass = try containedMass(of: element.symbol, in: lot)
            if mass > 0 { masses[element.symbol] = mass }
        }
        return Receipt(lot: lot.id, site: site, supplier: lot.supplier, date: lot.date, category: lot.category.rawValue,
                       documents: documents.isEmpty ? ["weighbridge:\(lot.id)", "assay:\(lot.id)"] : documents,
                       evidence: "lot file assay, feed \(lot.feed)", elements: masses,
                       ringFencedFor: ringFencedCustomer(supplier: lot.supplier))
    }
}
