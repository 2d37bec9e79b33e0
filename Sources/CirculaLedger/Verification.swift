/// What `verify` found.
public struct VerificationReport: Sendable, Equatable, Codable {
    public struct Broken: Sendable, Equatable, Codable {
        public var seq: Int64
        public var event: String
        public var reason: String
    }
    public var events: Int64
    public var headHash: String
    /// The first event whose link, hash or replay fails; nothing after it is trusted.
    public var firstBroken: Broken?
    /// Stored state rows that differ from the state rebuilt from the events.
    public var stateMismatches: [String]
    /// Period closes whose physical stock was beyond the scheme's tolerance of book stock: not a break of the chain,
    /// but what the auditor must look at (written only when there are some).
    public var flaggedCloses: [FlaggedClose] = []
    public var isValid: Bool { firstBroken == nil && stateMismatches.isEmpty }

    /// A close event's stock flags.
    public struct FlaggedClose: Sendable, Equatable, Codable {
        public var event: String
        public var period: String
        public var flags: [StockFlag]
    }

    enum CodingKeys: String, CodingKey {
        case events
        case headHash = "head_hash"
        case firstBroken = "first_broken"
        case stateMismatches = "state_mismatches"
        case flaggedCloses = "flagged_closes"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(events, forKey: .events)
        try c.encode(headHash, forKey: .headHash)
        try c.encode(firstBroken, forKey: .firstBroken)
        try c.encode(stateMismatches, forKey: .stateMismatches)
        if !flaggedCloses.isEmpty { try c.encode(flaggedCloses, forKey: .flaggedCloses) }
        var extra = encoder.container(keyedBy: ValidKey.self)
        try extra.encode(isValid, forKey: .valid)
    }

    enum ValidKey: String, CodingKey { case valid }
}

/// A chain head known from outside the database (a checkpoint, a certificate, a hash an auditor wrote down): the
/// chain must pass through it, so rewriting or truncating the history behind it fails `verify` even when every hash
/// was recomputed.
public struct ChainAnchor: Sendable, Equatable {
    public var seq: Int64
    /// The hash of event `seq`; nil to accept any (then only the event count is checked).
    public var hash: String?
    /// Where the anchor comes from, for the message (`--expect-head`, `certificate CERT-D1-1`).
    public var source: String
    /// An event the chain must hold at or after `seq`, with a check of its payload (a certificate's own record).
    public var requiredEvent: (@Sendable (StoredEvent) -> Bool)?
    public var requiredEventDescription: String?

    public init(seq: Int64, hash: String?, source: String) { self.seq = seq; self.hash = hash; self.source = source }

    public static func == (a: Self, b: Self) -> Bool { a.seq == b.seq && a.hash == b.hash && a.source == b.source }
}

extension Ledger {
    /// Events read per page, and state rows compared per page: memory stays flat whatever the ledger's size.
    static let verifyPage = 5000
    /// Pages read ahead of the replay. Why more than one: the replay stops for a spill now and then (about 0.5 s
    /// per 50,000 rows); with one page ahead the reader then idled and the replay waited for it afterwards (4.6 s
    /// of a million-event verify). Five pages (about 5 MB each) cover a whole spill, so the reader never idles;
    /// with the scratch's 8 MB page cache a million-event verify peaked at 160–200 MB here.
    static let verifyPagesAhead = 5
    /// Mismatches listed at most (then a count of the rest).
    static let mismatchLimit = 1000

