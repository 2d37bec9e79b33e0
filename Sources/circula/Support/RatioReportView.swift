import CirculaCore
import CirculaLedger
import Foundation

/// `ledger ratio` as text, CSV and JSON: every figure under its docs/ratios.md label, "-" where a figure is not stated.
struct RatioReportView {
    var report: LedgerRatioReport
    var lotFile: String?
    var productStream: String

    init(_ report: LedgerRatioReport, lotFile: String?, productStream: String) {
        self.report = report; self.lotFile = lotFile; self.productStream = productStream
    }

    var hasPlant: Bool { lotFile != nil }

    func definition(_ figure: RatioFigure) -> String {
        let e = report.element
        switch figure {
        case .claimedOutputShare: return "credits claimed on the period's deliveries / delivered mass of \(report.product)"
        case .inputRecycledShare: return "recycled \(e) received (ledger receipts) / all \(e) in the period's lots of \(lotFile ?? "the lot file")"
        case .productAttributionShare: return "recycled \(e) reaching \(productStream) by attribution / all \(e) in it (each period's balance)"
        }
    }

    var figures: [RatioFigure] { hasPlant ? [.claimedOutputShare, .inputRecycledShare, .productAttributionShare] : [.claimedOutputShare] }

    func amount(_ value: Int64?) -> String { value.map { plain($0, report.unit) } ?? "-" }
    func share(_ ppm: Int64?) -> String { ppm.map { percent(ppm: $0) } ?? "-" }
    /// "-" without deliveries: nothing delivered has no share.
    func claimedShare(_ line: LedgerRatioReport.Line) -> String { line.delivered > 0 ? percent(ppm: line.claimedSharePpm) : "-" }
    func trend(_ line: LedgerRatioReport.Line) -> String {
        report.claimedTrendPpm(of: line).map { ($0 < 0 ? "-" : "+") + percent(ppm: abs($0)) } ?? "-"
    }
    func check(_ stock: LedgerRatioReport.Stock?) -> String {
        guard let stock else { return "-" }
        return stock.reconciles ? "ok" : "EXCEEDS by \(show(stock.uncovered, report.unit))"
    }

    /// One row per line. The CSV keeps the first eight columns of earlier versions (product … trend) in place.
    func table(csvColumns: Bool) -> TextTable {
        let u = report.unit.displayUnit
        var headers = ["product", "period", "deliveries", "delivered", "claimed", "unit", "\(RatioFigure.claimedOutputShare.label) [%]", "trend [pp]", "grain"]
        if hasPlant || csvColumns {
            headers += ["\(RatioFigure.inputRecycledShare.label) \(report.element) [%]", "\(RatioFigure.productAttributionShare.label) \(report.element) [%]",
                        "opening stock", "production", "closing stock", "uncovered deliveries", "check"]
        }
        if !csvColumns { headers[3] += " [\(u)]"; headers[4] += " [\(u)]" }
        var table = TextTable(headers, rightAligned: [2, 3, 4, 6, 7, 9, 10, 11, 12, 13, 14])
        for l in report.lines {
            var row = [report.product, l.period, "\(l.deliveries)", amount(l.delivered), amount(l.claimed), u, claimedShare(l), trend(l), l.grain.rawValue]
            if hasPlant || csvColumns {
                row += [share(l.input?.sharePpm), share(l.output?.attributionSharePpm), amount(l.stock?.opening), amount(l.output?.produced),
                        amount(l.stock?.closing), amount(l.stock?.uncovered), check(l.stock)]
            }
            table.add(row)
        }
        return table
    }

    func text() -> String {
        var out = ["Ratio report of \(report.product) (\(report.element)), per \(report.periodKind.rawValue) with quarter and fiscal-year (April–March) totals; names and formulas: docs/ratios.md"]
        for f in figures { out.append("  \(f.side.padding(toLength: 6, withPad: " ", startingAt: 0)) \(f.label) = \(definition(f))") }
        if !hasPlant { out.append("  (the plant's figures and the stock reconciliation need --lots: the period's lots balanced on the model)") }
        let u = report.unit.displayUnit
        var ratios = TextTable(["period", "deliveries", "delivered [\(u)]", "claimed [\(u)]", "#\(RatioFigure.claimedOutputShare.number) [%]", "trend [pp]"]
                               + (hasPlant ? ["#\(RatioFigure.inputRecycledShare.number) [%]", "#\(RatioFigure.productAttributionShare.number) [%]"] : []),
                               rightAligned: [1, 2, 3, 4, 5, 6, 7])
        for l in report.lines {
            ratios.add([label(l), "\(l.deliveries)", amount(l.delivered), amount(l.claimed), claimedShare(l), trend(l)]
                       + (hasPlant ? [share(l.input?.sharePpm), share(l.output?.attributionSharePpm)] : []))
        }
        out += ["", ratios.render()]
        if hasPlant {
            out += ["", "Deliveries reconciled with production (\(productStream), each period's balance) and finished-goods stock [\(u)]:",
                    "  opening stock + production − deliveries = closing stock; deliveries beyond opening stock + production are uncovered"]
            var stock = TextTable(["period", "opening stock", "production", "deliveries", "closing stock", "check"], rightAligned: [1, 2, 3, 4])
            for l in report.lines {
                stock.add([label(l), amount(l.stock?.opening), amount(l.output?.produced), amount(l.delivered), amount(l.stock?.closing), check(l.stock)])
            }
            out.append(stock.render())
        }
        return out.joined(separator: "\n")
    }

