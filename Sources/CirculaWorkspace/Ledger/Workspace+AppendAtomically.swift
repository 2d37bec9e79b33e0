import CirculaCore
import CirculaLedger

extension Workspace {
    /// Appends events that came from the lines of one input file in one transaction, all or nothing.
    ///
    /// Before anything is written, the batch is replayed against the current state; every refusal is reported at the
    /// place of the line that caused it (`lots.csv:7: …`), and then nothing is recorded. With `dryRun` the check is
    /// all that happens.
    /// - Returns: the stored events (empty for a dry run).
    /// - Throws: `InputErrors` with every refused line; store errors as they come.
    ///
    /// ```swift
    /// let items = deliveries.map { (SourceLocation(file: "d.csv", line: $0.line), LedgerEvent.deliver($0.delivery)) }
    /// let stored = try await Workspace.appendAtomically(items, to: ledger)
    /// ```
    public static func appendAtomically(_ items: [(location: SourceLocation, event: LedgerEvent)], to ledger: Ledger,
                                        dryRun: Bool = false) async throws -> [StoredEvent] {
        let needed = LedgerEngine.requiredKeys(items.map { EventDraft($0.event, actor: "", timestamp: "") })
        var state = try await LedgerState.reading(keys: needed.keys, prefixes: needed.prefixes, from: ledger.store)
        var errors: [LocatedError] = []
        for (index, item) in items.enumerated() {
            try await state.load(for: item.event, from: ledger.store)
            do { try state.apply(item.event, id: "preview-\(index)") } catch {
                errors.append(LocatedError(item.location, "\(error)"))
            }
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        if dryRun { return [] }
        return try await ledger.append(items.map(\.event))
    }
}
