import CirculaLedger

extension Workspace {
    /// The exact unit a product is booked in.
    /// - Throws: `LedgerError.unknown` for an unknown product.
    ///
    /// ```swift
    /// let unit = try await Workspace.unit(ofProduct: "cu-cathode", in: ledger)   // .gram
    /// ```
    public static func unit(ofProduct product: String, in ledger: Ledger) async throws -> AmountUnit {
        let state = try await ledger.state(keys: [LedgerState.key(product: product)])
        guard let unit = state.products[product]?.unit else { throw LedgerError.unknown(kind: "product", id: product) }
        return unit
    }

    /// Reads a mass such as `12.5t` or `800 kg` exactly in `unit`; `field` names the input in the error.
    static func amount(_ text: String, in unit: AmountUnit, field: String) throws(WorkspaceError) -> Int64 {
        do { return try unit.parse(text) } catch { throw .invalidAmount(field: field, message: "\(error)") }
    }
}
