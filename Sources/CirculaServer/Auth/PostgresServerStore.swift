import Foundation
import PostgresNIO

/// The server's tables in the ledger's PostgreSQL database, through their own `PostgresClient`.
public final class PostgresServerStore: ServerStore {
    let client: PostgresClient
    let runner: Task<Void, Never>
    let logger = Logger(label: "circula.server.postgres")

    public init(url: String, maximumConnections: Int = 8) async throws {
        guard let c = URLComponents(string: url), ["postgres", "postgresql"].contains(c.scheme ?? ""), let host = c.host, !host.isEmpty else {
            throw ServerStoreError.invalidInput("PostgreSQL URL: expected postgres://user:password@host:port/database")
        }
        let database = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        var configuration = PostgresClient.Configuration(host: host, port: c.port ?? 5432, username: c.user ?? "postgres",
                                                         password: c.password, database: database.isEmpty ? nil : database, tls: .disable)
        configuration.options.maximumConnections = maximumConnections
        let client = PostgresClient(configuration: configuration)
        self.client = client
        runner = Task { await client.run() }
        do {
            try await client.withConnection { conn in
                try await conn.query("BEGIN", logger: self.logger)
                try await conn.query("SELECT pg_advisory_xact_lock(7254002)", logger: self.logger)
                try await conn.query("""
                    CREATE TABLE IF NOT EXISTS server_users (name TEXT PRIMARY KEY, role TEXT NOT NULL, customer TEXT,
                        created_at BIGINT NOT NULL, revoked_at BIGINT)
                    """, logger: self.logger)
                try await conn.query("""
                    CREATE TABLE IF NOT EXISTS server_tokens (id TEXT PRIMARY KEY, "user" TEXT NOT NULL REFERENCES server_users(name),
                        secret_hash TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, revoked_at BIGINT)
                    """, logger: self.logger)
                try await conn.query("""
                    CREATE TABLE IF NOT EXISTS server_sessions (id_hash TEXT PRIMARY KEY, "user" TEXT NOT NULL, csrf TEXT NOT NULL,
                        expires_at BIGINT NOT NULL)
                    """, logger: self.logger)
                try await conn.query("""
                    CREATE TABLE IF NOT EXISTS server_certificates (certificate TEXT PRIMARY KEY, delivery TEXT NOT NULL,
                        customer TEXT NOT NULL, json TEXT NOT NULL)
                    """, logger: self.logger)
                try await conn.query("COMMIT", logger: self.logger)
            }
        } catch {
            runner.cancel()
            throw ServerStoreError.storage("cannot open the server tables in PostgreSQL: \(String(reflecting: error))")
        }
    }

    public func addUser(_ user: UserRecord) async throws {
        let rows = try await client.query("""
            INSERT INTO server_users (name, role, customer, created_at) VALUES (\(user.name), \(user.role.rawValue), \(user.customer), \(user.createdAt))
            ON CONFLICT (name) DO NOTHING RETURNING name
            """, logger: logger)
        var inserted = false
        for try await _ in rows.decode(String.self) { inserted = true }
        if !inserted { throw ServerStoreError.duplicateUser(user.name) }
    }

    func fetchUsers(_ query: PostgresQuery) async throws -> [UserRecord] {
        var result: [UserRecord] = []
        for try await (name, role, customer, created, revoked) in try await client.query(query, logger: logger)
            .decode((String, String, String?, Int64, Int64?).self) {
            result.append(UserRecord(name: name, role: Role(rawValue: role) ?? .customer, customer: customer, createdAt: created, revokedAt: revoked))
        }
        return result
    }

    public func users() async throws -> [UserRecord] {
        try await fetchUsers("SELECT name, role, customer, created_at, revoked_at FROM server_users ORDER BY name")
    }

    public func user(named name: String) async throws -> UserRecord? {
        try await fetchUsers("SELECT name, role, customer, created_at, revoked_at FROM server_users WHERE name = \(name)").first
    }

