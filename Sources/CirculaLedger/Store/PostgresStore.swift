import Foundation
import PostgresNIO
import Synchronization

/// The shared store: PostgreSQL through PostgresNIO's `PostgresClient`.
///
/// The hash chain is a total order kept in the single `ledger_head` row: an append writes only if the head is still
/// the one it read, or under that row's lock (`PostgresStore+Append.swift`).
/// ```
/// let store = try await PostgresStore(url: "postgres://postgres:ci@127.0.0.1:5432/postgres")
/// ```
public final class PostgresStore: LedgerStore {
    let client: PostgresClient
    let runner: Task<Void, Never>
    let logger = Logger(label: "circula.ledger.postgres")
    /// State rows read and written by this store's appends so far (tests check an append's reads are bounded).
    public let traffic = Mutex(StateTraffic())
    /// Appends that arrive while one is written share the next transaction.
    let group = GroupCommit()
    /// The state the last append left, for the next one (`AppendStateCache`: valid while the head holds, which
    /// the write checks).
    public let stateCache = AppendStateCache()

    /// Connects and creates the tables if needed.
    /// - Parameters:
    ///   - url: `postgres://user[:password]@host[:port]/database`; without a password, `PGPASSWORD`, then the
    ///     `PGPASSFILE` (default `~/.pgpass`) line for host, port, database and user is used, as libpq does.
    ///   - tls: `require`, `prefer` (TLS when the server offers it) or `disable`.
    ///   - readOnly: never writes (no schema creation); for `verify`.
    /// Credentials are checked on one connection first, so a wrong password fails at once with the server's message
    /// instead of after the pool's reconnect back-off.
    public init(url: String, maximumConnections: Int = 20, tls: PostgresTLSMode = .disable, readOnly: Bool = false,
                environment: [String: String] = ProcessInfo.processInfo.environment) async throws {
        let settings = try PostgresStore.settings(url: url, environment: environment)
        try await PostgresStore.checkConnection(settings, tls: tls, url: url)
        var configuration = PostgresClient.Configuration(host: settings.host, port: settings.port, username: settings.user,
                                                         password: settings.password, database: settings.database,
                                                         tls: try tls.clientTLS())
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.additionalStartupParameters = PostgresStore.sessionSettings
        let client = PostgresClient(configuration: configuration)
        self.client = client
        runner = Task { await client.run() }
        do {
            if readOnly { try await checkSchema() } else { try await createSchema() }
        } catch {
            runner.cancel()
            if let error = error as? LedgerError { throw error }
            throw LedgerError.storage("cannot open PostgreSQL ledger at \(PostgresStore.redacted(url)): \(PostgresStore.message(error))")
        }
    }

    /// Settings of every session the store opens. JIT off: the planner estimated the append's first read (then a
    /// join of key ranges over the whole state table) far above its real cost, so past a million state rows
    /// PostgreSQL compiled its generic plan on every execution (EXPLAIN ANALYZE at 1M credits: 25 ms of JIT for
    /// 0.7 ms of work). The read is now one range scan per prefix, but any estimate of a range without statistics
    /// is a guess, and no statement of the ledger scans enough rows to gain from JIT.
    ///
    /// Generic plans: every statement of the ledger reads by key, key range, sequence or the open-batch index,
    /// so the plan does not depend on the values. Left to choose, PostgreSQL planned the first read anew on every
    /// append (8 of 8 executions custom, 0.28 ms of planning for 0.2 ms of work), because its guessed ranges cost
    /// the generic plan more than the custom one. Forced generic, one client allocated 826 and 745/s against
    /// 624 and 634/s (paired runs, 2,000 allocations each).
    ///
    /// No sequential scans where an index serves: a generic plan is made once, on the statistics of its day, and
    /// kept until they change. Made on a small ledger (20 rows), every arm of the first read scanned the table, and
    /// went on doing so as the table grew until autovacuum's next analyze: in the benchmark, 1,003 scans reading
    /// 1,006,000 rows for 1,000 allocations (pg_stat_user_tables). Every ledger statement has an index to use; a
    /// read of every row (`allRows`) still works, in key order.
    static let sessionSettings = [("jit", "off"), ("plan_cache_mode", "force_generic_plan"), ("enable_seqscan", "off")]