    /// Recomputes the hash chain from the first event, replays every event through the invariants, and compares
    /// the rebuilt state with the stored one. Reads only; terminates on every corruption and names the first
    /// bad event.
    ///
    /// Streamed: events are read in pages and checked one by one (the next page is read, chain-checked and decoded
    /// on the other core while this one is replayed); the rebuilt state lives in a `ReplayScratch`
    /// (memory, spilling to a temporary SQLite file), and the comparison walks both states page by page in key
    /// order. Memory is bounded by the page sizes and the scratch cache, not by the history.
    /// - Parameters:
    ///   - expectedHead: the chain's head hash must be exactly this (`--expect-head`), e.g. from a signed checkpoint.
    ///   - anchors: heads the chain must pass through (certificates, checkpoints).
    ///   - memoryRows: rebuilt rows kept in memory before they spill to the temporary file (about 1 KB each).
    public func verify(expectedHead: String? = nil, anchors: [ChainAnchor] = [], memoryRows: Int = 50_000) async throws -> VerificationReport {
        let scratch = try ReplayScratch(cacheLimit: memoryRows)
        var previous = ChainHead.empty
        var count: Int64 = 0
        var hashes: [Int64: String] = [:]
        let anchorSeqs = Set(anchors.map(\.seq))
        var requiredFound = Array(repeating: false, count: anchors.count)
        var flagged: [VerificationReport.FlaggedClose] = []
        func broken(_ seq: Int64, _ event: String, _ reason: String) -> VerificationReport {
            VerificationReport(events: count, headHash: previous.hash, firstBroken: .init(seq: seq, event: event, reason: reason), stateMismatches: [])
        }
        // Replay to the end, compare with the stored state, and check no event arrived meanwhile (else replay the
        // new ones and compare again), so a ledger in use compares like with like.
        var headProblem: String?
        var mismatches: [String] = []
        while true {
            var progressed = false
            // The next pages are read and chain-checked while this one is replayed (`VerifiedPage`), each after the
            // one before it, `verifyPagesAhead` in flight.
            var ahead = [VerifiedPage.prefetch(store, after: previous, limit: Ledger.verifyPage)]
            while ahead.count < Ledger.verifyPagesAhead { ahead.append(VerifiedPage.prefetch(store, following: ahead[ahead.count - 1], limit: Ledger.verifyPage)) }
            defer { for task in ahead { task.cancel() } }
            while true {
                let page = try await ahead.removeFirst().value
                ahead.append(VerifiedPage.prefetch(store, following: ahead[ahead.count - 1], limit: Ledger.verifyPage))
                if !page.items.isEmpty { progressed = true }
                for item in page.items {
                    let stored = item.stored
                    do {
                        let event = try item.event.get()
                        let replayed = try scratch.replay(stored, event)
                        if replayed != event {
                            throw LedgerError.replayMismatch("the stored payload differs from the replayed event")
                        }
                        if case .closePeriod(let close) = event, let flags = close.stockFlags, !flags.isEmpty {
                            flagged.append(.init(event: stored.id, period: close.period, flags: flags))
                        }
                    } catch {
                        return broken(stored.seq, stored.id, "replay refused it: \(error)")
                    }
                    for (index, anchor) in anchors.enumerated() where !requiredFound[index] && stored.seq > anchor.seq {
                        if anchor.requiredEvent?(stored) == true { requiredFound[index] = true }
                    }
                    previous = ChainHead(seq: stored.seq, hash: stored.hash)
                    if anchorSeqs.contains(stored.seq) { hashes[stored.seq] = stored.hash }
                    count += 1
                    if count % 256 == 0 { try scratch.spillIfFull() }
                }
                if let b = page.broken { return broken(b.seq, b.event, b.reason) }
                if !page.full { break }
            }
            let head = try await store.head()
            if head.seq == previous.seq {
                if head.hash != previous.hash {
                    headProblem = "head: the stored head hash \(head.hash.prefix(16))… differs from the last event's hash"
                    break
                }
                try scratch.spill()
                mismatches = try await compareState(with: scratch)
                // Rows read over several pages: a write in between would show as a mismatch, so compare again.
                if try await store.head() == head { break }
                continue
            }
            // A head beyond the last event with no event left to read: events were deleted (PostgreSQL keeps the
            // head in its own row). Without this check verify waited for them forever.
            if head.seq < previous.seq || !progressed {
                headProblem = "head: the stored head is at event \(head.seq), the chain has \(previous.seq) events (events were deleted or the head was edited)"
                break
            }
        }
        if let expectedHead, expectedHead.lowercased() != previous.hash {
            return broken(previous.seq, HashChain.eventID(seq: previous.seq),
                          "the chain's head \(previous.hash.prefix(16))… (event \(previous.seq)) is not the expected head \(expectedHead.prefix(16))…: events after it were deleted, or the history was rewritten")
        }
        for (index, anchor) in anchors.enumerated() {
            if anchor.seq > previous.seq {
                return broken(previous.seq, HashChain.eventID(seq: previous.seq),
                              "\(anchor.source) saw the chain at event \(anchor.seq), the chain now ends at event \(previous.seq) (events were deleted)")
            }
            if let hash = anchor.hash, anchor.seq > 0, hashes[anchor.seq] != hash {
                return broken(anchor.seq, HashChain.eventID(seq: anchor.seq),
                              "\(anchor.source) saw event \(anchor.seq) with hash \(hash.prefix(16))…, the chain holds \((hashes[anchor.seq] ?? "").prefix(16))… (the history was rewritten)")
            }
            if anchor.requiredEvent != nil, !requiredFound[index] {
                return broken(previous.seq, HashChain.eventID(seq: previous.seq),
                              "\(anchor.source): \(anchor.requiredEventDescription ?? "its event") is not in the chain after event \(anchor.seq)")
            }
        }
        if let headProblem {
            return VerificationReport(events: count, headHash: previous.hash, firstBroken: nil, stateMismatches: [headProblem])
        }
        var report = VerificationReport(events: count, headHash: previous.hash, firstBroken: nil, stateMismatches: mismatches)
        report.flaggedCloses = flagged
        return report
    }

