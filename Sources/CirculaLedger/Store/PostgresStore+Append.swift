import PostgresNIO

/// How `PostgresStore` appends: optimistically in two round trips, under the head's row lock when that loses races.
///
/// Why: a locked append is six round trips (BEGIN, lock the head, read the rows, read the open batches, write,
/// COMMIT), four more than the row it writes needs. Optimistically, one statement reads the head with every row
/// the drafts need (one snapshot, so they agree), and for a single allocation also the oldest open batches of its
/// delivery's period; one statement writes everything on condition that the head is still the one read
/// (`UPDATE ledger_head … WHERE seq = read AND hash = read`; the other writes only happen if it matched) and
/// commits by itself. Every append moves the head in the same transaction as its rows, so an unmoved head means
/// no row the append read has changed: the result is the one the locked append would have produced. A moved head
/// writes nothing and the append runs again; after `optimisticAttempts` it takes the lock, so it always ends.
///
/// Writes larger than one statement should carry (`statementRows`, `statementBytes`) go in several statements in
/// one transaction that moves the head first: PostgreSQL refuses a message above 1 GB by closing the connection,
/// which left a 2-million-event import waiting forever.
extension PostgresStore {
    /// Optimistic tries before an append takes the head's row lock.
    static let optimisticAttempts = 2
    /// Rows (events and state rows) and text bytes per write statement.
    static let statementRows = 10_000
    static let statementBytes = 32 << 20
    /// Keys per read statement (a big import reads a row per receipt it adds).
    static let readKeys = 50_000

    public func append(_ drafts: [EventDraft]) async throws -> [StoredEvent] {
        try await group.append(drafts) { requests in try await self.appendGroup(requests) }
    }

    /// Appends in one transaction (`GroupCommit`), each all or nothing: optimistically, then under the lock.
    func appendGroup(_ requests: [[EventDraft]]) async throws -> [Result<[StoredEvent], any Error>] {
        for _ in 0..<PostgresStore.optimisticAttempts {
            if let results = try await appendIfHeadHolds(requests) { return results }
        }
        return try await appendLocked(requests)
    }

    /// The optimistic append; nil when another writer moved the head meanwhile (nothing was written).
    func appendIfHeadHolds(_ requests: [[EventDraft]]) async throws -> [Result<[StoredEvent], any Error>]? {
        // One append continues from the state the last one left (`AppendStateCache`), at the head it was left at:
        // the write checks that head. A group reads afresh (each of its appends keeps a copy to undo a refusal with).
        var kept: LedgerState?, keptHead = ChainHead.empty
        if let entry = stateCache.take(), requests.count == 1 { kept = entry.state; keptHead = entry.head }
        // Moved, never copied (a copy would copy every row it holds when the append changes it).
        if let state = kept.take() { return try await appendIfHeadHolds(requests, continuing: state, at: keptHead) }
        return try await client.withConnection { conn in
            let drafts = requests.flatMap { $0 }
            var state = LedgerState()
            let needed = state.unreadRows(for: drafts.map(\.event))
            let first = try await self.firstRead(conn, drafts, needed)
            var reads = 1
            var read = first.rows.count
            var prefetched = first.openBatches
            var preparation: LedgerEngine.Preparation
            do {
                try state.absorb(first.rows, keys: needed.keys, prefixes: needed.prefixes)
                preparation = LedgerEngine.Preparation(requests: requests, head: first.head, state: consume state)
                while let query = try preparation.advance() {
                    let rows: [StateRow]
                    if let batches = prefetched, batches.query == query {
                        rows = batches.rows
                        prefetched = nil
                    } else {
                        rows = try await self.fetch(conn, query)
                        reads += 1
                    }
                    read += rows.count
                    try preparation.supply(rows, for: query)
                }
            } catch {
                // A refusal on rows read by several statements stands only if no append came in between (the
                // statements could otherwise have seen two states); else the append runs again.
                if reads > 1, try await self.head(conn) != first.head { return nil }
                throw error
            }
            let results = requests.indices.map(preparation.result(of:))
            guard !preparation.events.isEmpty else {
                // The same for a group whose appends were all refused (nothing to write whose head could check it).
                if reads > 1, results.contains(where: { if case .failure = $0 { true } else { false } }),
                   try await self.head(conn) != first.head { return nil }
                return results
            }
            let rows = try preparation.rows()
            guard try await self.write(conn, preparation.events, rows, from: first.head, inTransaction: false) else { return nil }
            self.traffic.withLock { $0.record(read: read, written: rows.count) }
            self.stateCache.keep(preparation.takeWrittenState(), head: preparation.head, version: nil)
            return results
        }
    }