    /// Where and as whom to connect.
    struct Settings: Equatable {
        var host: String
        var port: Int
        var user: String
        var password: String?
        var database: String?
    }

    /// Parses the URL and finds the password (URL, `PGPASSWORD`, `PGPASSFILE` or `~/.pgpass`).
    static func settings(url: String, environment: [String: String]) throws -> Settings {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, !host.isEmpty else {
            throw LedgerError.invalidInput("PostgreSQL URL \"\(redacted(url))\": expected postgres://user:password@host:port/database")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var settings = Settings(host: host, port: components.port ?? 5432, user: components.user ?? environment["PGUSER"] ?? "postgres",
                                password: components.password, database: database.isEmpty ? nil : database)
        if settings.password == nil { settings.password = environment["PGPASSWORD"] }
        if settings.password == nil {
            let file = environment["PGPASSFILE"] ?? environment["HOME"].map { $0 + "/.pgpass" }
            if let file, let text = try? String(contentsOfFile: file, encoding: .utf8) {
                settings.password = passFilePassword(text, settings)
            }
        }
        return settings
    }

    /// The password of the first `host:port:database:user:password` line matching (`*` matches anything).
    static func passFilePassword(_ text: String, _ s: Settings) -> String? {
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            // Fields are separated by `:`; `\:` and `\\` escape.
            var fields: [String] = [], field = "", escaped = false
            for c in line {
                if escaped { field.append(c); escaped = false } else if c == "\\" { escaped = true } else if c == ":" { fields.append(field); field = "" } else { field.append(c) }
            }
            fields.append(field)
            guard fields.count == 5 else { continue }
            let wanted = [s.host, String(s.port), s.database ?? s.user, s.user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// One direct connection with a 5 s limit: a refused login reports the server's own message.
    static func checkConnection(_ s: Settings, tls: PostgresTLSMode, url: String) async throws {
        var configuration = PostgresConnection.Configuration(host: s.host, port: s.port, username: s.user, password: s.password,
                                                             database: s.database, tls: try tls.connectionTLS())
        configuration.options.connectTimeout = .seconds(5)
        let logger = Logger(label: "circula.ledger.postgres.check")
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try await connection.close()
        } catch {
            throw LedgerError.storage("cannot connect to PostgreSQL at \(redacted(url)): \(message(error))")
        }
    }

    /// The server's message (`password authentication failed for user "x"`) rather than the client's type dump.
    static func message(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let server = error.serverInfo, let text = server[.message] {
                return text + (server[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
            }
            return "\(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
        }
        return String(describing: error)
    }

    /// The read-only check that the tables are there (verify never creates them).
    func checkSchema() async throws {
        var found: Set<String> = []
        for try await (name,) in try await client.query("""
            SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()
              AND table_name IN ('ledger_events', 'ledger_state', 'ledger_head')
            """, logger: logger).decode((String,).self) { found.insert(name) }
        let missing = ["ledger_events", "ledger_state", "ledger_head"].filter { !found.contains($0) }
        guard missing.isEmpty else {
            throw LedgerError.storage("table \(missing.joined(separator: ", ")) is missing; it is not a Circula ledger or it was damaged")
        }
        try await Self.checkLayout(try await client.query(Self.layoutQuery, logger: logger))
    }

    /// Whether `ledger_state` has the columns of credit batch rows.
    static let layoutQuery: PostgresQuery = """
        SELECT count(*)::bigint FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'ledger_state' AND column_name = 'batch_ordinal'
        """

    /// Refuses a database from before credit batches had rows of their own (its accounts would read as empty).
    static func checkLayout(_ rows: PostgresRowSequence) async throws {
        var columns: Int64 = 0
        for try await (count,) in rows.decode((Int64,).self) { columns = count }
        guard columns == 1 else {
            throw LedgerError.storage("the ledger was written by an earlier Circula storage layout (one state row per account); export its events and import them into a new ledger")
        }
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
            // Keys in byte order ("C"), as SQLite's: prefix ranges and verify's pages then agree on both engines. A
            // credit batch's row also fills the batch_ columns, so the partial index finds an account's open batches
            // of a period in draw order without reading the others.
            try await conn.query("""
                CREATE TABLE IF NOT EXISTS ledger_state (key TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL,
                    batch_account TEXT, batch_period TEXT, batch_ordinal BIGINT, batch_open BOOLEAN)
                """, logger: self.logger)
            try await Self.checkLayout(try await conn.query(Self.layoutQuery, logger: self.logger))
            try await conn.query("""
                CREATE INDEX IF NOT EXISTS ledger_state_open_batches ON ledger_state (batch_account, batch_period, batch_ordinal) WHERE batch_open
                """, logger: self.logger)
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
        try await client.withConnection { conn in
            try await self.rows(conn, keys: keys, prefixes: LedgerEngine.withBatches(keys: keys, prefixes: prefixes))
        }
    }

    public func fetch(_ query: StateQuery) async throws -> [StateRow] {
        try await client.withConnection { conn in try await self.fetch(conn, query) }
    }

    /// Rows by key and by key prefix (`account:`, `batch:pool␟`) in one query; prefixes as key ranges on the
    /// byte-ordered primary key, each its own index scan (why `LATERAL … OFFSET 0`: `FirstReadStatement`).
    func rows(_ conn: PostgresConnection, keys: [String], prefixes: [String]) async throws -> [String: String] {
        var rows: [String: String] = [:]
        let query: PostgresQuery = """
            SELECT key, value FROM ledger_state WHERE key = ANY(\(keys)::text[])
            UNION ALL
            SELECT s.key, s.value FROM unnest(\(prefixes)::text[], \(prefixes.map(upperBound(ofPrefix:)))::text[]) AS r(low, high)
                CROSS JOIN LATERAL (SELECT key, value FROM ledger_state WHERE key >= r.low AND key < r.high OFFSET 0) s
            """
        for try await (key, value) in try await conn.query(query, logger: logger).decode((String, String).self) {
            rows[key] = value
        }
        return rows
    }

    func fetch(_ conn: PostgresConnection, _ query: StateQuery) async throws -> [StateRow] {
        let columns = "key, value, batch_account, batch_period, batch_ordinal, batch_open"
        let sql: PostgresQuery
        switch query {
        case .keys(let keys):
            sql = "SELECT \(unescaped: columns) FROM ledger_state WHERE key = ANY(\(keys)::text[])"
        case .openBatches(let account, let period, let after, let limit):
            sql = """
                SELECT \(unescaped: columns) FROM ledger_state
                WHERE batch_open AND batch_account = \(account) AND batch_period = \(period) AND batch_ordinal > \(after)
                ORDER BY batch_ordinal LIMIT \(limit)
                """
        case .page(let after, let limit):
            sql = "SELECT \(unescaped: columns) FROM ledger_state WHERE key > \(after ?? "") ORDER BY key LIMIT \(limit)"
        }
        var rows: [StateRow] = []
        for try await (key, value, account, period, ordinal, open) in try await conn.query(sql, logger: logger)
            .decode((String, String, String?, String?, Int64?, Bool?).self) {
            rows.append(StateRow(key: key, value: value, batch: account.map {
                BatchColumns(account: $0, period: period ?? "", ordinal: ordinal ?? -1, open: open ?? false)
            }))
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

/// TLS towards the PostgreSQL server (libpq's `sslmode` values of the same names).
public enum PostgresTLSMode: String, Sendable, CaseIterable {
    case require, prefer, disable

    func clientTLS() throws -> PostgresClient.Configuration.TLS {
        switch self {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    func connectionTLS() throws -> PostgresConnection.Configuration.TLS {
        switch self {
        case .disable: return .disable
        case .prefer: return .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: return .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }
}

extension PostgresStore {
    /// Empties the ledger's tables (benchmarks only: a fresh ledger per size on one server).
    public func dropForBenchmark() async throws {
        stateCache.forget()
        try await client.query("TRUNCATE ledger_events, ledger_state", logger: logger)
        try await client.query("UPDATE ledger_head SET seq = 0, hash = \(HashChain.genesis) WHERE id = 1", logger: logger)
    }
}
