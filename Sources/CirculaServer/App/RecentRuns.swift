/// Results of balances and plans run on uploaded inputs, by run id, kept in this process's memory: the newest
/// `capacity` of one kind (older ones are dropped, and a restart or another server does not know them — the
/// answer is then 404, and running the same upload again gives the same id back).
final class RecentRuns<Value>: @unchecked Sendable {
    private let runs = LockedValue<[(id: String, value: Value)]>([])
    let capacity: Int
    /// What is run ("balance"), what is uploaded ("lot file") and the route that runs it, for the 404 of a run
    /// not (or no longer) kept.
    let kind: String
    let upload: String
    let uploadPath: String

    init(kind: String, upload: String, uploadPath: String, capacity: Int = 32) {
        self.kind = kind; self.upload = upload; self.uploadPath = uploadPath; self.capacity = capacity
    }

    func put(_ id: String, _ value: Value) {
        runs.withLock { runs in
            runs.removeAll { $0.id == id }
            runs.append((id, value))
            if runs.count > capacity { runs.removeFirst(runs.count - capacity) }
        }
    }

    func get(_ id: String) -> Value? { runs.withLock { runs in runs.last { $0.id == id }?.value } }

    /// The run named by the request's `{run}` parameter, or a 404 that says why it may be gone and what to do.
    func stored(_ context: CirculaContext) throws -> Value {
        let id = context.parameters.get("run") ?? ""
        guard let run = get(id) else {
            throw Problem(.notFound, "Not Found", detail: "no \(kind) run \"\(id.prefix(40))\" on this server (runs are kept in memory, the newest \(capacity)); POST the \(upload) to \(uploadPath) again",
                          field: "run", expected: "an id returned by POST \(uploadPath)")
        }
        return run
    }
}
