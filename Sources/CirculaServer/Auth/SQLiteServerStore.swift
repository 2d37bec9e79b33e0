import Foundation
import GRDB

/// The server's tables in the ledger's SQLite file (a second GRDB pool on the same WAL database).
public final class SQLiteServerStore: ServerStore {
    let pool: DatabasePool

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(60)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try pool.write { db in
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS server_users (name TEXT PRIMARY KEY, role TEXT NOT NULL, customer TEXT,
                        created_at INTEGER NOT NULL, revoked_at INTEGER);
                    CREATE TABLE IF NOT EXISTS server_tokens (id TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES server_users(name),
                        secret_hash TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, revoked_at INTEGER);
                    CREATE TABLE IF NOT EXISTS server_sessions (id_hash TEXT PRIMARY KEY, user TEXT NOT NULL, csrf TEXT NOT NULL,
                        expires_at INTEGER NOT NULL);
                    CREATE TABLE IF NOT EXISTS server_certificates (certificate TEXT PRIMARY KEY, delivery TEXT NOT NULL,
                        customer TEXT NOT NULL, json TEXT NOT NULL);
                    """)
            }
        } catch {
            throw ServerStoreError.storage("cannot open SQLite file \(path): \(error)")
        }
    }

    static func user(_ row: Row) -> UserRecord {
        UserRecord(name: row["name"], role: Role(rawValue: row["role"]) ?? .customer, customer: row["customer"],
                   createdAt: row["created_at"], revokedAt: row["revoked_at"])
    }

    static func token(_ row: Row) -> TokenRecord {
        TokenRecord(id: row["id"], user: row["user"], secretHash: row["secret_hash"], createdAt: row["created_at"],
                    expiresAt: row["expires_at"], revokedAt: row["revoked_at"])
    }

    public func addUser(_ user: UserRecord) async throws {
        try await pool.write { db in
            if try Row.fetchOne(db, sql: "SELECT name FROM server_users WHERE name = ?", arguments: [user.name]) != nil {
                throw ServerStoreError.duplicateUser(user.name)
            }
            try db.execute(sql: "INSERT INTO server_users (name, role, customer, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [user.name, user.role.rawValue, user.customer, user.createdAt])
        }
    }

    public func users() async throws -> [UserRecord] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM server_users ORDER BY name").map(Self.user) }
    }

    public func user(named name: String) async throws -> UserRecord? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM server_users WHERE name = ?", arguments: [name]).map(Self.user) }
    }

    public func revokeUser(named name: String, at time: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE server_users SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", arguments: [time, name])
            if db.changesCount == 0, try Row.fetchOne(db, sql: "SELECT name FROM server_users WHERE name = ?", arguments: [name]) == nil {
                throw ServerStoreError.unknownUser(name)
            }
            try db.execute(sql: "DELETE FROM server_sessions WHERE user = ?", arguments: [name])
        }
    }

    public func addToken(_ token: TokenRecord) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO server_tokens (id, user, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [token.id, token.user, token.secretHash, token.createdAt, token.expiresAt])
        }
    }

    public func token(id: String) async throws -> TokenRecord? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM server_tokens WHERE id = ?", arguments: [id]).map(Self.token) }
    }

    public func tokens(user: String?) async throws -> [TokenRecord] {
        try await pool.read { db in
            if let user {
                return try Row.fetchAll(db, sql: "SELECT * FROM server_tokens WHERE user = ? ORDER BY created_at, id", arguments: [user]).map(Self.token)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM server_tokens ORDER BY created_at, id").map(Self.token)
        }
    }

    public func revokeToken(id: String, at time: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE server_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [time, id])
            if db.changesCount == 0, try Row.fetchOne(db, sql: "SELECT id FROM server_tokens WHERE id = ?", arguments: [id]) == nil {
                throw ServerStoreError.unknownToken(id)
            }
        }
    }

    public func addSession(_ session: SessionRecord) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM server_sessions WHERE expires_at < ?", arguments: [Int64(Date().timeIntervalSince1970)])
            try db.execute(sql: "INSERT INTO server_sessions (id_hash, user, csrf, expires_at) VALUES (?, ?, ?, ?)",
                           arguments: [session.idHash, session.user, session.csrf, session.expiresAt])
        }
    }

    public func session(idHash: String) async throws -> SessionRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM server_sessions WHERE id_hash = ?", arguments: [idHash]).map {
                SessionRecord(idHash: $0["id_hash"], user: $0["user"], csrf: $0["csrf"], expiresAt: $0["expires_at"])
            }
        }
    }

    public func deleteSession(idHash: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM server_sessions WHERE id_hash = ?", arguments: [idHash]) }
    }

    public func archive(_ c: ArchivedCertificate) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO server_certificates (certificate, delivery, customer, json) VALUES (?, ?, ?, ?) ON CONFLICT(certificate) DO NOTHING",
                           arguments: [c.certificate, c.delivery, c.customer, c.json])
        }
    }

    public func archivedCertificate(id: String) async throws -> ArchivedCertificate? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM server_certificates WHERE certificate = ?", arguments: [id]).map {
                ArchivedCertificate(certificate: $0["certificate"], delivery: $0["delivery"], customer: $0["customer"], json: $0["json"])
            }
        }
    }

    public func close() async throws { try pool.close() }
}
