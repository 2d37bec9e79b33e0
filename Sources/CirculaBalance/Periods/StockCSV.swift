import CirculaCore
import Foundation

/// Reads measured in-process stock: `period,process,element,stock` (units in the header, `stock[t]`, or the
/// cell, `2.1 t`); the period `opening` gives the stock at the start of the first period. Every bad row is
/// reported with its line; nothing is returned unless the whole file is valid.
///
/// ```swift
/// let stock = try StockCSV.parse("period,process,element,stock[t]\nopening,anode_refining,Cu,1800\n2024-04,anode_refining,Cu,2100\n",
///                                file: "stock.csv", flowsheet: model.flowsheet, periods: ["2024-04"])
/// stock.opening["anode_refining"]?["Cu"]   // 1.8e6 kg
/// ```
public enum StockCSV {
    public struct Stock: Sendable {
        /// Process id → element → kg at the start of the first period.
        public var opening: [String: [String: Double]] = [:]
        /// Period → process id → element → kg measured at the period's end.
        public var closing: [String: [String: [String: Double]]] = [:]
    }

    public static func parse(_ text: String, file: String, flowsheet: Flowsheet, periods: [String], table: PeriodicTable = .standard) throws(InputErrors) -> Stock {
        let records: [CSVRecord]
        do { records = try CSVReader.records(text, file: file) } catch { throw InputErrors([error]) }
        guard let header = records.first else {
            throw InputErrors([LocatedError(SourceLocation(file: file, line: 1), "empty file; expected a header period,process,element,stock")])
        }
        let csv: CSVTable
        do { csv = try CSVTable(header: header, file: file) } catch { throw InputErrors([error]) }
        let columns = csv.columns.map { ColumnHeader($0) }
        guard let stockColumn = columns.first(where: { $0.name == "stock" }), ["period", "process", "element"].allSatisfy(csv.has) else {
            throw InputErrors([LocatedError(SourceLocation(file: file, line: header.line), "expected the columns period,process,element,stock (unit as stock[t] or in the cells)")])
        }
        var stock = Stock()
        var errors: [LocatedError] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            let row = csv.row(record)
            do throws(LocatedError) {
                let period = try row.nonEmpty("period", expected: "a period name (\(periods.prefix(3).joined(separator: ", "))) or opening")
                guard period == "opening" || periods.contains(period) else {
                    throw LocatedError(row.location("period"), "unknown period \"\(period)\"; expected opening or one of \(periods.joined(separator: ", "))")
                }
                let process = try row.nonEmpty("process", expected: "a process id")
                guard flowsheet.index(of: process) != nil else {
                    throw LocatedError(row.location("process"), "unknown process \"\(process)\"; expected a process id\(Flowsheet.suggestion(process, among: flowsheet.processes.map(\.id)))")
                }
                let symbol = try row.nonEmpty("element", expected: "an element symbol")
                guard let element = try? table.element(symbol), element.symbol == symbol else {
                    throw LocatedError(row.location("element"), "expected an element symbol (Cu), found \"\(symbol)\"")
                }
                let kg = try MeasurementCSV.massValue(row, (stockColumn.raw, stockColumn.unit), relativeTo: nil)
                guard kg >= 0 else { throw LocatedError(row.location(stockColumn.raw), "expected a stock ≥ 0, found \(formatPlain(kg)) kg") }
                let key = "\(period)|\(process)|\(symbol)"
                if let first = seen[key] {
                    throw LocatedError(row.location("element"), "\(symbol) stock of \(process) for \(period) is already given on line \(first); expected one row per period, process and element")
                }
                seen[key] = record.line
                if period == "opening" { stock.opening[process, default: [:]][symbol] = kg } else { stock.closing[period, default: [:]][process, default: [:]][symbol] = kg }
            } catch { errors.append(error) }
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        return stock
    }
}
