import CirculaCore
import Foundation

/// Reads the physical stock counted at a period's close, one product per line, the mass unit in the header:
///
/// ```
/// product,mass[t]
/// cu-cathode,120.5
/// ```
/// Masses are read as decimal text into exact integers of the product's unit. Every error of every line is reported
/// with its line and column; a file with any error yields nothing.
public enum PhysicalStockCSV {
    /// Reads and parses a stock file (UTF-8, checked by `TextFile`).
    public static func read(_ url: URL, displayName: String? = nil, unitOf: (String) -> AmountUnit?) throws(InputErrors) -> [String: Int64] {
        let name = displayName ?? url.path
        let text: String
        do { text = try TextFile.read(url, displayName: name) } catch { throw InputErrors([error]) }
        return try parse(text, file: name, unitOf: unitOf)
    }

    /// - Parameter unitOf: the ledger unit of a product id, or nil for an unknown product.
    public static func parse(_ text: String, file: String, unitOf: (String) -> AmountUnit?) throws(InputErrors) -> [String: Int64] {
        let records: [CSVRecord]
        do { records = try CSVReader.records(text, file: file) } catch { throw InputErrors([error]) }
        let expected = "product,mass[t] (mass unit t, kg, g or mg)"
        guard let header = records.first else {
            throw InputErrors([LocatedError(SourceLocation(file: file, line: 1), "empty file; expected a header \(expected)")])
        }
        let table: CSVTable
        do { table = try CSVTable(header: header, file: file) } catch { throw InputErrors([error]) }
        let names = table.columns.map { ColumnHeader($0).name }
        guard names.count == 2, names.contains("product"), let massColumn = table.columns.first(where: { ColumnHeader($0).name == "mass" }),
              let massUnit = ColumnHeader(massColumn).unit, ["t", "kg", "g", "mg"].contains(massUnit) else {
            throw InputErrors([LocatedError(SourceLocation(file: file, line: header.line), "header must be \(expected)")])
        }
        var stock: [String: Int64] = [:]
        var seen: [String: Int] = [:]
        var errors: [LocatedError] = []
        for record in records.dropFirst() {
            let row = table.row(record)
            guard record.fields.count == table.columns.count else {
                errors.append(LocatedError(SourceLocation(file: file, line: record.line), "expected 2 fields as in the header, found \(record.fields.count)"))
                continue
            }
            let product: String
            do { product = try row.nonEmpty("product", expected: "a product id such as cu-cathode") } catch { errors.append(error); continue }
            if let first = seen[product] {
                errors.append(LocatedError(row.location("product"), "product \"\(product)\" already appears on line \(first)"))
                continue
            }
            seen[product] = record.line
            guard let unit = unitOf(product) else {
                errors.append(LocatedError(row.location("product"), "unknown product \"\(product)\"; add it with `circula ledger init` first"))
                continue
            }
            let text = (try? row.string(massColumn)) ?? ""
            do throws(AmountError) { stock[product] = try unit.parse(text, unit: massUnit) } catch {
                errors.append(LocatedError(row.location(massColumn), "\(error)"))
            }
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        return stock
    }
}
