import Foundation
import GRDB

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
            if !hasSchema {
                try pool.write { db in
                    try db.execute(sql: """
                        CREATE TABLE IF NOT EXISTS events (
                            seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, timestamp TEXT NOT NULL,
                            actor TEXT NOT NULL, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
                        CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                        """)
                }
            }
            writer = pool
            reader = pool
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError.storage("cannot open SQLite ledger \(path): \(error)")
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
        do {
            return try await write(writer, drafts)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            throw LedgerError.storage("the ledger \(path) is busy: another writer held its write lock for more than \(Int(SQLiteStore.busyTimeout)) s; nothing was written, try again")
        }
    }

    private func write(_ writer: DatabasePool, _ drafts: [EventDraft]) async throws -> [StoredEvent] {
        try await writer.writeWithoutTransaction { db in
            var result: [StoredEvent] = []
            try db.inTransaction(.immediate) {
                let head = try Self.head(db)
                let needed = LedgerEngine.requiredKeys(drafts)
                let rows = try Self.rows(db, keys: needed.keys, prefixes: needed.prefixes)
                let prepared = try LedgerEngine.prepare(drafts, head: head, rows: rows)
                let insert = try db.cachedStatement(sql: "INSERT INTO events (seq, id, type, timestamp, actor, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                for e in prepared.events {
                    try insert.execute(arguments: [e.seq, e.id, e.type, e.timestamp, e.actor, e.payload, e.prevHash, e.hash])
                }
                let upsert = try db.cachedStatement(sql: "INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
                for (key, value) in prepared.rows { try upsert.execute(arguments: [key, value]) }
                result = prepared.events
                return .commit
            }
            return result
        }
    }

    public func events(after seq: Int64, limit: Int) async throws -> [StoredEvent] {
        try await reader.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, limit]).map(Self.event)
        }
    }

    public func event(id: String) async throws -> StoredEvent? {
        try await reader.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM events WHERE id = ?", arguments: [id]).map(Self.event)
        }
    }

    public func rows(keys: [String], prefixes: [String]) async throws -> [String: String] {
        try await reader.read { db in try Self.rows(db, keys: keys, prefixes: prefixes) }
    }

    public func allRows() async throws -> [String: String] {
        try await reader.read { db in
            var rows: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM state") { rows[row["key"]] = row["value"] }
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

    static func head(_ db: Database) throws -> ChainHead {
        guard let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1") else { return .empty }
        return ChainHead(seq: row["seq"], hash: row["hash"])
    }

    static func rows(_ db: Database, keys: [String], prefixes: [String]) throws -> [String: String] {
        var rows: [String: String] = [:]
        let one = try db.cachedStatement(sql: "SELECT value FROM state WHERE key = ?")
        for key in keys {
            if let value = try String.fetchOne(one, arguments: [key]) { rows[key] = value }
        }
        for prefix in prefixes {
            // Key range [prefix, prefix with its last byte raised) uses the primary-key index. (An upper bound of
            // prefix + U+FFFF missed every id starting above U+FFFF, such as an emoji or 𠮷: UTF-8 sorts them after it.)
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM state WHERE key >= ? AND key < ?", arguments: [prefix, upperBound(ofPrefix: prefix)]) {
                rows[row["key"]] = row["value"]
            }
        }
        return rows
    }

    static func event(_ row: Row) -> StoredEvent {
        StoredEvent(seq: row["seq"], id: row["id"], type: row["type"], timestamp: row["timestamp"], actor: row["actor"],
                    payload: row["payload"], prevHash: row["prev_hash"], hash: row["hash"])
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
