@testable import CirculaLedger
import Foundation
import PostgresNIO
import Testing

/// The PostgreSQL append (`PostgresStore+Append.swift`): a write from a head that moved writes nothing, a write too
/// large for one statement is split and stays atomic, and an allocation reads in one statement what it draws.
@Suite("Storage: PostgreSQL appends", .enabled(if: postgresURL != nil))
struct StoragePostgresAppendTests {
    /// Receipts for `count` events after the fixture (dated as the fixture's).
    static func receipts(_ range: Range<Int>) -> [LedgerEvent] {
        range.map { .receive(Receipt(lot: "A\($0)", site: "s1", supplier: "Collector", date: "2024-04-02", category: .postConsumer, elements: ["Cu": 1_000])) }
    }

    static func eventCount(_ db: TestDatabase) async throws -> Int64 {
        let store = try #require(try await db.store() as? PostgresStore)
        return try await store.client.withConnection { conn in
            try await PostgresStore.count(try await conn.query("SELECT count(*)::bigint FROM ledger_events", logger: store.logger))
        }
    }

    @Test("every session runs without JIT (it compiled the first read on every append past a million rows), with generic plans, without sequential scans")
    func sessionsRunWithoutJIT() async throws {
        try await withDatabase(.postgres) { db in
            let store = try #require(try await db.store() as? PostgresStore)
            // Several at once, so the pool opens more than one connection.
            let settings = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await store.client.withConnection { conn in
                            var value = ""
                            for try await (jit, plans, seqscan, _) in try await conn.query("SELECT current_setting('jit'), current_setting('plan_cache_mode'), current_setting('enable_seqscan'), pg_sleep(0.05)::text", logger: store.logger).decode((String, String, String, String).self) { value = jit + " " + plans + " " + seqscan }
                            return value
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(settings == Array(repeating: "off force_generic_plan off", count: 4))
        }
    }

    @Test("a write from a head another append moved writes nothing, at once or in a transaction")
    func staleHeadWritesNothing() async throws {
        try await withDatabase(.postgres) { db in
            let ledger = try await Fixture.ledger(db)
            let store = try #require(ledger.store as? PostgresStore)
            let stale = try await store.head()
            // What an append from `stale` would write, prepared but not written.
            let drafts = StoragePostgresAppendTests.receipts(0..<1).map { EventDraft($0, actor: "test", timestamp: "2024-04-25T00:00:00Z") }
            var preparation = try LedgerEngine.Preparation(drafts, head: stale,
                                                           rows: try await store.rows(keys: LedgerEngine.requiredKeys(drafts).keys, prefixes: ["input:"]))
            #expect(try preparation.advance() == nil)
            let rows = try preparation.rows()
            // Another writer moves the head.
            try await ledger.append(StoragePostgresAppendTests.receipts(1..<2))
            let before = try await StoragePostgresAppendTests.eventCount(db)
            let atOnce = try await store.client.withConnection { try await store.writeAtOnce($0, preparation.events, rows, from: stale) }
            let inTransaction = try await store.client.withConnection { try await store.writeInTransaction($0, preparation.events, rows, from: stale) }
            #expect(!atOnce && !inTransaction)
            #expect(try await StoragePostgresAppendTests.eventCount(db) == before)
            #expect(try await store.fetch(.keys([LedgerState.key(receipt: "A0")])).isEmpty)
            #expect(try await ledger.verify().isValid)
            // From the current head the same kind of write goes through.
            let stored = try await ledger.append(StoragePostgresAppendTests.receipts(0..<1))
            #expect(stored.first?.seq == before + 1)
        }
    }

    @Test("an append larger than one statement is written in pieces, all or nothing")
    func largeAppendIsAtomic() async throws {
        try await withDatabase(.postgres) { db in
            let ledger = try await Fixture.ledger(db)
            let head = try await ledger.store.head()
            let lots = PostgresStore.statementRows + 2_000
            // A row behind the ledger's back makes the events piece holding that seq fail after earlier pieces ran.
            let blocked = head.seq + Int64(PostgresStore.statementRows) + 500
            try await db.tamper("INSERT INTO ledger_events VALUES (\(blocked), 'X', 'x', 'x', 'x', '{}', 'x', 'x')")
            await #expect(throws: (any Error).self) { try await ledger.append(StoragePostgresAppendTests.receipts(0..<lots)) }
            #expect(try await ledger.store.head() == head)
            #expect(try await StoragePostgresAppendTests.eventCount(db) == head.seq + 1)
            #expect(try await ledger.store.fetch(.keys([LedgerState.key(receipt: "A0")])).isEmpty)
            try await db.tamper("DELETE FROM ledger_events WHERE seq = \(blocked)")
            let stored = try await ledger.append(StoragePostgresAppendTests.receipts(0..<lots))
            #expect(stored.count == lots)
            #expect(try await StoragePostgresAppendTests.eventCount(db) == head.seq + Int64(lots))
            #expect(try await ledger.verify().isValid)
        }
    }

    @Test("pieces keep the order and stay within the row and byte limits")
    func chunks() {
        let items = Array(0..<(2 * PostgresStore.statementRows + 5))
        let byCount = PostgresStore.chunks(items) { _ in 1 }
        #expect(byCount.map(\.count) == [PostgresStore.statementRows, PostgresStore.statementRows, 5])
        #expect(Array(byCount.joined()) == items)
        let big = PostgresStore.statementBytes / 3 + 1
        let byBytes = PostgresStore.chunks(Array(0..<7)) { _ in big }
        #expect(byBytes.map(\.count) == [2, 2, 2, 1])
        // An item above the limit still goes, alone.
        #expect(PostgresStore.chunks([1, 2]) { _ in PostgresStore.statementBytes * 2 }.map(\.count) == [1, 1])
    }

    @Test("an allocation's first read brings the open batches it draws, so it reads nothing more")
    func allocationReadsOnce() async throws {
        try await withDatabase(.postgres) { db in
            let (ledger, credits, amounts) = try await StorageScale.ledger(db, lots: 200)
            let store = try #require(ledger.store as? PostgresStore)
            try await ledger.append(Fixture.allocate("D3", "pool", 80 * Fixture.t))
            try await ledger.append(Fixture.allocate("D1", "pool", 17 * Fixture.t))
            let drafts = [EventDraft(Fixture.allocate("D1", "pool", amounts[0] + 1), actor: "test", timestamp: "2024-04-25T00:00:00Z")]
            let first = try await store.client.withConnection { try await store.firstRead($0, drafts, LedgerEngine.requiredKeys(drafts)) }
            let query = try #require(first.openBatches?.query)
            #expect(query == .openBatches(account: "pool", period: "2024-04", after: -1, limit: LedgerState.drawPage))
            // R1's batch is drawn out, so the page starts at the first lot's credit.
            #expect(first.openBatches?.rows.first.flatMap { LedgerState.batchKey($0.key)?.id } == credits[0].id)
            #expect(first.openBatches?.rows.count == LedgerState.drawPage)
            let stored = try await ledger.append(drafts[0].event)
            guard case .allocate(let a) = try stored.event() else { Issue.record("not an allocation"); return }
            #expect(a.draws == [credits[0].id: amounts[0], credits[1].id: 1])
            #expect(try await ledger.verify().isValid)
        }
    }

    /// The planner guesses a range it has no statistics for (what a big import leaves before autovacuum runs). As
    /// a join of the prefix ranges, the guess was a ninth of the table per range, and at 2M state rows it read the
    /// table in full (948 ms for one row). Here the table is smaller (300k rows of 230 bytes) and random reads cost
    /// twice the default, where that join already scans the table; the read keeps its index scans.
    @Test("an allocation's first read scans the index, not the table, on a large ledger without statistics")
    func firstReadPlansIndexScans() async throws {
        try await withDatabase(.postgres) { db in
            let ledger = try await Fixture.ledger(db)
            let store = try #require(ledger.store as? PostgresStore)
            // The filler's kind is read by no event.
            try await db.tamper("ALTER TABLE ledger_state SET (autovacuum_enabled = false)")
            try await db.tamper("INSERT INTO ledger_state (key, value) SELECT 'zz-filler:' || lpad(i::text, 7, '0'), repeat('x', 230) FROM generate_series(1, 300000) i")
            try await db.tamper("ANALYZE ledger_state")
            try await db.tamper("DELETE FROM pg_statistic WHERE starelid = 'ledger_state'::regclass")
            let drafts = [EventDraft(Fixture.allocate("D1", "pool", Fixture.t), actor: "test", timestamp: "2024-04-25T00:00:00Z")]
            let needed = LedgerEngine.requiredKeys(drafts)
            #expect(!needed.prefixes.isEmpty)
            let statement = PostgresStore.FirstReadStatement(keys: needed.keys, prefixes: needed.prefixes, delivery: LedgerState.key(delivery: "D1"), account: "pool", limit: Int64(LedgerState.drawPage))
            let plan = try await store.client.withConnection { conn in
                var lines: [String] = []
                try await conn.query("BEGIN", logger: store.logger)
                try await conn.query("SET LOCAL random_page_cost = 8", logger: store.logger)
                let explain = PostgresQuery(unsafeSQL: "EXPLAIN " + PostgresStore.FirstReadStatement.sql, binds: try statement.makeBindings())
                for try await line in try await conn.query(explain, logger: store.logger).decode(String.self) { lines.append(line) }
                try await conn.query("ROLLBACK", logger: store.logger)
                return lines.joined(separator: "\n")
            }
            #expect(plan.contains("ledger_state_pkey"), "\(plan)")
            #expect(!plan.contains("Seq Scan on ledger_state"), "\(plan)")
            // And the read still brings what the allocation needs.
            let first = try await store.client.withConnection { try await store.firstRead($0, drafts, LedgerEngine.requiredKeys(drafts)) }
            #expect(first.rows.keys.contains { $0.hasPrefix("product:") })
            #expect(first.openBatches?.rows.isEmpty == false)
        }
    }

    /// A session plans each ledger statement once (generic plans) and keeps that plan until the table's
    /// statistics change. Planned on a small ledger's statistics (20 rows, one page), every arm of the first read
    /// was a sequential scan, kept as the table grew: in the benchmark, one scan of every state row per
    /// allocation (pg_stat_user_tables: 1,003 scans reading 1,006,000 rows for 1,000 allocations) until
    /// autovacuum's next analyze. Planned small, grown to 30,000 rows with no analyze in between, the plan still
    /// uses the indexes (`enable_seqscan = off` in `PostgresStore.sessionSettings`).
    @Test("a statement planned on a small ledger keeps its index scans as the table grows")
    func smallLedgerPlansStayIndexed() async throws {
        try await withDatabase(.postgres) { db in
            let ledger = try await Fixture.ledger(db)
            let store = try #require(ledger.store as? PostgresStore)
            try await db.tamper("ALTER TABLE ledger_state SET (autovacuum_enabled = false)")
            // What autovacuum does to a new ledger within a minute: statistics of its 20-odd rows.
            try await db.tamper("ANALYZE ledger_state")
            let plan = try await store.client.withConnection { conn in
                let sql = PostgresStore.FirstReadStatement.sql
                try await conn.query(PostgresQuery(unsafeSQL: "PREPARE circula_probe (text[], text[], text[], text, text, bigint) AS " + sql), logger: store.logger)
                let run = "circula_probe (ARRAY['config', 'delivery:D1'], ARRAY['product:'], ARRAY['product;'], 'delivery:D1', 'pool', 64)"
                try await conn.query(PostgresQuery(unsafeSQL: "EXECUTE " + run), logger: store.logger)
                try await db.tamper("INSERT INTO ledger_state (key, value) SELECT 'zz-filler:' || lpad(i::text, 7, '0'), repeat('x', 230) FROM generate_series(1, 30000) i")
                var lines: [String] = []
                for try await line in try await conn.query(PostgresQuery(unsafeSQL: "EXPLAIN EXECUTE " + run), logger: store.logger).decode(String.self) { lines.append(line) }
                try await conn.query("DEALLOCATE circula_probe", logger: store.logger)
                return lines.joined(separator: "\n")
            }
            #expect(!plan.contains("Seq Scan on ledger_state"), "\(plan)")
            #expect(plan.contains("ledger_state_pkey"), "\(plan)")
        }
    }
}
