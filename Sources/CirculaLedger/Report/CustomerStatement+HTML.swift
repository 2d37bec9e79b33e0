import CirculaCore

extension CustomerStatement {
    /// The statement as one printable HTML page: self-contained (inline CSS, no script, no external resource, so it
    /// opens offline and prints the same anywhere), A4 print rules (no page break inside a row, headers repeated),
    /// every text HTML-escaped. `footer` is printed under the totals (e.g. the ledger head the statement was read at).
    /// The totals as rows of four cells (what, element or product, amount with its unit, note): the printable
    /// statement and the customer portal show the same rows.
    public var totalRows: [[String]] {
        let t = totals
        var rows: [[String]] = t.received.sorted { $0.key < $1.key }.map { ["scrap received", $0.key.symbol, Self.show($0.value, AmountUnit.forElement($0.key)), "\(t.receivedLots) lots"] }
        rows += t.credits.sorted { $0.key < $1.key }.map { ["credits created", $0.key.symbol, Self.show($0.value.issued, $0.value.unit),
                                                            "claimed \(Self.show($0.value.claimed, $0.value.unit)), remaining \(Self.show($0.value.remaining, $0.value.unit))"] }
        rows += t.deliveries.sorted { $0.key < $1.key }.map { ["delivered", $0.key, Self.show($0.value.mass, $0.value.unit),
                                                               "\($0.value.deliveries) deliveries, recycled \(Self.show($0.value.recycled, $0.value.unit)) (\(Self.percent($0.value.recycledSharePpm)) %), \(t.certificates) certificate\(t.certificates == 1 ? "" : "s")"] }
        return rows
    }

    public func html(footer: String? = nil) -> String {
        let title = "Co-creation statement: \(customer)" + (period.map { ", \($0)" } ?? "")
        var body: [String] = []
        body.append("<header><h1>\(Self.escape(title))</h1><p>\(Self.escape(company)) · recycled-content statement under the mass-balance credit method. "
                    + "Per balancing period: the scrap \(Self.escape(customer)) sent, the credits it created at the stated conversion factor, the deliveries to "
                    + "\(Self.escape(customer)) with the credits allocated to them, and the certificates issued.</p></header>")
        if periods.isEmpty { body.append("<p class=\"empty\">No receipts, credits or deliveries of \(Self.escape(customer))\(period.map { " in \(Self.escape($0))" } ?? "").</p>") }
        for p in periods {
            body.append("<section><h2>Period \(Self.escape(p.period))</h2>")
            body.append(Self.table("Scrap received", ["lot", "date", "supplier", "category", "recycled content"], p.receipts.map { r in
                [r.lot, r.date, r.supplier, r.category.rawValue, r.elements.sorted { $0.key < $1.key }.map { "\($0.key) \(Self.show($0.value, AmountUnit.forElement($0.key)))" }.joined(separator: ", ")]
            }, numeric: []))
            body.append(Self.table("Credits created", ["account", "lot", "element", "conversion factor", "issued", "claimed", "remaining"], p.credits.map { c in
                [c.account, c.lot, c.element.symbol, c.factor, Self.show(c.issued, c.unit), Self.show(c.claimed, c.unit), Self.show(c.remaining, c.unit)]
            }, numeric: [3, 4, 5, 6]))
            body.append(Self.table("Deliveries and allocations", ["delivery", "date", "product", "mass", "recycled", "recycled share", "allocated from", "certificates"], p.deliveries.map { d in
                [d.delivery, d.date, d.product, Self.show(d.mass, d.unit), Self.show(d.recycled, d.unit), Self.percent(d.recycledSharePpm) + " %",
                 d.allocations.map { "\($0.account) (\($0.ringFencedFor.map { "ring-fenced for \($0)" } ?? "shared pool")): \(Self.show($0.amount, d.unit))" }.joined(separator: "; "),
                 d.certificates.isEmpty ? "none yet" : d.certificates.joined(separator: ", ")]
            }, numeric: [3, 4, 5]))
            body.append("</section>")
        }
        body.append("<section class=\"totals\"><h2>Totals\(period.map { " \(Self.escape($0))" } ?? "")</h2>" + Self.table(nil, ["", "element or product", "amount", ""], totalRows, numeric: [2]) + "</section>")
        if let footer { body.append("<footer>\(Self.escape(footer))</footer>") }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escape(title))</title>
            <style>\(Self.css)</style></head>
            <body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    static let css = """
        body{font:11pt/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111;max-width:60rem;margin:2rem auto;padding:0 1rem}\
        h1{font-size:16pt;margin:0 0 .3rem}h2{font-size:13pt;margin:1.4rem 0 .4rem;border-bottom:1px solid #999}h3{font-size:11pt;margin:.8rem 0 .2rem}\
        table{border-collapse:collapse;width:100%;margin-bottom:.6rem}th,td{border:1px solid #bbb;padding:.2rem .4rem;text-align:left;vertical-align:top}\
        th{background:#eee}td:nth-child(-n+2){white-space:nowrap}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.empty{color:#555;font-style:italic}\
        footer{margin-top:1.5rem;font-size:9pt;color:#444}\
        @page{size:A4;margin:15mm}@media print{body{margin:0;max-width:none;font-size:9.5pt}th{background:#eee!important;-webkit-print-color-adjust:exact;print-color-adjust:exact}\
        thead{display:table-header-group}tr,td,th{page-break-inside:avoid;break-inside:avoid}section{break-inside:auto}h2,h3{break-after:avoid}}
        """

    static func table(_ caption: String?, _ headers: [String], _ rows: [[String]], numeric: Set<Int>) -> String {
        var out = caption.map { "<h3>\(escape($0))</h3>" } ?? ""
        guard !rows.isEmpty else { return out + "<p class=\"empty\">none</p>" }
        out += "<table><thead><tr>" + headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>" + row.enumerated().map { i, cell in numeric.contains(i) ? "<td class=\"n\">\(escape(cell))</td>" : "<td>\(escape(cell))</td>" }.joined() + "</tr>"
        }
        return out + "</tbody></table>"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