    /// The optimistic append of one request on the state an earlier append left at `head`: reads only what that
    /// state lacks (nothing, for an allocation like the last one), and writes if the head is still `head`. Nil
    /// when it moved: nothing was written, and the caller runs the append again on a fresh read.
    func appendIfHeadHolds(_ requests: [[EventDraft]], continuing kept: consuming LedgerState, at head: ChainHead) async throws -> [Result<[StoredEvent], any Error>]? {
        let box = StateBox(consume kept)
        return try await client.withConnection { conn in
            var state = box.take()
            var read = 0
            var preparation: LedgerEngine.Preparation
            do {
                let drafts = requests.flatMap { $0 }
                let needed = state.unreadRows(for: drafts.map(\.event))
                if !needed.keys.isEmpty || !needed.prefixes.isEmpty {
                    // Just these rows, with the head: if that moved, the state is not the ledger's now. By key
                    // alone when no prefix is lacking (a lighter statement), else the append's first read (without
                    // open batches: the state knows which it holds).
                    let first = needed.prefixes.isEmpty && needed.keys.count <= PostgresStore.readKeys
                        ? try await self.keysRead(conn, needed.keys)
                        : try await self.firstRead(conn, drafts, needed, openBatches: false)
                    guard first.head == head else { return nil }
                    read += first.rows.count
                    try state.absorb(first.rows, keys: needed.keys, prefixes: needed.prefixes)
                }
                preparation = LedgerEngine.Preparation(requests: requests, head: head, state: consume state)
                while let query = try preparation.advance() {
                    let rows = try await self.fetch(conn, query)
                    read += rows.count
                    try preparation.supply(rows, for: query)
                }
            } catch {
                // The state (and any row read since) is the ledger at `head` only if the head is still there; a
                // refusal stands only then, else the append runs again on a fresh read.
                if try await self.head(conn) != head { return nil }
                throw error
            }
            guard !preparation.events.isEmpty else { return try await self.head(conn) == head ? [preparation.result(of: 0)] : nil }
            let rows = try preparation.rows()
            guard try await self.write(conn, preparation.events, rows, from: head, inTransaction: false) else { return nil }
            self.traffic.withLock { $0.record(read: read, written: rows.count) }
            self.stateCache.keep(preparation.takeWrittenState(), head: preparation.head, version: nil)
            return [preparation.result(of: 0)]
        }
    }

    /// The append under the head's row lock (`SELECT … FOR UPDATE`): writers queue on it, and every row read
    /// afterwards is current. Always on a fresh read.
    func appendLocked(_ requests: [[EventDraft]]) async throws -> [Result<[StoredEvent], any Error>] {
        try await transaction { conn in
            var head = ChainHead.empty
            for try await (seq, hash) in try await conn.query("SELECT seq, hash FROM ledger_head WHERE id = 1 FOR UPDATE", logger: self.logger).decode((Int64, String).self) {
                head = ChainHead(seq: seq, hash: hash)
            }
            let needed = LedgerEngine.requiredKeys(requests.flatMap { $0 })
            let first = try await self.rows(conn, keys: needed.keys, prefixes: needed.prefixes)
            var read = first.count
            var preparation = try LedgerEngine.Preparation(requests: requests, head: head, rows: first)
            while let query = try preparation.advance() {
                let rows = try await self.fetch(conn, query)
                read += rows.count
                try preparation.supply(rows, for: query)
            }
            let results = requests.indices.map(preparation.result(of:))
            guard !preparation.events.isEmpty else { return results }
            let rows = try preparation.rows()
            // The head is locked by this transaction: it cannot have moved.
            guard try await self.write(conn, preparation.events, rows, from: head, inTransaction: true) else { throw LedgerError.storage("the ledger head moved while this append held its lock; nothing was written") }
            self.traffic.withLock { $0.record(read: read, written: rows.count) }
            // Not kept for the next append: this one ran under contention, where the head rarely holds.
            return results
        }
    }

    /// What the first statement of an optimistic append read.
    struct FirstRead {
        var head: ChainHead
        var rows: [String: String]
        /// The open batches a single allocation draws first, read ahead (used if its `nextQuery` asks exactly this).
        var openBatches: (query: StateQuery, rows: [StateRow])?
    }

