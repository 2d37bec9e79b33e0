import CirculaLedger
import Foundation
import Testing

/// Test bodies shared by the SQLite and PostgreSQL suites: the same assertions against both stores.
enum Scenarios {
    static let t = Fixture.t

    /// Credits in, claims out, carry-over: every number asserted exactly.
    static func workedExample(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            #expect(try await account(ledger, "pool").available(in: "2024-04") == 97 * t)
            #expect(try await account(ledger, "alpha").available(in: "2024-04") == 9_700_000)
            #expect(try await account(ledger, "gold").balance == 1_900_000)

            try await ledger.append(Fixture.allocate("D1", "pool", 50 * t))
            try await ledger.append(Fixture.allocate("D2", "alpha", 9_700_000))
            try await ledger.append(Fixture.allocate("D2", "pool", 10_300_000))
            try await ledger.append(Fixture.allocate("D3", "pool", 30 * t))
            #expect(try await account(ledger, "pool").available(in: "2024-04") == 6_700_000)
            #expect(try await account(ledger, "alpha").balance == 0)

            var state = try await ledger.fullState()
            #expect(state.deliveries["D2"]?.claimed == 20 * t)
            let april = try #require(RecyclingRatio.compute(state).first { $0.period == "2024-04" })
            #expect(april.delivered == 150 * t)
            #expect(april.recycled == 100 * t)
            #expect(april.sharePpm == 666_666)

            // April credits cannot serve a May delivery until the period closes with carry-over.
            try await expectRefusal(ledger, Fixture.allocate("D4", "pool", 1 * t),
                                    "account pool holds 0 t (0 g) of credits for period 2024-05; 1 t (1000000 g) requested would take it below zero")
            try await ledger.append(.closePeriod(PeriodClose(period: "2024-04", rule: .carry)))
            let pool = try await account(ledger, "pool")
            #expect(pool.available(in: "2024-04") == 0)
            #expect(pool.available(in: "2024-05") == 6_700_000)
            #expect(pool.batches.first { $0.id.hasSuffix(">2024-05") }?.issued == 6_700_000)
            try await ledger.append(Fixture.allocate("D4", "pool", 6_700_000))

            state = try await ledger.fullState()
            let may = try #require(RecyclingRatio.compute(state).first { $0.period == "2024-05" })
            #expect(may.delivered == 10 * t)
            #expect(may.recycled == 6_700_000)
            #expect(may.sharePpm == 670_000)
            // Credits issued = credits claimed + credits left, per product.
            let cuAccounts = state.accounts.values.filter { $0.account.product == "cu" }
            let issued = cuAccounts.flatMap(\.batches).filter { !$0.id.contains(">") }.reduce(0) { $0 + $1.issued }
            let claimed = state.deliveries.values.reduce(0) { $0 + $1.claimed }
            #expect(issued == 106_700_000)
            #expect(claimed == 106_700_000)
            #expect(cuAccounts.reduce(0) { $0 + $1.balance } == 0)
            #expect(try await ledger.verify().isValid)

            // The closed period takes nothing more.
            try await expectRefusal(ledger, Fixture.allocate("D3", "pool", 1),
                                    "period 2024-04 is closed; allocation to delivery D3 is refused")
            try await expectRefusal(ledger, .receive(Receipt(lot: "R9", site: "s1", supplier: "x", date: "2024-04-30", category: .postConsumer, elements: ["Cu": 5])),
                                    "period 2024-04 is closed; receipt of lot R9 dated 2024-04-30 is refused")
        }
    }

    /// Expiry rule: unclaimed credits lapse at period close.
    static func expiry(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db, rule: .expire)
            try await ledger.append(Fixture.allocate("D1", "pool", 50 * t))
            try await expectRefusal(ledger, .closePeriod(PeriodClose(period: "2024-04", rule: .carry)),
                                    "the ledger's configured period-close rule is expire, not carry")
            try await ledger.append(.closePeriod(PeriodClose(period: "2024-04", rule: .expire)))
            let pool = try await account(ledger, "pool")
            #expect(pool.balance == 0)
            #expect(pool.batches[0].expired == 47 * t)
            #expect(pool.batches[0].claimed == 50 * t)
            try await expectRefusal(ledger, Fixture.allocate("D4", "pool", 1),
                                    "account pool holds 0 t (0 g) of credits for period 2024-05; 0.000001 t (1 g) requested would take it below zero")
            #expect(try await ledger.verify().isValid)
        }
    }

    /// Each invariant violated on purpose: a clear refusal, nothing changed.
    static func refusals(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            // no account below zero
            try await ledger.append(Fixture.allocate("D1", "pool", 50 * t))
            try await expectRefusal(ledger, Fixture.allocate("D3", "pool", 50 * t),
                                    "account pool holds 47 t (47000000 g) of credits for period 2024-04; 50 t (50000000 g) requested would take it below zero")
            // claims on a delivery ≤ its physical mass
            try await expectRefusal(ledger, Fixture.allocate("D1", "pool", 1),
                                    "delivery D1 weighs 50 t (50000000 g) with 50 t (50000000 g) already claimed; claiming 0.000001 t (1 g) more would exceed its physical mass")
            // a credit (an input's recycled attribute) is issued once
            try await expectRefusal(ledger, Fixture.credit("R1", "Cu", "pool", "0.97", 97 * t),
                                    "lot R1 Cu: credits were already issued by event E000014; each input's recycled attribute is used once")
            // credits are floor(recycled × factor), exactly
            try await ledger.append(.receive(Receipt(lot: "R4", site: "s1", supplier: "Collector", date: "2024-04-06", category: .postConsumer, elements: ["Cu": 1_000_001])))
            try await expectRefusal(ledger, Fixture.credit("R4", "Cu", "pool", "0.97", 970_001),
                                    "lot R4 Cu: credits must be floor(1.000001 t (1000001 g) × 0.97) = 0.97 t (970000 g), the event states 0.970001 t (970001 g)")
            // credits of a factor go only to an account with that factor
            try await expectRefusal(ledger, Fixture.credit("R4", "Cu", "pool90", "0.97", 970_000),
                                    "account pool90 takes credits at conversion factor 0.9; the credit states 0.97")
            // ring-fenced credits only go to their customer
            try await expectRefusal(ledger, Fixture.allocate("D1", "alpha", 1),
                                    "account alpha is ring-fenced for customer Alpha; delivery D1 goes to Beta")
            try await expectRefusal(ledger, Fixture.credit("R4", "Cu", "alpha", "0.97", 970_000),
                                    "lot R4 is the company's collection pool; its credits cannot go to account alpha (ring-fenced for customer Alpha)")
            try await expectRefusal(ledger, .transfer(Transfer(from: "alpha", to: "pool", amount: 1, date: "2024-04-10")),
                                    "transfer from alpha (ring-fenced for Alpha) to pool (pool): ring-fenced credits stay with their customer")
            // transfers only between the same product with the same factor
            try await expectRefusal(ledger, .transfer(Transfer(from: "pool", to: "pool90", amount: 1, date: "2024-04-10")),
                                    "transfer from pool (factor 0.97) to pool90 (factor 0.9): credits move only between accounts with the same conversion factor")
            try await expectRefusal(ledger, .transfer(Transfer(from: "pool", to: "gold", amount: 1, date: "2024-04-10")),
                                    "transfer from pool (cu) to gold (au): credits move only between accounts of the same product")
            try await ledger.append(.transfer(Transfer(from: "pool", to: "pool2", amount: 7 * t, date: "2024-04-10")))
            #expect(try await account(ledger, "pool2").available(in: "2024-04") == 7 * t)
            #expect(try await account(ledger, "pool").available(in: "2024-04") == 40 * t)
            try await expectRefusal(ledger, Fixture.allocate("D3", "pool2", 1),
                                    "account pool2 is at site s2; delivery D3 ships from s1 (transfer the credits first)")
            // not recycled input, with the reason
            try await expectRefusal(ledger, .receive(Receipt(lot: "P1", site: "s1", supplier: "Mine", date: "2024-04-06", category: .primary, elements: ["Cu": 5])),
                                    "lot P1 refused: not recycled content: category primary (mined ore, concentrate) is not recycled content under ISO 14021")
            try await expectRefusal(ledger, .receive(Receipt(lot: "P2", site: "s1", supplier: "Own anode plant", date: "2024-04-06", category: .preConsumer, origin: .runAround, elements: ["Cu": 5])),
                                    "lot P2 refused: not recycled content: run-around scrap reclaimed within the same process is excluded from pre-consumer content (ISO 14021)")
            try await expectRefusal(ledger, .receive(Receipt(lot: "P3", site: "s1", supplier: "Slag yard", date: "2024-04-06", category: .postConsumer, origin: .oreByProduct, elements: ["Cu": 5])),
                                    "lot P3 refused: not recycled content: slags and by-products of ore processing are not recycled material (RMI/OECD)")
            // unknown things are named
            try await expectRefusal(ledger, Fixture.allocate("D9", "pool", 1), "unknown delivery \"D9\"")
            #expect(try await ledger.verify().isValid)
        }
    }

    /// A scheme's maximum balancing period is enforced when the ledger is created.
    static func periodTooLong(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let ledger = try await db.ledger()
            try await expectRefusal(ledger, .initialize(Setup(company: "X", periodKind: .fiscalYear, maxPeriodMonths: 3, carryOver: .carry)),
                                    "balancing period fiscal-year lasts 12 months, longer than the configured maximum of 3 months")
            try await expectRefusal(ledger, .addSite(Site(id: "s", name: "s")), "the ledger is not initialised; run `circula ledger init` first")
            try await ledger.append(.initialize(Setup(company: "X", periodKind: .quarter, maxPeriodMonths: 3, carryOver: .carry)))
            #expect(try await ledger.store.head().seq == 1)
        }
    }

    /// Corrections reverse, never edit; a certified claim cannot be reversed.
    static func corrections(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            let allocation = try await ledger.append(Fixture.allocate("D1", "pool", 30 * t))
            #expect(try await account(ledger, "pool").balance == 67 * t)
            try await ledger.correct(target: allocation.id, reason: "wrong delivery")
            #expect(try await account(ledger, "pool").balance == 97 * t)
            #expect(try await ledger.fullState().deliveries["D1"]?.claimed == 0)
            // the original event is still in the history, unchanged
            #expect(try await ledger.store.event(id: allocation.id) == allocation)
            try await ledger.append(Fixture.allocate("D1", "pool", 30 * t))
            _ = try await ledger.issueCertificate(delivery: "D1", key: IssuerKey.generate())
            let second = try await ledger.history().last { $0.type == "allocate" }!
            let before = try await Snapshot(ledger)
            await #expect(throws: LedgerError.cannotCorrect(target: second.id, reason: "certificate CERT-D1-1 was issued for delivery D1 on these credits")) {
                try await ledger.correct(target: second.id, reason: "too late")
            }
            #expect(try await Snapshot(ledger) == before)
            #expect(try await ledger.verify().isValid)
        }
    }

    /// Editing a stored event or balance behind the ledger's back is found by `verify`, naming the event.
    static func tampering(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            try await ledger.append(Fixture.allocate("D1", "pool", 50 * t))
            #expect(try await ledger.verify().isValid)
            let table = kind == .sqlite ? "events" : "ledger_events"
            let stateTable = kind == .sqlite ? "state" : "ledger_state"
            // E000014 issued 97 t to pool; inflate it to 99 t in the database file itself.
            try await db.tamper("UPDATE \(table) SET payload = replace(payload, '\"amount\":97000000', '\"amount\":99000000') WHERE id = 'E000014'")
            let report = try await ledger.verify()
            #expect(report.firstBroken?.event == "E000014")
            #expect(report.firstBroken?.seq == 14)
            #expect(report.firstBroken?.reason.hasPrefix("stored hash") == true)
            #expect(report.events == 13)
            try await db.tamper("UPDATE \(table) SET payload = replace(payload, '\"amount\":99000000', '\"amount\":97000000') WHERE id = 'E000014'")
            #expect(try await ledger.verify().isValid)
            // a credit batch's row edited directly (the batch of E000014 in pool: key batch:pool␟E000014)
            let batchKey = "key LIKE 'batch:pool_E000014'"
            try await db.tamper("UPDATE \(stateTable) SET value = replace(value, '\"remaining\":47000000', '\"remaining\":57000000') WHERE \(batchKey)")
            let balance = try await ledger.verify()
            #expect(balance.firstBroken == nil)
            #expect(balance.stateMismatches == ["batch:pool/E000014: stored value differs from the value rebuilt from the events"])
            try await db.tamper("UPDATE \(stateTable) SET value = replace(value, '\"remaining\":57000000', '\"remaining\":47000000') WHERE \(batchKey)")
            // the account's summary row edited directly
            try await db.tamper("UPDATE \(stateTable) SET value = replace(value, '\"2024-04\":47000000', '\"2024-04\":57000000') WHERE key = 'account:pool'")
            #expect(try await ledger.verify().stateMismatches == ["account:pool: stored value differs from the value rebuilt from the events"])
            try await db.tamper("UPDATE \(stateTable) SET value = replace(value, '\"2024-04\":57000000', '\"2024-04\":47000000') WHERE key = 'account:pool'")
            // the index column that lets allocations skip a batch, set as if it were used up
            try await db.tamper("UPDATE \(stateTable) SET batch_open = \(kind == .sqlite ? "0" : "false") WHERE \(batchKey)")
            #expect(try await ledger.verify().stateMismatches == ["batch:pool/E000014: stored index columns differ from the batch's value"])
            try await db.tamper("UPDATE \(stateTable) SET batch_open = \(kind == .sqlite ? "1" : "true") WHERE \(batchKey)")
            #expect(try await ledger.verify().isValid)
            // a deleted event
            try await db.tamper("DELETE FROM \(table) WHERE id = 'E000007'")
            let deleted = try await ledger.verify()
            #expect(deleted.firstBroken?.event == "E000008")
            #expect(deleted.firstBroken?.reason == "sequence number 8, expected 7 (an event is missing or reordered)")
        }
    }

    /// A certificate verifies offline with the public key; any change to it, or another key, fails.
    static func certificates(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            try await ledger.append(Fixture.allocate("D2", "alpha", 9_700_000))
            try await ledger.append(Fixture.allocate("D2", "pool", 300_000))
            let key = IssuerKey.generate()
            let head = try await ledger.store.head()
            let certificate = try await ledger.issueCertificate(delivery: "D2", key: key)
            let b = certificate.body
            #expect(b.delivery == "D2" && b.customer == "Alpha" && b.product == "cu" && b.unit == "g")
            #expect(b.mass == 20 * t && b.recycledMass == 10 * t && b.recycledSharePpm == 500_000 && b.period == "2024-04")
            #expect(b.ledgerHeadHash == head.hash && b.ledgerHeadSeq == head.seq && b.keyId == key.keyID)
            #expect(b.claims.map(\.account) == ["alpha", "pool"])
            #expect(b.claims.first?.ringFencedFor == "Alpha" && b.claims.first?.lots == ["R2"])

            // round trip through the PEM files and the JSON file, no database involved
            let text = try certificate.json()
            let publicKey = try IssuerKey.publicKey(pem: key.publicPEM)
            try Certificate.load(json: text).verify(publicKey: publicKey)
            #expect(try IssuerKey(pem: key.privatePEM).keyID == key.keyID)

            let altered = text.replacingOccurrences(of: "\"recycled_mass\" : 10000000", with: "\"recycled_mass\" : 10000001")
            #expect(altered != text)
            #expect(throws: CertificateError.invalid("the Ed25519 signature does not match the certificate's content (it was altered or signed by another key)")) {
                try Certificate.load(json: altered).verify(publicKey: publicKey)
            }
            let other = IssuerKey.generate()
            #expect(throws: CertificateError.invalid("certificate names issuer key \(key.keyID), the given public key is \(other.keyID)")) {
                try Certificate.load(json: text).verify(publicKey: IssuerKey.publicKey(pem: other.publicPEM))
            }
            // the ledger recorded the certificate with the hash of its body
            let record = try #require(try await ledger.fullState().certificates[b.certificate])
            #expect(record.bodyHash == (try certificate.bodyHash))
            #expect(try await ledger.verify().isValid)
        }
    }

    /// 32 allocators race for the same 97 t of credits, each for its own 5 t delivery: exactly 19 win,
    /// 13 are refused, no overdraft, and claimed + remaining = issued.
    static func concurrentAllocators(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            try await ledger.append((1...32).map {
                .deliver(Delivery(delivery: "race-\($0)", customer: "Beta", site: "s1", product: "cu", mass: 5 * t, date: "2024-04-28"))
            })
            let racers = try await withThrowingTaskGroup(of: Ledger.self) { group in
                for _ in 1...32 { group.addTask { try await db.ledger(actor: "racer") } }
                return try await group.reduce(into: [Ledger]()) { $0.append($1) }
            }
            let outcomes = await withTaskGroup(of: String.self) { group in
                // verify runs while the racers write and must still see a consistent ledger
                for _ in 1...2 {
                    group.addTask {
                        do { return try await ledger.verify().isValid ? "verified" : "unexpected: verify failed during writes" } catch {
                            return "unexpected: \(error)"
                        }
                    }
                }
                for (i, racer) in racers.enumerated() {
                    group.addTask {
                        do {
                            try await racer.append(Fixture.allocate("race-\(i + 1)", "pool", 5 * t))
                            return "ok"
                        } catch let error as LedgerError {
                            if case .insufficientCredits = error { return "refused" }
                            return "unexpected: \(error)"
                        } catch { return "unexpected: \(String(reflecting: error))" }
                    }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "ok" }.count == 19)
            #expect(outcomes.filter { $0 == "refused" }.count == 13)
            #expect(outcomes.filter { $0 == "verified" }.count == 2)
            #expect(outcomes.filter { $0.hasPrefix("unexpected") }.isEmpty, "\(outcomes.filter { $0.hasPrefix("unexpected") })")
            let state = try await ledger.fullState()
            #expect(state.accounts["pool"]?.balance == 2 * t)
            #expect(state.deliveries.values.reduce(0) { $0 + $1.claimed } == 95 * t)
            #expect(state.accounts["pool"]!.batches.allSatisfy { $0.remaining >= 0 && $0.remaining + $0.claimed == $0.issued })
            let report = try await ledger.verify()
            #expect(report.isValid)
            #expect(report.events == 20 + 32 + 19)
        }
    }
}

