@testable import CirculaLedger
import Foundation
import Testing

/// Anyone who can write the SQLite file can also rewrite its tables without their NOT NULL constraints and put a
/// NULL or a blob where the ledger reads text: every read (verify, history, state, an append) must then fail with
/// an error, never trap (the store decodes columns with throwing decodes, not force-typed subscripts).
@Suite("SQLite: NULLs and blobs in rewritten tables are errors, not crashes")
struct SQLiteRewrittenSchemaTests {
    /// Recreates `table` without constraints (CREATE TABLE AS keeps the columns and rows only).
    static func unconstrain(_ table: String) -> String {
        "CREATE TABLE loose AS SELECT * FROM \(table); DROP TABLE \(table); ALTER TABLE loose RENAME TO \(table);"
    }

    @Test(arguments: ["UPDATE state SET value = NULL WHERE key LIKE 'delivery:%'",
                      "UPDATE state SET key = NULL WHERE key LIKE 'delivery:%'",
                      "UPDATE state SET value = x'00ff' WHERE key LIKE 'account:%'",
                      "UPDATE state SET batch_period = NULL, batch_ordinal = 'x' WHERE key LIKE 'batch:%'"])
    func stateRows(_ edit: String) async throws {
        try await withDatabase(.sqlite) { db in
            let ledger = try await Fixture.ledger(db)
            try await ledger.append(Fixture.allocate("D1", "pool", 50 * Fixture.t))
            try await db.tamper(Self.unconstrain("state") + edit)
            let report = try? await ledger.verify()
            #expect(report?.isValid != true, "verify passed a ledger whose state was edited: \(edit)")
            _ = try? await ledger.fullState()
            _ = try? await ledger.allocate(delivery: "D1", account: "pool", amount: 1)
        }
    }

    @Test(arguments: ["UPDATE events SET actor = NULL WHERE seq = 2", "UPDATE events SET payload = NULL WHERE seq = 3",
                      "UPDATE events SET hash = x'00' WHERE seq = (SELECT max(seq) FROM events)"])
    func events(_ edit: String) async throws {
        try await withDatabase(.sqlite) { db in
            let ledger = try await Fixture.ledger(db)
            try await ledger.append(Fixture.allocate("D1", "pool", 50 * Fixture.t))
            try await db.tamper(Self.unconstrain("events") + edit)
            let report = try? await ledger.verify()
            #expect(report?.isValid != true, "verify passed a ledger whose events were edited: \(edit)")
            _ = try? await ledger.history()
            _ = try? await ledger.append(.deliver(Delivery(delivery: "D9", customer: "Beta", site: "s1", product: "cu", mass: Fixture.t, date: "2024-04-27")))
        }
    }
}
