import CirculaCore
import CirculaLedger

/// `ledger statement --format text`: the statement's tables, one block per period, then the totals.
enum StatementText {
    static func render(_ s: CustomerStatement) -> String {
        var out = ["Co-creation statement of \(s.customer)\(s.period.map { ", \($0)" } ?? "") — \(s.company)"]
        if s.periods.isEmpty { out.append("no receipts, credits or deliveries\(s.period.map { " in \($0)" } ?? "")") }
        for p in s.periods {
            out += ["", "Period \(p.period)"]
            var receipts = TextTable(["scrap received: lot", "date", "supplier", "category", "recycled content"])
            for r in p.receipts {
                receipts.add([r.lot, r.date, r.supplier, r.category.rawValue,
                              r.elements.sorted { $0.key < $1.key }.map { "\($0.key) \(show($0.value, AmountUnit.forElement($0.key)))" }.joined(separator: ", ")])
            }
            var credits = TextTable(["credits created: account", "lot", "element", "factor", "issued", "claimed", "remaining"], rightAligned: [3, 4, 5, 6])
            for c in p.credits { credits.add([c.account, c.lot, c.element.symbol, c.factor, show(c.issued, c.unit), show(c.claimed, c.unit), show(c.remaining, c.unit)]) }
            var deliveries = TextTable(["delivery", "date", "product", "mass", "recycled", "share [%]", "allocated from", "certificates"], rightAligned: [3, 4, 5])
            for d in p.deliveries {
                deliveries.add([d.delivery, d.date, d.product, show(d.mass, d.unit), show(d.recycled, d.unit), percent(ppm: d.recycledSharePpm),
                                d.allocations.map { "\($0.account) \(show($0.amount, d.unit))" }.joined(separator: "; "),
                                d.certificates.isEmpty ? "none yet" : d.certificates.joined(separator: ", ")])
            }
            for table in [receipts, credits, deliveries] where !table.rows.isEmpty { out += [table.render(), ""] }
        }
        let t = s.totals
        var totals = TextTable(["total", "element or product", "amount", "detail"], rightAligned: [2])
        for (e, m) in t.received.sorted(by: { $0.key < $1.key }) { totals.add(["scrap received", e.symbol, show(m, AmountUnit.forElement(e)), "\(t.receivedLots) lots"]) }
        for (e, c) in t.credits.sorted(by: { $0.key < $1.key }) {
            totals.add(["credits created", e.symbol, show(c.issued, c.unit), "claimed \(show(c.claimed, c.unit)), remaining \(show(c.remaining, c.unit))"])
        }
        for (p, d) in t.deliveries.sorted(by: { $0.key < $1.key }) {
            totals.add(["delivered", p, show(d.mass, d.unit), "\(d.deliveries) deliveries, recycled \(show(d.recycled, d.unit)) (\(percent(ppm: d.recycledSharePpm)) %), \(t.certificates) certificates"])
        }
        if !totals.rows.isEmpty { out += ["", "Totals", totals.render()] }
        return out.joined(separator: "\n")
    }
}
