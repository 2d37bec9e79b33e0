import ArgumentParser
import CirculaServer
import Foundation
import Logging

/// `circula serve`: the HTTP API, dashboard and customer portal over the same ledger as the CLI.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the JSON API (/api/v1), the dashboard and the customer portal over the ledger.",
        discussion: """
            Users and tokens: `circula users add NAME --role admin|operator|auditor|customer [--customer NAME]`, then
            `circula tokens issue --user NAME`. Sign in to the dashboard with a token; API clients send
            `Authorization: Bearer <token>`. Stops cleanly on Ctrl-C or SIGTERM (in-flight requests are answered).
            Example: circula serve --db out/demo/circula.sqlite --key out/demo/keys/issuer.key.pem --port 8080
            """)

    @Option(help: "SQLite ledger file.") var db: String = "./circula.sqlite"
    @Option(help: "PostgreSQL URL (postgres://user:password@host:port/database); overrides --db.") var postgres: String?
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Port (0: any free port; the bound one is printed).") var port: Int = 8080
    @Option(help: "Issuer private key (PEM): lets operators issue certificates; its public key is published.") var key: String?
    @Option(help: "Issuer public key (PEM) to publish for the verification page, when the private key is elsewhere.") var publicKey: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel: String = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port): expected 0 to 65535") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level \(logLevel): expected trace, debug, info, notice, warning or error") }
    }

    func run() async throws {
        var logger = Logger(label: "circula.serve")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let options = ServerOptions(host: host, port: port, db: db, postgres: postgres, keyPath: key, publicKeyPath: publicKey)
        let host = self.host
        do {
            try await CirculaServer.run(options, logger: logger) { bound in
                // Written unbuffered: scripts and tests wait for this line to learn the port.
                FileHandle.standardOutput.write(Data("circula serve: listening on http://\(host):\(bound)/ (store: \(postgres == nil ? db : "PostgreSQL"))\n".utf8))
            }
        } catch { throw fail(error) }
    }
}
