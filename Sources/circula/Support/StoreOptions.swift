import ArgumentParser
import CirculaLedger
import Foundation

/// `--db FILE` or `--postgres URL`, and who is acting.
struct StoreOptions: ParsableArguments {
    @Option(help: "SQLite ledger file.")
    var db: String = "./circula.sqlite"

    @Option(help: "PostgreSQL URL (postgres://user:password@host:port/database); overrides --db.")
    var postgres: String?

    @Option(help: "Actor recorded on every event.")
    var actor: String = ProcessInfo.processInfo.environment["USER"] ?? "circula"

    /// Opens the ledger, runs `body`, closes the store; ledger, certificate and amount errors exit with status 1.
    func withLedger<T>(_ body: (Ledger) async throws -> T) async throws -> T {
        let store: any LedgerStore
        do {
            if let postgres { store = try await PostgresStore(url: postgres) } else { store = try SQLiteStore(path: db) }
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
