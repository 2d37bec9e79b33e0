/// An account's credit batches as far as they are loaded, with the account's totals over all of them.
///
/// Batches are stored as rows of their own (`batch:<account>␟<batch id>`, see `LedgerState.key(batch:in:)`), so an
/// event loads only the batches it touches: an allocation the oldest open batches of one period until its amount is
/// covered, a correction the batches it names. This list holds those, in draw order (`CreditBatch.ordinal`, the
/// order batches were created in: the order the one-array layout kept them in), plus what the summary row keeps for
/// all of them: credits available per period and the number of batches. `available` and `count` are therefore exact
/// whatever is loaded; iterating sees the loaded batches only.
///
/// The rules mutate it as they did the array (`batches[i].remaining -= x`, `batches.append(b)`): the setter keeps
/// the totals and notes the batch as changed, so only changed batch rows are written back.
public struct CreditBatches: Sendable, RandomAccessCollection, MutableCollection {
    /// Loaded batches, ascending `ordinal`.
    var loaded: [CreditBatch] = []
    /// Batch id → position in `loaded`.
    private var positions: [String: Int] = [:]
    /// Credits available per period over all batches (loaded or not); periods at 0 are dropped.
    public internal(set) var available: [String: Int128] = [:]
    /// Number of batches of the account, loaded or not; also the next batch's ordinal.
    public internal(set) var totalCount: Int64 = 0
    /// Ids of batches changed since loading.
    var changed: Set<String> = []
    /// period → every open batch of the period with `ordinal <= coverage[period]` is loaded (`Int64.max`: all).
    var coverage: [String: Int64] = [:]

    public init() {}

    /// Every batch is loaded (a full read, or an account that has none).
    var isComplete: Bool { Int64(loaded.count) == totalCount }

    public var startIndex: Int { loaded.startIndex }
    public var endIndex: Int { loaded.endIndex }

    public subscript(position: Int) -> CreditBatch {
        get { loaded[position] }
        set {
            let old = loaded[position]
            add(-Int128(old.remaining), to: old.period)
            add(Int128(newValue.remaining), to: newValue.period)
            loaded[position] = newValue
            changed.insert(newValue.id)
        }
    }

    /// Adds a new batch after every existing one (it is drawn last).
    public mutating func append(_ batch: CreditBatch) {
        var batch = batch
        batch.ordinal = totalCount
        totalCount += 1
        add(Int128(batch.remaining), to: batch.period)
        positions[batch.id] = loaded.count
        loaded.append(batch)
        changed.insert(batch.id)
    }

    /// The loaded batch with this id.
    public func batch(id: String) -> CreditBatch? { positions[id].map { loaded[$0] } }

    /// The index of the loaded batch with this id.
    func position(ofBatch id: String) -> Int? { positions[id] }

    /// Credits available in `period`, over all batches.
    public func available(in period: String) -> Int128 { available[period] ?? 0 }

    private mutating func add(_ amount: Int128, to period: String) {
        guard amount != 0 else { return }
        let total = (available[period] ?? 0) + amount
        available[period] = total == 0 ? nil : total
    }

    /// Adds batches read from the store, keeping the in-memory version of any already loaded (it may be newer).
    mutating func merge(_ batches: [CreditBatch]) {
        var fresh = batches.filter { positions[$0.id] == nil }
        guard !fresh.isEmpty else { return }
        fresh.sort { $0.ordinal < $1.ordinal }
        if let last = loaded.last, let first = fresh.first, last.ordinal > first.ordinal {
            loaded += fresh
            loaded.sort { $0.ordinal < $1.ordinal }
            positions = Dictionary(loaded.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        } else {
            for batch in fresh { positions[batch.id] = loaded.count; loaded.append(batch) }
        }
    }

    /// nil when the loaded batches suffice to draw `amount` from `period` in draw order (or to see every open batch
    /// of it, for `amount == nil`); else the ordinal after which the store must be read next.
    func readAfter(toCover amount: Int64?, in period: String) -> Int64? {
        if isComplete { return nil }
        let covered = coverage[period] ?? -1
        if covered == Int64.max { return nil }
        guard let amount else { return covered }
        if amount <= 0 { return nil }
        var sum = Int128(0)
        // Loaded batches are in ordinal order: stop at the first past the coverage, or once the amount is covered
        // (summing every loaded batch cost a verify 50,000 additions an allocation).
        for batch in loaded {
            if batch.ordinal > covered { break }
            guard batch.period == period else { continue }
            sum += Int128(batch.remaining)
            if sum >= Int128(amount) { return nil }
        }
        return covered
    }

    /// Notes that the store returned every open batch of `period` with ordinal in (after, through].
    mutating func cover(_ period: String, through: Int64) {
        coverage[period] = Swift.max(coverage[period] ?? -1, through)
    }
}

extension CreditBatches: Equatable {
    /// Same loaded batches and same totals (what is loaded, not how it was).
    public static func == (a: CreditBatches, b: CreditBatches) -> Bool {
        a.loaded == b.loaded && a.available == b.available && a.totalCount == b.totalCount
    }
}
