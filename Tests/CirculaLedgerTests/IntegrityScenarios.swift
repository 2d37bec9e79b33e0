import CirculaCore
@testable import CirculaLedger
import Foundation
import Testing

/// Issue 9: each defect found by a hostile user, an auditor and a large plant, on both stores.
enum IntegrityScenarios {
    static let t = Fixture.t

    /// Identifiers: NFC and NFD spellings are one id; NUL, escape and format characters are refused; ids above
    /// U+FFFF (emoji, 𠮷) are found by prefix reads and close; verify passes afterwards.
    static func identifiers(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            let nfc = "L-caf\u{E9}", nfd = "L-cafe\u{301}"
            try await ledger.append(.receive(Receipt(lot: nfc, site: "s1", supplier: "x", date: "2024-04-06", category: .postConsumer, elements: ["Cu": 5 * t])))
            try await expectRefusal(ledger, .receive(Receipt(lot: nfd, site: "s1", supplier: "x", date: "2024-04-06", category: .postConsumer, elements: ["Cu": 5 * t])),
                                    "receipt of lot \"\(nfc)\" already exists")
            let credit = try await ledger.append(Fixture.credit(nfd, "Cu", "pool", "0.97", 4_850_000, date: "2024-04-06"))
            try await expectRefusal(ledger, Fixture.credit(nfc, "Cu", "pool", "0.97", 4_850_000, date: "2024-04-06"),
                                    "lot \(nfc) Cu: credits were already issued by event \(credit.id); each input's recycled attribute is used once")
            try await expectRefusal(ledger, .receive(Receipt(lot: "L-\u{0}1", site: "s1", supplier: "x", date: "2024-04-06", category: .postConsumer, elements: ["Cu": 5])),
                                    "lot id \"L-\\u{0}1\": contains the character U+0 (control, format or unassigned characters are not allowed in ids)")
            try await expectRefusal(ledger, .deliver(Delivery(delivery: "D-\u{1B}[31m", customer: "Beta", site: "s1", product: "cu", mass: 5, date: "2024-04-06")),
                                    "delivery id \"D-\\u{1B}[31m\": contains the character U+1B (control, format or unassigned characters are not allowed in ids)")
            try await expectRefusal(ledger, .deliver(Delivery(delivery: "D-\u{202E}x", customer: "Beta", site: "s1", product: "cu", mass: 5, date: "2024-04-06")),
                                    "delivery id \"D-\\u{202E}x\": contains the character U+202E (control, format or unassigned characters are not allowed in ids)")
            try await expectRefusal(ledger, .deliver(Delivery(delivery: String(repeating: "D", count: 129), customer: "Beta", site: "s1", product: "cu", mass: 5, date: "2024-04-06")),
                                    "delivery id \"\(String(repeating: "D", count: 129))\": longer than 128 characters")
            for id in ["🙂-pool", "𠮷-pool"] {
                try await ledger.append(.openAccount(Account(id: id, site: "s1", product: "cu", factor: Fixture.f("0.97"))))
                try await ledger.append(.receive(Receipt(lot: "R-" + id, site: "s1", supplier: "x", date: "2024-04-06", category: .postConsumer, elements: ["Cu": t])))
                try await ledger.append(Fixture.credit("R-" + id, "Cu", id, "0.97", 970_000, date: "2024-04-06"))
            }
            // A prefix read (balance, close) finds them.
            let accounts = try await ledger.state(prefixes: ["account:"]).accounts
            #expect(accounts["🙂-pool"]?.balance == 970_000)
            #expect(accounts["𠮷-pool"]?.balance == 970_000)
            try await ledger.append(.closePeriod(PeriodClose(period: "2024-04", rule: .carry)))
            let after = try await ledger.state(prefixes: ["account:"]).accounts
            #expect(after["𠮷-pool"]?.available(in: "2024-05") == 970_000)
            #expect(try await ledger.verify().isValid)
        }
    }

    /// Dates and periods: real calendar days only, nothing beyond the horizon, nothing behind a close, periods in
    /// order, credits not before their receipt.
    static func dates(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            func receipt(_ lot: String, _ date: String) -> LedgerEvent {
                .receive(Receipt(lot: lot, site: "s1", supplier: "x", date: date, category: .postConsumer, elements: ["Cu": t]))
            }
            try await expectRefusal(ledger, receipt("B1", "0000-01-01"), "date \"0000-01-01\": year 0 is before 1990; expected a real booking date")
            try await expectRefusal(ledger, receipt("B1", "2024-02-31"), "date \"2024-02-31\": 2024-02 has 29 days")
            try await expectRefusal(ledger, receipt("B1", "2024-04-31"), "date \"2024-04-31\": 2024-04 has 30 days")
            try await expectRefusal(ledger, receipt("B1", "+024-04-01"), "date \"+024-04-01\": expected YYYY-MM-DD")
            try await expectRefusal(ledger, receipt("B1", "2099-12-31"),
                                    "date 2099-12-31 is more than 92 days after the event is recorded (2024-04-24T23:06:40Z); the ledger books what happened, not plans")
            // a credit dated before its receipt
            try await ledger.append(receipt("B2", "2024-04-20"))
            try await expectRefusal(ledger, Fixture.credit("B2", "Cu", "pool", "0.97", 970_000, date: "2024-04-19"),
                                    "credits for lot B2 dated 2024-04-19 come before its receipt dated 2024-04-20; a credit is never dated before its input arrived")
            // periods close in order: March has a receipt, so April cannot close before it
            try await ledger.append(receipt("B3", "2024-03-30"))
            try await expectRefusal(ledger, .closePeriod(PeriodClose(period: "2024-04", rule: .carry)),
                                    "period 2024-04 cannot be closed yet: periods close in order and 2024-03 is the earliest open period")
            try await ledger.append(.closePeriod(PeriodClose(period: "2024-03", rule: .carry)))
            try await ledger.append(.closePeriod(PeriodClose(period: "2024-04", rule: .carry)))
            // back-dating behind the close
            try await expectRefusal(ledger, receipt("B4", "2024-03-15"), "period 2024-03 is closed; receipt of lot B4 dated 2024-03-15 is refused")
            try await expectRefusal(ledger, .deliver(Delivery(delivery: "D9", customer: "Beta", site: "s1", product: "cu", mass: 5, date: "2024-02-10")),
                                    "period 2024-02 is closed; delivery D9 dated 2024-02-10 (it lies before 2024-04, which is closed) is refused")
            try await expectRefusal(ledger, .closePeriod(PeriodClose(period: "2024-06", rule: .carry)),
                                    "period 2024-06 cannot be closed yet: periods close in order and 2024-05 is the earliest open period")
            try await expectRefusal(ledger, .closePeriod(PeriodClose(period: "+024-05", rule: .carry)),
                                    "period \"+024-05\": expected YYYY-MM such as 2024-04")
            #expect(try await ledger.verify().isValid)
        }
    }

    /// Big numbers: limits at the edge, clear errors, never a trap; reports stay computable.
    static func bigNumbers(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            try await expectRefusal(ledger, .receive(Receipt(lot: "H1", site: "s1", supplier: "x", date: "2024-04-06", category: .postConsumer,
                                                             elements: ["Cu": LedgerState.amountLimit + 1])),
                                    "lot H1 Cu: 1000000000.000001 t (1000000000000001 g) is more than the ledger's limit of 1000000000 t (1000000000000000 g) per amount")
            try await expectRefusal(ledger, .deliver(Delivery(delivery: "H2", customer: "Beta", site: "s1", product: "cu", mass: Int64.max, date: "2024-04-06")),
                                    "delivery H2: mass: 9223372036854.775807 t (9223372036854775807 g) is more than the ledger's limit of 1000000000 t (1000000000000000 g) per amount")
            try await expectRefusal(ledger, Fixture.allocate("D1", "pool", Int64.max),
                                    "allocation to delivery D1: amount: 9223372036854.775807 t (9223372036854775807 g) is more than the ledger's limit of 1000000000 t (1000000000000000 g) per amount")
            // Many lots at the limit into one account: the account's total stays bounded.
            for i in 0..<2 {
                try await ledger.append(.receive(Receipt(lot: "BIG\(i)", site: "s1", supplier: "x", date: "2024-04-06", category: .postConsumer,
                                                         elements: ["Cu": LedgerState.amountLimit])))
                try await ledger.append(Fixture.credit("BIG\(i)", "Cu", "pool", "0.97", LedgerState.amountLimit / 100 * 97, date: "2024-04-06"))
            }
            try await ledger.append(.deliver(Delivery(delivery: "HUGE", customer: "Beta", site: "s1", product: "cu", mass: LedgerState.amountLimit, date: "2024-04-26")))
            try await ledger.allocate(delivery: "HUGE", account: "pool")
            let ratios = RecyclingRatio.compute(try await ledger.fullState())
            let april = try #require(ratios.first { $0.period == "2024-04" })
            #expect(april.delivered == LedgerState.amountLimit + 150 * t)
            #expect(april.sharePpm == Int64(Int128(LedgerState.amountLimit) * 1_000_000 / Int128(april.delivered)))
            #expect(try await ledger.verify().isValid)
        }
    }

    /// Tamper evidence: rewriting and rehashing the chain, deleting its last events, or deleting all of them is caught
    /// by an expected head or a certificate; verify on PostgreSQL terminates after a truncation; verify never writes.
    static func tamperEvidence(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            try await ledger.append(Fixture.allocate("D1", "pool", 50 * t))
            let key = IssuerKey.generate()
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("circula-certs-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            _ = try await ledger.issueCertificate(delivery: "D1", key: key, writingTo: dir + "/D1.json")
            try await ledger.append(.deliver(Delivery(delivery: "D5", customer: "Beta", site: "s1", product: "cu", mass: 5 * t, date: "2024-04-27")))
            let head = try await ledger.store.head()
            let anchors = try ChainAnchor.certificates(in: dir)
            #expect(try await ledger.verify(expectedHead: head.hash, anchors: anchors).isValid)

            let table = kind == .sqlite ? "events" : "ledger_events"
            // 1. Delete the last event (and fix the PostgreSQL head row so the head looks consistent).
            try await db.tamper("DELETE FROM \(table) WHERE seq = \(head.seq)")
            let truncated = try await withTimeLimit { try await ledger.verify(expectedHead: head.hash) }
            #expect(!truncated.isValid)
            if kind == .postgres {
                // the head row still says seq \(head.seq): plain verify must end and report it (it spun forever)
                let plain = try await withTimeLimit { try await ledger.verify() }
                #expect(plain.stateMismatches.first?.contains("events were deleted") == true)
            } else {
                #expect(truncated.firstBroken?.reason.contains("is not the expected head") == true)
            }
            // 2. Delete every event after the certificate's head: the certificate's issue event is gone.
            try await db.tamper("DELETE FROM \(table) WHERE seq > \(anchors[0].seq)")
            let behind = try await withTimeLimit { try await ledger.verify(anchors: anchors) }
            #expect(behind.firstBroken?.reason.contains("is not in the chain") == true)
            // 3. Delete everything.
            try await db.tamper("DELETE FROM \(table)")
            let empty = try await withTimeLimit { try await ledger.verify(anchors: anchors) }
            #expect(empty.firstBroken?.reason.contains("saw the chain at event \(anchors[0].seq)") == true)
        }
    }

    /// Rewriting a delivery's mass and recomputing every hash from there on: an expected head or a certificate catches it.
    static func rehashedRewrite(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            try await ledger.append(Fixture.allocate("D1", "pool", 50 * t))
            let key = IssuerKey.generate()
            let certificate = try await ledger.issueCertificate(delivery: "D1", key: key)
            let head = try await ledger.store.head()
            let anchor = try ChainAnchor.certificate(certificate, source: "certificate \(certificate.body.certificate)")
            // D3 (80 t, event E000019) becomes 8 t; every hash from there on is recomputed, the head row too.
            var events = try await ledger.store.events(after: 0, limit: 1000)
            var previous = HashChain.genesis
            for index in events.indices {
                var e = events[index]
                if e.id == "E000019" { e.payload = e.payload.replacingOccurrences(of: "\"mass\":80000000", with: "\"mass\":8000000") }
                e.prevHash = previous
                e.hash = HashChain.hash(seq: e.seq, id: e.id, type: e.type, timestamp: e.timestamp, actor: e.actor, payload: e.payload, prevHash: e.prevHash)
                previous = e.hash
                events[index] = e
            }
            #expect(events.first { $0.id == "E000019" }?.payload.contains("8000000") == true)
            let table = kind == .sqlite ? "events" : "ledger_events"
            for e in events {
                try await db.tamper("UPDATE \(table) SET payload = '\(e.payload)', prev_hash = '\(e.prevHash)', hash = '\(e.hash)' WHERE seq = \(e.seq)")
            }
            let stateTable = kind == .sqlite ? "state" : "ledger_state"
            try await db.tamper("UPDATE \(stateTable) SET value = replace(value, '\"mass\":80000000', '\"mass\":8000000') WHERE key = 'delivery:D3'")
            if kind == .postgres { try await db.tamper("UPDATE ledger_head SET hash = '\(previous)' WHERE id = 1") }
            // Without an anchor the rewrite is consistent: exactly the defect the anchors exist for.
            #expect(try await ledger.verify().isValid)
            let expected = try await ledger.verify(expectedHead: head.hash)
            #expect(expected.firstBroken?.reason.contains("is not the expected head") == true)
            let byCertificate = try await ledger.verify(anchors: [anchor])
            #expect(byCertificate.firstBroken?.reason.contains("the history was rewritten") == true)
        }
    }

    /// A signed checkpoint written at a period close catches a truncation behind it and an edit with rehashing;
    /// a checkpoint whose content was changed fails its signature.
    static func checkpoints(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            let key = IssuerKey.generate()
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("circula-checkpoints-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let (close, checkpoint) = try await ledger.closePeriod("2024-04", checkpointKey: key, checkpointDirectory: dir)
            let signed = try #require(checkpoint)
            #expect(signed.checkpoint.ledgerHeadSeq == close.seq && signed.checkpoint.ledgerHeadHash == close.hash)
            let publicKey = try IssuerKey.publicKey(pem: key.publicPEM)
            let anchors = try ChainAnchor.checkpoints(in: dir, publicKey: publicKey)
            #expect(try await ledger.verify(anchors: anchors).isValid)
            // An altered checkpoint file is refused by its signature.
            let text = try String(contentsOfFile: dir + "/" + signed.fileName, encoding: .utf8)
            let altered = text.replacingOccurrences(of: "\"ledger_head_seq\" : \(close.seq)", with: "\"ledger_head_seq\" : \(close.seq - 1)")
            #expect(altered != text)
            #expect(throws: CertificateError.self) { try Checkpoint.load(json: altered).verify(publicKey: publicKey) }
            // Truncating the close event away fails against the checkpoint.
            let table = kind == .sqlite ? "events" : "ledger_events"
            try await db.tamper("DELETE FROM \(table) WHERE seq = \(close.seq)")
            let report = try await withTimeLimit { try await ledger.verify(anchors: anchors) }
            #expect(report.firstBroken?.reason.contains("saw the chain at event \(close.seq)") == true, "\(report)")
        }
    }

    /// `init` with the same arguments again, and 8 at once, is not an error; other settings are refused by name.
    static func idempotentInit(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let setup = Setup(company: "Test Smelting", periodKind: .month, maxPeriodMonths: 3, carryOver: .carry)
            let extras: [LedgerEvent] = [.addSite(Site(id: "s1", name: "Smelter")), .addProduct(Product(id: "cu", element: "Cu", form: "cathode", unit: .gram))]
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await db.ledger().initialize(setup: setup, adding: extras).count }
                }
                var appended = 0
                for try await count in group { appended += count }
                #expect(appended == 3)
            }
            let ledger = try await db.ledger()
            #expect(try await ledger.initialize(setup: setup, adding: extras).isEmpty)
            await #expect(throws: LedgerError.duplicate(kind: "site", id: "s1")) {
                try await ledger.initialize(setup: setup, adding: [.addSite(Site(id: "s1", name: "Other"))])
            }
            #expect(try await ledger.verify().isValid)
        }
    }
}

