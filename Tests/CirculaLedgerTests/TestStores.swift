import CirculaLedger
import Foundation
import GRDB
import PostgresNIO
import Synchronization
import Testing

/// Which store a scenario runs against.
enum StoreKind: String, Sendable, CustomStringConvertible {
    case sqlite, postgres
    var description: String { rawValue }
}

/// `CIRCULA_TEST_POSTGRES_URL`, e.g. postgres://postgres:ci@127.0.0.1:5432/postgres; PostgreSQL tests skip without it.
let postgresURL = ProcessInfo.processInfo.environment["CIRCULA_TEST_POSTGRES_URL"]

/// A fresh, empty ledger database for one test, removed afterwards.
final class TestDatabase: Sendable {
    let kind: StoreKind
    /// SQLite file path, or PostgreSQL URL of the per-test database.
    let location: String
    let databaseName: String?
    /// Stores opened by the test, closed before the database is dropped.
    let opened = Mutex<[any LedgerStore]>([])

    init(_ kind: StoreKind) async throws {
        self.kind = kind
        switch kind {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("circula-ledger-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            location = dir.appendingPathComponent("ledger.sqlite").path
            databaseName = nil
        case .postgres:
            guard let base = postgresURL, var components = URLComponents(string: base) else {
                throw LedgerError.invalidInput("CIRCULA_TEST_POSTGRES_URL is not set")
            }
            let name = "circula_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            try await TestDatabase.admin(base) { try await $0.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)")) }
            components.path = "/" + name
            location = components.string!
            databaseName = String(name)
        }
    }

    /// A new store on this database (each call is a separate connection pool / SQLite connection).
    func store() async throws -> any LedgerStore {
        let store: any LedgerStore
        switch kind {
        case .sqlite: store = try SQLiteStore(path: location)
        case .postgres: store = try await PostgresStore(url: location, maximumConnections: 2)
        }
        opened.withLock { $0.append(store) }
        return store
    }

    func ledger(actor: String = "test") async throws -> Ledger {
        Ledger(store: try await store(), actor: actor, clock: { Date(timeIntervalSince1970: 1_714_000_000) })
    }

    /// Runs raw SQL on the database behind the ledger's back (tampering tests).
    func tamper(_ sql: String) async throws {
        switch kind {
        case .sqlite:
            let queue = try DatabaseQueue(path: location)
            try await queue.write { try $0.execute(sql: sql) }
            try queue.close()
        case .postgres:
            try await TestDatabase.admin(location) { try await $0.query(PostgresQuery(unsafeSQL: sql)) }
        }
    }

    func drop() async {
        for store in opened.withLock({ $0 }) { try? await store.close() }
        switch kind {
        case .sqlite:
            try? FileManager.default.removeItem(at: URL(fileURLWithPath: location).deletingLastPathComponent())
        case .postgres:
            guard let base = postgresURL, let databaseName else { return }
            try? await TestDatabase.admin(base) { try await $0.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(databaseName) WITH (FORCE)")) }
        }
    }

    static func admin(_ url: String, _ body: @Sendable (PostgresClient) async throws -> Void) async throws {
        let c = URLComponents(string: url)!
        let client = PostgresClient(configuration: .init(host: c.host!, port: c.port ?? 5432, username: c.user ?? "postgres",
                                                         password: c.password, database: String(c.path.dropFirst()), tls: .disable))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await body(client)
        }
    }
}

/// Runs `body` on a fresh database of `kind` and drops it afterwards.
func withDatabase(_ kind: StoreKind, _ body: (TestDatabase) async throws -> Void) async throws {
    let db = try await TestDatabase(kind)
    do {
        try await body(db)
        await db.drop()
    } catch {
        await db.drop()
        throw error
    }
}
