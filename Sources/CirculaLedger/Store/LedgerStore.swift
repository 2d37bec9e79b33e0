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
    /// State rows by exact key or key prefix, each account with all its credit batches (`account:x` brings the
    /// rows `batch:x␟…`, the prefix `account:` every batch row): what readers of whole accounts expect.
    func rows(keys: [String], prefixes: [String]) async throws -> [String: String]
    /// Every state row.
    func allRows() async throws -> [String: String]
    /// The rows one query names (outside an append; appends run the same queries inside their transaction).
    func fetch(_ query: StateQuery) async throws -> [StateRow]
    func head() async throws -> ChainHead
    /// Releases connections.
    func close() async throws
}
