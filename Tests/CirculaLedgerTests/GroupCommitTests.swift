@testable import CirculaLedger
import Foundation
import Synchronization
import Testing

/// Group commit (`Store/GroupCommit.swift`, `LedgerEngine.Preparation(requests:…)`): appends that arrive during a
/// write share the next transaction, each still all or nothing, and a refused one leaves no trace in the others.
/// The result of `body`, thrown errors included.
func outcome<T: Sendable>(_ body: () async throws -> T) async -> Result<T, any Error> {
    do { return .success(try await body()) } catch { return .failure(error) }
}

@Suite("Storage: group commit")
struct GroupCommitTests {
    /// A draft whose actor tags the caller (the fake commits below echo it back).
    static func draftOf(_ caller: Int) -> EventDraft {
        EventDraft(.addSite(Site(id: "s\(caller)", name: "Site \(caller)")), actor: "caller-\(caller)", timestamp: "2024-04-25T00:00:00Z")
    }

    /// Stands for a stored event: the caller's tag as the event id.
    static func echoOf(_ drafts: [EventDraft]) -> [StoredEvent] {
        drafts.map { StoredEvent(seq: 0, id: $0.actor, type: "", timestamp: "", actor: $0.actor, payload: "", prevHash: "", hash: "") }
    }

    @Test("callers that arrive during a write go together into the next one, each with its own result")
    func queuedCallersShareTheNextCommit() async throws {
        let group = GroupCommit()
        let calls = Mutex<[[String]]>([])
        let followers = 9
        let refused = 4
        let outcomes = try await withThrowingTaskGroup(of: (Int, Result<[StoredEvent], any Error>).self) { tasks in
            let commit: @Sendable ([[EventDraft]]) async throws -> [Result<[StoredEvent], any Error>] = { requests in
                let first = calls.withLock { c in c.append(requests.map { $0[0].actor }); return c.count == 1 }
                // The first write holds on until every follower has queued behind it.
                if first { while group.queued < followers { try await Task.sleep(nanoseconds: 1_000_000) } }
                return requests.map { drafts in
                    drafts[0].actor == "caller-\(refused)" ? .failure(LedgerError.invalidInput("refused \(drafts[0].actor)")) : .success(GroupCommitTests.echoOf(drafts))
                }
            }
            tasks.addTask { (0, await outcome { try await group.append([GroupCommitTests.draftOf(0)], commit: commit) }) }
            while calls.withLock({ $0.isEmpty }) { try await Task.sleep(nanoseconds: 1_000_000) }
            for caller in 1...followers {
                tasks.addTask { (caller, await outcome { try await group.append([GroupCommitTests.draftOf(caller)], commit: commit) }) }
            }
            var outcomes: [Int: Result<[StoredEvent], any Error>] = [:]
            for try await (caller, outcome) in tasks { outcomes[caller] = outcome }
            return outcomes
        }
        let commits = calls.withLock { $0 }
        #expect(commits.count == 2)
        #expect(commits.first == ["caller-0"])
        #expect(Set(commits.last ?? []) == Set((1...followers).map { "caller-\($0)" }))
        for caller in 0...followers {
            switch outcomes[caller] as Result<[StoredEvent], any Error>? {
            case .success(let events): #expect(caller != refused && events.map(\.id) == ["caller-\(caller)"])
            case .failure(let error): #expect(caller == refused && "\(error)".contains("refused caller-\(refused)"))
            case .none: Issue.record("caller \(caller) got no result")
            }
        }
        #expect(group.queued == 0)
    }

    @Test("a write that fails fails every caller in it, and the next caller still writes")
    func aFailedCommitFailsItsGroupOnly() async throws {
        let group = GroupCommit()
        let failing = Mutex(true)
        let commit: @Sendable ([[EventDraft]]) async throws -> [Result<[StoredEvent], any Error>] = { requests in
            if failing.withLock({ $0 }) { throw LedgerError.storage("disk full") }
            return requests.map { .success(GroupCommitTests.echoOf($0)) }
        }
        await #expect(throws: LedgerError.self) { try await group.append([GroupCommitTests.draftOf(1)], commit: commit) }
        failing.withLock { $0 = false }
        #expect(try await group.append([GroupCommitTests.draftOf(2)], commit: commit).map(\.id) == ["caller-2"])
    }

