/// The store-independent part of an append.
public enum LedgerEngine {
    /// The rows a batch of drafts reads first: what an empty state lacks of them (`LedgerState.unreadRows`).
    public static func requiredKeys(_ drafts: [EventDraft]) -> (keys: [String], prefixes: [String]) {
        LedgerState().unreadRows(for: drafts.map(\.event))
    }

    /// Prefixes for a read of whole accounts: each account key or `account:` prefix brings its batch rows.
    public static func withBatches(keys: [String], prefixes: [String]) -> [String] {
        var all = Set(prefixes)
        if all.contains("account:") { all.insert("batch:") }
        for key in keys where key.hasPrefix("account:") { all.insert(LedgerState.batchesPrefix(of: String(key.dropFirst(8)))) }
        return all.sorted()
    }

    /// Applies drafts to the state rows and seals them onto the chain, reading what each needs as it goes:
    /// ```
    /// var preparation = try LedgerEngine.Preparation(drafts, head: head, rows: rows)
    /// while let query = try preparation.advance() { try preparation.supply(try fetch(query), for: query) }
    /// write(preparation.events, try preparation.rows())
    /// ```
    ///
    /// A group commit (`GroupCommit`) prepares several appends in one transaction: `init(requests:head:rows:)`
    /// applies them in order, each all or nothing. A refused one leaves no trace (the state, the head and the
    /// events are put back as they were before it) and the next one continues from there; `outcomes` says which
    /// events each one got, or why it was refused.
    public struct Preparation {
        public private(set) var state: LedgerState
        public private(set) var head: ChainHead
        /// The events of every accepted append, in chain order.
        public private(set) var events: [StoredEvent] = []
        /// Per append, in order: the range of its events in `events`, or the error that refused it. Filled as
        /// each one finishes (all of them once `advance` returned nil).
        public private(set) var outcomes: [Result<Range<Int>, any Error>] = []
        let requests: [[EventDraft]]
        /// Whether a refusal is recorded in `outcomes` (a group) or thrown (one append: the caller's error).
        let isolatesRefusals: Bool
        /// Drafts of the current append applied so far.
        private var applied = 0
        /// The state, head and event count before the current append (a group only: what a refusal restores).
        private var before: (state: LedgerState, head: ChainHead, events: Int)?

        /// One append: a refusal is thrown by `advance` or `supply`.
        public init(_ drafts: [EventDraft], head: ChainHead, rows: [String: String]) throws {
            try self.init(requests: [drafts], head: head, rows: rows)
        }

        /// Several appends, each all or nothing (`outcomes`); `rows` are those all of them require. A group of one
        /// throws its refusal, as a single append does (nothing else is in its transaction).
        public init(requests: [[EventDraft]], head: ChainHead, rows: [String: String]) throws {
            self.init(requests: requests, head: head, state: try LedgerState(rows: rows))
        }

        /// Several appends on a state already loaded with what they read first (`LedgerState.unreadRows`, `absorb`):
        /// a fresh one, or the one the last append left (`AppendStateCache`).
        init(requests: [[EventDraft]], head: ChainHead, state: LedgerState) {
            self.requests = requests
            self.isolatesRefusals = requests.count > 1
            self.head = head
            self.state = state
        }

        /// Applies drafts until one needs a read (returned) or all are applied (nil).
        public mutating func advance() throws -> StateQuery? {
            while outcomes.count < requests.count {
                let drafts = requests[outcomes.count]
                if applied == 0, isolatesRefusals, before == nil { before = (state, head, events.count) }
                do {
                    while applied < drafts.count {
                        let draft = drafts[applied]
                        if let query = state.nextQuery(for: draft.event) { return query }
                        let id = HashChain.eventID(seq: head.seq + 1)
                        let event = try state.apply(draft.event, id: id, recordedAt: draft.timestamp)
                        let stored = try HashChain.seal(event, seq: head.seq + 1, timestamp: draft.timestamp, actor: draft.actor, prevHash: head.hash)
                        events.append(stored)
                        head = ChainHead(seq: stored.seq, hash: stored.hash)
                        applied += 1
                    }
                    finish(.success((before?.events ?? 0)..<events.count))
                } catch {
                    try refuse(error)
                }
            }
            return nil
        }

        public mutating func supply(_ rows: [StateRow], for query: StateQuery) throws {
            do {
                try state.supply(rows, for: query)
            } catch {
                try refuse(error)
            }
        }

        /// The rows to upsert.
        public func rows() throws -> [StateRow] { try state.dirtyStateRows() }

        /// The state after every accepted append, as it is once `rows()` are written (nothing changed since
        /// loading), moved out: this preparation is done with. Changed here, where nothing else holds it, so no
        /// row is copied.
        mutating func takeWrittenState() -> LedgerState {
            state.markWritten()
            let taken = state
            state = LedgerState()
            return taken
        }

        /// The events of append `index` if it was accepted, else its error.
        public func result(of index: Int) -> Result<[StoredEvent], any Error> {
            outcomes[index].map { Array(events[$0]) }
        }

        private mutating func finish(_ outcome: Result<Range<Int>, any Error>) {
            outcomes.append(outcome)
            applied = 0
            before = nil
        }

        /// Ends the current append with `error`: thrown for a single append; in a group, everything it did is
        /// undone and the group goes on with the next one.
        private mutating func refuse(_ error: any Error) throws {
            guard isolatesRefusals, let before else { throw error }
            state = before.state
            head = before.head
            events.removeSubrange(before.events...)
            finish(.failure(error))
        }
    }
}
