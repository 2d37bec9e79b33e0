@testable import CirculaLedger
import Foundation
import GRDB
import Testing

/// PostgreSQL credentials and TLS, SQLite readers during a write, races retried with the real reason.
@Suite("Ledger connections and races")
struct ConnectionTests {
    /// The URL of the test server without its password, and the password.
    func withoutPassword() throws -> (url: String, password: String) {
        let base = try #require(postgresURL)
        var c = try #require(URLComponents(string: base))
        let password = try #require(c.password)
        c.password = nil
        return (try #require(c.string), password)
    }

    @Test(.enabled(if: postgresURL != nil)) func passwordFromTheEnvironment() async throws {
        let (url, password) = try withoutPassword()
        let store = try await PostgresStore(url: url, environment: ["PGPASSWORD": password])
        _ = try await store.head()
        try await store.close()
        // PGPASSFILE, with a wildcard database
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let c = try #require(URLComponents(string: url))
        try "# comment\n\(c.host ?? ""):\(c.port ?? 5432):*:\(c.user ?? "postgres"):\(password)\n".write(toFile: file, atomically: true, encoding: .utf8)
        let fromFile = try await PostgresStore(url: url, environment: ["PGPASSFILE": file])
        _ = try await fromFile.head()
        try await fromFile.close()
    }

    /// A wrong password fails at once with the server's message (it took 67 s and said nothing useful).
    @Test(.enabled(if: postgresURL != nil)) func wrongPasswordFailsWithTheServersMessage() async throws {
        let (url, _) = try withoutPassword()
        let error = try await withTimeLimit(seconds: 20) { () -> String in
            do {
                _ = try await PostgresStore(url: url, environment: ["PGPASSWORD": "wrong"])
                return "connected"
            } catch { return "\(error)" }
        }
        #expect(error.contains("password authentication failed for user \"postgres\""), "\(error)")
        #expect(!error.contains("wrong"))
    }

    /// `require` refuses a server without TLS (the test server has none); `prefer` falls back to plain.
    @Test(.enabled(if: postgresURL != nil)) func tlsModes() async throws {
        let url = try #require(postgresURL)
        let preferred = try await PostgresStore(url: url, tls: .prefer)
        _ = try await preferred.head()
        try await preferred.close()
        await #expect(throws: LedgerError.self) { _ = try await PostgresStore(url: url, tls: .require) }
    }

    /// Opening and reading the ledger while another process holds its write lock neither waits nor fails.
    @Test func readersDoNotTakeTheWriteLock() async throws {
        try await withDatabase(.sqlite) { db in
            let ledger = try await Fixture.ledger(db)
            try await ledger.store.close()
            let holder = try DatabaseQueue(path: db.location)
            try await holder.writeWithoutTransaction { conn in
                try conn.execute(sql: "BEGIN IMMEDIATE")
                defer { try? conn.execute(sql: "ROLLBACK") }
                // While the lock is held (as during a long import): open, read, verify.
                let started = Date()
                let reader = try SQLiteStore(path: db.location)
                let state = try LedgerState(rows: try reader.reader.read { try SQLiteStore.rows($0, keys: [LedgerState.key(account: "pool")], prefixes: []) })
                #expect(state.accounts["pool"]?.balance == 97 * Fixture.t)
                #expect(Date().timeIntervalSince(started) < SQLiteStore.busyTimeout)
                try reader.writer?.close()
            }
            try holder.close()
        }
    }

    /// Eight allocators without an amount race for one 80 t delivery: one takes it all, the others are told the
    /// real reason (nothing unclaimed), never "would exceed its physical mass" or "below zero".
    @Test(arguments: [StoreKind.sqlite, .postgres])
    func racesAreRetriedWithTheRealReason(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        try await withDatabase(kind) { db in
            _ = try await Fixture.ledger(db)
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let ledger = try await db.ledger()
                        do { _ = try await ledger.allocate(delivery: "D3", account: "pool"); return "ok" } catch { return "\(error)" }
                    }
                }
                var all: [String] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0 == "ok" }.count == 1, "\(outcomes)")
            for outcome in outcomes where outcome != "ok" {
                #expect(outcome.hasPrefix("nothing to allocate: delivery D3 has 0 g unclaimed"), "\(outcome)")
            }
            let ledger = try await db.ledger()
            #expect(try await ledger.fullState().deliveries["D3"]?.claimed == 80 * Fixture.t)
            #expect(try await ledger.verify().isValid)
        }
    }
}