/// Runs `body`, failing if it takes more than `seconds` (verify must terminate on every corruption).
func withTimeLimit<T: Sendable>(seconds: Double = 20, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask { try await Task.sleep(nanoseconds: UInt64(seconds * 1e9)); return nil }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw LedgerError.storage("did not finish within \(seconds) s")
        }
        return value
    }
}

@Suite("Ledger integrity on SQLite")
struct SQLiteIntegrityTests {
    @Test func identifiers() async throws { try await IntegrityScenarios.identifiers(.sqlite) }
    @Test func dates() async throws { try await IntegrityScenarios.dates(.sqlite) }
    @Test func bigNumbers() async throws { try await IntegrityScenarios.bigNumbers(.sqlite) }
    @Test func tamperEvidence() async throws { try await IntegrityScenarios.tamperEvidence(.sqlite) }
    @Test func rehashedRewrite() async throws { try await IntegrityScenarios.rehashedRewrite(.sqlite) }
    @Test func idempotentInit() async throws { try await IntegrityScenarios.idempotentInit(.sqlite) }
    @Test func checkpoints() async throws { try await IntegrityScenarios.checkpoints(.sqlite) }
}

@Suite("Ledger integrity on PostgreSQL", .enabled(if: postgresURL != nil, "set CIRCULA_TEST_POSTGRES_URL to run against PostgreSQL"))
struct PostgresIntegrityTests {
    @Test func identifiers() async throws { try await IntegrityScenarios.identifiers(.postgres) }
    @Test func dates() async throws { try await IntegrityScenarios.dates(.postgres) }
    @Test func bigNumbers() async throws { try await IntegrityScenarios.bigNumbers(.postgres) }
    @Test func tamperEvidence() async throws { try await IntegrityScenarios.tamperEvidence(.postgres) }
    @Test func rehashedRewrite() async throws { try await IntegrityScenarios.rehashedRewrite(.postgres) }
    @Test func idempotentInit() async throws { try await IntegrityScenarios.idempotentInit(.postgres) }
    @Test func checkpoints() async throws { try await IntegrityScenarios.checkpoints(.postgres) }
}
