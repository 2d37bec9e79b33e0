import Foundation

/// Resolves bearer tokens and session cookies to an identity. A checked credential is remembered for one
/// second per process, so revocation (in any process sharing the database) takes effect within a second
/// while the hot read routes do not hit the database on every request.
final class CredentialCache: Sendable {
    let store: any ServerStore
    static let lifetime: TimeInterval = 1
    private let tokens = LockedValue<[String: (identity: Identity, checked: Date, expiresAt: Int64)]>([:])

    init(store: any ServerStore) { self.store = store }

    enum Failure: Error, CustomStringConvertible {
        case malformed, unknown, revoked, expired, userRevoked
        var description: String {
            switch self {
            case .malformed: "the bearer token is not a Circula token (circ_<id>_<secret>)"
            case .unknown: "the token is not known"
            case .revoked: "the token was revoked"
            case .expired: "the token expired"
            case .userRevoked: "the token's user was revoked"
            }
        }
    }

    func identity(token text: String) async throws -> Identity {
        guard let (id, secret) = TokenSecret.parse(text) else { throw Failure.malformed }
        let hash = TokenSecret.sha256Hex(secret)
        let now = Date()
        let key = id + ":" + hash
        if let hit = tokens.withLock({ $0[key] }), now.timeIntervalSince(hit.checked) < Self.lifetime, hit.expiresAt > Int64(now.timeIntervalSince1970) {
            return hit.identity
        }
        guard let record = try await store.token(id: id), TokenSecret.constantTimeEqual(record.secretHash, hash) else { throw Failure.unknown }
        guard record.revokedAt == nil else { throw Failure.revoked }
        guard record.expiresAt > Int64(now.timeIntervalSince1970) else { throw Failure.expired }
        guard let user = try await store.user(named: record.user), user.revokedAt == nil else { throw Failure.userRevoked }
        let identity = Identity(user: user.name, role: user.role, customer: user.customer)
        tokens.withLock {
            if $0.count > 10_000 { $0.removeAll() }
            $0[key] = (identity, now, record.expiresAt)
        }
        return identity
    }

    /// A session cookie's identity and record, or nil when the session is unknown, expired or its user revoked.
    func session(cookie value: String) async throws -> (Identity, SessionRecord)? {
        guard value.count < 200 else { return nil }
        guard let session = try await store.session(idHash: TokenSecret.sha256Hex(value)),
              session.expiresAt > unixNow(),
              let user = try await store.user(named: session.user), user.revokedAt == nil else { return nil }
        return (Identity(user: user.name, role: user.role, customer: user.customer), session)
    }
}
