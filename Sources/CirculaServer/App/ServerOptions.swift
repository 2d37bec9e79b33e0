/// How `circula serve` was started.
public struct ServerOptions: Sendable {
    public var host: String
    public var port: Int
    /// SQLite ledger file (ignored with `postgres`).
    public var db: String
    public var postgres: String?
    /// Issuer private key (PEM): lets writers issue certificates; its public half is published.
    public var keyPath: String?
    /// Issuer public key (PEM) to publish when the private key stays elsewhere.
    public var publicKeyPath: String?
    /// Log requests (one line each, with the request id).
    public var logRequests: Bool

    public init(host: String = "127.0.0.1", port: Int = 8080, db: String = "./circula.sqlite", postgres: String? = nil,
                keyPath: String? = nil, publicKeyPath: String? = nil, logRequests: Bool = true) {
        self.host = host; self.port = port; self.db = db; self.postgres = postgres
        self.keyPath = keyPath; self.publicKeyPath = publicKeyPath; self.logRequests = logRequests
    }
}
