import Foundation

/// Opens the server's tables next to the ledger: the same SQLite file, or the same PostgreSQL database.
public func openServerStore(db: String, postgres: String?) async throws -> any ServerStore {
    if let postgres { return try await PostgresServerStore(url: postgres) }
    return try SQLiteServerStore(path: db)
}

/// Unix seconds now.
func unixNow() -> Int64 { Int64(Date().timeIntervalSince1970) }

/// `circula users` and `circula tokens`: account administration over a `ServerStore`.
public struct AccountAdministration: Sendable {
    public let store: any ServerStore
    public init(store: any ServerStore) { self.store = store }

    /// Adds a user; a customer account must name its ledger customer, other roles must not.
    public func addUser(name: String, role: Role, customer: String?) async throws -> UserRecord {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 64, trimmed.allSatisfy({ $0.isLetter || $0.isNumber || "-_.@".contains($0) }) else {
            throw ServerStoreError.invalidInput("user name \"\(name)\": expected 1 to 64 letters, digits, - _ . @")
        }
        if role == .customer, (customer ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ServerStoreError.invalidInput("a customer account needs --customer, the customer's name in the ledger (e.g. \"Customer Alpha\")")
        }
        if role != .customer, customer != nil {
            throw ServerStoreError.invalidInput("--customer is only for role customer (this user is \(role))")
        }
        let user = UserRecord(name: trimmed, role: role, customer: customer, createdAt: unixNow())
        try await store.addUser(user)
        return user
    }

    /// Issues a token for an active user; the token text is returned once and stored only as a hash.
    public func issueToken(user name: String, validDays: Int) async throws -> (token: String, record: TokenRecord) {
        guard (1...3650).contains(validDays) else { throw ServerStoreError.invalidInput("--days \(validDays): expected 1 to 3650") }
        guard let user = try await store.user(named: name) else { throw ServerStoreError.unknownUser(name) }
        guard user.revokedAt == nil else { throw ServerStoreError.invalidInput("user \"\(name)\" is revoked; no new tokens") }
        let issued = TokenSecret.issue(user: name, now: unixNow(), validDays: validDays)
        try await store.addToken(issued.record)
        return issued
    }
}
