import Synchronization

/// Group commit: appends that arrive while another one is being written go together into the next transaction,
/// one commit (one fsync) for all of them, each still all or nothing (`LedgerEngine.Preparation(requests:…)`).
///
/// Why: an append costs a durable commit, and on this hardware the commit (fsync plus the hand-offs around it)
/// is most of its time; appends serialise on the ledger's write lock anyway, so while one commits the others
/// only wait. A lone caller is never delayed: it finds no one writing and writes at once (leader); callers that
/// find a write under way queue, and when it ends the first of them leads the next transaction with everything
/// queued by then (at most `maxGroup` appends). A caller returns only after the transaction holding its events
/// committed (or was refused), so durability and the all-or-nothing rule per append are unchanged.
/// ```
/// let stored = try await group.append(drafts) { requests in try await writeInOneTransaction(requests) }
/// ```
final class GroupCommit: Sendable {
    /// What a queued caller is told: its result, or that it leads the next transaction.
    private enum Turn {
        case done(Result<[StoredEvent], any Error>)
        case lead
    }

    private struct Waiter {
        var drafts: [EventDraft]
        var continuation: CheckedContinuation<Turn, Never>
    }

    private struct Queue {
        var writing = false
        var waiting: [Waiter] = []
    }

    /// Appends per transaction, at most.
    static let maxGroup = 256

    private let queue = Mutex(Queue())

    init() {}

    /// Callers queued behind the write under way (tests wait for them to arrive).
    var queued: Int { queue.withLock { $0.waiting.count } }

    /// Appends `drafts` in a transaction of its own or together with others: `commit` gets the appends of one
    /// transaction in order and returns each one's result (or throws, which fails all of them).
    func append(_ drafts: [EventDraft],
                commit: @Sendable ([[EventDraft]]) async throws -> [Result<[StoredEvent], any Error>]) async throws -> [StoredEvent] {
        let leads = queue.withLock { q in
            if q.writing { return false }
            q.writing = true
            return true
        }
        if !leads {
            let turn = await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
                // Checked again under the lock: the write may have ended since.
                let leadsNow = queue.withLock { q in
                    if q.writing { q.waiting.append(Waiter(drafts: drafts, continuation: continuation)); return false }
                    q.writing = true
                    return true
                }
                if leadsNow { continuation.resume(returning: .lead) }
            }
            if case .done(let result) = turn { return try result.get() }
        }
        // This caller leads: its own append and whatever is queued now.
        let followers = queue.withLock { q in
            let taken = Array(q.waiting.prefix(GroupCommit.maxGroup - 1))
            q.waiting.removeFirst(taken.count)
            return taken
        }
        let results: [Result<[StoredEvent], any Error>]
        do {
            let outcome = try await commit([drafts] + followers.map(\.drafts))
            precondition(outcome.count == followers.count + 1, "a group commit returns one result per append")
            results = outcome
        } catch {
            results = Array(repeating: .failure(error), count: followers.count + 1)
        }
        for (waiter, result) in zip(followers, results.dropFirst()) { waiter.continuation.resume(returning: .done(result)) }
        // Hands the write on to the first caller that queued meanwhile, or ends it.
        let next = queue.withLock { q -> Waiter? in
            guard !q.waiting.isEmpty else { q.writing = false; return nil }
            return q.waiting.removeFirst()
        }
        next?.continuation.resume(returning: .lead)
        return try results[0].get()
    }
}