extension Scenarios {
    /// 32 allocators race to claim 3 t each on the same 80 t delivery: 26 fit (78 t), 6 are refused as over-claims.
    static func concurrentClaimsOnOneDelivery(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            let racers = try await withThrowingTaskGroup(of: Ledger.self) { group in
                for _ in 1...32 { group.addTask { try await db.ledger(actor: "racer") } }
                return try await group.reduce(into: [Ledger]()) { $0.append($1) }
            }
            let outcomes = await withTaskGroup(of: String.self) { group in
                for racer in racers {
                    group.addTask {
                        do {
                            try await racer.append(Fixture.allocate("D3", "pool", 3 * t))
                            return "ok"
                        } catch let error as LedgerError {
                            if case .overClaim = error { return "refused" }
                            return "unexpected: \(error)"
                        } catch { return "unexpected: \(String(reflecting: error))" }
                    }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "ok" }.count == 26)
            #expect(outcomes.filter { $0 == "refused" }.count == 6)
            let state = try await ledger.fullState()
            #expect(state.deliveries["D3"]?.claimed == 78 * t)
            #expect(state.deliveries["D3"]?.allocations.count == 26)
            #expect(state.accounts["pool"]?.balance == 19 * t)
            #expect(try await ledger.verify().isValid)
        }
    }
}