    /// The head and the drafts' required rows in one statement (one snapshot); for a single allocation also the
    /// first page of open batches of the account in the period its delivery row names. Keys beyond `readKeys`
    /// (big imports) are read by further statements, which the head condition of the write covers.
    func firstRead(_ conn: PostgresConnection, _ drafts: [EventDraft], _ needed: (keys: [String], prefixes: [String]),
                   openBatches: Bool = true) async throws -> FirstRead {
        let firstKeys = Array(needed.keys.prefix(PostgresStore.readKeys))
        var allocation: Allocation?
        if openBatches, drafts.count == 1, case .allocate(let a) = drafts[0].event, !a.account.unicodeScalars.contains("\u{0}") { allocation = a }
        let account = allocation?.account ?? ""
        let delivery = allocation.map { LedgerState.key(delivery: $0.delivery) } ?? ""
        let limit = allocation == nil ? 0 : LedgerState.drawPage
        let statement = FirstReadStatement(keys: firstKeys, prefixes: needed.prefixes, delivery: delivery, account: account, limit: Int64(limit))
        var head = ChainHead.empty
        var rows: [String: String] = [:]
        var batches: [StateRow] = []
        var period: String?
        for try await (kind, key, value, batchAccount, batchPeriod, ordinal, open) in try await conn.execute(statement, logger: logger) {
            switch kind {
            case "h": head = ChainHead(seq: ordinal ?? 0, hash: key)
            case "b": batches.append(StateRow(key: key, value: value, batch: batchAccount.map {
                BatchColumns(account: $0, period: batchPeriod ?? "", ordinal: ordinal ?? -1, open: open ?? false)
            }))
            case "p": period = key
            default: rows[key] = value
            }
        }
        var rest = needed.keys.dropFirst(PostgresStore.readKeys)
        while !rest.isEmpty {
            rows.merge(try await self.rows(conn, keys: Array(rest.prefix(PostgresStore.readKeys)), prefixes: [])) { a, _ in a }
            rest = rest.dropFirst(PostgresStore.readKeys)
        }
        var read = FirstRead(head: head, rows: rows)
        // The batches were read for the period the delivery row states (found in its text, so that no row can make
        // the statement fail); they answer the allocation's query only if it asks for that period (`supply` then
        // checks them as any page).
        if let allocation, let period, !period.isEmpty {
            read.openBatches = (.openBatches(account: allocation.account, period: period, after: -1, limit: limit), batches)
        }
        return read
    }

    /// The head and the rows `keys` in one statement (`KeysReadStatement`).
    func keysRead(_ conn: PostgresConnection, _ keys: [String]) async throws -> FirstRead {
        var read = FirstRead(head: .empty, rows: [:])
        for try await (kind, key, value, seq) in try await conn.execute(KeysReadStatement(keys: keys), logger: logger) {
            if kind == "h" { read.head = ChainHead(seq: seq ?? 0, hash: key) } else { read.rows[key] = value }
        }
        return read
    }

    func head(_ conn: PostgresConnection) async throws -> ChainHead {
        for try await (seq, hash) in try await conn.query("SELECT seq, hash FROM ledger_head WHERE id = 1", logger: logger).decode((Int64, String).self) {
            return ChainHead(seq: seq, hash: hash)
        }
        return .empty
    }

    static func fitsOneStatement(_ events: [StoredEvent], _ rows: [StateRow]) -> Bool {
        events.count + rows.count <= statementRows
            && events.reduce(0, { $0 + bytes($1) }) + rows.reduce(0, { $0 + bytes($1) }) <= statementBytes
    }

    /// What an event or a row adds to a write statement's message, about (its text and the other columns).
    static func bytes(_ event: StoredEvent) -> Int { event.payload.utf8.count + 200 }
    static func bytes(_ row: StateRow) -> Int { row.key.utf8.count + row.value.utf8.count + (row.batch.map { $0.account.utf8.count + 32 } ?? 0) + 64 }

    /// Writes the events, rows and new head if the head is still `from`, returning whether it wrote: in one
    /// statement when they fit, else in pieces (inside the caller's transaction, or one of their own).
    func write(_ conn: PostgresConnection, _ events: [StoredEvent], _ rows: [StateRow], from: ChainHead, inTransaction: Bool) async throws -> Bool {
        if PostgresStore.fitsOneStatement(events, rows) { return try await writeAtOnce(conn, events, rows, from: from) }
        return inTransaction ? try await writeChunks(conn, events, rows, from: from) : try await writeInTransaction(conn, events, rows, from: from)
    }

