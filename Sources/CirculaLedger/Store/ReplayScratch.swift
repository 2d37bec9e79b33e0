import Foundation
import GRDB

/// Where `verify` rebuilds the state: an in-memory `LedgerState` that spills to a private temporary SQLite file
/// when it grows past `cacheLimit` rows, so replaying any history needs bounded memory.
///
/// Why this design: the rebuilt state is as large as the ledger (a row per receipt, delivery, credit batch), so it
/// cannot stay in memory for a million events within 200 MB; comparing it with the stored state needs both in one
/// order, which a SQLite table gives for free. Spilled, the replay reads exactly what an append reads (the same
/// `requiredKeys`, `nextQuery` and row coding, the same schema as `SQLiteStore`), so a replayed event sees the
/// state its append saw. Unspilled (small ledgers) it touches the file only to hand over the rows at the end.
/// The file is opened without durability (nothing in it outlives the verify) and removed afterwards.
final class ReplayScratch {
    let path: String
    let queue: DatabaseQueue
    private(set) var state = LedgerState()
    /// Whether rows were written to the file: then `state` holds only what was loaded since.
    private(set) var spilled = false
    /// Rows held in memory before a spill (credit batches count one each): about 1 KB each at most.
    let cacheLimit: Int

    init(cacheLimit: Int) throws {
        self.cacheLimit = cacheLimit
        path = FileManager.default.temporaryDirectory.appendingPathComponent("circula-verify-\(UUID().uuidString).sqlite").path
        try SQLiteStore.createPrivately(path)
        var configuration = Configuration()
        // 8 MB of page cache (32 MB cost 25 MB of peak memory and no time: the OS caches the file too); exclusive
        // locking, as no one else opens the file (per-transaction lock calls and file checks were 2 s of system time).
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -8192; PRAGMA temp_store = MEMORY; PRAGMA locking_mode = EXCLUSIVE")
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.write { db in try db.execute(sql: ReplayScratch.schema) }
    }

    /// `SQLiteStore.schema` with the state table clustered on its key (`WITHOUT ROWID`, 16 KB pages): a spill
    /// then writes one B-tree per row instead of a table and its key index, and the comparison reads the rows in
    /// key order straight from it. Same columns, same queries.
    static let schema = SQLiteStore.schema.replacingOccurrences(of: "batch_ordinal INTEGER, batch_open INTEGER);",
                                                                with: "batch_ordinal INTEGER, batch_open INTEGER) WITHOUT ROWID;")

    deinit {
        try? queue.close()
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Applies `event` (decoded from `stored`) as its append did: the event as replayed, or the refusal.
    func replay(_ stored: StoredEvent, _ event: LedgerEvent) throws -> LedgerEvent {
        if spilled {
            // What the event reads first, beyond what the state holds (`LedgerState+Reuse.swift`).
            let needed = state.unreadRows(for: [event])
            if !needed.keys.isEmpty || !needed.prefixes.isEmpty {
                let rows = try queue.inDatabase { db in try SQLiteStore.rows(db, keys: needed.keys, prefixes: needed.prefixes) }
                try state.absorb(rows, keys: needed.keys, prefixes: needed.prefixes)
            }
        }
        while let query = state.nextQuery(for: event) {
            try state.supply(try queue.inDatabase { db in try SQLiteStore.fetch(db, query) }, for: query)
        }
        return try state.apply(event, id: stored.id, recordedAt: stored.timestamp)
    }

    /// Spills when the cache is full (call between events).
    func spillIfFull() throws {
        if state.loadedRowCount > cacheLimit { try spill() }
    }

    /// Writes the changed rows to the file and empties the cache.
    func spill() throws {
        let rows = try state.dirtyStateRows(lanes: 2)
        try queue.write { db in try SQLiteStore.upsert(db, rows) }
        // The next window fills about as the last one did: room reserved for as many rows of each kind, so the
        // tables do not grow (and rehash every key) step by step again (a fifth of a receipt's replay).
        var next = LedgerState(reservingCapacityOf: state)
        // Receipts not yet credited stay in memory, clean (the file has them): their credit usually follows within
        // the next window. Re-reading and re-parsing them was why a window ending between receipts and their
        // credits was slow (1M events, 40,000-row window: 43 s, with this 38 s; 50,000 rows, ending after them:
        // 29 s). At most half the window, so memory stays bounded whatever the ledger holds.
        for (lot, receipt) in state.receipts where receipt.credited.isEmpty && !receipt.reversed {
            if next.receipts.count >= cacheLimit / 2 { break }
            next.receipts[lot] = receipt
        }
        state = next
        spilled = true
    }

    /// Rows in key order (after a final `spill`).
    func page(after key: String?, limit: Int) throws -> [StateRow] {
        try queue.inDatabase { db in try SQLiteStore.fetch(db, .page(after: key, limit: limit)) }
    }
}
