import Foundation

/// Reads lot files: one lot per line, units in the header.
///
/// ```
/// lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Cu[%],Au[g/t],Pd[ppm]
/// L-001,2024-04-03,Acme Recycling,pcb_mixed,post-consumer,24.5,3.0,18.2,250,80
/// ```
/// `category` is `primary`, `pre-consumer` or `post-consumer` (ISO 14021). Element columns take
/// `%`, `ppm`, `g/t`, `ppb` or `fraction`; an empty cell means "not assayed" (zero). An optional `documents`
/// column holds the lot's document references (weighbridge ticket, assay certificate, shipping note) separated by `;`.
///
/// The reader checks every line and reports every problem with its place; a file with any error
/// yields no lots, so an import never half-applies.
public enum LotCSV {
    public static let fixedColumns = ["lot_id", "date", "supplier", "feed", "category", "wet_mass", "moisture"]

    /// Parses a lot file's text.
    /// - Parameter file: the name used in error messages (usually the path as the user typed it).
    /// - Throws: `InputErrors` listing every problem found.
    public static func parse(_ text: String, file: String, table: PeriodicTable = .standard) throws(InputErrors) -> [Lot] {
        let records: [CSVRecord]
        do { records = try CSVReader.records(text, file: file) } catch { throw InputErrors([error]) }
        guard let headerRecord = records.first else {
            throw InputErrors([LocatedError(SourceLocation(file: file, line: 1), "empty file; expected a header row starting with \(fixedColumns.joined(separator: ","))")])
        }
        let layout: Layout
        do { layout = try Layout(header: headerRecord, file: file, table: table) } catch { throw InputErrors(error.errors) }

        var lots: [Lot] = []
        var errors: [LocatedError] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            let row = layout.table.row(record)
            if record.fields.count != layout.table.columns.count {
                errors.append(LocatedError(SourceLocation(file: file, line: record.line),
                                           "expected \(layout.table.columns.count) fields as in the header, found \(record.fields.count)"))
                continue
            }
            // Ids count as seen even on lines with other errors, so a duplicate is reported once, where it repeats.
            let id = (try? row.string("lot_id")) ?? ""
            if !id.isEmpty, let first = seen[id] {
                errors.append(LocatedError(row.location("lot_id"), "lot \"\(id)\" already appears on line \(first); expected unique lot ids"))
                continue
            }
            if !id.isEmpty { seen[id] = record.line }
            do { lots.append(try layout.lot(from: row)) } catch { errors += error.errors }
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        return lots
    }

    /// Reads and parses a lot file.
    public static func load(_ url: URL, displayName: String? = nil) throws(InputErrors) -> [Lot] {
        let name = displayName ?? url.path
        let text: String
        do { text = try TextFile.read(url, displayName: name) } catch { throw InputErrors([error]) }
        return try parse(text, file: name)
    }

