import Foundation
import PostgresNIO

/// The shared store: PostgreSQL through PostgresNIO's `PostgresClient`.
///
/// Appends run in one transaction that first locks the single `ledger_head` row (`SELECT … FOR UPDATE`): the hash
/// chain is a total order, so writers queue on that row, and every account row read afterwards is current.
/// ```
/// let store = try await PostgresStore(url: "postgres://postgres:ci@127.0.0.1:5432/postgres")
/// ```
public final class PostgresStore: LedgerStore {
    let client: PostgresClient
    let runner: Task<Void, Never>
    let logger = Logger(label: "circula.ledger.postgres")

    /// Connects and creates the tables if needed.
    public init(url: String, maximumConnections: Int = 20) async throws {
        var configuration = try PostgresStore.configuration(url: url)
        configuration.options.maximumConnections = maximumConnections
        let client = PostgresClient(configuration: configuration)
        self.client = client
        runner = Task { await client.run() }
        do { try await createSchema() } catch {
            runner.cancel()
            throw LedgerError.storage("cannot open PostgreSQL ledger at \(PostgresStore.redacted(url)): \(String(reflecting: error))")
        }
    }

    /// `postgres://user:password@host:port/database` (TLS off: meant for 127.0.0.1 or a trusted network).
    static func configuration(url: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, !host.isEmpty else {
            throw LedgerError.invalidInput("PostgreSQL URL \"\(redacted(url))\": expected postgres://user:password@host:port/database")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        return PostgresClient.Configuration(host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
                                            password: components.password, database: database.isEmpty ? nil : database, tls: .disable)
    }

    static func redacted(_ url: String) -> String {
        guard var c = URLComponents(string: url), c.password != nil else { return url }
        c.password = "***"
        return c.string ?? url
    }

    func createSchema() async throws {
        try await transaction { conn in
            try await conn.query("SELECT pg_advisory_xact_lock(7254001)", logger: self.logger)
            try await conn.query("""
                CREATE TABLE IF NOT EXISTS ledger_events (seq BIGINT PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
                    timestamp TEXT NOT NULL, actor TEXT NOT NULL, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)
                """, logger: self.logger)
            try await conn.query("CREATE TABLE IF NOT EXISTS ledger_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)", logger: self.logger)
            try await conn.query("""
                CREATE TABLE IF NOT EXISTS ledger_head (id INT PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL, hash TEXT NOT NULL)
                """, logger: self.logger)
            try await conn.query("INSERT INTO ledger_head (id, seq, hash) VALUES (1, 0, \(HashChain.genesis)) ON CONFLICT (id) DO NOTHING", logger: self.logger)
        }
    }

    /// BEGIN … COMMIT on one pooled connection; any error rolls back and is rethrown unchanged.
    func transaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { conn in
            try await conn.query("BEGIN", logger: self.logger)
            do {
                let value = try await body(conn)
                try await conn.query("COMMIT", logger: self.logger)
                return value
            } catch {
                _ = try? await conn.query("ROLLBACK", logger: self.logger)
                throw error
            }
        }
    }

    public func append(_ drafts: [EventDraft]) async throws -> [StoredEvent] {
        try await transaction { conn in
            var head = ChainHead.empty
            for try await (seq, hash) in try await conn.query("SELECT seq, hash FROM ledger_head WHERE id = 1 FOR UPDATE", logger: self.logger).decode((Int64, String).self) {
                head = ChainHead(seq: seq, hash: hash)
            }
            let needed = LedgerEngine.requiredKeys(drafts)
            let rows = try await self.rows(conn, keys: needed.keys, prefixes: needed.prefixes)
            let prepared = try LedgerEngine.prepare(drafts, head: head, rows: rows)
            guard let last = prepared.events.last else { return [] }
            let e = prepared.events
            let keys = Array(prepared.rows.keys), values = keys.map { prepared.rows[$0]! }
            // One round trip for all writes: events, state rows and the new head (data-modifying CTEs).
            try await conn.query("""
                WITH new_events AS (
                    INSERT INTO ledger_events (seq, id, type, timestamp, actor, payload, prev_hash, hash)
                    SELECT * FROM unnest(\(e.map(\.seq))::bigint[], \(e.map(\.id))::text[], \(e.map(\.type))::text[], \(e.map(\.timestamp))::text[],
                                         \(e.map(\.actor))::text[], \(e.map(\.payload))::text[], \(e.map(\.prevHash))::text[], \(e.map(\.hash))::text[])
                ), new_state AS (
                    INSERT INTO ledger_state (key, value) SELECT * FROM unnest(\(keys)::text[], \(values)::text[])
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value
                )
                UPDATE ledger_head SET seq = \(last.seq), hash = \(last.hash) WHERE id = 1
                """, logger: self.logger)
            return prepared.events
        }
    }

    public func events(after seq: Int64, limit: Int) async throws -> [StoredEvent] {
        let rows = try await client.query("""
            SELECT seq, id, type, timestamp, actor, payload, prev_hash, hash FROM ledger_events WHERE seq > \(seq) ORDER BY seq LIMIT \(limit)
            """, logger: logger)
        return try await Self.decodeEvents(rows)
    }

    public func event(id: String) async throws -> StoredEvent? {
        let rows = try await client.query("""
            SELECT seq, id, type, timestamp, actor, payload, prev_hash, hash FROM ledger_events WHERE id = \(id)
            """, logger: logger)
        return try await Self.decodeEvents(rows).first
    }

    static func decodeEvents(_ rows: PostgresRowSequence) async throws -> [StoredEvent] {
        var events: [StoredEvent] = []
        for try await (seq, id, type, timestamp, actor, payload, prev, hash) in rows.decode((Int64, String, String, String, String, String, String, String).self) {
            events.append(StoredEvent(seq: seq, id: id, type: type, timestamp: timestamp, actor: actor, payload: payload, prevHash: prev, hash: hash))
        }
        return events
    }

    public func rows(keys: [String], prefixes: [String]) async throws -> [String: String] {
        try await client.withConnection { conn in try await self.rows(conn, keys: keys, prefixes: prefixes) }
    }

    /// Rows by key and by kind prefix (`account:`) in one query.
    func rows(_ conn: PostgresConnection, keys: [String], prefixes: [String]) async throws -> [String: String] {
        var rows: [String: String] = [:]
        let query: PostgresQuery = """
            SELECT key, value FROM ledger_state
            WHERE key = ANY(\(keys)::text[]) OR split_part(key, ':', 1) || ':' = ANY(\(prefixes)::text[])
            """
        for try await (key, value) in try await conn.query(query, logger: logger).decode((String, String).self) {
            rows[key] = value
        }
        return rows
    }

    public func allRows() async throws -> [String: String] {
        var rows: [String: String] = [:]
        for try await (key, value) in try await client.query("SELECT key, value FROM ledger_state", logger: logger).decode((String, String).self) {
            rows[key] = value
        }
        return rows
    }

    public func head() async throws -> ChainHead {
        for try await (seq, hash) in try await client.query("SELECT seq, hash FROM ledger_head WHERE id = 1", logger: logger).decode((Int64, String).self) {
            return ChainHead(seq: seq, hash: hash)
        }
        return .empty
    }

    public func close() async throws {
        runner.cancel()
        _ = await runner.value
    }
}
