import CirculaCore
@testable import CirculaLedger
import Foundation
import Testing

/// What `verify`'s scratch writes when it spills (`ReplayScratch.spill`): the changed rows, encoded in parallel
/// lanes, must be exactly the rows and order one lane gives.
@Suite("Spill encoding")
struct SpillEncodingTests {
    /// A state with `lots` receipts credited to pool (a batch row each) and a few deliveries and allocations.
    static func state(lots: Int) throws -> LedgerState {
        var state = LedgerState()
        var seq: Int64 = 0
        func apply(_ event: LedgerEvent) throws {
            seq += 1
            try state.apply(event, id: HashChain.eventID(seq: seq), recordedAt: "2024-04-24T23:06:40Z")
        }
        for event in Fixture.setup() { try apply(event) }
        for i in 0..<lots {
            try apply(.receive(Receipt(lot: "S\(i)", site: "s1", supplier: "Collector", date: "2024-04-02", category: .postConsumer,
                                       elements: ["Cu": Fixture.t + Int64(i)])))
            let (account, factor) = i % 3 == 0 ? ("pool90", "0.9") : ("pool", "0.97")
            try apply(Fixture.credit("S\(i)", "Cu", account, factor, Fixture.f(factor).apply(to: Fixture.t + Int64(i))))
        }
        try apply(Fixture.allocate("D1", "pool", 30 * Fixture.t))
        try apply(Fixture.allocate("D3", "pool90", 20 * Fixture.t))
        return state
    }

    @Test(arguments: [2, 3, 7])
    func lanesGiveTheRowsOfOneLane(lanes: Int) throws {
        let state = try Self.state(lots: 4000)
        let one = try state.dirtyStateRows(lanes: 1)
        #expect(one.count > 8000)
        #expect(one.map(\.key) == one.map(\.key).sorted())
        let parallel = try state.dirtyStateRows(lanes: lanes)
        #expect(parallel.map(\.key) == one.map(\.key))
        #expect(parallel.map(\.value) == one.map(\.value))
        #expect(parallel.map(\.batch) == one.map(\.batch))
        #expect(try state.dirtyStateRows() == one)
    }
}

/// A spill that falls between receipts and their credits keeps the uncredited receipts in memory, clean (at most
/// half the window): a verify that spills there gives the report of one that never spills, tampering included.
enum SpillRetention {
    static func spillBetweenReceiptsAndCredits(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            let lots = 300
            try await ledger.append((0..<lots).map { i in
                .receive(Receipt(lot: "S\(i)", site: "s1", supplier: "Collector", date: "2024-04-02", category: .postConsumer,
                                 elements: ["Cu": Fixture.t + Int64(i)]))
            })
            try await ledger.append((0..<lots).map { i in Fixture.credit("S\(i)", "Cu", "pool", "0.97", Fixture.f("0.97").apply(to: Fixture.t + Int64(i))) })
            try await ledger.append(Fixture.allocate("D1", "pool", 40 * Fixture.t))
            let whole = try await ledger.verify()
            #expect(whole.isValid)
            // The scratch checks its size every 256 events: each window below first spills inside the receipts
            for window in [200, 257, 40] {
                #expect(try await ledger.verify(memoryRows: window) == whole, "window \(window)")
            }
            let stateTable = kind == .sqlite ? "state" : "ledger_state"
            try await db.tamper("UPDATE \(stateTable) SET value = replace(value, '\"reversed\":false', '\"reversed\":true') WHERE key = 'receipt:S250'")
            let expected = ["receipt:S250: stored value differs from the value rebuilt from the events"]
            #expect(try await ledger.verify().stateMismatches == expected)
            #expect(try await ledger.verify(memoryRows: 200).stateMismatches == expected)
        }
    }
}

@Suite("Spill retention (SQLite)") struct SpillRetentionSQLiteTests {
    @Test func spillBetweenReceiptsAndCredits() async throws { try await SpillRetention.spillBetweenReceiptsAndCredits(.sqlite) }
}

@Suite("Spill retention (PostgreSQL)", .enabled(if: postgresURL != nil)) struct SpillRetentionPostgresTests {
    @Test func spillBetweenReceiptsAndCredits() async throws { try await SpillRetention.spillBetweenReceiptsAndCredits(.postgres) }
}
