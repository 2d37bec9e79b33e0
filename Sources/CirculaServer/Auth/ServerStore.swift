/// A user of the server (the dashboard, the API, the customer portal).
public struct UserRecord: Sendable, Equatable, Codable {
    public var name: String
    public var role: Role
    public var customer: String?
    /// Unix seconds.
    public var createdAt: Int64
    public var revokedAt: Int64?

    public init(name: String, role: Role, customer: String?, createdAt: Int64, revokedAt: Int64? = nil) {
        self.name = name; self.role = role; self.customer = customer; self.createdAt = createdAt; self.revokedAt = revokedAt
    }
}

/// An API token as stored: only the SHA-256 of its secret part, never the secret.
public struct TokenRecord: Sendable, Equatable, Codable {
    public var id: String
    public var user: String
    public var secretHash: String
    public var createdAt: Int64
    public var expiresAt: Int64
    public var revokedAt: Int64?

    public init(id: String, user: String, secretHash: String, createdAt: Int64, expiresAt: Int64, revokedAt: Int64? = nil) {
        self.id = id; self.user = user; self.secretHash = secretHash; self.createdAt = createdAt; self.expiresAt = expiresAt; self.revokedAt = revokedAt
    }
}

/// A dashboard session: the SHA-256 of the cookie's value, its CSRF token and when it ends.
public struct SessionRecord: Sendable, Equatable {
    public var idHash: String
    public var user: String
    public var csrf: String
    public var expiresAt: Int64

    public init(idHash: String, user: String, csrf: String, expiresAt: Int64) {
        self.idHash = idHash; self.user = user; self.csrf = csrf; self.expiresAt = expiresAt
    }
}

/// A signed certificate as issued through the server, kept so its holder can fetch the document again
/// (the ledger keeps only the body's hash).
public struct ArchivedCertificate: Sendable, Equatable {
    public var certificate: String
    public var delivery: String
    public var customer: String
    public var json: String

    public init(certificate: String, delivery: String, customer: String, json: String) {
        self.certificate = certificate; self.delivery = delivery; self.customer = customer; self.json = json
    }
}

/// The server's own tables, in the same database as the ledger (`server_users`, `server_tokens`,
/// `server_sessions`, `server_certificates`).
public protocol ServerStore: Sendable {
    func addUser(_ user: UserRecord) async throws
    func users() async throws -> [UserRecord]
    func user(named name: String) async throws -> UserRecord?
    func revokeUser(named name: String, at time: Int64) async throws

    func addToken(_ token: TokenRecord) async throws
    func token(id: String) async throws -> TokenRecord?
    func tokens(user: String?) async throws -> [TokenRecord]
    func revokeToken(id: String, at time: Int64) async throws

    func addSession(_ session: SessionRecord) async throws
    func session(idHash: String) async throws -> SessionRecord?
    func deleteSession(idHash: String) async throws

    func archive(_ certificate: ArchivedCertificate) async throws
    func archivedCertificate(id: String) async throws -> ArchivedCertificate?

    func close() async throws
}
