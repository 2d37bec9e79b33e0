import CirculaLedger

/// The ledger state, reloaded only when the chain head moved (another process may append at any time, so the
/// head is read on every request; it is one indexed row).
final class LedgerStateCache: Sendable {
    let ledger: Ledger
    private let cached = LockedValue<(head: ChainHead, state: LedgerState)?>(nil)

    init(ledger: Ledger) { self.ledger = ledger }

    func state() async throws -> LedgerState {
        let head = try await ledger.store.head()
        if let hit = cached.withLock({ $0 }), hit.head == head { return hit.state }
        let state = try await ledger.fullState()
        cached.withLock { $0 = (head, state) }
        return state
    }
}
