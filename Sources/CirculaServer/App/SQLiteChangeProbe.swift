import Foundation
import GRDB

/// A change counter for a SQLite ledger file: `PRAGMA data_version` on a connection of its own, which never
/// writes, so the value moves exactly when some connection (this server's writer, another `circula serve`, the
/// CLI) commits to the file. Reading it is one statement on an already open connection, no I/O beyond the
/// WAL index in shared memory: cheap enough for every request, where the chain-head query through the store's
/// pool costs a thread hop (https://sqlite.org/pragma.html#pragma_data_version).
final class SQLiteChangeProbe: Sendable {
    private let queue: DatabaseQueue

    init(path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "circula.serve.change-probe"
        queue = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// The file's current change counter; equal values mean nothing was committed in between.
    func version() throws -> Int64 {
        try queue.inDatabase { db in try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0 }
    }

    func close() throws { try queue.close() }
}
