import Hummingbird

/// Puts the caller's identity into the context: `Authorization: Bearer circ_…` (API) or the `circula_session`
/// cookie (dashboard). A presented token that fails is answered 401 at once; routes decide what anonymous may do.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = CirculaContext
    let services: ServerServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            guard header.hasPrefix("Bearer ") else { throw Problem.unauthorized("Authorization: expected Bearer <token>") }
            do {
                context.identity = try await services.credentials.identity(token: String(header.dropFirst(7)))
            } catch let failure as CredentialCache.Failure {
                context.logger.info("refused token", metadata: ["reason": "\(failure)"])
                throw Problem.unauthorized(failure.description)
            }
        } else if let cookie = request.cookies[SessionCookie.name]?.value,
                  let (identity, session) = try await services.credentials.session(cookie: cookie) {
            context.identity = identity
            context.session = session
        }
        if let identity = context.identity {
            // The name itself, not a string built from it: this runs on every signed-in request at any log level.
            context.logger[metadataKey: "user"] = .string(identity.user)
        }
        return try await next(request, context)
    }
}

/// Who may call a route.
public enum Access: String, Sendable, CaseIterable {
    /// Anyone, signed in or not.
    case `public`
    /// Any signed-in account; customers see only their own records.
    case signedIn = "signed-in"
    /// admin, operator, auditor.
    case staff
    /// admin, operator.
    case writer
    /// admin only.
    case admin

    public func allows(_ role: Role?) -> Bool {
        switch self {
        case .public: true
        case .signedIn: role != nil
        case .staff: role?.readsEverything ?? false
        case .writer: role?.writesLedger ?? false
        case .admin: role == .admin
        }
    }
}

extension CirculaContext {
    /// The identity if the route's access allows it; 401 when nobody is signed in, 403 when the role may not.
    @discardableResult
    func require(_ access: Access) throws -> Identity? {
        if access == .public { return identity }
        guard let identity else { throw Problem.unauthorized() }
        guard access.allows(identity.role) else {
            throw Problem.forbidden("role \(identity.role) may not do this (needs \(access.rawValue))")
        }
        return identity
    }
}

enum SessionCookie {
    static let name = "circula_session"
    static let csrfName = "circula_csrf"
}
