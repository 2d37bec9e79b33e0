import CirculaCore

extension CustomerStatement {
    /// The statement as one CSV table (RFC 4180): a row per receipt element, credit batch, delivery and allocation,
    /// then the totals; amounts in the display unit with the unit, and exact in the ledger's unit. Cells a
    /// spreadsheet would run as a formula are made inert (`CustomerStatement.inertCell`).
    public func csv() -> String {
        var rows = ["period,kind,id,date,element_or_product,amount,unit,amount_exact,exact_unit,detail"]
        func add(_ fields: [String]) { rows.append(fields.map(Self.inertCell).joined(separator: ",")) }
        func amount(_ value: Int64, _ unit: AmountUnit) -> [String] {
            [unit.format(value, in: unit.displayUnit), unit.displayUnit, "\(value)", unit.rawValue]
        }
        for p in periods {
            for r in p.receipts {
                for (element, mass) in r.elements.sorted(by: { $0.key < $1.key }) {
                    add([p.period, "scrap received", r.lot, r.date, element.symbol] + amount(mass, AmountUnit.forElement(element)) + ["\(r.supplier) (\(r.category))"])
                }
            }
            for c in p.credits {
                add([p.period, "credit created", c.lot, "", c.element.symbol] + amount(c.issued, c.unit)
                    + ["account \(c.account) at factor \(c.factor); claimed \(Self.show(c.claimed, c.unit)), remaining \(Self.show(c.remaining, c.unit))"])
            }
            for d in p.deliveries {
                add([p.period, "delivery", d.delivery, d.date, d.product] + amount(d.mass, d.unit)
                    + ["recycled \(Self.show(d.recycled, d.unit)) (\(Self.percent(d.recycledSharePpm)) %); certificates \(d.certificates.joined(separator: " "))"])
                for a in d.allocations {
                    add([p.period, "allocation", a.event, d.date, d.product] + amount(a.amount, d.unit)
                        + ["to \(d.delivery) from \(a.account) (\(a.ringFencedFor.map { "ring-fenced for \($0)" } ?? "pool"))"])
                }
            }
        }
        let t = totals
        let span = period ?? periods.map(\.period).joined(separator: " ")
        for (element, mass) in t.received.sorted(by: { $0.key < $1.key }) {
            add([span, "total scrap received", "", "", element.symbol] + amount(mass, AmountUnit.forElement(element)) + ["\(t.receivedLots) lots"])
        }
        for (element, c) in t.credits.sorted(by: { $0.key < $1.key }) {
            add([span, "total credits created", "", "", element.symbol] + amount(c.issued, c.unit)
                + ["claimed \(Self.show(c.claimed, c.unit)), remaining \(Self.show(c.remaining, c.unit))"])
        }
        for (product, d) in t.deliveries.sorted(by: { $0.key < $1.key }) {
            add([span, "total delivered", "", "", product] + amount(d.mass, d.unit)
                + ["\(d.deliveries) deliveries; recycled \(Self.show(d.recycled, d.unit)) (\(Self.percent(d.recycledSharePpm)) %); \(t.certificates) certificates"])
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// A CSV cell a spreadsheet will not run (OWASP CSV injection): a cell starting with `=`, `+`, `-`, `@`, tab or CR
    /// gets a leading `'`, unless it is a plain number such as `-5`; then quoted when it holds a comma, quote or line
    /// break. The same rule as the CLI's `csvInert`.
    public static func inertCell(_ text: String) -> String {
        var cell = text
        if cell.count > 1, let first = cell.first, "=+-@\t\r".contains(first), Double(cell) == nil { cell = "'" + cell }
        return cell.csvEscaped
    }

    static func show(_ amount: Int64, _ unit: AmountUnit) -> String { "\(unit.format(amount, in: unit.displayUnit)) \(unit.displayUnit)" }

    /// ppm as a percentage with two decimals, in integers (`246_612` → `24.66`).
    public static func percent(_ ppm: Int64) -> String {
        let hundredths = ppm / 100, fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
