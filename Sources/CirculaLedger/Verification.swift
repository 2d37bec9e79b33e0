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
    /// Recomputes the hash chain from the first event, replays every event through the invariants, and compares
    /// the rebuilt balances with the stored ones. Reads only; terminates on every corruption and names the first
    /// bad event.
    /// - Parameters:
    ///   - expectedHead: the chain's head hash must be exactly this (`--expect-head`), e.g. from a signed checkpoint.
    ///   - anchors: heads the chain must pass through (certificates, checkpoints).
    public func verify(expectedHead: String? = nil, anchors: [ChainAnchor] = []) async throws -> VerificationReport {
        var state = LedgerState()
        var previous = ChainHead.empty
        var count: Int64 = 0
        var stored: [String: String] = [:]
        var hashes: [Int64: String] = [:]
        let anchorSeqs = Set(anchors.map(\.seq))
        var requiredFound = Array(repeating: false, count: anchors.count)
        var flagged: [VerificationReport.FlaggedClose] = []
        func broken(_ seq: Int64, _ event: String, _ reason: String) -> VerificationReport {
            VerificationReport(events: count, headHash: previous.hash, firstBroken: .init(seq: seq, event: event, reason: reason), stateMismatches: [])
        }
        // Replay to the end, read the stored state, and check no event arrived meanwhile (else replay the new ones
        // and read again), so a ledger in use compares like with like.
        var headProblem: String?
        while true {
            var progressed = false
            while true {
                let page = try await store.events(after: previous.seq, limit: 5000)
                if page.isEmpty { break }
                progressed = true
                for stored in page {
                    let expected = previous.seq + 1
                    if let reason = HashChain.check(stored, expectedSeq: expected, previousHash: previous.hash) {
                        return broken(stored.seq, stored.id, reason)
                    }
                    do {
                        let event = try stored.event()
                        let replayed = try state.apply(event, id: stored.id, recordedAt: stored.timestamp)
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
                }
            }
            stored = try await store.allRows()
            let head = try await store.head()
            if head.seq == previous.seq {
                if head.hash != previous.hash {
                    headProblem = "head: the stored head hash \(head.hash.prefix(16))… differs from the last event's hash"
                }
                break
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
        let rebuilt = try state.allRows()
        var mismatches: [String] = []
        for key in Set(rebuilt.keys).union(stored.keys).sorted() where rebuilt[key] != stored[key] {
            let shown = Identifier.escaped(key)
            switch (rebuilt[key], stored[key]) {
            case (nil, _): mismatches.append("\(shown): stored but not produced by any event")
            case (_, nil): mismatches.append("\(shown): missing from the stored state")
            default: mismatches.append("\(shown): stored value differs from the value rebuilt from the events")
            }
        }
        var report = VerificationReport(events: count, headHash: previous.hash, firstBroken: nil, stateMismatches: mismatches)
        report.flaggedCloses = flagged
        return report
    }
}
