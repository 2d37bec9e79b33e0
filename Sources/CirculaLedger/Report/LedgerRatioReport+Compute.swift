import CirculaCore

extension LedgerRatioReport {
    /// The report of `product` from the ledger state, the period's lots (input side) and production figures.
    /// - Parameters:
    ///   - lots: every lot of the periods (recycled and primary) for the input share; nil leaves it out.
    ///   - production: the product made per ledger period (`ProductionFigure.period`); nil leaves the output share
    ///     and the stock reconciliation out. A period between the first and the last without a figure made nothing.
    ///   - openingStock: finished-goods stock of the product before the first period, in the product's unit.
    /// - Throws: `LedgerError.notInitialized`, `.unknown` (product), `.invalidPeriod` (a production period that is not
    ///   one of the ledger's kind), `.invalidInput` (a negative figure), lot errors from `LotReceipts`.
    public static func compute(_ state: LedgerState, product: String, lots: [Lot]? = nil, production: [ProductionFigure]? = nil,
                               openingStock: Int64 = 0) throws -> LedgerRatioReport {
        guard let kind = state.config?.setup.periodKind else { throw LedgerError.notInitialized }
        guard let booked = state.products[product] else { throw LedgerError.unknown(kind: "product", id: product) }
        guard openingStock >= 0 else { throw LedgerError.invalidInput("opening stock \(openingStock) is negative; expected a mass ≥ 0") }
        var byPeriod: [String: Line] = [:]
        func line(_ period: String) -> Line {
            byPeriod[period] ?? Line(grain: kind, period: period, deliveries: 0, delivered: 0, claimed: 0)
        }

        for d in state.deliveries.values where !d.reversed && d.delivery.product == product {
            var l = line(d.period)
            l.deliveries += 1
            l.delivered.addClamped(d.delivery.mass)
            l.claimed.addClamped(d.claimed)
            byPeriod[d.period] = l
        }

        var withoutLots: [String] = []
        if let lots {
            let lotPeriods = Set(try lots.map { try kind.period(containing: $0.date) })
            for share in try InputRecycledShare.compute(state, lots: lots, element: booked.element) {
                guard lotPeriods.contains(share.period) else { withoutLots.append(share.period); continue }
                var l = line(share.period)
                l.input = Input(recycled: share.recycledInput, total: share.totalInput)
                byPeriod[share.period] = l
            }
        }

        if let production {
            for figure in production {
                try kind.validate(figure.period)
                guard figure.produced >= 0, figure.element >= 0, figure.recycledElement >= 0, figure.recycledElement <= figure.element else {
                    throw LedgerError.invalidInput("production of \(product) in \(figure.period): expected produced, element ≥ 0 and 0 ≤ recycled element ≤ element")
                }
                var l = line(figure.period)
                var output = l.output ?? Output(produced: 0, element: 0, recycledElement: 0)
                output.produced.addClamped(figure.produced)
                output.element.addClamped(figure.element)
                output.recycledElement.addClamped(figure.recycledElement)
                l.output = output
                byPeriod[figure.period] = l
            }
        }

        var base = try byPeriod.values.sorted { try kind.precedes($0.period, $1.period) }
        if production != nil {
            // opening + produced − delivered = closing, period after period; what the stock cannot cover is uncovered.
            var stock = openingStock
            for i in base.indices {
                if base[i].output == nil { base[i].output = Output(produced: 0, element: 0, recycledElement: 0) }
                let available = Int64(clamping: Int128(stock) + Int128(base[i].output!.produced))
                let uncovered = max(0, base[i].delivered - available)
                let closing = available - base[i].delivered + uncovered
                base[i].stock = Stock(opening: stock, closing: closing, uncovered: uncovered)
                stock = closing
            }
        }
        let report = LedgerRatioReport(product: product, element: booked.element, unit: booked.unit,
                                       elementUnit: AmountUnit.forElement(booked.element), periodKind: kind, lines: base,
                                       receiptPeriodsWithoutLots: withoutLots)
        return try report.withTotals()
    }
}
