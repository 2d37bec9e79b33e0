import CirculaCore
import CirculaLedger
import Foundation
import Testing

/// The ledger's ratio report on a small monthly ledger whose every figure can be checked by hand:
///
/// receipts (recycled Cu): R1 100 t (2024-04), R2 40 t (2024-06), R3 30 t (2024-07); credits at factor 0.9:
/// 90 t, 36 t, 27 t. Deliveries of cu: D1 200 t (April) ← 90 t, D2 100 t (May) ← nothing, D3 150 t (June) ← 36 t,
/// D4 100 t (July) ← 27 t. Lots of the input file: April R1 + P1 (150 t Cu primary), June R2 + P2 (120 t Cu primary);
/// no lot for July. Production (cathode t / Cu t / recycled Cu t): April 250/250/60, May 50/50/10, June 100/100/30,
/// July 150/150/45. Opening stock 20 t.
@Suite("ledger ratio report: scheme and plant figures, stock reconciliation, quarter and fiscal-year totals")
struct RatioReportTests {
    static let t: Int64 = 1_000_000

    static func events() -> [LedgerEvent] {
        func receipt(_ lot: String, _ date: String, _ tonnes: Int64) -> LedgerEvent {
            .receive(Receipt(lot: lot, site: "s1", supplier: "Collector", date: date, category: .postConsumer, elements: ["Cu": tonnes * t]))
        }
        func credit(_ lot: String, _ amount: Int64, _ date: String) -> LedgerEvent {
            .issueCredit(CreditIssue(lot: lot, element: "Cu", account: "pool", factor: try! ConversionFactor("0.9"), factorSource: "test", amount: amount, date: date))
        }
        func deliver(_ id: String, _ date: String, _ tonnes: Int64) -> LedgerEvent {
            .deliver(Delivery(delivery: id, customer: "Beta", site: "s1", product: "cu", mass: tonnes * t, date: date))
        }
        return [
            .initialize(Setup(company: "Test Smelting", periodKind: .month, maxPeriodMonths: 3, carryOver: .carry)),
            .addSite(Site(id: "s1", name: "Smelter")),
            .addProduct(Product(id: "cu", element: "Cu", form: "cathode", unit: .gram)),
            .openAccount(Account(id: "pool", site: "s1", product: "cu", factor: try! ConversionFactor("0.9"))),
            receipt("R1", "2024-04-02", 100), credit("R1", 90 * t, "2024-04-03"),
            deliver("D1", "2024-04-20", 200), .allocate(Allocation(delivery: "D1", account: "pool", amount: 90 * t)),
            .closePeriod(PeriodClose(period: "2024-04", rule: .carry)),
            deliver("D2", "2024-05-15", 100),
            .closePeriod(PeriodClose(period: "2024-05", rule: .carry)),
            receipt("R2", "2024-06-10", 40), credit("R2", 36 * t, "2024-06-11"),
            deliver("D3", "2024-06-20", 150), .allocate(Allocation(delivery: "D3", account: "pool", amount: 36 * t)),
            .closePeriod(PeriodClose(period: "2024-06", rule: .carry)),
            receipt("R3", "2024-07-05", 30), credit("R3", 27 * t, "2024-07-06"),
            deliver("D4", "2024-07-10", 100), .allocate(Allocation(delivery: "D4", account: "pool", amount: 27 * t)),
        ]
    }

    /// R1 and R2 as lots (wet t × Cu %), and the primary concentrate of April and June.
    static let lotCSV = """
        lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Cu[%]
        R1,2024-04-02,Collector,scrap,post-consumer,200,0,50
        P1,2024-04-05,Mine,concentrate,primary,500,0,30
        R2,2024-06-10,Collector,scrap,post-consumer,80,0,50
        P2,2024-06-12,Mine,concentrate,primary,400,0,30

        """

    static let production = [
        ProductionFigure(period: "2024-04", produced: 250 * t, element: 250 * t, recycledElement: 60 * t),
        ProductionFigure(period: "2024-05", produced: 50 * t, element: 50 * t, recycledElement: 10 * t),
        ProductionFigure(period: "2024-06", produced: 100 * t, element: 100 * t, recycledElement: 30 * t),
        ProductionFigure(period: "2024-07", produced: 150 * t, element: 150 * t, recycledElement: 45 * t),
    ]

    func report(openingStock: Int64 = 20 * t) async throws -> LedgerRatioReport {
        var result: LedgerRatioReport?
        try await withDatabase(.sqlite) { db in
            let ledger = try await db.ledger()
            try await ledger.append(Self.events())
            let lots = try LotCSV.parse(Self.lotCSV, file: "lots.csv")
            result = try LedgerRatioReport.compute(try await ledger.fullState(), product: "cu", lots: lots,
                                                   production: Self.production, openingStock: openingStock)
        }
        return try #require(result)
    }

    func line(_ report: LedgerRatioReport, _ period: String) throws -> LedgerRatioReport.Line {
        try #require(report.lines.first { $0.period == period }, "no line \(period)")
    }

    @Test("#4 recycled share of output claimed per month: claimed credits / delivered mass")
    func schemeRatioPerMonth() async throws {
        let r = try await report()
        let t = Self.t
        #expect(try line(r, "2024-04").claimed == 90 * t && line(r, "2024-04").delivered == 200 * t)
        #expect(try line(r, "2024-04").claimedSharePpm == 450_000)   // 90 / 200
        #expect(try line(r, "2024-05").claimedSharePpm == 0)         // nothing allocated to D2
        #expect(try line(r, "2024-06").claimedSharePpm == 240_000)   // 36 / 150
        #expect(try line(r, "2024-07").claimedSharePpm == 270_000)   // 27 / 100
        #expect(r.claimedTrendPpm(of: try line(r, "2024-06")) == 240_000)
        #expect(r.claimedTrendPpm(of: try line(r, "2024-04")) == nil)
    }

