extension LedgerState {
    /// The rows `keys` (accounts as summaries, without their batches) and the kinds `prefixes`, read outside an
    /// append; then `load(for:from:)` reads what each event needs, as an append would.
    public static func reading(keys: [String], prefixes: [String], from store: any LedgerStore) async throws -> LedgerState {
        var rows: [String: String] = [:]
        for row in try await store.fetch(.keys(keys)) { rows[row.key] = row.value }
        if !prefixes.isEmpty { rows.merge(try await store.rows(keys: [], prefixes: prefixes)) { a, _ in a } }
        return try LedgerState(rows: rows)
    }

    /// Reads what `event` needs beyond what is loaded (credit batches, rows named by other rows).
    public mutating func load(for event: LedgerEvent, from store: any LedgerStore) async throws {
        while let query = nextQuery(for: event) { try supply(try await store.fetch(query), for: query) }
    }
}
