/// An event to append, before it has a place in the chain.
public struct EventDraft: Sendable, Equatable {
    public var event: LedgerEvent
    public var actor: String
    /// ISO 8601 UTC, e.g. `2024-04-30T09:00:00Z`.
    public var timestamp: String
    public init(_ event: LedgerEvent, actor: String, timestamp: String) {
        // Ids are NFC-normalised here, on the way into every store, so canonically equal ids are one id.
        self.event = event.normalized(); self.actor = actor; self.timestamp = timestamp
    }
}

/// The last link of the chain.
public struct ChainHead: Sendable, Equatable {
    public var seq: Int64
    public var hash: String
    public static let empty = ChainHead(seq: 0, hash: HashChain.genesis)
    public init(seq: Int64, hash: String) { self.seq = seq; self.hash = hash }
}

/// Where the ledger keeps its events and derived state.
///
/// Every implementation appends inside one transaction that holds the ledger's write lock (the hash chain is a
/// total order, so appends are serialised), loads the state rows the events need, applies `LedgerState.apply`
/// (every invariant), writes the events and the changed rows, and commits; a refusal rolls everything back.
/// ```
/// let store = try SQLiteStore(path: "circula.sqlite")
/// let stored = try await store.append([EventDraft(.addSite(site), actor: "ops", timestamp: now)])
/// ```
public protocol LedgerStore: Sendable {
    /// Validates and appends the drafts atomically: all are stored or none.
    func append(_ drafts: [EventDraft]) async throws -> [StoredEvent]
    /// Events with `seq > after`, in order, at most `limit`.
    func events(after seq: Int64, limit: Int) async throws -> [StoredEvent]
    func event(id: String) async throws -> StoredEvent?
    /// State rows by exact key or key prefix.
    func rows(keys: [String], prefixes: [String]) async throws -> [String: String]
    /// Every state row.
    func allRows() async throws -> [String: String]
    func head() async throws -> ChainHead
    /// Releases connections.
    func close() async throws
}

/// The store-independent part of an append.
public enum LedgerEngine {
    /// The rows a batch of drafts reads.
    public static func requiredKeys(_ drafts: [EventDraft]) -> (keys: [String], prefixes: [String]) {
        var keys: Set<String> = []
        var prefixes: Set<String> = []
        for draft in drafts {
            let needed = LedgerState.requiredKeys(for: draft.event)
            // A key with a NUL byte cannot be stored (PostgreSQL text refuses it), so it is not looked up: the
            // event's id is refused by `apply` with the identifier rule instead of the driver's error.
            keys.formUnion(needed.keys.filter { !$0.unicodeScalars.contains("\u{0}") })
            prefixes.formUnion(needed.prefixes)
        }
        return (keys.sorted(), prefixes.sorted())
    }

    /// Applies the drafts to the loaded rows and seals them onto the chain.
    /// - Returns: the events to insert and the rows to upsert.
    public static func prepare(_ drafts: [EventDraft], head: ChainHead, rows: [String: String]) throws -> (events: [StoredEvent], rows: [String: String]) {
        var state = try LedgerState(rows: rows)
        var head = head
        var sealed: [StoredEvent] = []
        for draft in drafts {
            let id = HashChain.eventID(seq: head.seq + 1)
            let event = try state.apply(draft.event, id: id, recordedAt: draft.timestamp)
            let stored = try HashChain.seal(event, seq: head.seq + 1, timestamp: draft.timestamp, actor: draft.actor, prevHash: head.hash)
            sealed.append(stored)
            head = ChainHead(seq: stored.seq, hash: stored.hash)
        }
        return (sealed, try state.dirtyRows())
    }
}
