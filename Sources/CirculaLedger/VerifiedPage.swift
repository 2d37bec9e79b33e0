/// A page of events read, chain-checked and decoded ahead of the replay, so that `verify` does the store read,
/// the hash chain check and the payload decoding of the next page on one core while it replays this one on the
/// other (together about half of a verify's time; the replay must stay in order on one thread).
///
/// Holds the events up to the first broken link (and the break), so the replay sees exactly the events the
/// one-by-one check let through, in the same order, and reports an earlier refusal first.
struct VerifiedPage: Sendable {
    struct Item: Sendable {
        var stored: StoredEvent
        /// The decoded event, or why the payload does not decode (a refusal of the replay).
        var event: Result<LedgerEvent, any Error>
    }

    /// The first broken link of the page: nothing from it on is in `items`.
    struct Break: Sendable {
        var seq: Int64
        var event: String
        var reason: String
    }

    var items: [Item] = []
    var broken: Break?
    /// Whether the store returned a full page (more may follow).
    var full = false
    /// The last link that checked out (the page's start when none did).
    var head: ChainHead

    /// Reads the events after `head` (at most `limit`) and checks each link against the one before.
    static func read(_ store: any LedgerStore, after head: ChainHead, limit: Int) async throws -> VerifiedPage {
        let events = try await store.events(after: head.seq, limit: limit)
        var page = VerifiedPage(full: events.count == limit, head: head)
        page.items.reserveCapacity(events.count)
        for stored in events {
            let tree: JSONValue
            switch HashChain.checked(stored, expectedSeq: page.head.seq + 1, previousHash: page.head.hash) {
            case .success(let parsed): tree = parsed
            case .failure(let link):
                page.broken = Break(seq: stored.seq, event: stored.id, reason: link.reason)
                return page
            }
            page.items.append(Item(stored: stored, event: Result { try LedgerEvent(type: stored.type, parsedPayload: tree) }))
            page.head = ChainHead(seq: stored.seq, hash: stored.hash)
        }
        return page
    }

    /// `read` in a task of its own: started before the current page is replayed.
    static func prefetch(_ store: any LedgerStore, after head: ChainHead, limit: Int) -> Task<VerifiedPage, any Error> {
        Task {
            try Task.checkCancellation()
            return try await read(store, after: head, limit: limit)
        }
    }

    /// The page after the one `previous` reads, read as soon as that one is: so several pages can be read ahead
    /// while a long step of the replay (a spill of the rebuilt state) keeps the replay busy. Empty and not full
    /// when `previous` ended the chain (a break or the last page).
    static func prefetch(_ store: any LedgerStore, following previous: Task<VerifiedPage, any Error>, limit: Int) -> Task<VerifiedPage, any Error> {
        Task {
            let before = try await previous.value
            guard before.broken == nil, before.full else { return VerifiedPage(head: before.head) }
            try Task.checkCancellation()
            return try await read(store, after: before.head, limit: limit)
        }
    }
}
