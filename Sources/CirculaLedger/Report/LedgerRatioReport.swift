import CirculaCore

/// Production of one product in one ledger period, measured outside the ledger (the period's plant balance): the
/// product mass made and, of the product's element in it, how much the balance attributes to recycled lots.
/// Exact integers in the product's unit.
public struct ProductionFigure: Sendable, Equatable, Codable {
    public var period: String
    /// Product mass made in the period.
    public var produced: Int64
    /// The product's element in that mass (Cu in cathode).
    public var element: Int64
    /// Of `element`, the part the balance attributes to recycled (pre- and post-consumer) lots.
    public var recycledElement: Int64

    public init(period: String, produced: Int64, element: Int64, recycledElement: Int64) {
        self.period = period; self.produced = produced; self.element = element; self.recycledElement = recycledElement
    }
}

/// The figures of `docs/ratios.md` the ledger states about one product, per period and summed into months,
/// quarters and fiscal years (April–March), with deliveries reconciled against production and finished-goods
/// stock. Each figure keeps its numerator and denominator (exact integers), so sums are recomputed, never averaged.
///
/// ```
/// let report = try LedgerRatioReport.compute(state, product: "cu-cathode", lots: lots, production: figures, openingStock: 0)
/// for line in report.lines { print(line.period, line.claimedSharePpm) }
/// ```
public struct LedgerRatioReport: Sendable, Equatable, Codable {
    /// Recycled element received / all of the element in the period's lots (`RatioFigure.inputRecycledShare`).
    public struct Input: Sendable, Equatable, Codable {
        public var recycled: Int64
        public var total: Int64
        public var sharePpm: Int64 { ppm(recycled, of: total) }
        public init(recycled: Int64, total: Int64) { self.recycled = recycled; self.total = total }
    }

    /// Product made and the attribution share of its element (`RatioFigure.productAttributionShare`).
    public struct Output: Sendable, Equatable, Codable {
        public var produced: Int64
        public var element: Int64
        public var recycledElement: Int64
        public var attributionSharePpm: Int64 { ppm(recycledElement, of: element) }
        public init(produced: Int64, element: Int64, recycledElement: Int64) {
            self.produced = produced; self.element = element; self.recycledElement = recycledElement
        }
    }

    /// Finished-goods stock of the product: opening + produced − delivered = closing. Deliveries the stock and the
    /// production cannot cover are `uncovered` (the closing stock is then 0): the check fails.
    public struct Stock: Sendable, Equatable, Codable {
        public var opening: Int64
        public var closing: Int64
        public var uncovered: Int64
        /// Whether deliveries stayed within opening stock + production.
        public var reconciles: Bool { uncovered == 0 }
        public init(opening: Int64, closing: Int64, uncovered: Int64) { self.opening = opening; self.closing = closing; self.uncovered = uncovered }
    }

    public struct Line: Sendable, Equatable, Codable {
        /// `month`, `quarter` or `fiscal-year`; the ledger's own period kind for the booked periods.
        public var grain: PeriodKind
        public var period: String
        public var deliveries: Int
        public var delivered: Int64
        /// Credits allocated to the deliveries (the scheme's recycled output).
        public var claimed: Int64
        /// nil without a lot file, or when the lot file has no lot in the period (not 0: unknown is not none).
        public var input: Input?
        /// nil without production figures for the report.
        public var output: Output?
        /// nil without production figures for the report.
        public var stock: Stock?
        /// `RatioFigure.claimedOutputShare` in ppm, rounded down.
        public var claimedSharePpm: Int64 { ppm(claimed, of: delivered) }
    }

    public var product: String
    /// The product's element, the element of the input and attribution shares.
    public var element: Element
    public var unit: AmountUnit
    public var elementUnit: AmountUnit
    public var periodKind: PeriodKind
    /// Booked periods first, each coarser total after its last booked period (`2024-06`, then `FY2024-Q1`).
    public var lines: [Line]

    /// Periods in which the ledger has receipts but the lot file has no lot: their input share is not stated.
    public var receiptPeriodsWithoutLots: [String]

    public func lines(_ grain: PeriodKind) -> [Line] { lines.filter { $0.grain == grain } }

    /// The change of the claimed share against the previous line of the same grain with deliveries, in ppm; nil
    /// for the first and for a line without deliveries (a share of nothing delivered is not 0 %, it is no share).
    public func claimedTrendPpm(of line: Line) -> Int64? {
        guard line.delivered > 0 else { return nil }
        let same = lines(line.grain)
        guard let index = same.firstIndex(of: line), let previous = same[..<index].last(where: { $0.delivered > 0 }) else { return nil }
        return line.claimedSharePpm - previous.claimedSharePpm
    }
}