    public func revokeUser(named name: String, at time: Int64) async throws {
        guard try await user(named: name) != nil else { throw ServerStoreError.unknownUser(name) }
        try await client.query("UPDATE server_users SET revoked_at = \(time) WHERE name = \(name) AND revoked_at IS NULL", logger: logger)
        try await client.query("DELETE FROM server_sessions WHERE \"user\" = \(name)", logger: logger)
    }

    public func addToken(_ t: TokenRecord) async throws {
        try await client.query("""
            INSERT INTO server_tokens (id, "user", secret_hash, created_at, expires_at) VALUES (\(t.id), \(t.user), \(t.secretHash), \(t.createdAt), \(t.expiresAt))
            """, logger: logger)
    }

    func fetchTokens(_ query: PostgresQuery) async throws -> [TokenRecord] {
        var result: [TokenRecord] = []
        for try await (id, user, hash, created, expires, revoked) in try await client.query(query, logger: logger)
            .decode((String, String, String, Int64, Int64, Int64?).self) {
            result.append(TokenRecord(id: id, user: user, secretHash: hash, createdAt: created, expiresAt: expires, revokedAt: revoked))
        }
        return result
    }

    public func token(id: String) async throws -> TokenRecord? {
        try await fetchTokens("SELECT id, \"user\", secret_hash, created_at, expires_at, revoked_at FROM server_tokens WHERE id = \(id)").first
    }

    public func tokens(user: String?) async throws -> [TokenRecord] {
        if let user {
            return try await fetchTokens("SELECT id, \"user\", secret_hash, created_at, expires_at, revoked_at FROM server_tokens WHERE \"user\" = \(user) ORDER BY created_at, id")
        }
        return try await fetchTokens("SELECT id, \"user\", secret_hash, created_at, expires_at, revoked_at FROM server_tokens ORDER BY created_at, id")
    }

    public func revokeToken(id: String, at time: Int64) async throws {
        guard try await token(id: id) != nil else { throw ServerStoreError.unknownToken(id) }
        try await client.query("UPDATE server_tokens SET revoked_at = \(time) WHERE id = \(id) AND revoked_at IS NULL", logger: logger)
    }

    public func addSession(_ s: SessionRecord) async throws {
        try await client.query("DELETE FROM server_sessions WHERE expires_at < \(Int64(Date().timeIntervalSince1970))", logger: logger)
        try await client.query("INSERT INTO server_sessions (id_hash, \"user\", csrf, expires_at) VALUES (\(s.idHash), \(s.user), \(s.csrf), \(s.expiresAt))", logger: logger)
    }

    public func session(idHash: String) async throws -> SessionRecord? {
        for try await (hash, user, csrf, expires) in try await client.query(
            "SELECT id_hash, \"user\", csrf, expires_at FROM server_sessions WHERE id_hash = \(idHash)", logger: logger).decode((String, String, String, Int64).self) {
            return SessionRecord(idHash: hash, user: user, csrf: csrf, expiresAt: expires)
        }
        return nil
    }

    public func deleteSession(idHash: String) async throws {
        try await client.query("DELETE FROM server_sessions WHERE id_hash = \(idHash)", logger: logger)
    }

    public func archive(_ c: ArchivedCertificate) async throws {
        try await client.query("""
            INSERT INTO server_certificates (certificate, delivery, customer, json) VALUES (\(c.certificate), \(c.delivery), \(c.customer), \(c.json))
            ON CONFLICT (certificate) DO NOTHING
            """, logger: logger)
    }

    public func archivedCertificate(id: String) async throws -> ArchivedCertificate? {
        for try await (cert, delivery, customer, json) in try await client.query(
            "SELECT certificate, delivery, customer, json FROM server_certificates WHERE certificate = \(id)", logger: logger).decode((String, String, String, String).self) {
            return ArchivedCertificate(certificate: cert, delivery: delivery, customer: customer, json: json)
        }
        return nil
    }

    public func close() async throws { runner.cancel() }
}