    /// Writes lots back in the same format (masses in t, moisture in %, assays in % or g/t).
    public static func write(_ lots: [Lot]) -> String {
        let elements = Set(lots.flatMap(\.composition.elements)).sorted()
        let units: [Element: ConcentrationUnit] = Dictionary(uniqueKeysWithValues: elements.map { element in
            let largest = lots.map { $0.composition[element].value }.max() ?? 0
            return (element, largest >= 0.001 ? .percent : .gramsPerTonne)
        })
        var lines = ["lot_id,date,supplier,feed,category,wet_mass[t],moisture[%]," + elements.map { "\($0.symbol)[\(units[$0]!.symbol)]" }.joined(separator: ",")]
        for lot in lots {
            var fields = [lot.id.csvEscaped, lot.date, lot.supplier.csvEscaped, lot.feed.csvEscaped, lot.category.rawValue,
                          formatPlain(lot.wetMass.value(in: .tonne)), formatPlain(lot.moisture.value(in: .percent))]
            fields += elements.map { formatPlain(lot.composition[$0].value(in: units[$0]!)) }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// How one lot file's header maps to fields.
    struct Layout {
        let table: CSVTable
        let wetMassUnit: MassUnit
        let moistureUnit: ConcentrationUnit
        /// The header cells as written (`wet_mass[t]`, `moisture[%]`), found once for all rows.
        let wetMassColumn: String
        let moistureColumn: String
        let elementColumns: [(column: String, element: Element, unit: ConcentrationUnit)]
        /// Assays stated as compounds (`Dy2O3[%]`), see LotCSV+Compounds.swift.
        let compoundColumns: [CompoundColumn]

        init(header: CSVRecord, file: String, table periodicTable: PeriodicTable) throws(InputErrors) {
            let table: CSVTable
            do { table = try CSVTable(header: header, file: file) } catch { throw InputErrors([error]) }
            self.table = table
            var errors: [LocatedError] = []
            let headers = table.columns.map(ColumnHeader.init)
            let names = headers.map(\.name)
            let missing = fixedColumns.filter { !names.contains($0) }
            if !missing.isEmpty {
                errors.append(LocatedError(SourceLocation(file: file, line: header.line),
                                           "header lacks \(missing.joined(separator: ", ")); expected lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],<element columns such as Cu[%]>"))
            }
            var wetMassUnit = MassUnit.tonne
            var moistureUnit = ConcentrationUnit.percent
            var elementColumns: [(String, Element, ConcentrationUnit)] = []
            var seenElements: Set<Element> = []
            var compoundColumns: [CompoundColumn] = []
            for column in headers {
                let location = table.location(column.raw, line: header.line)
                switch column.name {
                case "wet_mass":
                    guard let unitText = column.unit, let unit = MassUnit(symbol: unitText) else {
                        errors.append(LocatedError(location, "expected a mass unit in brackets: wet_mass[t], wet_mass[kg] or wet_mass[g]"))
                        continue
                    }
                    wetMassUnit = unit
                case "moisture":
                    guard let unitText = column.unit, let unit = ConcentrationUnit(symbol: unitText) else {
                        errors.append(LocatedError(location, "expected a unit in brackets: moisture[%] or moisture[fraction]"))
                        continue
                    }
                    moistureUnit = unit
                case _ where fixedColumns.contains(column.name), "documents":
                    continue
                default:
                    do {
                        if let compound = try CompoundColumn.match(column, location: location, table: periodicTable) { compoundColumns.append(compound); continue }
                    } catch { errors.append(error); continue }
                    let element: Element
                    do { element = try periodicTable.element(column.name) } catch {
                        errors.append(LocatedError(location, "unknown element \"\(column.name)\"; expected an element symbol with a unit, such as Cu[%] or Au[g/t].\(error.hint)"))
                        continue
                    }
                    guard element.symbol == column.name else {
                        errors.append(LocatedError(location, "expected the element symbol \(element.symbol) as column name, found \"\(column.name)\""))
                        continue
                    }
                    guard let unitText = column.unit, let unit = ConcentrationUnit(symbol: unitText) else {
                        errors.append(LocatedError(location, "expected a concentration unit in brackets: one of %, ppm, g/t, ppb, fraction (e.g. \(element.symbol)[%])"))
                        continue
                    }
                    if !seenElements.insert(element).inserted {
                        errors.append(LocatedError(location, "element \(element.symbol) appears twice in the header"))
                        continue
                    }
                    elementColumns.append((column.raw, element, unit))
                }
            }
            if !errors.isEmpty { throw InputErrors(errors) }
            self.compoundColumns = compoundColumns
            wetMassColumn = headers.first { $0.name == "wet_mass" }!.raw
            moistureColumn = headers.first { $0.name == "moisture" }!.raw
            self.wetMassUnit = wetMassUnit
            self.moistureUnit = moistureUnit
            self.elementColumns = elementColumns
        }

        /// The lot of one row, or every problem of the row (each cell is checked, not only up to the first bad one).
        func lot(from row: CSVTable.Row) throws(InputErrors) -> Lot {
            var errors: [LocatedError] = []
            /// The cell's value, or nil after recording why it is unusable.
            func check<T>(_ read: () throws(LocatedError) -> T) -> T? {
                do { return try read() } catch { errors.append(error); return nil }
            }
            let id = check { () throws(LocatedError) in try row.nonEmpty("lot_id", expected: "a lot id") }
            let date = check { () throws(LocatedError) -> String in
                let date = try row.nonEmpty("date", expected: "a date YYYY-MM-DD")
                guard isISODate(date) else { throw LocatedError(row.location("date"), "expected a date YYYY-MM-DD, found \"\(date)\"") }
                return date
            }
            let supplier = check { () throws(LocatedError) in try row.nonEmpty("supplier", expected: "a supplier name") }
            let feed = check { () throws(LocatedError) in try row.nonEmpty("feed", expected: "a feed id such as pcb_mixed") }
            let category = check { () throws(LocatedError) -> MaterialCategory in
                let text = try row.string("category")
                guard let category = MaterialCategory(rawValue: text.lowercased()) else {
                    throw LocatedError(row.location("category"), "expected primary, pre-consumer or post-consumer, found \"\(text)\"")
                }
                return category
            }
            let wet = check { () throws(LocatedError) -> Double in
                let wet = try row.double(wetMassColumn)
                guard wet >= 0 else { throw LocatedError(row.location(wetMassColumn), "expected a mass ≥ 0, found \(formatPlain(wet))") }
                return wet
            }
            let moisture = check { () throws(LocatedError) -> MassFraction in
                let value = try row.double(moistureColumn)
                let moisture = MassFraction(value, moistureUnit)
                guard moisture.value >= 0, moisture.value < 1 else {
                    throw LocatedError(row.location(moistureColumn), "expected a moisture from 0 to below 100%, found \(formatPlain(value)) \(moistureUnit.symbol)")
                }
                return moisture
            }
            var fractions: [Element: MassFraction] = [:]
            for (column, element, unit) in elementColumns {
                let fraction = check { () throws(LocatedError) -> MassFraction? in
                    let text = try row.string(column)
                    if text.isEmpty { return nil }
                    guard let value = Double(text), value.isFinite else {
                        throw LocatedError(row.location(column), "expected a number, found \"\(text)\"")
                    }
                    let fraction = MassFraction(value, unit)
                    guard fraction.value >= 0, fraction.value <= 1 else {
                        throw LocatedError(row.location(column), "expected a concentration from 0 to 100%, found \(formatPlain(value)) \(unit.symbol)")
                    }
                    return fraction
                }
                if let fraction = fraction ?? nil { fractions[element] = fraction }
            }
            var compounds: [String: String] = [:]
            for compound in compoundColumns {
                _ = check { () throws(LocatedError) in try compound.addFractions(row, into: &fractions, compounds: &compounds) }
            }
            let composition = check { () throws(LocatedError) -> Composition in
                do { return try Composition(fractions) } catch {
                    throw LocatedError(SourceLocation(file: table.file, line: row.line), "\(error)")
                }
            }
            guard errors.isEmpty, let id, let date, let supplier, let feed, let category, let wet, let moisture, let composition else {
                throw InputErrors(errors)
            }
            var lot = Lot(id: id, date: date, supplier: supplier, feed: feed, category: category,
                          wetMass: Mass(wet, wetMassUnit), moisture: moisture, composition: composition,
                          assayedAs: compounds.isEmpty ? nil : compounds, location: SourceLocation(file: table.file, line: row.line))
            if table.has("documents"), let text = try? row.string("documents") {
                let documents = text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                lot.documents = documents.isEmpty ? nil : documents
            }
            return lot
        }
    }
}

/// `YYYY-MM-DD` with a plausible month and day.
func isISODate(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
          let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return false }
    let days = [31, (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return (1...12).contains(month) && day >= 1 && day <= days[month - 1]
}

/// A number without thousands separators, for machine-readable output.
public func formatPlain(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    var text = String(format: "%.10g", value)
    if text.contains("e") { text = String(value) }
    return text
}
