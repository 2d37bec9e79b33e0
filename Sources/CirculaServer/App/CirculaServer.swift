import HTTPTypes
import CirculaLedger
import Foundation
import Hummingbird
import Logging
import NIOCore

/// `circula serve`: Hummingbird 2 over the same store as the CLI. `run` returns after SIGINT/SIGTERM, once
/// in-flight requests are answered (ServiceLifecycle's graceful shutdown).
public enum CirculaServer {
    /// Opens the stores and keys, builds the router.
    public static func services(_ options: ServerOptions) async throws -> ServerServices {
        let ledgerStore: any LedgerStore
        if let postgres = options.postgres { ledgerStore = try await PostgresStore(url: postgres) } else { ledgerStore = try SQLiteStore(path: options.db) }
        let store = try await openServerStore(db: options.db, postgres: options.postgres)
        var key: IssuerKey?
        if let path = options.keyPath { key = try IssuerKey(pem: try String(contentsOfFile: path, encoding: .utf8)) }
        let publicKey = try options.publicKeyPath.map { try IssuerKey.publicKey(pem: try String(contentsOfFile: $0, encoding: .utf8)) }
        // After the store opened the file (it creates it and its WAL): the probe only reads.
        let probe = try options.postgres == nil ? SQLiteChangeProbe(path: options.db) : nil
        return ServerServices(ledger: Ledger(store: ledgerStore, actor: "circula serve"), store: store, issuerKey: key, publicKey: publicKey,
                              changeProbe: probe)
    }

    public static func router(_ services: ServerServices, logRequests: Bool = true) -> Router<CirculaContext> {
        let router = Router(context: CirculaContext.self)
        if logRequests { router.middlewares.add(LogRequestsMiddleware(.info)) }
        router.middlewares.add(SecurityHeadersMiddleware())
        router.middlewares.add(AuthenticationMiddleware(services: services))
        HealthRoutes.register(router)
        ElementsRoutes.register(router)
        LedgerRoutes.register(router, services)
        CertificateRoutes.register(router, services)
        StatementRoutes.register(router, services)
        WriteRoutes.register(router, services)
        PlantRoutes.register(router)
        BalanceRunRoutes.register(router)
        PlanRunRoutes.register(router)
        OpenAPIRoute.register(router)
        Dashboard.register(router, services)
        return router
    }

    /// Runs until SIGINT/SIGTERM. `onRunning` gets the bound port (useful with `--port 0`).
    public static func run(_ options: ServerOptions, logger: Logger, onRunning: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let services = try await services(options)
        let app = Application(
            // A request line is logged at info: below that level the middleware would only drop it, per request.
            router: router(services, logRequests: options.logRequests && logger.logLevel <= .info),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "circula"),
            onServerRunning: { channel in onRunning(channel.localAddress?.port ?? options.port) },
            logger: logger)
        try await app.runService()
        try? await services.store.close()
        try? await services.ledger.store.close()
        try? services.states.probe?.close()
    }
}

/// No framing, no sniffing, no referrer leaks, and a strict content security policy: pages load nothing from
/// elsewhere (no CDN) and run no inline script.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = CirculaContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.frameOptions] = "DENY"
        response.headers[Self.referrerPolicy] = "same-origin"
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[Self.requestID] = context.id
        return response
    }

    // Built once, not validated again on every response.
    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let requestID = HTTPField.Name("X-Request-Id")!
    static let policy = "default-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"
}
