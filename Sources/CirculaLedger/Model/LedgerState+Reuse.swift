/// A state that lives on after the event it was loaded for: carried from one append to the next
/// (`AppendStateCache`) and through a replay's spills (`ReplayScratch`). It holds some rows and knows which: keys
/// read (found or not) or created since, and prefixes read whole. An event then reads only what it needs beyond
/// them, and every row it already holds keeps its in-memory value (the newer one).
///
/// This is the same state a group commit carries from one of its appends to the next, or a replay from one event
/// to the next: what an event reads first is `requiredKeys`, and everything after that is `nextQuery`.
extension LedgerState {
    /// The rows the events read first (`requiredKeys`) that this state does not hold: keys neither read nor created
    /// since, prefixes not read whole. On an empty state, exactly `LedgerEngine.requiredKeys`.
    func unreadRows(for events: [LedgerEvent]) -> (keys: [String], prefixes: [String]) {
        var keys: [String] = []
        var prefixes: [String] = []
        for event in events {
            let needed = LedgerState.requiredKeys(for: event)
            // A key with a NUL byte cannot be stored (PostgreSQL text refuses it), so it is not looked up: the
            // event's id is refused by `apply` with the identifier rule instead of the driver's error.
            for key in needed.keys where !lookedUp.contains(key) && !key.utf8.contains(0) && !contains(key: key) { keys.append(key) }
            for prefix in needed.prefixes where !wholePrefixes.contains(prefix) { prefixes.append(prefix) }
        }
        return (LedgerState.sortedUnique(keys), LedgerState.sortedUnique(prefixes))
    }

    /// In byte order, each once (arrays and a sort: a set per append cost more than the few keys it held).
    static func sortedUnique(_ items: [String]) -> [String] {
        guard items.count > 1 else { return items }
        var sorted = items.sorted()
        var last = 0
        for i in 1..<sorted.count where sorted[i] != sorted[last] {
            last += 1
            sorted.swapAt(last, i)
        }
        sorted.removeSubrange((last + 1)...)
        return sorted
    }

    /// Adds what a store returned for `unreadRows` (`keys`, `prefixes`): the rows this state does not hold yet, and
    /// notes each key as read (found or not) and each prefix as read whole.
    mutating func absorb(_ rows: [String: String], keys: [String], prefixes: [String]) throws {
        try load(rows.filter { !lookedUp.contains($0.key) && !contains(key: $0.key) })
        lookedUp.formUnion(keys)
        wholePrefixes.formUnion(prefixes)
    }

    /// After the changed rows were committed: nothing is changed since loading any more.
    mutating func markWritten() {
        dirty.removeAll()
        for index in accounts.indices where !accounts.values[index].batches.changed.isEmpty {
            accounts.values[index].batches.changed.removeAll()
        }
    }
}