    /// Totals stand out from the booked periods: `FY2024-Q1 (quarter)`.
    func label(_ line: LedgerRatioReport.Line) -> String {
        line.grain == report.periodKind ? line.period : "\(line.period) (\(line.grain == .fiscalYear ? "fiscal year" : line.grain.rawValue))"
    }

    struct Share: Encodable { var ppm: Int64; var percent: String; var numerator: String; var denominator: String }
    struct FigureJSON: Encodable { var key: String; var number: Int; var name: String; var side: String; var definition: String }
    struct StockJSON: Encodable { var opening: String; var production: String; var deliveries: String; var closing: String; var uncovered: String; var reconciles: Bool }
    struct LineJSON: Encodable {
        var grain: String, period: String, deliveries: Int, delivered: String, claimed: String, claimed_trend_ppm: Int64?
        var recycled_share_of_output_claimed: Share
        var recycled_share_of_input: Share?
        var attribution_share_of_product: Share?
        var stock: StockJSON?
    }
    /// The keys of earlier versions (docs/json.md: existing keys keep their name and meaning), booked periods only.
    struct OutputRow: Encodable {
        var product: String, period: String, deliveries: Int, delivered: String, recycled: String, unit: String
        var recycled_share_ppm: Int64, recycled_share_percent: String, change_points: String?
    }
    struct InputRow: Encodable {
        var element: String, period: String, recycled_input: String, total_input: String, unit: String, recycled_share_ppm: Int64, recycled_share_percent: String
    }
    struct JSON: Encodable {
        var product: String, element: String, unit: String, element_unit: String, period_kind: String, product_stream: String?, lots: String?
        var figures: [FigureJSON]
        var periods: [LineJSON]
        var receipt_periods_without_lots: [String]
        var output: [OutputRow]
        var input: [InputRow]
    }

    var json: JSON {
        let u = report.unit, eu = report.elementUnit
        return JSON(
            product: report.product, element: report.element.symbol, unit: u.displayUnit, element_unit: eu.displayUnit, period_kind: report.periodKind.rawValue,
            product_stream: hasPlant ? productStream : nil, lots: lotFile,
            figures: figures.map { FigureJSON(key: $0.rawValue, number: $0.number, name: $0.name, side: $0.side, definition: definition($0)) },
            periods: report.lines.map { l in
                LineJSON(grain: l.grain.rawValue, period: l.period, deliveries: l.deliveries, delivered: plain(l.delivered, u), claimed: plain(l.claimed, u),
                         claimed_trend_ppm: report.claimedTrendPpm(of: l),
                         recycled_share_of_output_claimed: Share(ppm: l.claimedSharePpm, percent: percent(ppm: l.claimedSharePpm),
                                                                 numerator: plain(l.claimed, u), denominator: plain(l.delivered, u)),
                         recycled_share_of_input: l.input.map { Share(ppm: $0.sharePpm, percent: percent(ppm: $0.sharePpm),
                                                                      numerator: plain($0.recycled, eu), denominator: plain($0.total, eu)) },
                         attribution_share_of_product: l.output.map { Share(ppm: $0.attributionSharePpm, percent: percent(ppm: $0.attributionSharePpm),
                                                                             numerator: plain($0.recycledElement, u), denominator: plain($0.element, u)) },
                         stock: l.stock.map { s in
                             StockJSON(opening: plain(s.opening, u), production: plain(l.output?.produced ?? 0, u), deliveries: plain(l.delivered, u),
                                       closing: plain(s.closing, u), uncovered: plain(s.uncovered, u), reconciles: s.reconciles)
                         })
            },
            receipt_periods_without_lots: report.receiptPeriodsWithoutLots,
            output: report.lines(report.periodKind).map { l in
                OutputRow(product: report.product, period: l.period, deliveries: l.deliveries, delivered: plain(l.delivered, u), recycled: plain(l.claimed, u),
                          unit: u.displayUnit, recycled_share_ppm: l.claimedSharePpm, recycled_share_percent: percent(ppm: l.claimedSharePpm),
                          change_points: report.claimedTrendPpm(of: l).map { ($0 < 0 ? "-" : "+") + percent(ppm: abs($0)) })
            },
            input: report.lines(report.periodKind).compactMap { l in
                l.input.map { InputRow(element: report.element.symbol, period: l.period, recycled_input: plain($0.recycled, eu), total_input: plain($0.total, eu),
                                       unit: eu.displayUnit, recycled_share_ppm: $0.sharePpm, recycled_share_percent: percent(ppm: $0.sharePpm)) }
            })
    }
}
