@testable import CirculaLedger
import Foundation
import Testing

/// The storage layout at scale: credit batches are rows of their own, an allocation reads the few it draws, verify
/// streams and spills. Each scenario runs on a real SQLite file and a real PostgreSQL database.
enum StorageScale {
    static let t = Fixture.t

    /// The fixture plus `lots` receipts credited one by one to pool (a batch each, in one append), amounts varying.
    /// - Returns: the credit events in order (their ids are the batch ids) and their amounts.
    static func ledger(_ db: TestDatabase, lots: Int) async throws -> (Ledger, [StoredEvent], [Int64]) {
        let ledger = try await Fixture.ledger(db)
        var events: [LedgerEvent] = []
        var amounts: [Int64] = []
        for i in 0..<lots {
            let recycled = Int64(1_000 * (i % 7 + 1))
            let amount = Fixture.f("0.97").apply(to: recycled)
            amounts.append(amount)
            events.append(.receive(Receipt(lot: "S\(i)", site: "s1", supplier: "Collector", date: "2024-04-02", category: .postConsumer,
                                           elements: ["Cu": recycled])))
            events.append(Fixture.credit("S\(i)", "Cu", "pool", "0.97", amount))
        }
        let stored = try await ledger.append(events)
        return (ledger, stored.filter { $0.type == "issue-credit" }, amounts)
    }

    static func traffic(_ ledger: Ledger) throws -> StateTraffic {
        if let store = ledger.store as? SQLiteStore { return store.traffic.withLock { $0 } }
        if let store = ledger.store as? PostgresStore { return store.traffic.withLock { $0 } }
        throw LedgerError.invalidInput("not a store with traffic counters")
    }

    /// Every stored row, through the paged read verify uses.
    static func allStateRows(_ ledger: Ledger) async throws -> [StateRow] {
        var rows: [StateRow] = []
        while true {
            let page = try await ledger.store.fetch(.page(after: rows.last?.key, limit: 1000))
            rows += page
            if page.count < 1000 { return rows }
        }
    }