    /// Events, rows and the new head in one statement that writes only if the head is still `from`; autocommits
    /// outside a transaction. Returns whether it wrote.
    func writeAtOnce(_ conn: PostgresConnection, _ e: [StoredEvent], _ rows: [StateRow], from: ChainHead) async throws -> Bool {
        guard !e.isEmpty else { return true }
        var written: Int64 = 0
        for try await count in try await conn.execute(WriteStatement(events: e, rows: rows, from: from), logger: logger) { written = count }
        return written == 1
    }

    /// A write too large for one statement, in its own transaction: nil-safe like `writeAtOnce` (nothing is written
    /// when the head moved).
    func writeInTransaction(_ conn: PostgresConnection, _ e: [StoredEvent], _ rows: [StateRow], from: ChainHead) async throws -> Bool {
        try await conn.query("BEGIN", logger: logger)
        do {
            guard try await writeChunks(conn, e, rows, from: from) else {
                try await conn.query("ROLLBACK", logger: logger)
                return false
            }
            try await conn.query("COMMIT", logger: logger)
            return true
        } catch {
            _ = try? await conn.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// Inside a transaction: moves the head if it is still `from` (false, writing nothing, if not), then writes the
    /// events and rows in statements of bounded size.
    func writeChunks(_ conn: PostgresConnection, _ e: [StoredEvent], _ rows: [StateRow], from: ChainHead) async throws -> Bool {
        guard let last = e.last else { return true }
        let moved = try await Self.count(try await conn.query("""
            WITH head AS (UPDATE ledger_head SET seq = \(last.seq), hash = \(last.hash) WHERE id = 1 AND seq = \(from.seq) AND hash = \(from.hash) RETURNING seq)
            SELECT count(*)::bigint FROM head
            """, logger: logger))
        guard moved == 1 else { return false }
        for chunk in Self.chunks(e, bytes: Self.bytes) {
            try await conn.query("""
                INSERT INTO ledger_events (seq, id, type, timestamp, actor, payload, prev_hash, hash)
                SELECT * FROM unnest(\(chunk.map(\.seq))::bigint[], \(chunk.map(\.id))::text[], \(chunk.map(\.type))::text[], \(chunk.map(\.timestamp))::text[],
                                     \(chunk.map(\.actor))::text[], \(chunk.map(\.payload))::text[], \(chunk.map(\.prevHash))::text[], \(chunk.map(\.hash))::text[])
                """, logger: logger)
        }
        for chunk in Self.chunks(rows.filter { $0.batch == nil }, bytes: Self.bytes) {
            try await conn.query("""
                INSERT INTO ledger_state (key, value) SELECT * FROM unnest(\(chunk.map(\.key))::text[], \(chunk.map(\.value))::text[])
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, logger: logger)
        }
        let batches = rows.compactMap { row in row.batch.map { (row, $0) } }
        for chunk in Self.chunks(batches, bytes: { Self.bytes($0.0) }) {
            try await conn.query("""
                INSERT INTO ledger_state (key, value, batch_account, batch_period, batch_ordinal, batch_open)
                SELECT * FROM unnest(\(chunk.map(\.0.key))::text[], \(chunk.map(\.0.value))::text[], \(chunk.map(\.1.account))::text[],
                                     \(chunk.map(\.1.period))::text[], \(chunk.map(\.1.ordinal))::bigint[], \(chunk.map(\.1.open))::boolean[])
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, batch_account = excluded.batch_account,
                    batch_period = excluded.batch_period, batch_ordinal = excluded.batch_ordinal, batch_open = excluded.batch_open
                """, logger: logger)
        }
        return true
    }

    /// Consecutive pieces of at most `statementRows` items and about `statementBytes` bytes (at least one item each).
    static func chunks<T>(_ items: [T], bytes: (T) -> Int) -> [ArraySlice<T>] {
        var pieces: [ArraySlice<T>] = []
        var start = 0, size = 0
        for (i, item) in items.enumerated() {
            let b = bytes(item)
            if i > start, i - start >= statementRows || size + b > statementBytes {
                pieces.append(items[start..<i]); start = i; size = 0
            }
            size += b
        }
        if start < items.count { pieces.append(items[start...]) }
        return pieces
    }

    static func count(_ rows: PostgresRowSequence) async throws -> Int64 {
        var n: Int64 = 0
        for try await (count,) in rows.decode((Int64,).self) { n = count }
        return n
    }
}

/// Hands a state into a `@Sendable` closure without a second reference to it (captured as a value, it would be
/// copied when changed: every row it holds).
private final class StateBox: @unchecked Sendable {
    private var state: LedgerState?
    init(_ state: consuming LedgerState) { self.state = state }
    /// The state, once (the box is empty afterwards).
    func take() -> LedgerState { state.take() ?? LedgerState() }
}
