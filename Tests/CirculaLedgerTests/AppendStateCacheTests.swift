@testable import CirculaLedger
import Foundation
import Testing

/// Appends that continue from the state the last one left (`Store/AppendStateCache.swift`): the same events, hashes
/// and rows as appends that read afresh; never used once another writer moved the ledger on; bounded.
@Suite("Append state reuse")
struct AppendStateCacheTests {
    static let t = Fixture.t

    static func cache(_ ledger: Ledger) throws -> AppendStateCache {
        if let store = ledger.store as? SQLiteStore { return store.stateCache }
        if let store = ledger.store as? PostgresStore { return store.stateCache }
        throw LedgerError.invalidInput("not a store with a state cache")
    }

    /// The same random sequences of events (LedgerPropertyTests.randomEvent) into a ledger that reuses its state
    /// and one that reads afresh: each event accepted or refused alike (same message), and at the end the same
    /// events, hashes and state rows; both verify.
    @Test(arguments: [StoreKind.sqlite, .postgres])
    func reuseGivesWhatFreshReadsGive(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        for seed in [UInt64(11), 4242] {
            try await withDatabase(kind) { reusing in
                try await withDatabase(kind) { fresh in
                    let a = try await Fixture.ledger(reusing), b = try await Fixture.ledger(fresh)
                    try Self.cache(b).isEnabled = false
                    var random = SplitMix64(seed: seed)
                    var ids = try await a.history().map(\.id)
                    var reused = 0
                    for step in 0..<80 {
                        let state = try await b.fullState()
                        let event = LedgerPropertyTests.randomEvent(&random, state: state, accepted: ids)
                        if try Self.cache(a).holdsState { reused += 1 }
                        let outcomeA: Result<StoredEvent, LedgerError>, outcomeB: Result<StoredEvent, LedgerError>
                        do { outcomeA = .success(try await a.append(event)) } catch let error as LedgerError { outcomeA = .failure(error) }
                        do { outcomeB = .success(try await b.append(event)) } catch let error as LedgerError { outcomeB = .failure(error) }
                        switch (outcomeA, outcomeB) {
                        case (.success(let x), .success(let y)): #expect(x == y, "seed \(seed) step \(step): \(event)"); ids.append(x.id)
                        case (.failure(let x), .failure(let y)): #expect(x.description == y.description, "seed \(seed) step \(step)")
                        default: Issue.record("seed \(seed) step \(step): reusing \(outcomeA), fresh \(outcomeB) for \(event)")
                        }
                    }
                    // (A refusal drops the kept state, and these sequences are refused often: about one in four or
                    // more appends continues from a kept state.)
                    #expect(reused > 0, "the state was never reused")
                    #expect(try await a.store.allRows() == b.store.allRows())
                    #expect(try await a.store.head() == b.store.head())
                    #expect(try await a.verify().isValid)
                    #expect(try await b.verify().isValid)
                }
            }
        }
    }

