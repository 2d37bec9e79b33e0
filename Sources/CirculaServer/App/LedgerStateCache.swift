import CirculaLedger

/// The ledger state as a snapshot per chain head. Another process may append at any time, so every request
/// looks whether the ledger changed: on SQLite by the file's change counter (`SQLiteChangeProbe`, no thread hop),
/// on PostgreSQL by the head query (one indexed row). Only when the head moved is the state reloaded, once for
/// all the requests that noticed together.
final class LedgerStateCache: Sendable {
    let ledger: Ledger
    let probe: SQLiteChangeProbe?
    private struct Entry { var version: Int64?; var snapshot: LedgerSnapshot }
    private let cached = LockedValue<Entry?>(nil)
    private let loading = LockedValue<(head: ChainHead, task: Task<LedgerSnapshot, any Error>)?>(nil)

    init(ledger: Ledger, probe: SQLiteChangeProbe?) {
        self.ledger = ledger
        self.probe = probe
    }

    func snapshot() async throws -> LedgerSnapshot {
        // The counter is read before the head: a commit landing in between moves the counter past the one
        // stored, so the next request looks again instead of keeping an old head.
        let version = try probe?.version()
        if let version, let hit = cached.withLock({ $0 }), hit.version == version { return hit.snapshot }
        let head = try await ledger.store.head()
        if let hit = cached.withLock({ $0 }), hit.snapshot.head == head {
            cached.withLock { $0 = Entry(version: version, snapshot: hit.snapshot) }
            return hit.snapshot
        }
        let snapshot = try await load(head)
        cached.withLock { entry in
            // A slower load of an older head must not replace a newer one.
            if entry == nil || entry!.snapshot.head.seq <= snapshot.head.seq { entry = Entry(version: version, snapshot: snapshot) }
        }
        return snapshot
    }

    func state() async throws -> LedgerState { try await snapshot().state }

    /// One load per new head, shared by the requests that asked for it meanwhile.
    private func load(_ head: ChainHead) async throws -> LedgerSnapshot {
        let task = loading.withLock { current -> Task<LedgerSnapshot, any Error> in
            if let current, current.head == head { return current.task }
            let ledger = ledger
            let task = Task { LedgerSnapshot(head: head, state: try await ledger.fullState()) }
            current = (head, task)
            return task
        }
        defer { loading.withLock { current in if current?.head == head { current = nil } } }
        return try await task.value
    }
}