@Suite("Ledger on SQLite")
struct SQLiteLedgerTests {
    @Test func workedExample() async throws { try await Scenarios.workedExample(.sqlite) }
    @Test func expiry() async throws { try await Scenarios.expiry(.sqlite) }
    @Test func refusals() async throws { try await Scenarios.refusals(.sqlite) }
    @Test func periodTooLong() async throws { try await Scenarios.periodTooLong(.sqlite) }
    @Test func corrections() async throws { try await Scenarios.corrections(.sqlite) }
    @Test func tampering() async throws { try await Scenarios.tampering(.sqlite) }
    @Test func certificates() async throws { try await Scenarios.certificates(.sqlite) }
    @Test func concurrentAllocators() async throws { try await Scenarios.concurrentAllocators(.sqlite) }
    @Test func concurrentClaimsOnOneDelivery() async throws { try await Scenarios.concurrentClaimsOnOneDelivery(.sqlite) }
}

@Suite("Ledger on PostgreSQL", .enabled(if: postgresURL != nil, "set CIRCULA_TEST_POSTGRES_URL to run against PostgreSQL"))
struct PostgresLedgerTests {
    @Test func workedExample() async throws { try await Scenarios.workedExample(.postgres) }
    @Test func expiry() async throws { try await Scenarios.expiry(.postgres) }
    @Test func refusals() async throws { try await Scenarios.refusals(.postgres) }
    @Test func periodTooLong() async throws { try await Scenarios.periodTooLong(.postgres) }
    @Test func corrections() async throws { try await Scenarios.corrections(.postgres) }
    @Test func tampering() async throws { try await Scenarios.tampering(.postgres) }
    @Test func certificates() async throws { try await Scenarios.certificates(.postgres) }
    @Test func concurrentAllocators() async throws { try await Scenarios.concurrentAllocators(.postgres) }
    @Test func concurrentClaimsOnOneDelivery() async throws { try await Scenarios.concurrentClaimsOnOneDelivery(.postgres) }
}