    /// A second allocation reads only the row its state lacks: none for a delivery it holds, the delivery's row
    /// for another; reading afresh, it reads the config, delivery, account, products and input rows and the
    /// batches it draws.
    @Test(arguments: [StoreKind.sqlite, .postgres])
    func aWarmAllocationReadsWhatItLacks(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            try Self.cache(ledger).forget()
            try await ledger.append(Fixture.allocate("D1", "pool", 1 * Self.t))
            let cold = try StorageScale.traffic(ledger).lastRead
            #expect(cold >= 5, "a fresh allocation read \(cold) rows")
            try await ledger.append(Fixture.allocate("D1", "pool", 1 * Self.t))
            #expect(try StorageScale.traffic(ledger).lastRead == 0)
            try await ledger.append(Fixture.allocate("D3", "pool", 1 * Self.t))
            #expect(try StorageScale.traffic(ledger).lastRead == 1)
            try Self.cache(ledger).isEnabled = false
            try await ledger.append(Fixture.allocate("D3", "pool", 1 * Self.t))
            #expect(try StorageScale.traffic(ledger).lastRead == cold)
            #expect(try await ledger.verify().isValid)
        }
    }

    /// Another store on the same ledger allocates between two allocations of the first: the first sees it (its
    /// kept state is not used) and refuses what the credits left no longer cover, with the fresh read's message.
    @Test(arguments: [StoreKind.sqlite, .postgres])
    func anotherWriterMovesTheLedgerOn(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        try await withDatabase(kind) { db in
            let first = try await Fixture.ledger(db)
            let second = try await db.ledger()
            try await first.append(Fixture.allocate("D1", "pool", 40 * Self.t))
            #expect(try Self.cache(first).holdsState)
            try await second.append(Fixture.allocate("D3", "pool", 50 * Self.t))
            // 7 t left in pool: 10 t more for D1 is refused, though the first store's state still shows 57 t.
            await #expect(throws: LedgerError.self) { try await first.append(Fixture.allocate("D1", "pool", 10 * Self.t)) }
            try await first.append(Fixture.allocate("D1", "pool", 7 * Self.t))
            let pool = try #require(try await first.summaryState(keys: [LedgerState.key(account: "pool")]).accounts["pool"])
            #expect(pool.balance == 0)
            // and the other way round
            try await second.append(Fixture.allocate("D2", "alpha", 1 * Self.t))
            try await first.append(Fixture.allocate("D2", "alpha", 1 * Self.t))
            let alpha = try #require(try await second.summaryState(keys: [LedgerState.key(account: "alpha")]).accounts["alpha"])
            #expect(alpha.balance == 9_700_000 - 2 * Self.t)
            #expect(try await first.verify().isValid)
        }
    }

    /// SQLite: a row changed behind the ledger's back (any other connection's commit) is seen by the next append,
    /// as by a fresh read: here an edited delivery row is refused with the storage error, not overwritten.
    @Test func sqliteSeesAnEditBehindItsBack() async throws {
        try await withDatabase(.sqlite) { db in
            let ledger = try await Fixture.ledger(db)
            try await ledger.append(Fixture.allocate("D1", "pool", 1 * Self.t))
            #expect(try Self.cache(ledger).holdsState)
            try await db.tamper("UPDATE state SET value = '{\"broken\":true}' WHERE key = 'delivery:D1'")
            // (the row's decoding error: what a fresh read gives)
            await #expect(throws: (any Error).self) { try await ledger.append(Fixture.allocate("D1", "pool", 1 * Self.t)) }
            #expect(try await db.ledger().store.rows(keys: ["delivery:D1"], prefixes: [])["delivery:D1"] == "{\"broken\":true}")
        }
    }

    /// A refusal leaves nothing kept (the state it changed is dropped); the next append reads afresh and is right.
    @Test(arguments: [StoreKind.sqlite, .postgres])
    func aRefusalDropsTheKeptState(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            try await ledger.append(Fixture.allocate("D1", "pool", 1 * Self.t))
            #expect(try Self.cache(ledger).holdsState)
            // a second event after a valid one: the first is applied to the state, then the append is refused
            await #expect(throws: LedgerError.self) {
                try await ledger.append([Fixture.allocate("D1", "pool", 1 * Self.t), Fixture.allocate("D1", "pool", 1_000 * Self.t)])
            }
            #expect(try !Self.cache(ledger).holdsState)
            try await ledger.append(Fixture.allocate("D1", "pool", 1 * Self.t))
            let delivery = try #require(try await ledger.state(keys: [LedgerState.key(delivery: "D1")]).deliveries["D1"])
            #expect(delivery.claimed == 2 * Self.t)
            #expect(try await ledger.verify().isValid)
        }
    }

    /// A state above `rowLimit` rows (after an import) is not kept; the next append reads afresh.
    @Test func aLargeStateIsNotKept() async throws {
        try await withDatabase(.sqlite) { db in
            let ledger = try await Fixture.ledger(db)
            #expect(try Self.cache(ledger).holdsState)
            let lots = AppendStateCache.rowLimit + 1
            try await ledger.append((0..<lots).map {
                .receive(Receipt(lot: "B\($0)", site: "s1", supplier: "Collector", date: "2024-04-02", category: .postConsumer, elements: ["Cu": 1_000]))
            })
            #expect(try !Self.cache(ledger).holdsState)
            try await ledger.append(Fixture.allocate("D1", "pool", 1 * Self.t))
            #expect(try Self.cache(ledger).holdsState)
        }
    }
}
