import CirculaCore
@testable import CirculaLedger
import Foundation
import Testing

/// Each scheme's rules on a real ledger, on SQLite and on PostgreSQL: the profile in the init event, periods,
/// negative balances, stock tolerance at close, transfers and documents. Every refusal leaves the store unchanged.
@Suite("Scheme rules")
struct SchemeRulesTests {
    static let stores = [StoreKind.sqlite, .postgres]
    let t = SchemeFixture.t

    /// The chosen profile is in the init event's payload (the auditor sees it in the chain); a ledger without one
    /// writes nothing new, so its init event hashes as before, and runs under Circula's default rules.
    @Test(arguments: stores) func theSchemeIsRecordedInTheInitEvent(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        try await withDatabase(kind) { db in
            let ledger = try await SchemeFixture.ledger(db, "iscc-plus")
            let first = try #require(try await ledger.history(limit: 1).first)
            #expect(first.payload.contains("\"scheme\":{"), "\(first.payload)")
            #expect(first.payload.contains("ISCC 203 (a deviation of up to 0.5 % between physical stock and mass balance stock can be accepted)"))
            #expect(try await ledger.fullState().scheme == SchemeFixture.profile("iscc-plus"))
            #expect(try await ledger.verify().isValid)
        }
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            let first = try #require(try await ledger.history(limit: 1).first)
            #expect(!first.payload.contains("scheme"), "\(first.payload)")
            let setup = try requireConfig(try await ledger.fullState()).setup
            #expect(try await ledger.fullState().scheme == SchemeProfile.circulaDefault(for: setup))
        }
    }

    /// ISCC PLUS allows at most three months: a 12-month maximum or a fiscal-year period is refused at init;
    /// UL 2809 does not carry credits into another period.
    @Test func initStaysWithinTheScheme() async throws {
        try await withDatabase(.sqlite) { db in
            let ledger = try await db.ledger()
            let iscc = try SchemeFixture.profile("iscc-plus")
            try await expectRefusal(ledger, .initialize(Setup(company: "T", periodKind: .month, maxPeriodMonths: 12, carryOver: .carry, scheme: iscc)),
                                    LedgerError.periodAboveSchemeMaximum(months: 12, scheme: iscc.name, maximum: 3, clause: iscc.maxPeriodMonths.clause).description)
            try await expectRefusal(ledger, .initialize(Setup(company: "T", periodKind: .fiscalYear, maxPeriodMonths: 3, carryOver: .carry, scheme: iscc)),
                                    LedgerError.periodTooLong(kind: .fiscalYear, months: 12, maximum: 3).description)
            let ul = try SchemeFixture.profile("ul2809")
            try await expectRefusal(ledger, .initialize(Setup(company: "T", periodKind: .fiscalYear, maxPeriodMonths: 12, carryOver: .carry, scheme: ul)),
                                    LedgerError.carryOverNotAllowed(rule: .carry, scheme: ul.name, allowed: [.expire], clause: ul.carryOver.clause).description)
            var broken = iscc
            broken.maxPeriodMonths.clause = " "
            try await expectRefusal(ledger, .initialize(Setup(company: "T", periodKind: .month, maxPeriodMonths: 3, carryOver: .carry, scheme: broken)),
                                    "scheme profile: iscc-plus: name, source and every rule's clause must be given")
            // A quarter is exactly ISCC's three months; ASI's fiscal year its twelve.
            try await ledger.append(.initialize(Setup(company: "T", periodKind: .quarter, maxPeriodMonths: 3, carryOver: .carry, scheme: iscc)))
        }
        try await withDatabase(.sqlite) { db in
            let asi = try SchemeFixture.profile("asi")
            let ledger = try await db.ledger()
            try await ledger.append(.initialize(Setup(company: "T", periodKind: .fiscalYear, maxPeriodMonths: 12, carryOver: .carry, scheme: asi)))
            #expect(try await ledger.verify().isValid)
        }
    }

    /// ISCC 203: a negative balance is allowed inside the period, not at its end. An allocation may overdraw the
    /// account; the close is refused until later credits of the period cover it, and then settles from them.
    @Test(arguments: stores) func isccAllowsANegativeBalanceOnlyWithinThePeriod(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        try await withDatabase(kind) { db in
            let ledger = try await SchemeFixture.ledger(db, "iscc-plus")
            try await ledger.append([SchemeFixture.receive("R1", 100 * t), SchemeFixture.credit("R1", 100 * t),
                                     SchemeFixture.deliver("D1", 150 * t)])
            try await ledger.append(Fixture.allocate("D1", "pool", 120 * t))
            let overdrawn = 97 * t - 120 * t
            #expect(try await ledger.fullState().accounts["pool"]?.available(in: "2024-04") == overdrawn)
            let iscc = try SchemeFixture.profile("iscc-plus")
            try await expectRefusal(ledger, .closePeriod(PeriodClose(period: "2024-04", rule: .carry)),
                                    LedgerError.negativeBalanceAtClose(account: "pool", period: "2024-04", balance: overdrawn, unit: .gram,
                                                                       clause: iscc.negativeBalance.clause).description)
            try await ledger.append([SchemeFixture.receive("R2", 30 * t, date: "2024-04-25"), SchemeFixture.credit("R2", 30 * t, date: "2024-04-25")])
            try await ledger.append(try await SchemeFixture.close(ledger, "2024-04"))
            let pool = try #require(try await ledger.fullState().accounts["pool"])
            // R2's 29.1 t cover the 23 t overdraft; the 6.1 t left carry into May.
            #expect(pool.available(in: "2024-05") == Fixture.f("0.97").apply(to: 30 * t) + overdrawn)
            #expect(pool.batches.reduce(0) { $0 + $1.claimed } == 120 * t, "claims are counted once")
            #expect(try await ledger.verify().isValid)
        }
    }

    /// UL 2809 and UNTP never let an account go below zero, at any moment.
    @Test(arguments: ["ul2809", "untp-mass-balance"]) func noNegativeBalanceEver(_ scheme: String) async throws {
        try await withDatabase(.sqlite) { db in
            let ledger = try await SchemeFixture.ledger(db, scheme, period: .month, carry: try SchemeFixture.profile(scheme).carryOver.value[0])
            try await ledger.append([SchemeFixture.receive("R1", 100 * t), SchemeFixture.credit("R1", 100 * t), SchemeFixture.deliver("D1", 150 * t)])
            let credits = Fixture.f("0.97").apply(to: 100 * t)
            try await expectRefusal(ledger, Fixture.allocate("D1", "pool", credits + 1),
                                    LedgerError.insufficientCredits(account: "pool", period: "2024-04", available: credits, requested: credits + 1, unit: .gram).description)
            try await ledger.append(Fixture.allocate("D1", "pool", credits))
        }
    }

    /// ISCC 203: up to 0.5 % between physical and book stock is accepted; one gram more is flagged in the close
    /// event, and verify reports the flag for the auditor.
    @Test(arguments: stores) func physicalStockBeyondTheToleranceIsFlagged(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        let tolerance = try SchemeFixture.profile("iscc-plus").stockTolerancePpm.value
        for extra in [Int64(0), 1] {
            try await withDatabase(kind) { db in
                let ledger = try await SchemeFixture.ledger(db, "iscc-plus")
                try await ledger.append([SchemeFixture.receive("R1", 100 * t), SchemeFixture.credit("R1", 100 * t),
                                         SchemeFixture.deliver("D1", 50 * t), Fixture.allocate("D1", "pool", 20 * t)])
                let book = try await ledger.fullState().bookStock(of: "cu", in: "2024-04")
                #expect(book == Fixture.f("0.97").apply(to: 100 * t) - 20 * t)
                let physical = book + book * tolerance / 1_000_000 + extra
                let close = try await SchemeFixture.close(ledger, "2024-04", physical: ["cu": physical])
                try await ledger.append(close)
                let report = try await ledger.verify()
                #expect(report.isValid)
                if extra == 0 {
                    #expect(report.flaggedCloses.isEmpty)
                } else {
                    let flag = StockFlag(product: "cu", book: book, physical: physical,
                                         deviationPpm: StockFlag.deviationPpm(book: book, physical: physical), tolerancePpm: tolerance)
                    #expect(report.flaggedCloses.map(\.flags) == [[flag]])
                    #expect(flag.deviationPpm > tolerance)
                }
            }
        }
    }

    /// A close that states other flags than the ledger computes is refused; a physical stock of an unknown product
    /// or below zero too.
    @Test func closeFlagsAreRecomputed() async throws {
        try await withDatabase(.sqlite) { db in
            let ledger = try await SchemeFixture.ledger(db, "iscc-plus")
            try await ledger.append([SchemeFixture.receive("R1", 100 * t), SchemeFixture.credit("R1", 100 * t)])
            let forged = PeriodClose(period: "2024-04", rule: .carry, physicalStock: ["cu": 50 * t])
            let book = Fixture.f("0.97").apply(to: 100 * t)
            let expected = StockFlag(product: "cu", book: book, physical: 50 * t, deviationPpm: StockFlag.deviationPpm(book: book, physical: 50 * t),
                                     tolerancePpm: try SchemeFixture.profile("iscc-plus").stockTolerancePpm.value)
            try await expectRefusal(ledger, .closePeriod(forged), "close of 2024-04: recorded stock flags none differ from the recomputed \(expected)")
            try await expectRefusal(ledger, .closePeriod(PeriodClose(period: "2024-04", rule: .carry, physicalStock: ["zinc": 1])),
                                    LedgerError.unknown(kind: "product", id: "zinc").description)
            try await expectRefusal(ledger, .closePeriod(PeriodClose(period: "2024-04", rule: .carry, physicalStock: ["cu": -1])),
                                    LedgerError.negativePhysicalStock(product: "cu", amount: -1).description)
        }
    }

    /// ASI: credits move within a product group (cathode and anode scrap, both Cu) with the same factor; ISCC only
    /// between identical products; neither across factors; book and claim never between accounts.
    @Test(arguments: stores) func transfersFollowTheScheme(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        try await withDatabase(kind) { db in
            let ledger = try await SchemeFixture.ledger(db, "asi", period: .fiscalYear)
            try await ledger.append([SchemeFixture.receive("R1", 100 * t), SchemeFixture.credit("R1", 100 * t)])
            try await ledger.append(.transfer(Transfer(from: "pool", to: "scrap", amount: 10 * t, date: "2024-04-10")))
            try await expectRefusal(ledger, .transfer(Transfer(from: "pool", to: "pool90", amount: t, date: "2024-04-10")),
                                    "transfer from pool (factor 0.97) to pool90 (factor 0.9): credits move only between accounts with the same conversion factor")
            #expect(try await ledger.fullState().accounts["scrap"]?.available(in: "FY2024") == 10 * t)
            #expect(try await ledger.verify().isValid)
        }
        try await withDatabase(kind) { db in
            let ledger = try await SchemeFixture.ledger(db, "iscc-plus")
            try await ledger.append([SchemeFixture.receive("R1", 100 * t), SchemeFixture.credit("R1", 100 * t)])
            try await expectRefusal(ledger, .transfer(Transfer(from: "pool", to: "scrap", amount: 10 * t, date: "2024-04-10")),
                                    "transfer from pool (cu) to scrap (cu-scrap): credits move only between accounts of the same product")
        }
        try await withDatabase(kind) { db in
            let ledger = try await SchemeFixture.ledger(db, "untp-book-and-claim")
            try await ledger.append([SchemeFixture.receive("R1", 100 * t), SchemeFixture.credit("R1", 100 * t)])
            let bc = try SchemeFixture.profile("untp-book-and-claim")
            try await expectRefusal(ledger, .transfer(Transfer(from: "pool", to: "scrap", amount: 10 * t, date: "2024-04-10")),
                                    LedgerError.transferNotAllowed(scheme: bc.name, clause: bc.creditTransfer.clause).description)
        }
    }

    /// UL 2809 requires document references on every entry and withdrawal; a ledger without a scheme does not.
    @Test(arguments: stores) func ul2809RequiresDocuments(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        try await withDatabase(kind) { db in
            let ledger = try await SchemeFixture.ledger(db, "ul2809", period: .month, carry: .expire)
            let ul = try SchemeFixture.profile("ul2809")
            try await expectRefusal(ledger, SchemeFixture.receive("R1", 100 * t, documents: []),
                                    LedgerError.missingDocuments(what: "receipt of lot R1", scheme: ul.name, clause: ul.documentsRequired.clause).description)
            try await expectRefusal(ledger, SchemeFixture.receive("R1", 100 * t, documents: ["  "]),
                                    LedgerError.missingDocuments(what: "receipt of lot R1", scheme: ul.name, clause: ul.documentsRequired.clause).description)
            try await ledger.append(SchemeFixture.receive("R1", 100 * t))
            try await expectRefusal(ledger, SchemeFixture.deliver("D1", 10 * t, documents: nil),
                                    LedgerError.missingDocuments(what: "delivery D1", scheme: ul.name, clause: ul.documentsRequired.clause).description)
            try await ledger.append(SchemeFixture.deliver("D1", 10 * t, documents: ["DN-1", "WB-7"]))
            let stored = try #require(try await ledger.history(after: 0, limit: 100).last)
            #expect(stored.payload.contains("\"documents\":[\"DN-1\",\"WB-7\"]"))
            #expect(try await ledger.verify().isValid)
        }
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            try await ledger.append(.deliver(Delivery(delivery: "D9", customer: "Beta", site: "s1", product: "cu", mass: t, date: "2024-04-22")))
            let stored = try #require(try await ledger.history(after: 0, limit: 100).last)
            #expect(!stored.payload.contains("documents"), "a delivery without documents writes no field: \(stored.payload)")
        }
    }

    /// ASI's percentage method: every output of the period, cathode and scrap alike, is claimable at most at the
    /// period's input share, recycled receipts / recorded total input.
    @Test(arguments: stores) func percentageMethodCapsEachOutputAtTheInputShare(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        try await withDatabase(kind) { db in
            let ledger = try await SchemeFixture.ledger(db, "asi", period: .fiscalYear)
            let recycled = 100 * t, total = 400 * t
            try await ledger.append([SchemeFixture.receive("R1", recycled), SchemeFixture.credit("R1", recycled),
                                     SchemeFixture.deliver("D1", 80 * t), SchemeFixture.deliver("S1", 8 * t, product: "cu-scrap")])
            try await expectRefusal(ledger, Fixture.allocate("D1", "pool", t), LedgerError.noPeriodInput(period: "FY2024", product: "cu").description)
            try await ledger.append(.recordInput(PeriodInput(period: "FY2024", element: "Cu", total: total, source: "plant balance FY2024")))
            try await expectRefusal(ledger, .recordInput(PeriodInput(period: "FY2024", element: "Cu", total: total, source: "again")),
                                    LedgerError.duplicate(kind: "total input of period", id: "FY2024:Cu").description)
            let limit = 80 * t * recycled / total
            try await expectRefusal(ledger, Fixture.allocate("D1", "pool", limit + 1),
                                    LedgerError.aboveInputShare(delivery: "D1", mass: 80 * t, recycled: recycled, total: total, limit: limit,
                                                                requested: limit + 1, unit: .gram).description)
            try await ledger.append(Fixture.allocate("D1", "pool", limit))
            try await ledger.append(.transfer(Transfer(from: "pool", to: "scrap", amount: 10 * t, date: "2024-04-10")))
            let scrapLimit = 8 * t * recycled / total
            try await expectRefusal(ledger, Fixture.allocate("S1", "scrap", scrapLimit + 1),
                                    LedgerError.aboveInputShare(delivery: "S1", mass: 8 * t, recycled: recycled, total: total, limit: scrapLimit,
                                                                requested: scrapLimit + 1, unit: .gram).description)
            // Without an amount the ledger takes what the share allows.
            let r = try await ledger.allocate(delivery: "S1", account: "scrap")
            guard case .allocate(let a) = try r.event() else { Issue.record("not an allocation"); return }
            #expect(a.amount == scrapLimit)
            #expect(try await ledger.verify().isValid)
        }
    }

    /// A credit method ledger refuses the percentage method's input; book-and-claim refuses allocations.
    @Test func claimMethodEventsNeedTheirMethod() async throws {
        try await withDatabase(.sqlite) { db in
            let ledger = try await SchemeFixture.ledger(db, "iscc-plus")
            let iscc = try SchemeFixture.profile("iscc-plus")
            try await expectRefusal(ledger, .recordInput(PeriodInput(period: "2024-04", element: "Cu", total: t, source: "x")),
                                    LedgerError.claimMethodNotAllowed(event: "record-input for Cu in 2024-04", method: .credit, scheme: iscc.name,
                                                                      clause: iscc.claimMethod.clause).description)
        }
        try await withDatabase(.sqlite) { db in
            let ledger = try await SchemeFixture.ledger(db, "untp-book-and-claim")
            let bc = try SchemeFixture.profile("untp-book-and-claim")
            try await ledger.append([SchemeFixture.receive("R1", 100 * t), SchemeFixture.credit("R1", 100 * t), SchemeFixture.deliver("D1", 10 * t)])
            try await expectRefusal(ledger, Fixture.allocate("D1", "pool", t),
                                    LedgerError.claimMethodNotAllowed(event: "allocation to delivery D1", method: .bookAndClaim, scheme: bc.name,
                                                                      clause: bc.claimMethod.clause).description)
        }
    }
}
