/// Results of balances and plans run on uploaded inputs, by run id, kept in this process's memory: the newest
/// `capacity` of one kind (older ones are dropped, and a restart or another server does not know them — the
/// answer is then 404, and running the same upload again gives the same id back).
final class RecentRuns<Value>: @unchecked Sendable {
    private let runs = LockedValue<[(id: String, value: Value)]>([])
    let capacity: Int

    init(capacity: Int = 32) { self.capacity = capacity }

    func put(_ id: String, _ value: Value) {
        runs.withLock { runs in
            runs.removeAll { $0.id == id }
            runs.append((id, value))
            if runs.count > capacity { runs.removeFirst(runs.count - capacity) }
        }
    }

    func get(_ id: String) -> Value? { runs.withLock { runs in runs.last { $0.id == id }?.value } }
}
