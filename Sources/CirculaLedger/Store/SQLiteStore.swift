import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// The embedded store: one SQLite file through GRDB, WAL journal, `synchronous=FULL` so a committed event survives
/// power loss; every append runs in `BEGIN IMMEDIATE`, which takes SQLite's single write lock up front.
///
/// Readers never take the write lock: the schema is created only when it is missing, and WAL lets reads run while
/// an import holds the lock. `readOnly` opens the file without any write (for `verify` by an auditor who may only
/// read it). A new file is created with mode 0600 before SQLite opens it (SQLite gives the WAL and shared-memory
/// files the database file's mode).
/// ```
/// let store = try SQLiteStore(path: "circula.sqlite")
/// ```
public final class SQLiteStore: LedgerStore {
    /// The read-write pool; nil when opened read-only.
    let writer: DatabasePool?
    let reader: any DatabaseReader
    public let path: String
    /// How long a writer waits for another process's write lock before it gives up (`LedgerError.storage` saying so).
    public static let busyTimeout: TimeInterval = 30

    /// State rows read and written by this store's appends so far (tests check an append's reads are bounded).
    public let traffic = Mutex(StateTraffic())

    /// Appends that arrive while one is written share the next transaction.
    let group = GroupCommit()

    /// The state the last append left, for the next one (`AppendStateCache`: valid while `data_version` holds).
    public let stateCache = AppendStateCache()

