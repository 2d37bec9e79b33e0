import CirculaCore
import Foundation

/// Reads delivery files, one physical shipment per line, the mass unit in the header:
///
/// ```
/// delivery_id,date,customer,site,product,mass[t]
/// D24-04-001,2024-04-12,Customer Alpha,saganoseki,cu-cathode,1629.4
/// ```
/// Masses are parsed as decimal text into exact integers of the product's unit (never through Double). Every bad
/// line is reported with its place; a file with any error yields nothing.
public enum DeliveryCSV {
    public static let columns = ["delivery_id", "date", "customer", "site", "product", "mass"]

    /// - Parameter unitOf: the ledger unit of a product id, or nil for an unknown product.
    public static func parse(_ text: String, file: String, unitOf: (String) -> AmountUnit?) throws(InputErrors) -> [(line: Int, delivery: Delivery)] {
        let records: [CSVRecord]
        do { records = try CSVReader.records(text, file: file) } catch { throw InputErrors([error]) }
        guard let header = records.first else {
            throw InputErrors([LocatedError(SourceLocation(file: file, line: 1), "empty file; expected a header delivery_id,date,customer,site,product,mass[t]")])
        }
        let table: CSVTable
        do { table = try CSVTable(header: header, file: file) } catch { throw InputErrors([error]) }
        let massColumn = table.columns.first { ColumnHeader($0).name == "mass" }
        let names = table.columns.map { ColumnHeader($0).name }
        let missing = columns.filter { !names.contains($0) }
        guard missing.isEmpty, let massColumn, let massUnit = ColumnHeader(massColumn).unit, ["t", "kg", "g", "mg"].contains(massUnit) else {
            throw InputErrors([LocatedError(SourceLocation(file: file, line: header.line),
                                            "header must be delivery_id,date,customer,site,product,mass[t] (mass unit t, kg, g or mg)\(missing.isEmpty ? "" : "; missing \(missing.joined(separator: ", "))")")])
        }
        var result: [(Int, Delivery)] = []
        var errors: [LocatedError] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            let row = table.row(record)
            do throws(LocatedError) {
                guard record.fields.count == table.columns.count else {
                    throw LocatedError(SourceLocation(file: file, line: record.line), "expected \(table.columns.count) fields as in the header, found \(record.fields.count)")
                }
                let id = try row.nonEmpty("delivery_id", expected: "a delivery id")
                if let first = seen[id] { throw LocatedError(row.location("delivery_id"), "delivery \"\(id)\" already appears on line \(first)") }
                let date = try row.nonEmpty("date", expected: "a date YYYY-MM-DD")
                let customer = try row.nonEmpty("customer", expected: "a customer name")
                let site = try row.nonEmpty("site", expected: "a site id")
                let product = try row.nonEmpty("product", expected: "a product id such as cu-cathode")
                guard let unit = unitOf(product) else { throw LocatedError(row.location("product"), "unknown product \"\(product)\"; add it with `circula ledger init` first") }
                let massText = try row.string(massColumn)
                let mass: Int64
                do { mass = try unit.parse(massText, unit: massUnit) } catch {
                    throw LocatedError(row.location(massColumn), "\(error)")
                }
                seen[id] = record.line
                result.append((record.line, Delivery(delivery: id, customer: customer, site: site, product: product, mass: mass, date: date)))
            } catch {
                errors.append(error)
            }
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        return result
    }
}
