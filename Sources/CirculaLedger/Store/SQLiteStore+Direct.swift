import GRDB
import GRDBSQLite

/// The append's statements on SQLite's C API, over GRDB's cached prepared statements (GRDB still prepares,
/// caches and finalizes them, and runs the transaction around them).
///
/// Why: through GRDB's argument arrays, value conversions and cursors, the statements of a warm allocation (the
/// data version, its delivery's row, the event, three state rows) took 28 µs of the 116 µs it spent in its write
/// transaction (perf, 6,000 allocations without fsync); the raw insert it is compared with spends 25 µs there in
/// all. The SQL, the arguments and the errors are the same: a failed step throws GRDB's `DatabaseError` with
/// SQLite's code and message, so a busy ledger is still reported as busy.
extension SQLiteStore {
    /// SQLite copies the bound text before the call returns (the string's buffer is only borrowed).
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    static func bind(_ statement: SQLiteStatement, _ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            // An empty buffer may have no address; SQLite reads a NULL pointer as SQL NULL, so bind "" explicitly.
            if let base = utf8.baseAddress {
                base.withMemoryRebound(to: CChar.self, capacity: utf8.count) { sqlite3_bind_text(statement, index, $0, Int32(utf8.count), transient) }
            } else {
                sqlite3_bind_text(statement, index, "", 0, transient)
            }
        }
    }

    static func bind(_ statement: SQLiteStatement, _ index: Int32, _ text: String?) {
        if let text { bind(statement, index, text) } else { sqlite3_bind_null(statement, index) }
    }

    static func bind(_ statement: SQLiteStatement, _ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }

    /// One step: `SQLITE_ROW` or `SQLITE_DONE`; any other code is thrown as GRDB would (and the statement reset).
    static func step(_ db: Database, _ statement: Statement) throws -> Int32 {
        let code = sqlite3_step(statement.sqliteStatement)
        guard code == SQLITE_ROW || code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(statement.sqliteStatement)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        return code
    }

    /// Runs a statement that returns no rows, with its parameters bound by `bindings`, and resets it.
    static func run(_ db: Database, _ statement: Statement, _ bindings: (SQLiteStatement) -> Void) throws {
        bindings(statement.sqliteStatement)
        defer { sqlite3_reset(statement.sqliteStatement) }
        _ = try step(db, statement)
    }

    /// The text in column 0 of the statement's one row (nil: no row), or nil and `false` when it is not text
    /// (the caller then reads it through GRDB, for GRDB's error).
    static func text(_ db: Database, _ statement: Statement) throws -> (value: String?, isText: Bool) {
        defer { sqlite3_reset(statement.sqliteStatement) }
        guard try step(db, statement) == SQLITE_ROW else { return (nil, true) }
        let s = statement.sqliteStatement
        guard sqlite3_column_type(s, 0) == SQLITE_TEXT, let bytes = sqlite3_column_text(s, 0) else { return (nil, false) }
        // As GRDB reads text (so an append sees what verify's reads see).
        return (String(cString: bytes), true)
    }

    /// `db.inTransaction(.immediate)` on cached statements: GRDB parses `BEGIN` and `COMMIT` anew each time. The
    /// same semantics: `body` commits or rolls back; an error (of the body or the commit) rolls back and is thrown.
    static func inImmediateTransaction(_ db: Database, _ body: () throws -> Database.TransactionCompletion) throws {
        try run(db, try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION")) { _ in }
        do {
            switch try body() {
            case .commit: try run(db, try db.cachedStatement(sql: "COMMIT TRANSACTION")) { _ in }
            case .rollback: try db.rollback()
            }
        } catch {
            // A failed step may have ended the transaction already (SQLite rolls back on some errors).
            if !db.isInsideTransaction { throw error }
            try? db.rollback()
            throw error
        }
    }
}
