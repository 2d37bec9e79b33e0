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
    public var isValid: Bool { firstBroken == nil && stateMismatches.isEmpty }

    enum CodingKeys: String, CodingKey {
        case events
        case headHash = "head_hash"
        case firstBroken = "first_broken"
        case stateMismatches = "state_mismatches"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(events, forKey: .events)
        try c.encode(headHash, forKey: .headHash)
        try c.encode(firstBroken, forKey: .firstBroken)
        try c.encode(stateMismatches, forKey: .stateMismatches)
        var extra = encoder.container(keyedBy: ValidKey.self)
        try extra.encode(isValid, forKey: .valid)
    }

    enum ValidKey: String, CodingKey { case valid }
}

extension Ledger {
    /// Recomputes the hash chain from the first event, replays every event through the invariants, and compares
    /// the rebuilt balances with the stored ones.
    public func verify() async throws -> VerificationReport {
        var state = LedgerState()
        var previous = ChainHead.empty
        var count: Int64 = 0
        var stored: [String: String] = [:]
        // Replay to the end, read the stored state, and check no event arrived meanwhile (else replay the new ones
        // and read again), so a ledger in use compares like with like.
        while true {
            while true {
                let page = try await store.events(after: previous.seq, limit: 5000)
                if page.isEmpty { break }
                for stored in page {
                    let expected = previous.seq + 1
                    if let reason = HashChain.check(stored, expectedSeq: expected, previousHash: previous.hash) {
                        return VerificationReport(events: count, headHash: previous.hash,
                                                  firstBroken: .init(seq: stored.seq, event: stored.id, reason: reason), stateMismatches: [])
                    }
                    do {
                        let event = try stored.event()
                        let replayed = try state.apply(event, id: stored.id)
                        if replayed != event {
                            throw LedgerError.replayMismatch("the stored payload differs from the replayed event")
                        }
                    } catch {
                        return VerificationReport(events: count, headHash: previous.hash,
                                                  firstBroken: .init(seq: stored.seq, event: stored.id, reason: "replay refused it: \(error)"),
                                                  stateMismatches: [])
                    }
                    previous = ChainHead(seq: stored.seq, hash: stored.hash)
                    count += 1
                }
            }
            stored = try await store.allRows()
            let head = try await store.head()
            if head.seq == previous.seq {
                if head.hash != previous.hash {
                    return VerificationReport(events: count, headHash: previous.hash, firstBroken: nil,
                                              stateMismatches: ["head: the stored head hash \(head.hash.prefix(16))… differs from the last event's hash"])
                }
                break
            }
            if head.seq < previous.seq {
                return VerificationReport(events: count, headHash: previous.hash, firstBroken: nil,
                                          stateMismatches: ["head: the stored head is at event \(head.seq), the chain has \(previous.seq) events"])
            }
        }
        let rebuilt = try state.allRows()
        var mismatches: [String] = []
        for key in Set(rebuilt.keys).union(stored.keys).sorted() where rebuilt[key] != stored[key] {
            switch (rebuilt[key], stored[key]) {
            case (nil, _): mismatches.append("\(key): stored but not produced by any event")
            case (_, nil): mismatches.append("\(key): missing from the stored state")
            default: mismatches.append("\(key): stored value differs from the value rebuilt from the events")
            }
        }
        return VerificationReport(events: count, headHash: previous.hash, firstBroken: nil, stateMismatches: mismatches)
    }
}
