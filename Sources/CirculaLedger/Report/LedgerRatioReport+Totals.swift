import CirculaCore

extension LedgerRatioReport {
    /// The grains coarser than the ledger's periods: quarters and fiscal years for a monthly ledger.
    static func coarserGrains(than kind: PeriodKind) -> [PeriodKind] {
        PeriodKind.allCases.filter { $0.months > kind.months }
    }

    /// The booked lines with a total per quarter and fiscal year inserted after the last booked period of each.
    /// Numerators and denominators add up and each share is recomputed from the sums; the stock opens with the
    /// first period's opening and closes with the last period's closing, uncovered deliveries add up (so
    /// opening + produced − delivered + uncovered = closing holds for every total as for every period).
    func withTotals() throws -> LedgerRatioReport {
        let booked = lines.filter { $0.grain == periodKind }
        var totals: [(end: String, grain: PeriodKind, line: Line)] = []
        for grain in Self.coarserGrains(than: periodKind) {
            var order: [String] = []
            var groups: [String: [Line]] = [:]
            for line in booked {
                let period = try grain.period(containing: try periodKind.firstDay(of: line.period))
                if groups[period] == nil { order.append(period) }
                groups[period, default: []].append(line)
            }
            for period in order {
                let members = groups[period]!
                totals.append((try periodKind.firstDay(after: members.last!.period), grain, Self.sum(members, grain: grain, period: period)))
            }
        }
        // Each total right after its last booked period; a quarter before the fiscal year that ends with it.
        var merged: [Line] = []
        for line in booked {
            merged.append(line)
            let end = try periodKind.firstDay(after: line.period)
            merged += totals.filter { $0.end == end }.sorted { $0.grain.months < $1.grain.months }.map(\.line)
        }
        var report = self
        report.lines = merged
        return report
    }

    static func sum(_ members: [Line], grain: PeriodKind, period: String) -> Line {
        var total = Line(grain: grain, period: period, deliveries: 0, delivered: 0, claimed: 0)
        for m in members {
            total.deliveries += m.deliveries
            total.delivered.addClamped(m.delivered)
            total.claimed.addClamped(m.claimed)
            if let input = m.input {
                var sum = total.input ?? Input(recycled: 0, total: 0)
                sum.recycled.addClamped(input.recycled)
                sum.total.addClamped(input.total)
                total.input = sum
            }
            if let output = m.output {
                var sum = total.output ?? Output(produced: 0, element: 0, recycledElement: 0)
                sum.produced.addClamped(output.produced)
                sum.element.addClamped(output.element)
                sum.recycledElement.addClamped(output.recycledElement)
                total.output = sum
            }
            if let stock = m.stock {
                var sum = total.stock ?? Stock(opening: stock.opening, closing: 0, uncovered: 0)
                sum.closing = stock.closing
                sum.uncovered.addClamped(stock.uncovered)
                total.stock = sum
            }
        }
        return total
    }
}
