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

    /// Prefixes for a read of whole accounts: each account key or `account:` prefix brings its batch rows.
    public static func withBatches(keys: [String], prefixes: [String]) -> [String] {
        var all = Set(prefixes)
        if all.contains("account:") { all.insert("batch:") }
        for key in keys where key.hasPrefix("account:") { all.insert(LedgerState.batchesPrefix(of: String(key.dropFirst(8)))) }
        return all.sorted()
    }

    /// Applies drafts to the state rows and seals them onto the chain, reading what each needs as it goes:
    /// ```
    /// var preparation = try LedgerEngine.Preparation(drafts, head: head, rows: rows)
    /// while let query = try preparation.advance() { try preparation.supply(try fetch(query), for: query) }
    /// write(preparation.events, try preparation.rows())
    /// ```
    public struct Preparation {
        public private(set) var state: LedgerState
        public private(set) var head: ChainHead
        public private(set) var events: [StoredEvent] = []
        let drafts: [EventDraft]

        public init(_ drafts: [EventDraft], head: ChainHead, rows: [String: String]) throws {
            self.drafts = drafts
            self.head = head
            state = try LedgerState(rows: rows)
        }

        /// Applies drafts until one needs a read (returned) or all are applied (nil).
        public mutating func advance() throws -> StateQuery? {
            while events.count < drafts.count {
                let draft = drafts[events.count]
                if let query = state.nextQuery(for: draft.event) { return query }
                let id = HashChain.eventID(seq: head.seq + 1)
                let event = try state.apply(draft.event, id: id, recordedAt: draft.timestamp)
                let stored = try HashChain.seal(event, seq: head.seq + 1, timestamp: draft.timestamp, actor: draft.actor, prevHash: head.hash)
                events.append(stored)
                head = ChainHead(seq: stored.seq, hash: stored.hash)
            }
            return nil
        }

        public mutating func supply(_ rows: [StateRow], for query: StateQuery) throws {
            try state.supply(rows, for: query)
        }

        /// The rows to upsert.
        public func rows() throws -> [StateRow] { try state.dirtyStateRows() }
    }
}