    @Test("quarter and fiscal-year totals recompute each share from summed masses, placed after their last month")
    func totals() async throws {
        let r = try await report()
        let t = Self.t
        #expect(r.lines.map(\.period) == ["2024-04", "2024-05", "2024-06", "FY2024-Q1", "2024-07", "FY2024-Q2", "FY2024"])
        let q1 = try line(r, "FY2024-Q1")
        #expect(q1.grain == .quarter && q1.deliveries == 3)
        #expect(q1.delivered == 450 * t && q1.claimed == 126 * t && q1.claimedSharePpm == 280_000)   // 126 / 450
        let fy = try line(r, "FY2024")
        #expect(fy.grain == .fiscalYear && fy.delivered == 550 * t && fy.claimed == 153 * t)
        #expect(fy.claimedSharePpm == 278_181)                                                       // 153 / 550 = 0.2781818…
        // the plant's attribution share: (60 + 10 + 30) / 400 in Q1, 145 / 550 over the year
        #expect(q1.output?.attributionSharePpm == 250_000)
        #expect(fy.output?.attributionSharePpm == 263_636)
    }

    @Test("#1 recycled share of input: receipts / the lot file's input, not stated for a period without lots")
    func inputShare() async throws {
        let r = try await report()
        let t = Self.t
        let april = try line(r, "2024-04")
        #expect(april.input?.recycled == 100 * t && april.input?.total == 250 * t && april.input?.sharePpm == 400_000)
        #expect(try line(r, "2024-06").input?.sharePpm == 250_000)           // 40 / (40 + 120)
        #expect(try line(r, "2024-05").input == nil)                         // no lot, no receipt
        #expect(try line(r, "2024-07").input == nil)                         // R3 received, but no lot of July in the file
        #expect(r.receiptPeriodsWithoutLots == ["2024-07"])
        #expect(try line(r, "FY2024-Q1").input?.sharePpm == 341_463)         // 140 / 410
    }

    @Test("deliveries reconciled: opening + production − deliveries = closing; June's excess is uncovered and flagged")
    func stockReconciliation() async throws {
        let r = try await report()
        let t = Self.t
        func stock(_ p: String) throws -> LedgerRatioReport.Stock { try #require(try line(r, p).stock) }
        #expect(try stock("2024-04") == .init(opening: 20 * t, closing: 70 * t, uncovered: 0))    // 20 + 250 − 200
        #expect(try stock("2024-05") == .init(opening: 70 * t, closing: 20 * t, uncovered: 0))    // 70 + 50 − 100
        #expect(try stock("2024-06") == .init(opening: 20 * t, closing: 0, uncovered: 30 * t))    // 20 + 100 < 150
        #expect(try stock("2024-06").reconciles == false && stock("2024-04").reconciles)
        #expect(try stock("2024-07") == .init(opening: 0, closing: 50 * t, uncovered: 0))
        #expect(try stock("FY2024-Q1") == .init(opening: 20 * t, closing: 0, uncovered: 30 * t))
        #expect(try stock("FY2024") == .init(opening: 20 * t, closing: 50 * t, uncovered: 30 * t))
        for l in r.lines {
            let s = try #require(l.stock), produced = try #require(l.output).produced
            #expect(s.opening + produced - l.delivered + s.uncovered == s.closing, "\(l.period)")
        }
    }

    @Test("enough opening stock covers June: nothing is flagged")
    func openingStockCovers() async throws {
        let r = try await report(openingStock: 50 * Self.t)
        #expect(r.lines.allSatisfy { $0.stock?.reconciles == true })
        #expect(try line(r, "2024-06").stock?.closing == 0)   // 50 + 250 − 200 + 50 − 100 + 100 − 150
    }

    @Test("without lots or production only the scheme figure is stated; bad figures are refused")
    func schemeOnlyAndRefusals() async throws {
        try await withDatabase(.sqlite) { db in
            let ledger = try await db.ledger()
            try await ledger.append(Self.events())
            let state = try await ledger.fullState()
            let r = try LedgerRatioReport.compute(state, product: "cu")
            #expect(r.lines.allSatisfy { $0.input == nil && $0.output == nil && $0.stock == nil })
            #expect(r.lines.map(\.period) == ["2024-04", "2024-05", "2024-06", "FY2024-Q1", "2024-07", "FY2024-Q2", "FY2024"])
            #expect(throws: LedgerError.unknown(kind: "product", id: "zn")) { try LedgerRatioReport.compute(state, product: "zn") }
            #expect(throws: LedgerError.invalidPeriod(period: "FY2024-Q1", expected: "YYYY-MM such as 2024-04")) {
                try LedgerRatioReport.compute(state, product: "cu", production: [ProductionFigure(period: "FY2024-Q1", produced: 1, element: 1, recycledElement: 0)])
            }
            #expect(throws: LedgerError.self) {
                try LedgerRatioReport.compute(state, product: "cu", production: [ProductionFigure(period: "2024-04", produced: 1, element: 1, recycledElement: 2)])
            }
            #expect(throws: LedgerError.self) { try LedgerRatioReport.compute(state, product: "cu", openingStock: -1) }
        }
    }

    @Test("figure labels are the names and numbers of docs/ratios.md")
    func labelsMatchDocs() throws {
        let docs = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/ratios.md").standardized, encoding: .utf8)
        for figure in RatioFigure.allCases {
            #expect(docs.contains("| \(figure.number) | \(figure.name) |"), "docs/ratios.md table row for \(figure.label)")
        }
    }
}
