import CirculaLedger
import Foundation
import Testing

/// The co-creation statement (the portal's and `ledger statement`'s one use case) on the fixture: Alpha sent R2
/// (10 t Cu, ring-fenced), which made 9.7 t of credits in `alpha` at 0.97; D2 (20 t to Alpha) takes those 9.7 t and
/// 10.3 t from the pool. A second Alpha receipt carries a hostile supplier name.
@Suite("co-creation statement: period filter, totals, CSV and printable HTML")
struct CustomerStatementTests {
    static let t = Fixture.t
    static let hostile = "=HYPERLINK(\"http://x\")<script>alert(1)</script>"

    func statement(period: String? = "2024-04") async throws -> CustomerStatement {
        var result: CustomerStatement?
        try await withDatabase(.sqlite) { db in
            let ledger = try await Fixture.ledger(db)
            try await ledger.append([
                Fixture.allocate("D2", "alpha", 9_700_000), Fixture.allocate("D2", "pool", 10_300_000),
                .receive(Receipt(lot: "R4", site: "s1", supplier: Self.hostile, date: "2024-04-09", category: .preConsumer,
                                 elements: ["Cu": 2 * Self.t], ringFencedFor: "Alpha")),
            ])
            result = try CustomerStatement.compute(try await ledger.fullState(), customer: "Alpha", period: period)
        }
        return try #require(result)
    }

    @Test("what Alpha sent, the credits it made, the delivery and its allocations, summed")
    func content() async throws {
        let s = try await statement()
        #expect(s.period == "2024-04" && s.periods.map(\.period) == ["2024-04"])
        let april = try #require(s.periods.first)
        #expect(april.receipts.map(\.lot) == ["R2", "R4"])
        #expect(april.credits.map { [$0.account, $0.lot, $0.factor] } == [["alpha", "R2", "0.97"]])
        #expect(april.credits.first?.issued == 9_700_000 && april.credits.first?.remaining == 0)
        let d2 = try #require(april.deliveries.first)
        #expect(april.deliveries.count == 1 && d2.delivery == "D2" && d2.mass == 20 * Self.t && d2.recycled == 20 * Self.t)
        #expect(d2.allocations.map(\.ringFencedFor) == ["Alpha", nil])
        let totals = s.totals
        #expect(totals.receivedLots == 2 && totals.received["Cu"] == 12 * Self.t)   // 10 t + 2 t
        #expect(totals.credits["Cu"] == .init(unit: .gram, issued: 9_700_000, claimed: 9_700_000, remaining: 0))
        #expect(totals.deliveries["cu"]?.mass == 20 * Self.t && totals.deliveries["cu"]?.recycledSharePpm == 1_000_000)
    }

    @Test("a quarter or fiscal year takes its months; a May statement is empty; a malformed period is refused")
    func periods() async throws {
        #expect(try await statement(period: "FY2024-Q1").periods.map(\.period) == ["2024-04"])
        #expect(try await statement(period: "FY2024").periods.map(\.period) == ["2024-04"])
        #expect(try await statement(period: "2024-05").periods.isEmpty)
        #expect(try await statement(period: nil).period == nil)
        await #expect(throws: LedgerError.self) { try await statement(period: "2024-4") }
    }

    @Test("CSV: a row per receipt, credit, delivery, allocation and total; formula-like cells are inert")
    func csv() async throws {
        let lines = try await statement().csv().split(separator: "\n").map(String.init)
        #expect(lines.first == "period,kind,id,date,element_or_product,amount,unit,amount_exact,exact_unit,detail")
        #expect(lines.contains("2024-04,scrap received,R2,2024-04-03,Cu,10,t,10000000,g,Customer Alpha (pre-consumer)"))
        #expect(lines.contains(#"2024-04,credit created,R2,,Cu,9.7,t,9700000,g,"account alpha at factor 0.97; claimed 9.7 t, remaining 0 t""#))
        #expect(lines.contains { $0.hasPrefix("2024-04,delivery,D2,2024-04-21,cu,20,t,20000000,g,") })
        #expect(lines.filter { $0.hasPrefix("2024-04,allocation,") }.count == 2)
        #expect(lines.contains { $0.hasPrefix("2024-04,total scrap received,,,Cu,12,t,12000000,g,2 lots") })
        let hostileRow = try #require(lines.first { $0.contains(",R4,") })
        #expect(hostileRow.hasSuffix(",\"'=HYPERLINK(\"\"http://x\"\")<script>alert(1)</script> (pre-consumer)\""), "\(hostileRow)")
        #expect(CustomerStatement.inertCell("-5") == "-5" && CustomerStatement.inertCell("@SUM(A1)") == "'@SUM(A1)" && CustomerStatement.inertCell("-") == "-")
    }

    @Test("HTML: self-contained and printable, every text escaped")
    func html() async throws {
        let page = try await statement().html(footer: "read at event 23")
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("<title>Co-creation statement: Alpha, 2024-04</title>"))
        #expect(page.contains("@media print") && page.contains("@page{size:A4"))
        #expect(!page.contains("<script") && !page.contains("src=") && !page.contains("<link"))
        #expect(page.contains("=HYPERLINK(&quot;http://x&quot;)&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("<td>R2</td><td>2024-04-03</td><td>Customer Alpha</td><td>pre-consumer</td><td>Cu 10 t</td>"))
        #expect(page.contains("<td class=\"n\">9.7 t</td>") && page.contains("alpha (ring-fenced for Alpha): 9.7 t; pool (shared pool): 10.3 t"))
        #expect(page.contains("<footer>read at event 23</footer>"))
    }
}
