import ArgumentParser
import CirculaLedger
import Foundation

/// `--db FILE` or `--postgres URL`, and who is acting.
struct StoreOptions: ParsableArguments {
    @Option(help: "SQLite ledger file.")
    var db: String = "./circula.sqlite"

    @Option(help: "PostgreSQL URL (postgres://user@host:port/database; the password from the URL, PGPASSWORD or PGPASSFILE); overrides --db. Default: $CIRCULA_POSTGRES_URL if set.")
    var postgres: String? = ProcessInfo.processInfo.environment["CIRCULA_POSTGRES_URL"]

    @Option(help: "TLS to PostgreSQL: require, prefer or disable.")
    var postgresTls: PostgresTLSMode = .prefer

    @Option(help: "Actor recorded on every event.")
    var actor: String = ProcessInfo.processInfo.environment["USER"] ?? "circula"

    /// Opens the ledger, runs `body`, closes the store; ledger, certificate and amount errors exit with status 1.
    /// `readOnly` opens the store without any write (verify).
    func withLedger<T>(readOnly: Bool = false, _ body: (Ledger) async throws -> T) async throws -> T {
        let store: any LedgerStore
        do {
            if let postgres {
                store = try await PostgresStore(url: postgres, tls: postgresTls, readOnly: readOnly)
            } else {
                store = try SQLiteStore(path: db, readOnly: readOnly)
            }
        } catch { throw fail(error) }
        let ledger = Ledger(store: store, actor: actor)
        do {
            let value = try await body(ledger)
            try? await store.close()
            return value
        } catch {
            try? await store.close()
            throw fail(error)
        }
    }
}

extension PostgresTLSMode: ExpressibleByArgument {}
