import Foundation
import GRDB

/// The embedded store: one SQLite file through GRDB, WAL journal, `synchronous=FULL` so a committed event survives
/// power loss; every append runs in `BEGIN IMMEDIATE`, which takes SQLite's single write lock up front.
///
/// ```
/// let store = try SQLiteStore(path: "circula.sqlite")
/// ```
public final class SQLiteStore: LedgerStore {
    let pool: DatabasePool
    public let path: String

    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(60)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // After the pool's WAL set-up, which lowers synchronous to NORMAL on the writer connection:
            // FULL syncs the WAL on every commit, so a committed event survives power loss.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try pool.write { db in
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS events (
                        seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, timestamp TEXT NOT NULL,
                        actor TEXT NOT NULL, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    """)
            }
        } catch {
            throw LedgerError.storage("cannot open SQLite ledger \(path): \(error)")
        }
    }

    public func append(_ drafts: [EventDraft]) async throws -> [StoredEvent] {
        try await pool.writeWithoutTransaction { db in
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
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, limit]).map(Self.event)
        }
    }

    public func event(id: String) async throws -> StoredEvent? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM events WHERE id = ?", arguments: [id]).map(Self.event)
        }
    }

    public func rows(keys: [String], prefixes: [String]) async throws -> [String: String] {
        try await pool.read { db in try Self.rows(db, keys: keys, prefixes: prefixes) }
    }

    public func allRows() async throws -> [String: String] {
        try await pool.read { db in
            var rows: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM state") { rows[row["key"]] = row["value"] }
            return rows
        }
    }

    public func head() async throws -> ChainHead {
        try await pool.read { db in try Self.head(db) }
    }

    public func close() async throws {
        try pool.close()
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
            // key range [prefix, prefix + U+FFFF) uses the primary-key index
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM state WHERE key >= ? AND key < ?", arguments: [prefix, prefix + "\u{FFFF}"]) {
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