    /// With 20 000 batches in the account, an allocation reads a bounded number of rows (not the account's history),
    /// writes only the batches it draws, and no stored row grows with the history.
    static func boundedAllocation(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let lots = 20_000
            let (ledger, credits, amounts) = try await ledger(db, lots: lots)
            // pool also holds R1's 97 t batch (the fixture's, created first): draw it out first.
            try await ledger.append(Fixture.allocate("D3", "pool", 80 * t))
            try await ledger.append(Fixture.allocate("D1", "pool", 17 * t))
            let amount = amounts.prefix(5).reduce(0, +) + 1
            let allocation = try await ledger.append(Fixture.allocate("D1", "pool", amount))
            let traffic = try traffic(ledger)
            // config, delivery, account, products, then one page of open batches (fewer when the account holds fewer)
            #expect(traffic.lastRead <= 5 + LedgerState.drawPage, "an allocation read \(traffic.lastRead) rows")
            // delivery, account summary and the six batches drawn
            #expect(traffic.lastWritten == 2 + 6)
            guard case .allocate(let a) = try allocation.event() else { Issue.record("not an allocation"); return }
            var expected = Dictionary(uniqueKeysWithValues: zip(credits.prefix(5).map(\.id), amounts.prefix(5)))
            expected[credits[5].id] = 1
            #expect(a.draws == expected)
            let rows = try await allStateRows(ledger)
            let batchRows = rows.filter { $0.key.hasPrefix("batch:pool\u{1F}") }
            #expect(batchRows.count == lots + 1)
            let largest = try #require(rows.map(\.value.utf8.count).max())
            #expect(largest < 1_000, "a state row of \(largest) bytes")
            // the summary alone gives the balance (97 t of R1 were drawn out first)
            let pool = try #require(try await ledger.summaryState(keys: [LedgerState.key(account: "pool")]).accounts["pool"])
            #expect(pool.batches.isEmpty)
            #expect(pool.balance == amounts.reduce(0, +) - amount)
        }
    }

    /// Draws cross page boundaries in creation order, around batches already used or moved out, and a transfer's
    /// and a carry-over's new batches are drawn after the older ones; verify (spilling or not) agrees.
    static func drawOrderAcrossPages(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let lots = 3 * LedgerState.drawPage + 10
            let (ledger, credits, amounts) = try await ledger(db, lots: lots)
            try await ledger.append(Fixture.allocate("D3", "pool", 80 * t))
            try await ledger.append(Fixture.allocate("D1", "pool", 17 * t))
            // a transfer takes the first 100 lots' credits (all of them) to pool2
            let moved = amounts.prefix(100).reduce(0, +)
            try await ledger.append(.transfer(Transfer(from: "pool", to: "pool2", amount: moved, date: "2024-04-10")))
            // an allocation across the next two pages: lots 100 ..< lots - 3 fully, then 1 g of the next
            let take = amounts[100..<(lots - 3)].reduce(0, +) + 1
            let stored = try await ledger.append(Fixture.allocate("D1", "pool", take))
            guard case .allocate(let a) = try stored.event() else { Issue.record("not an allocation"); return }
            var expected = Dictionary(uniqueKeysWithValues: zip(credits[100..<(lots - 3)].map(\.id), amounts[100..<(lots - 3)]))
            expected[credits[lots - 3].id] = 1
            #expect(a.draws == expected)
            // April closes with carry: what is left moves to May in the same order
            try await ledger.append(.closePeriod(PeriodClose(period: "2024-04", rule: .carry)))
            let pool = try await account(ledger, "pool")
            let may = pool.batches.filter { $0.period == "2024-05" }.map(\.id)
            #expect(may == credits[(lots - 3)...].map { $0.id + ">2024-05" })
            #expect(pool.available(in: "2024-05") == amounts[(lots - 3)...].reduce(0, +) - 1)
            #expect(try await account(ledger, "pool2").available(in: "2024-05") == moved)
            let full = try await ledger.verify()
            #expect(full.isValid)
            let spilling = try await ledger.verify(memoryRows: 8)
            #expect(spilling == full)
            // The scratch file is the store's schema with its state table clustered on the key.
            #expect(ReplayScratch.schema.contains(") WITHOUT ROWID;"))
            #expect(ReplayScratch.schema.replacingOccurrences(of: " WITHOUT ROWID", with: "") == SQLiteStore.schema)
        }
    }

    /// Verify with a tiny memory budget (spilling to its temporary file every few hundred events) finds the same
    /// tampering as with the default one.
    static func spillingVerifyFindsTampering(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let (ledger, credits, _) = try await ledger(db, lots: 400)
            try await ledger.append(Fixture.allocate("D1", "pool", 50 * t))
            let stateTable = kind == .sqlite ? "state" : "ledger_state"
            try await db.tamper("UPDATE \(stateTable) SET value = replace(value, '\"claimed\":0', '\"claimed\":1') WHERE key LIKE 'batch:pool_\(credits[300].id)'")
            try await db.tamper("DELETE FROM \(stateTable) WHERE key = 'receipt:S7'")
            try await db.tamper("INSERT INTO \(stateTable) (key, value) VALUES ('receipt:S9999', '{}')")
            let expected = [
                "batch:pool/\(credits[300].id): stored value differs from the value rebuilt from the events",
                "receipt:S7: missing from the stored state",
                "receipt:S9999: stored but not produced by any event",
            ]
            #expect(try await ledger.verify().stateMismatches == expected)
            #expect(try await ledger.verify(memoryRows: 8).stateMismatches == expected)
        }
    }

    /// A ledger written before batches had rows of their own is refused when opened, not read as empty accounts.
    static func refusesEarlierLayout(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            switch kind {
            case .sqlite:
                try await db.tamper("""
                    CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, timestamp TEXT NOT NULL,
                        actor TEXT NOT NULL, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
                    CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    """)
            case .postgres:
                // one statement per query (the extended protocol takes one)
                try await db.tamper("""
                    CREATE TABLE ledger_events (seq BIGINT PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, timestamp TEXT NOT NULL,
                        actor TEXT NOT NULL, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)
                    """)
                try await db.tamper("CREATE TABLE ledger_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                try await db.tamper("CREATE TABLE ledger_head (id INT PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL, hash TEXT NOT NULL)")
            }
            do {
                _ = try await db.store()
                Issue.record("a ledger of the earlier layout was opened")
            } catch let error as LedgerError {
                #expect(error.description.contains("earlier Circula storage layout"), "\(error)")
            }
        }
    }
}

@Suite("Storage at scale (SQLite)") struct StorageScaleSQLiteTests {
    @Test func boundedAllocation() async throws { try await StorageScale.boundedAllocation(.sqlite) }
    @Test func drawOrderAcrossPages() async throws { try await StorageScale.drawOrderAcrossPages(.sqlite) }
    @Test func spillingVerifyFindsTampering() async throws { try await StorageScale.spillingVerifyFindsTampering(.sqlite) }
    @Test func refusesEarlierLayout() async throws { try await StorageScale.refusesEarlierLayout(.sqlite) }
}

@Suite("Storage at scale (PostgreSQL)", .enabled(if: postgresURL != nil)) struct StorageScalePostgresTests {
    @Test func boundedAllocation() async throws { try await StorageScale.boundedAllocation(.postgres) }
    @Test func drawOrderAcrossPages() async throws { try await StorageScale.drawOrderAcrossPages(.postgres) }
    @Test func spillingVerifyFindsTampering() async throws { try await StorageScale.spillingVerifyFindsTampering(.postgres) }
    @Test func refusesEarlierLayout() async throws { try await StorageScale.refusesEarlierLayout(.postgres) }
}
