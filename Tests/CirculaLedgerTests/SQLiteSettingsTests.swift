@testable import CirculaLedger
import Foundation
import GRDB
import Testing

@Suite("SQLite durability settings")
struct SQLiteSettingsTests {
    @Test func walAndFullSynchronous() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("circula-settings-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try SQLiteStore(path: path)
        let settings = try await store.pool.write { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(settings.0 == "wal")
        #expect(settings.1 == 2) // FULL
        try await store.close()
    }
}
