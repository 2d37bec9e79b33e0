@testable import CirculaLedger
import Foundation
import Testing

/// Balancing periods of any length the scheme allows, from an explicit start; each id states its first and last day.
@Suite("Custom periods")
struct CustomPeriodTests {
    let calendar = PeriodCalendar(kind: .custom, custom: CustomPeriods(start: "2024-04-15", months: 2))

    @Test func periodsRunFromTheStartInSteps() throws {
        #expect(try calendar.period(containing: "2024-04-15") == "2024-04-15..2024-06-14")
        #expect(try calendar.period(containing: "2024-06-14") == "2024-04-15..2024-06-14")
        #expect(try calendar.period(containing: "2024-06-15") == "2024-06-15..2024-08-14")
        // Across a year end and a leap day.
        #expect(try calendar.period(containing: "2025-02-28") == "2025-02-15..2025-04-14")
        #expect(try calendar.next(after: "2024-12-15..2025-02-14") == "2025-02-15..2025-04-14")
        let feb = PeriodCalendar(kind: .custom, custom: CustomPeriods(start: "2024-02-01", months: 1))
        #expect(try feb.period(containing: "2024-02-29") == "2024-02-01..2024-02-29")
        #expect(try feb.period(containing: "2025-02-28") == "2025-02-01..2025-02-28")
        #expect(throws: LedgerError.invalidDate(date: "2024-04-14", reason: "before the ledger's first period, which starts 2024-04-15")) {
            try calendar.period(containing: "2024-04-14")
        }
        #expect(throws: LedgerError.self) { try calendar.validate("2024-04-16..2024-06-15") }
        #expect(throws: LedgerError.self) { try calendar.validate("2024-04") }
        try calendar.validate("2024-06-15..2024-08-14")
    }

    /// ISCC PLUS allows a two-month custom period, not a four-month one; periods close in order with their dates.
    @Test(arguments: [StoreKind.sqlite, .postgres]) func customPeriodsOnALedger(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        let iscc = try SchemeProfile.bundled("iscc-plus")
        try await withDatabase(kind) { db in
            let ledger = try await db.ledger()
            try await expectRefusal(ledger, .initialize(Setup(company: "T", periodKind: .custom, maxPeriodMonths: 3, carryOver: .carry, scheme: iscc,
                                                              customPeriods: CustomPeriods(start: "2024-04-15", months: 4))),
                                    LedgerError.periodTooLong(kind: .custom, months: 4, maximum: 3).description)
            try await expectRefusal(ledger, .initialize(Setup(company: "T", periodKind: .custom, maxPeriodMonths: 3, carryOver: .carry, scheme: iscc,
                                                              customPeriods: CustomPeriods(start: "2024-04-30", months: 2))),
                                    LedgerError.invalidPeriod(period: "2024-04-30", expected: "a start day from the 1st to the 28th and a length of at least 1 month").description)
            var events = try SchemeFixture.setup("iscc-plus")
            events[0] = .initialize(Setup(company: "T", periodKind: .custom, maxPeriodMonths: 3, carryOver: .carry, scheme: iscc,
                                          customPeriods: CustomPeriods(start: "2024-04-15", months: 2)))
            try await ledger.append(events)
            let t = SchemeFixture.t
            try await ledger.append([SchemeFixture.receive("R1", 100 * t, date: "2024-04-20"), SchemeFixture.credit("R1", 100 * t, date: "2024-04-20")])
            try await expectRefusal(ledger, SchemeFixture.receive("R0", t, date: "2024-04-10"),
                                    LedgerError.invalidDate(date: "2024-04-10", reason: "before the ledger's first period, which starts 2024-04-15").description)
            let first = "2024-04-15..2024-06-14"
            #expect(try await ledger.fullState().accounts["pool"]?.available(in: first) == Fixture.f("0.97").apply(to: 100 * t))
            try await expectRefusal(ledger, .closePeriod(PeriodClose(period: "2024-06-15..2024-08-14", rule: .carry)),
                                    LedgerError.periodOutOfOrder(period: "2024-06-15..2024-08-14", expected: first).description)
            try await ledger.append(.closePeriod(PeriodClose(period: first, rule: .carry)))
            #expect(try await ledger.fullState().accounts["pool"]?.available(in: "2024-06-15..2024-08-14") == Fixture.f("0.97").apply(to: 100 * t))
            #expect(try await ledger.verify().isValid)
        }
    }
}

extension CustomPeriodTests {
    /// Fiscal-year sums work for custom periods too: a custom id names its first day.
    @Test func customPeriodsSumIntoFiscalYears() throws {
        let ratios = [RecyclingRatio(product: "cu", period: "2024-04-15..2024-06-14", unit: .gram, delivered: 10, recycled: 4, deliveries: 1),
                      RecyclingRatio(product: "cu", period: "2025-02-15..2025-04-14", unit: .gram, delivered: 10, recycled: 6, deliveries: 1)]
        let years = try RecyclingRatio.byFiscalYear(ratios, periodKind: .custom)
        #expect(years.map(\.period) == ["FY2024"])
        #expect(years.first?.recycled == 10)
        #expect(throws: LedgerError.self) { try PeriodKind.custom.firstDay(of: "2024-06-14..2024-04-15") }
    }
}
