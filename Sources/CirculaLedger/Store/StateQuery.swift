/// A read of state rows that an event needs beyond `LedgerState.requiredKeys` (see `LedgerState.nextQuery`), or a
/// page of every row in key order (`verify`). Every store answers each case with one indexed query.
public enum StateQuery: Sendable, Equatable {
    /// Rows by exact key (absent keys are simply not returned).
    case keys([String])
    /// Batch rows of `account` for `period` with credits left (`open`) and `ordinal > after`, ascending ordinal,
    /// at most `limit`: the oldest open batches, which an allocation or transfer draws first.
    case openBatches(account: String, period: String, after: Int64, limit: Int)
    /// Every row with key > `after` (nil: from the first), ascending key in byte order, at most `limit`.
    case page(after: String?, limit: Int)
}

/// A state row as stored: key, JSON text, and for a credit batch the columns its index is built on (derived from
/// the JSON; `verify` compares them too, so an edited column is found like an edited value).
public struct StateRow: Sendable, Equatable {
    public var key: String
    public var value: String
    public var batch: BatchColumns?
    public init(key: String, value: String, batch: BatchColumns? = nil) {
        self.key = key; self.value = value; self.batch = batch
    }
}

/// Index columns of a batch row: (account, period, ordinal) among the open ones is the draw order.
public struct BatchColumns: Sendable, Equatable {
    public var account: String
    public var period: String
    public var ordinal: Int64
    /// remaining > 0.
    public var open: Bool
    public init(account: String, period: String, ordinal: Int64, open: Bool) {
        self.account = account; self.period = period; self.ordinal = ordinal; self.open = open
    }

    /// The columns the row of `batch` in `account` carries.
    init(_ batch: CreditBatch, in account: String) {
        self.init(account: account, period: batch.period, ordinal: batch.ordinal, open: batch.remaining > 0)
    }
}

/// State rows an append read and wrote (the last one's and the totals): how tests and benchmarks see that an
/// allocation touches a bounded number of rows whatever the account's history.
public struct StateTraffic: Sendable, Equatable {
    public var appends = 0
    public var rowsRead = 0
    public var rowsWritten = 0
    public var lastRead = 0
    public var lastWritten = 0
    public init() {}
    mutating func record(read: Int, written: Int) {
        appends += 1; rowsRead += read; rowsWritten += written; lastRead = read; lastWritten = written
    }
}
