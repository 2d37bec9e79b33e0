import Synchronization

/// The state this store's last append left, kept for its next append while nothing else has written the ledger.
///
/// Why: an allocation read and decoded the same rows on every append (the config with its scheme profile, the
/// account, the products, the period's input tallies, the open batches it draws), and that was about half of its
/// time on one client: more than the durable commit itself. Continuing from the last state is what a group commit
/// does from one of its appends to the next (`LedgerEngine.Preparation`) and what a replay does from one event to
/// the next; the events read only the rows the state does not hold (`LedgerState.unreadRows`).
///
/// When it holds (checked by the store inside the append's transaction, before anything is read):
/// - SQLite: `PRAGMA data_version` on the writer connection is the one it read in the transaction that left the
///   state. SQLite changes it whenever another connection (any process, any table) committed, so an edit of a
///   single state row behind the ledger's back is seen, not only an append.
/// - PostgreSQL: the head is the one the state was left at. The write checks it (`WriteStatement` writes only if
///   the head is unchanged), and every append moves the head with its rows, so the result is the one a fresh read
///   would have given; a moved head writes nothing and the append runs again with a fresh read. A state row
///   edited behind the ledger's back without moving the head is not seen by the next append (it would be by a
///   fresh read); `verify` reports it either way, by replaying the events.
///
/// Only one append's worth of work at a time uses it: it is taken out (`take`) for the append and put back after
/// the commit (`keep`); a refusal, a failed commit or a moved head leaves it empty, and the next append reads
/// afresh. A state holding more than `rowLimit` rows (after an import) is not kept, so memory stays bounded.
public final class AppendStateCache: Sendable {
    struct Entry: Sendable {
        var state: LedgerState
        var head: ChainHead
        /// SQLite's `data_version` when the state was read (nil on PostgreSQL).
        var version: Int64?
    }

    /// Rows (credit batches counted one each, about 1 KB at most) a kept state may hold.
    public static let rowLimit = 10_000

    private let entry = Mutex<Entry?>(nil)
    private let enabled: Mutex<Bool>

    init(enabled: Bool = true) { self.enabled = Mutex(enabled) }

    /// Whether appends continue from the last state (`false`: every append reads afresh; benchmarks and tests
    /// compare both).
    public var isEnabled: Bool {
        get { enabled.withLock { $0 } }
        set {
            enabled.withLock { $0 = newValue }
            if !newValue { forget() }
        }
    }

    /// The kept state and the head it was left at, if it was kept with `version` (SQLite: the file's data version
    /// now; PostgreSQL: nil, the write checks the head); nil if not or none is kept. Either way nothing is kept
    /// afterwards: the append owns the state now (moved out, so changing it copies nothing).
    func take(version: Int64? = nil) -> (state: LedgerState, head: ChainHead)? {
        entry.withLock { entry in
            guard let kept = entry else { return nil }
            entry = nil
            guard kept.version == version else { return nil }
            return (kept.state, kept.head)
        }
    }

    /// Keeps `state` (written: `Preparation.takeWrittenState`), committed at `head`, for the next append (if
    /// enabled and small enough).
    func keep(_ state: LedgerState, head: ChainHead, version: Int64?) {
        guard isEnabled, state.loadedRowCount <= AppendStateCache.rowLimit else { forget(); return }
        entry.withLock { $0 = Entry(state: state, head: head, version: version) }
    }

    /// Drops the kept state: the next append reads afresh.
    public func forget() { entry.withLock { $0 = nil } }

    /// Whether a state is kept (tests).
    var holdsState: Bool { entry.withLock { $0 != nil } }
}