    /// Walks the stored rows and the rebuilt ones side by side in key order (a merge of two sorted streams).
    private func compareState(with scratch: ReplayScratch) async throws -> [String] {
        var mismatches: [String] = []
        var more = 0
        func note(_ key: String, _ problem: String) {
            if mismatches.count < Ledger.mismatchLimit { mismatches.append("\(Ledger.shown(key)): \(problem)") } else { more += 1 }
        }
        var stored: [StateRow] = [], rebuilt: [StateRow] = []
        var i = 0, j = 0
        var storedDone = false, rebuiltDone = false
        // The next page of stored rows is read while this one is compared (the scratch is read on this thread).
        let store = self.store
        func page(after key: String?) -> Task<[StateRow], any Error> {
            Task { try await store.fetch(.page(after: key, limit: Ledger.verifyPage)) }
        }
        var nextStored = page(after: nil)
        defer { nextStored.cancel() }
        while true {
            if i == stored.count, !storedDone {
                stored = try await nextStored.value; i = 0
                storedDone = stored.count < Ledger.verifyPage
                if !storedDone { nextStored = page(after: stored.last?.key) }
            }
            if j == rebuilt.count, !rebuiltDone {
                rebuilt = try scratch.page(after: rebuilt.last?.key, limit: Ledger.verifyPage); j = 0
                rebuiltDone = rebuilt.count < Ledger.verifyPage
            }
            let s = i < stored.count ? stored[i] : nil, r = j < rebuilt.count ? rebuilt[j] : nil
            switch (s, r) {
            case (nil, nil): return more == 0 ? mismatches : mismatches + ["… and \(more) more rows differ"]
            case (let s?, nil):
                note(s.key, "stored but not produced by any event"); i += 1
            case (nil, let r?):
                note(r.key, "missing from the stored state"); j += 1
            case (let s?, let r?):
                if s.key.utf8.lexicographicallyPrecedes(r.key.utf8) { // byte order, as both stores sort
                    note(s.key, "stored but not produced by any event"); i += 1
                } else if s.key != r.key {
                    note(r.key, "missing from the stored state"); j += 1
                } else {
                    if s.value != r.value {
                        note(s.key, "stored value differs from the value rebuilt from the events")
                    } else if s.batch != r.batch {
                        note(s.key, "stored index columns differ from the batch's value")
                    }
                    i += 1; j += 1
                }
            }
        }
    }

    /// A row key for a message: `batch:pool/E000014` for a batch row (its U+001F shown as `/`), else the key, escaped.
    static func shown(_ key: String) -> String {
        if let (account, id) = LedgerState.batchKey(key) {
            return "batch:\(Identifier.escaped(account))/\(Identifier.escaped(id))"
        }
        return Identifier.escaped(key)
    }
}
