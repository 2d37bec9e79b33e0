import PostgresNIO

/// The two statements of an optimistic append as prepared statements: parsed once per connection and planned from
/// a cached plan, where an unnamed statement is parsed and planned on every append (server log: parse + bind were
/// 0.9 of the 1.3 ms the server spent per allocation).
extension PostgresStore {
    /// The head and the rows by key and by prefix, and (when `limit > 0`) the first `limit` open batches of
    /// `account` in the period the row `delivery` names (`"period":"…"` found in its text: no row can make the
    /// statement fail; found once, in `p`). Kinds: `h` head (hash in key, seq in ordinal), `k` row, `p` the period,
    /// `b` a batch row.
    ///
    /// The prefixes are read through `LATERAL (… OFFSET 0)`, one index range scan per prefix. As a plain join of
    /// the ranges, a ledger of 2M rows whose statistics were not yet gathered (right after a big import) was
    /// estimated at 444k rows and read by a parallel sequential scan: 948 ms for one row (EXPLAIN ANALYZE, 1M
    /// credits; 0.07 ms as a range scan). Inside the fence the range bounds are outer columns, so the estimate
    /// is the fixed 0.5 % of the table for a range, whatever the statistics: at 2M rows the index stays cheaper up
    /// to random_page_cost 12 (default 4; the join scanned the table at 4). Both costs grow with the table, so the
    /// margin does not shrink as the ledger grows.
    struct FirstReadStatement: PostgresPreparedStatement {
        typealias Row = (String, String, String, String?, String?, Int64?, Bool?)
        static let name = "circula_first_read_v2"
        static let sql = """
            WITH p AS (SELECT substring(value from '"period":"([^"]*)"') AS period FROM ledger_state WHERE key = $4::text)
            SELECT 'h', hash, '', NULL::text, NULL::text, seq, NULL::boolean FROM ledger_head WHERE id = 1
            UNION ALL
            SELECT 'k', key, value, NULL, NULL, NULL, NULL FROM ledger_state WHERE key = ANY($1::text[])
            UNION ALL
            SELECT 'k', s.key, s.value, NULL, NULL, NULL, NULL
                FROM unnest($2::text[], $3::text[]) AS r(low, high)
                CROSS JOIN LATERAL (SELECT key, value FROM ledger_state WHERE key >= r.low AND key < r.high OFFSET 0) s
            UNION ALL
            SELECT 'p', coalesce(period, ''), '', NULL, NULL, NULL, NULL FROM p
            UNION ALL
            (SELECT 'b', key, value, batch_account, batch_period, batch_ordinal, batch_open FROM ledger_state
                WHERE $6::bigint > 0 AND batch_open AND batch_account = $5::text
                  AND batch_period = (SELECT period FROM p)
                  AND batch_ordinal > -1
                ORDER BY batch_ordinal LIMIT $6::bigint)
            """
        var keys: [String]
        var prefixes: [String]
        var delivery: String
        var account: String
        var limit: Int64

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 6)
            bindings.append(keys)
            bindings.append(prefixes)
            bindings.append(prefixes.map(upperBound(ofPrefix:)))
            bindings.append(delivery)
            bindings.append(account)
            bindings.append(limit)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// The head and rows by exact key: what a warm append (`AppendStateCache`) reads when its state lacks rows and
    /// no prefix (an allocation on a delivery it does not hold). The first read without its prefix, period and batch
    /// arms, which a warm append does not use. Kinds: `h` head (hash in key, seq in `seq`), `k` row.
    struct KeysReadStatement: PostgresPreparedStatement {
        typealias Row = (String, String, String, Int64?)
        static let name = "circula_keys_read_v1"
        static let sql = """
            SELECT 'h', hash, '', seq FROM ledger_head WHERE id = 1
            UNION ALL
            SELECT 'k', key, value, NULL::bigint FROM ledger_state WHERE key = ANY($1::text[])
            """
        var keys: [String]

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(keys)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// Events, rows and the new head, written only if the head is still (`fromSeq`, `fromHash`); returns 1 if it
    /// wrote, 0 if not.
    struct WriteStatement: PostgresPreparedStatement {
        typealias Row = Int64
        static let name = "circula_write_v1"
        static let sql = """
            WITH head AS (
                UPDATE ledger_head SET seq = $1::bigint, hash = $2::text WHERE id = 1 AND seq = $3::bigint AND hash = $4::text RETURNING seq
            ), new_events AS (
                INSERT INTO ledger_events (seq, id, type, timestamp, actor, payload, prev_hash, hash)
                SELECT * FROM unnest($5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
                WHERE EXISTS (SELECT 1 FROM head)
            ), new_state AS (
                INSERT INTO ledger_state (key, value)
                SELECT * FROM unnest($13::text[], $14::text[]) WHERE EXISTS (SELECT 1 FROM head)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
            ), new_batches AS (
                INSERT INTO ledger_state (key, value, batch_account, batch_period, batch_ordinal, batch_open)
                SELECT * FROM unnest($15::text[], $16::text[], $17::text[], $18::text[], $19::bigint[], $20::boolean[])
                WHERE EXISTS (SELECT 1 FROM head)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, batch_account = excluded.batch_account,
                    batch_period = excluded.batch_period, batch_ordinal = excluded.batch_ordinal, batch_open = excluded.batch_open
            )
            SELECT count(*)::bigint FROM head
            """
        var events: [StoredEvent]
        var rows: [StateRow]
        var from: ChainHead

        func makeBindings() throws -> PostgresBindings {
            let e = events
            let plain = rows.filter { $0.batch == nil }
            let batches = rows.compactMap { row in row.batch.map { (row, $0) } }
            var b = PostgresBindings(capacity: 20)
            b.append(e.last?.seq ?? from.seq)
            b.append(e.last?.hash ?? from.hash)
            b.append(from.seq)
            b.append(from.hash)
            b.append(e.map(\.seq)); b.append(e.map(\.id)); b.append(e.map(\.type)); b.append(e.map(\.timestamp))
            b.append(e.map(\.actor)); b.append(e.map(\.payload)); b.append(e.map(\.prevHash)); b.append(e.map(\.hash))
            b.append(plain.map(\.key)); b.append(plain.map(\.value))
            b.append(batches.map(\.0.key)); b.append(batches.map(\.0.value)); b.append(batches.map(\.1.account))
            b.append(batches.map(\.1.period)); b.append(batches.map(\.1.ordinal)); b.append(batches.map(\.1.open))
            return b
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Int64.self) }
    }
}
