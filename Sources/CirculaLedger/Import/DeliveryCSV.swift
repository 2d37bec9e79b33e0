import CirculaCore
import Foundation

/// Reads delivery files, one physical shipment per line, the mass unit in the header:
///
/// ```
/// delivery_id,date,customer,site,product,mass[t],documents
/// D24-04-001,2024-04-12,Customer Alpha,saganoseki,cu-cathode,1629.4,DN-0412;WB-88123
/// ```
/// Masses are parsed as decimal text into exact integers of the product's unit (never through Double). The optional
/// `documents` column holds the shipment's document references (delivery note, weighbridge ticket, assay
/// certificate) separated by `;`. Every error of every line is reported with its line, column number and column
/// name; a file with any error yields nothing.
public enum DeliveryCSV {
    public static let columns = ["delivery_id", "date", "customer", "site", "product", "mass"]
    /// Columns a file may add.
    public static let optionalColumns = ["documents"]

    /// Reads and parses a delivery file (UTF-8, checked by `TextFile`).
    /// - Throws: `InputErrors`, every problem located.
    public static func read(_ url: URL, displayName: String? = nil, unitOf: (String) -> AmountUnit?) throws(InputErrors) -> [(line: Int, delivery: Delivery)] {
        let name = displayName ?? url.path
        let text: String
        do { text = try TextFile.read(url, displayName: name) } catch { throw InputErrors([error]) }
        return try parse(text, file: name, unitOf: unitOf)
    }

    /// - Parameter unitOf: the ledger unit of a product id, or nil for an unknown product.
    public static func parse(_ text: String, file: String, unitOf: (String) -> AmountUnit?) throws(InputErrors) -> [(line: Int, delivery: Delivery)] {
        let records: [CSVRecord]
        do { records = try CSVReader.records(text, file: file) } catch { throw InputErrors([error]) }
        let expectedHeader = "delivery_id,date,customer,site,product,mass[t] (mass unit t, kg, g or mg), and optionally documents"
        guard let header = records.first else {
            throw InputErrors([LocatedError(SourceLocation(file: file, line: 1), "empty file; expected a header \(expectedHeader)")])
        }
        let table: CSVTable
        do { table = try CSVTable(header: header, file: file) } catch { throw InputErrors([error]) }
        let massColumn = table.columns.first { ColumnHeader($0).name == "mass" }
        let names = table.columns.map { ColumnHeader($0).name }
        let missing = columns.filter { !names.contains($0) }
        var headerErrors: [LocatedError] = []
        for (i, name) in names.enumerated() where !columns.contains(name) && !optionalColumns.contains(name) {
            headerErrors.append(LocatedError(SourceLocation(file: file, line: header.line, field: "column \(table.columns[i])", column: i + 1),
                                             "unknown column; expected \(expectedHeader)"))
        }
        guard missing.isEmpty, let massColumn, let massUnit = ColumnHeader(massColumn).unit, ["t", "kg", "g", "mg"].contains(massUnit) else {
            throw InputErrors([LocatedError(SourceLocation(file: file, line: header.line),
                                            "header must be \(expectedHeader)\(missing.isEmpty ? "" : "; missing \(missing.joined(separator: ", "))")")] + headerErrors)
        }
        if !headerErrors.isEmpty { throw InputErrors(headerErrors) }
        let hasDocuments = table.has("documents")
        var result: [(Int, Delivery)] = []
        var errors: [LocatedError] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            let row = table.row(record)
            guard record.fields.count == table.columns.count else {
                errors.append(LocatedError(SourceLocation(file: file, line: record.line), "expected \(table.columns.count) fields as in the header, found \(record.fields.count)"))
                continue
            }
            // Each field is checked on its own, so one pass reports every error of the line.
            var lineErrors: [LocatedError] = []
            func field(_ body: () throws(LocatedError) -> String) -> String? {
                do { return try body() } catch { lineErrors.append(error); return nil }
            }
            let id = field { () throws(LocatedError) -> String in
                let id = try row.nonEmpty("delivery_id", expected: "a delivery id")
                if let first = seen[id] { throw LocatedError(row.location("delivery_id"), "delivery \"\(id)\" already appears on line \(first)") }
                return id
            }
            let date = field { () throws(LocatedError) -> String in
                let date = try row.nonEmpty("date", expected: "a date YYYY-MM-DD")
                do throws(LedgerError) { _ = try CalendarDate(date) } catch { throw LocatedError(row.location("date"), error.description) }
                return date
            }
            let customer = field { () throws(LocatedError) in try row.nonEmpty("customer", expected: "a customer name") }
            let site = field { () throws(LocatedError) in try row.nonEmpty("site", expected: "a site id") }
            var unit: AmountUnit?
            let product = field { () throws(LocatedError) -> String in
                let product = try row.nonEmpty("product", expected: "a product id such as cu-cathode")
                guard let u = unitOf(product) else { throw LocatedError(row.location("product"), "unknown product \"\(product)\"; add it with `circula ledger init` first") }
                unit = u
                return product
            }
            var mass: Int64?
            if let unit {
                _ = field { () throws(LocatedError) -> String in
                    let massText = try row.string(massColumn)
                    do { mass = try unit.parse(massText, unit: massUnit) } catch { throw LocatedError(row.location(massColumn), "\(error)") }
                    return massText
                }
            }
            let documents = hasDocuments ? field { () throws(LocatedError) in try row.string("documents") }.map(documentList) : nil
            if let id, seen[id] == nil { seen[id] = record.line }
            guard lineErrors.isEmpty, let id, let date, let customer, let site, let product, let mass else {
                errors += lineErrors
                continue
            }
            result.append((record.line, Delivery(delivery: id, customer: customer, site: site, product: product, mass: mass, date: date,
                                                 documents: documents.flatMap { $0.isEmpty ? nil : $0 })))
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        return result
    }

    /// `DN-1; WB-2` → ["DN-1", "WB-2"] (empty parts dropped).
    static func documentList(_ text: String) -> [String] {
        text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