    @Test("in one preparation a refused append leaves no trace: the others get the events sequential appends give")
    func refusedAppendInAGroupLeavesNoTrace() async throws {
        try await withDatabase(.sqlite) { grouped in
            try await withDatabase(.sqlite) { sequential in
                let ledger = try await Fixture.ledger(grouped)
                let reference = try await Fixture.ledger(sequential)
                // 97 t in the pool: 40 t; then 40 t and 40 t in one append, refused as a whole (its second
                // allocation finds 17 t); then 50 t, from the 57 t the refused append must have left.
                let requests = [[Fixture.allocate("D3", "pool", 40 * Fixture.t)], [Fixture.allocate("D3", "pool", 40 * Fixture.t), Fixture.allocate("D1", "pool", 40 * Fixture.t)],
                                [Fixture.allocate("D1", "pool", 50 * Fixture.t)]]
                    .map { $0.map { EventDraft($0, actor: "test", timestamp: "2024-04-25T00:00:00Z") } }
                let store = ledger.store
                let needed = LedgerEngine.requiredKeys(requests.flatMap { $0 })
                var preparation = try LedgerEngine.Preparation(requests: requests, head: try await store.head(),
                                                               rows: try await store.rows(keys: needed.keys, prefixes: needed.prefixes))
                while let query = try preparation.advance() { try preparation.supply(try await store.fetch(query), for: query) }
                guard case .failure(let error) = preparation.result(of: 1), case .insufficientCredits = error as? LedgerError else {
                    Issue.record("the second append was not refused for its credits: \(preparation.result(of: 1))")
                    return
                }
                // The accepted ones, appended one by one on an identical ledger, give the same events and rows.
                var expected: [StoredEvent] = []
                for index in [0, 2] { expected += try await reference.store.append(requests[index]) }
                #expect(try preparation.result(of: 0).get() + preparation.result(of: 2).get() == expected)
                #expect(preparation.events == expected)
                let rows = try preparation.rows()
                let stored = try await reference.store.rows(keys: rows.map(\.key), prefixes: [])
                #expect(Dictionary(uniqueKeysWithValues: rows.map { ($0.key, $0.value) }) == stored)
            }
        }
    }

    @Test("concurrent allocations through one store: no overdraft, each refusal its own, the chain verifies",
          arguments: [StoreKind.sqlite, .postgres])
    func concurrentAllocationsThroughOneStore(_ kind: StoreKind) async throws {
        guard kind == .sqlite || postgresURL != nil else { return }
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            let callers = 40
            try await ledger.append((0..<callers).map {
                .deliver(Delivery(delivery: "G\($0)", customer: "Beta", site: "s1", product: "cu", mass: 5 * Fixture.t, date: "2024-04-22"))
            })
            let before = try await ledger.store.head()
            // 97 t in the pool, 5 t per allocation: 19 fit.
            let results = await withTaskGroup(of: Result<StoredEvent, any Error>.self) { group in
                for i in 0..<callers {
                    group.addTask { await outcome { try await ledger.append(Fixture.allocate("G\(i)", "pool", 5 * Fixture.t)) } }
                }
                var results: [Result<StoredEvent, any Error>] = []
                for await result in group { results.append(result) }
                return results
            }
            let stored = results.compactMap { try? $0.get() }
            #expect(stored.count == 19)
            #expect(stored.map(\.seq).sorted() == Array((before.seq + 1)...(before.seq + 19)))
            for case .failure(let error) in results {
                guard case .insufficientCredits(let account, _, let available, let requested, _) = error as? LedgerError else {
                    Issue.record("unexpected refusal: \(error)"); continue
                }
                #expect(account == "pool" && available == 2 * Fixture.t && requested == 5 * Fixture.t)
            }
            let state = try await ledger.fullState()
            #expect(state.accounts["pool"]?.balance == 2 * Fixture.t)
            #expect(try await ledger.verify().isValid)
        }
    }
}
