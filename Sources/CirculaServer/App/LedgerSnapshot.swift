import CirculaLedger
import NIOCore

/// The ledger state at one chain head, and the response bodies already encoded from it. A body depends only
/// on the state and the request's key (route, customer, page), so it is encoded once per head and then served
/// as shared bytes; the next head starts with none.
final class LedgerSnapshot: Sendable {
    let head: ChainHead
    let state: LedgerState
    private let bodies = LockedValue<[String: ByteBuffer]>([:])
    /// Enough for every route × customer × a few pages; past it bodies are encoded per request, not kept.
    static let maxBodies = 2_000

    init(head: ChainHead, state: LedgerState) {
        self.head = head
        self.state = state
    }

    /// The body under `key`, encoded by `make` the first time. Two requests racing on a new key may both
    /// encode it; they produce the same bytes, and the first stored is kept.
    func body(_ key: String, _ make: () throws -> ByteBuffer) rethrows -> ByteBuffer {
        if let hit = bodies.withLock({ $0[key] }) { return hit }
        let made = try make()
        return bodies.withLock { bodies in
            if let first = bodies[key] { return first }
            if bodies.count < Self.maxBodies { bodies[key] = made }
            return made
        }
    }
}