    /// The read-write pool (tests inspect its settings).
    var pool: DatabasePool { writer! }

    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(SQLiteStore.busyTimeout)
        do {
            if readOnly {
                guard FileManager.default.fileExists(atPath: path) else { throw LedgerError.storage("no SQLite ledger at \(path)") }
                configuration.readonly = true
                let queue = try DatabaseQueue(path: path, configuration: configuration)
                let missing = try queue.read { db in try ["events", "state"].filter { try !db.tableExists($0) } }
                guard missing.isEmpty else {
                    throw LedgerError.storage("table \(missing.joined(separator: ", ")) is missing from \(path); it is not a Circula ledger or it was damaged")
                }
                try queue.read { db in try SQLiteStore.checkLayout(db, path) }
                writer = nil
                reader = queue
                return
            }
            try SQLiteStore.createPrivately(path)
            let pool = try DatabasePool(path: path, configuration: configuration)
            // After the pool's WAL set-up, which lowers synchronous to NORMAL on the writer connection:
            // FULL syncs the WAL on every commit, so a committed event survives power loss.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            let hasSchema = try pool.read { db in try db.tableExists("events") && db.tableExists("state") }
            if hasSchema {
                try pool.read { db in try SQLiteStore.checkLayout(db, path) }
            } else {
                try pool.write { db in try db.execute(sql: SQLiteStore.schema) }
            }
            writer = pool
            reader = pool
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError.storage("cannot open SQLite ledger \(path): \(error)")
        }
    }

    /// Events; state rows (key → JSON), where a credit batch's row also fills the `batch_` columns so that the
    /// partial index finds an account's open batches of a period in draw order without reading the others.
    static let schema = """
        CREATE TABLE IF NOT EXISTS events (
            seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, timestamp TEXT NOT NULL,
            actor TEXT NOT NULL, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL,
            batch_account TEXT, batch_period TEXT, batch_ordinal INTEGER, batch_open INTEGER);
        CREATE INDEX IF NOT EXISTS state_open_batches ON state (batch_account, batch_period, batch_ordinal) WHERE batch_open = 1;
        """

    /// Refuses a file from before credit batches had rows of their own (its accounts would read as empty).
    static func checkLayout(_ db: Database, _ path: String) throws {
        guard try db.columns(in: "state").contains(where: { $0.name == "batch_ordinal" }) else {
            throw LedgerError.storage("\(path) was written by an earlier Circula storage layout (one state row per account); export its events and import them into a new ledger")
        }
    }

    /// Creates an empty file with mode 0600 if there is none (O_EXCL: never touches an existing file).
    static func createPrivately(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd >= 0 { POSIX.close(fd); return }
        if errno == EEXIST { return }
        throw LedgerError.storage("cannot create SQLite ledger \(path): \(String(cString: strerror(errno)))")
    }

    public func append(_ drafts: [EventDraft]) async throws -> [StoredEvent] {
        guard let writer else { throw LedgerError.storage("the ledger \(path) is open read-only") }
        return try await group.append(drafts) { requests in
            do {
                return try await self.write(writer, requests)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                throw LedgerError.storage("the ledger \(self.path) is busy: another writer held its write lock for more than \(Int(SQLiteStore.busyTimeout)) s; nothing was written, try again")
            }
        }
    }

    /// Appends in one transaction (`GroupCommit`), each all or nothing; a refused one is left out.
    private func write(_ writer: DatabasePool, _ requests: [[EventDraft]]) async throws -> [Result<[StoredEvent], any Error>] {
        try await writer.writeWithoutTransaction { db in
            var results: [Result<[StoredEvent], any Error>] = []
            var left: (state: LedgerState, head: ChainHead, version: Int64)?
            try Self.inImmediateTransaction(db) {
                let version = try Self.dataVersion(db)
                // One append continues from the state the last one left, if no other connection committed since
                // (then the head is the one that append wrote); a group reads afresh (each of its appends keeps a
                // copy of the state to undo a refusal with).
                var state = LedgerState()
                let head: ChainHead
                if let kept = stateCache.take(version: version), requests.count == 1 {
                    state = kept.state
                    head = kept.head
                } else {
                    head = try Self.head(db)
                }
                // (Moved, never copied, from here on: `consume` below. A copy would copy every row it holds when
                // the append changes it, which made reuse slower than a fresh read.)
                let needed = state.unreadRows(for: requests.flatMap { $0.map(\.event) })
                let first = needed.keys.isEmpty && needed.prefixes.isEmpty ? [:] : try Self.rows(db, keys: needed.keys, prefixes: needed.prefixes)
                try state.absorb(first, keys: needed.keys, prefixes: needed.prefixes)
                var read = first.count
                var preparation = LedgerEngine.Preparation(requests: requests, head: head, state: consume state)
                while let query = try preparation.advance() {
                    let rows = try Self.fetch(db, query)
                    read += rows.count
                    try preparation.supply(rows, for: query)
                }
                results = requests.indices.map(preparation.result(of:))
                guard !preparation.events.isEmpty else {
                    traffic.withLock { $0.record(read: read, written: 0) }
                    return .rollback
                }
                let written = try preparation.rows()
                try Self.insert(db, preparation.events)
                try Self.upsert(db, written)
                traffic.withLock { $0.record(read: read, written: written.count) }
                left = (preparation.takeWrittenState(), preparation.head, version)
                return .commit
            }
            // Kept only once committed (a failed commit throws past this).
            if let left { stateCache.keep(left.state, head: left.head, version: left.version) }
            return results
        }
    }

    public func events(after seq: Int64, limit: Int) async throws -> [StoredEvent] {
        try await reader.read { db in
            try Array(Row.fetchCursor(try db.cachedStatement(sql: "SELECT \(Self.eventColumns) FROM events WHERE seq > ? ORDER BY seq LIMIT ?"),
                                      arguments: [seq, limit]).map(Self.event))
        }
    }

    public func event(id: String) async throws -> StoredEvent? {
        try await reader.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.eventColumns) FROM events WHERE id = ?", arguments: [id]).map { try Self.event($0) }
        }
    }

    public func rows(keys: [String], prefixes: [String]) async throws -> [String: String] {
        try await reader.read { db in try Self.rows(db, keys: keys, prefixes: LedgerEngine.withBatches(keys: keys, prefixes: prefixes)) }
    }

    public func fetch(_ query: StateQuery) async throws -> [StateRow] {
        try await reader.read { db in try Self.fetch(db, query) }
    }

    public func allRows() async throws -> [String: String] {
        try await reader.read { db in
            var rows: [String: String] = [:]
            try Self.collectKeyValues(try Row.fetchCursor(db, sql: "SELECT key, value FROM state"), into: &rows)
            return rows
        }
    }

    public func head() async throws -> ChainHead {
        try await reader.read { db in try Self.head(db) }
    }

    public func close() async throws {
        if let queue = reader as? DatabaseQueue { try queue.close() }
        try writer?.close()
    }

    /// `PRAGMA data_version`: changes when another connection commits to the file, never for this one's commits.
    static func dataVersion(_ db: Database) throws -> Int64 {
        let statement = try db.cachedStatement(sql: "PRAGMA data_version")
        defer { sqlite3_reset(statement.sqliteStatement) }
        guard try step(db, statement) == SQLITE_ROW else { return -1 }
        return sqlite3_column_int64(statement.sqliteStatement, 0)
    }

    static func head(_ db: Database) throws -> ChainHead {
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")) else { return .empty }
        return ChainHead(seq: try row.decode(atIndex: 0), hash: try row.decode(atIndex: 1))
    }

    static func rows(_ db: Database, keys: [String], prefixes: [String]) throws -> [String: String] {
        var rows: [String: String] = [:]
        let one = try db.cachedStatement(sql: "SELECT value FROM state WHERE key = ?")
        for key in keys {
            bind(one.sqliteStatement, 1, key)
            let (value, isText) = try text(db, one)
            if let value { rows[key] = value } else if !isText, let value = try String.fetchOne(one, arguments: [key]) { rows[key] = value }
        }
        let range = try db.cachedStatement(sql: "SELECT key, value FROM state WHERE key >= ? AND key < ?")
        for prefix in prefixes {
            // Key range [prefix, prefix with its last byte raised) uses the primary-key index. (An upper bound of
            // prefix + U+FFFF missed every id starting above U+FFFF, such as an emoji or 𠮷: UTF-8 sorts them after it.)
            try collectKeyValues(try Row.fetchCursor(range, arguments: [prefix, upperBound(ofPrefix: prefix)]), into: &rows)
        }
        return rows
    }

    /// Rows of `key, value` into `rows`, decoded with throwing decodes (a NULL or a blob is an error, not a trap).
    static func collectKeyValues(_ cursor: RowCursor, into rows: inout [String: String]) throws {
        while let row = try cursor.next() { rows[try row.decode(atIndex: 0)] = try row.decode(String.self, atIndex: 1) }
    }

    static func insert(_ db: Database, _ events: [StoredEvent]) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO events (seq, id, type, timestamp, actor, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        for e in events {
            try run(db, insert) { s in
                bind(s, 1, e.seq); bind(s, 2, e.id); bind(s, 3, e.type); bind(s, 4, e.timestamp)
                bind(s, 5, e.actor); bind(s, 6, e.payload); bind(s, 7, e.prevHash); bind(s, 8, e.hash)
            }
        }
    }

    static func upsert(_ db: Database, _ rows: [StateRow]) throws {
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO state (key, value, batch_account, batch_period, batch_ordinal, batch_open) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value, batch_account = excluded.batch_account,
                batch_period = excluded.batch_period, batch_ordinal = excluded.batch_ordinal, batch_open = excluded.batch_open
            """)
        for row in rows {
            try run(db, upsert) { s in
                bind(s, 1, row.key); bind(s, 2, row.value); bind(s, 3, row.batch?.account); bind(s, 4, row.batch?.period)
                bind(s, 5, row.batch?.ordinal); bind(s, 6, row.batch.map { $0.open ? Int64(1) : 0 })
            }
        }
    }

    static func fetch(_ db: Database, _ query: StateQuery) throws -> [StateRow] {
        let columns = "key, value, batch_account, batch_period, batch_ordinal, batch_open"
        switch query {
        case .keys(let keys):
            let one = try db.cachedStatement(sql: "SELECT \(columns) FROM state WHERE key = ?")
            return try keys.compactMap { try Row.fetchOne(one, arguments: [$0]).map { try stateRow($0) } }
        case .openBatches(let account, let period, let after, let limit):
            let statement = try db.cachedStatement(sql: """
                SELECT \(columns) FROM state WHERE batch_open = 1 AND batch_account = ? AND batch_period = ? AND batch_ordinal > ?
                ORDER BY batch_ordinal LIMIT ?
                """)
            return try Array(Row.fetchCursor(statement, arguments: [account, period, after, limit]).map(stateRow))
        case .page(let after, let limit):
            // BINARY collation: byte order of the UTF-8 keys, as PostgreSQL's "C" collation.
            return try Array(Row.fetchCursor(try db.cachedStatement(sql: "SELECT \(columns) FROM state WHERE key > ? ORDER BY key LIMIT ?"),
                                             arguments: [after ?? "", limit]).map(stateRow))
        }
    }

    /// A row of `key, value, batch_account, batch_period, batch_ordinal, batch_open` (by position: looking columns
    /// up by name was a visible part of verify's time). Rows come from cursors, read straight from the statement:
    /// `fetchAll` copied every row into values first, a tenth of a verify's time.
    static func stateRow(_ row: Row) throws -> StateRow {
        // Throwing decodes: a NULL or a blob where the schema says text (a rewritten table) is an error, not a trap.
        let account: String? = try row.decode(atIndex: 2)
        return StateRow(key: try row.decode(atIndex: 0), value: try row.decode(atIndex: 1), batch: try account.map { account in
            BatchColumns(account: account, period: try row.decode(String?.self, atIndex: 3) ?? "", ordinal: try row.decode(Int64?.self, atIndex: 4) ?? -1,
                         open: try row.decode(Int64?.self, atIndex: 5) == 1)
        })
    }

    static let eventColumns = "seq, id, type, timestamp, actor, payload, prev_hash, hash"

    /// A row of `eventColumns`, by position.
    static func event(_ row: Row) throws -> StoredEvent {
        StoredEvent(seq: try row.decode(atIndex: 0), id: try row.decode(atIndex: 1), type: try row.decode(atIndex: 2), timestamp: try row.decode(atIndex: 3),
                    actor: try row.decode(atIndex: 4), payload: try row.decode(atIndex: 5), prevHash: try row.decode(atIndex: 6), hash: try row.decode(atIndex: 7))
    }
}

/// The smallest string above every string starting with `prefix` (`account:` → `account;`), in byte order.
func upperBound(ofPrefix prefix: String) -> String {
    var bytes = Array(prefix.utf8)
    while let last = bytes.last, last == 0x7F { bytes.removeLast() }
    guard let last = bytes.popLast() else { return "\u{10FFFF}" }
    bytes.append(last + 1)
    return String(decoding: bytes, as: UTF8.self)
}
