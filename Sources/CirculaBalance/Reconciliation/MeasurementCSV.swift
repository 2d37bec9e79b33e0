import CirculaCore
import Foundation

/// Reads measurements (`stream,quantity,value,sd`) and correlations (`a,b,rho`) CSV files.
///
/// `quantity` is `mass`, an element (`Cu`: its flow) or an element's concentration (`Cu%`, `Cu[%]`,
/// `Au[g/t]`) or a transfer coefficient into the stream (`tc:Cu`, a fraction). Flow units come from the cell (`12.5 t`) or the header (`value[t]`, `sd[t]`); a flow's
/// sd may be relative (`2%`). Concentrations are in the unit the quantity names. Every problem is
/// reported with file, line and column; nothing is returned unless the whole file is valid.
///
/// ```swift
/// let measurements = try MeasurementCSV.parse(text, file: "m.csv", network: FlowNetwork(model.flowsheet))
/// ```
public enum MeasurementCSV {
    public static func parse(_ text: String, file: String, network: FlowNetwork, table: PeriodicTable = .standard) throws(InputErrors) -> [FlowMeasurement] {
        try parseWithUnknowns(text, file: file, network: network, table: table).measurements
    }

    /// Also returns the transfer coefficients marked `unknown` in the value column (`P.o1,tc:Cu,unknown,`),
    /// which `parse` leaves out.
    public static func parseWithUnknowns(_ text: String, file: String, network: FlowNetwork, table: PeriodicTable = .standard) throws(InputErrors)
        -> (measurements: [FlowMeasurement], unknownTransferCoefficients: [UnknownTransferCoefficient]) {
        let records: [CSVRecord]
        do { records = try CSVReader.records(text, file: file) } catch { throw InputErrors([error]) }
        guard let header = records.first else {
            throw InputErrors([LocatedError(SourceLocation(file: file, line: 1), "empty file; expected a header stream,quantity,value,sd")])
        }
        let csv: CSVTable
        do { csv = try CSVTable(header: header, file: file) } catch { throw InputErrors([error]) }
        let columns = csv.columns.map { ColumnHeader($0) }
        func column(_ name: String) -> (raw: String, unit: String?)? {
            columns.first { $0.name == name }.map { ($0.raw, $0.unit) }
        }
        guard let streamColumn = column("stream"), let quantityColumn = column("quantity"), let valueColumn = column("value"),
              let sdColumn = column("sd") else {
            let missing = ["stream", "quantity", "value", "sd"].filter { column($0) == nil }
            throw InputErrors([LocatedError(SourceLocation(file: file, line: header.line),
                                            "header lacks column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); expected stream,quantity,value,sd (units as value[t] or in the cells)")])
        }
        var errors: [LocatedError] = []
        var measurements: [FlowMeasurement] = []
        var unknowns: [UnknownTransferCoefficient] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            let row = csv.row(record)
            // Every problem of the row, not only the first: each cell is checked on its own.
            var rowErrors: [LocatedError] = []
            func check<T>(_ read: () throws(LocatedError) -> T) -> T? {
                do { return try read() } catch { rowErrors.append(error); return nil }
            }
            defer { errors += rowErrors }
            let flow = check { () throws(LocatedError) -> String in
                let flow = try row.nonEmpty(streamColumn.raw, expected: "a stream id")
                guard network.index(of: flow) != nil else {
                    throw LocatedError(row.location(streamColumn.raw), "unknown stream \"\(flow)\"; expected a stream id (process.output), in:<process>, feed:<feed> or <process>.stock")
                }
                return flow
            }
            let parsed = check { () throws(LocatedError) -> (text: String, quantity: FlowMeasurement.Quantity) in
                let text = try row.nonEmpty(quantityColumn.raw, expected: "mass, an element or an element's concentration (Cu%)")
                return (text, try parseQuantity(text, location: row.location(quantityColumn.raw), table: table))
            }
            guard let parsed else { continue }
            let (quantityText, quantity) = parsed
            let isUnknown = (try? row.string(valueColumn.raw))?.lowercased() == "unknown"
            // `constant` in the sd column: a value known exactly (sd 0), held as a constraint.
            let isConstant = (try? row.string(sdColumn.raw))?.lowercased() == "constant"
            /// A transfer coefficient belongs to a stream out of a process.
            func leavesProcess(_ flow: String) throws(LocatedError) {
                guard let flowIndex = network.index(of: flow), network.flows[flowIndex].from != nil, !network.flows[flowIndex].isStock else {
                    throw LocatedError(row.location(streamColumn.raw), "\(flow) leaves no process; expected a stream out of a process for a transfer coefficient")
                }
            }
            let value: Double?, sd: Double?
            switch quantity {
            case .mass, .elementFlow:
                value = check { () throws(LocatedError) -> Double in
                    let value = try massValue(row, valueColumn, relativeTo: nil)
                    guard value >= 0 else { throw LocatedError(row.location(valueColumn.raw), "expected a flow ≥ 0, found \(formatPlain(value))") }
                    return value
                }
                // A relative sd (`2%`) is still read without a usable value, to report its own problems.
                sd = isConstant ? 0 : check { () throws(LocatedError) in try massValue(row, sdColumn, relativeTo: value ?? 1) }
            case .transferCoefficient(let element) where isUnknown:
                guard let flow, check({ () throws(LocatedError) in try leavesProcess(flow) }) != nil else { continue }
                if let first = seen["\(flow):\(quantity)"] {
                    rowErrors.append(LocatedError(row.location(quantityColumn.raw), "\(quantity) of \(flow) is already given on line \(first); expected one row per stream and quantity"))
                    continue
                }
                seen["\(flow):\(quantity)"] = record.line
                unknowns.append(UnknownTransferCoefficient(flow: flow, element: element, origin: "\(file):\(record.line)"))
                continue
            case .transferCoefficient(let element):
                if let flow { _ = check { () throws(LocatedError) in try leavesProcess(flow) } }
                value = check { () throws(LocatedError) -> Double in
                    let value = try plainNumber(row, valueColumn)
                    guard value >= 0, value <= 1 else {
                        throw LocatedError(row.location(valueColumn.raw), "expected a transfer coefficient of \(element) from 0 to 1, found \(formatPlain(value))")
                    }
                    return value
                }
                sd = isConstant ? 0 : check { () throws(LocatedError) in try plainNumber(row, sdColumn) }
            case .concentration(let element):
                let unit = concentrationUnit(quantityText)
                value = check { () throws(LocatedError) -> Double in
                    let value = try plainNumber(row, valueColumn) * unit.fraction
                    guard value >= 0, value <= 1 else {
                        throw LocatedError(row.location(valueColumn.raw), "expected a \(element) concentration from 0 to 100%, found \(formatPlain(value * 100))%")
                    }
                    return value
                }
                sd = isConstant ? 0 : check { () throws(LocatedError) in try plainNumber(row, sdColumn) * unit.fraction }
            }
            if let sd, !(sd > 0 || isConstant) {
                rowErrors.append(LocatedError(row.location(sdColumn.raw), "expected a positive standard deviation, found \(formatPlain(sd)) (for a value known exactly write sd constant)"))
            }
            guard let flow, let value, let sd, rowErrors.isEmpty else { continue }
            let measurement = FlowMeasurement(flow: flow, quantity: quantity, value: value, sd: sd, origin: "\(file):\(record.line)")
            if let first = seen[measurement.key] {
                rowErrors.append(LocatedError(row.location(quantityColumn.raw), "\(quantity) of \(flow) is already measured on line \(first); expected one measurement per stream and quantity"))
                continue
            }
            seen[measurement.key] = record.line
            measurements.append(measurement)
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        return (measurements, unknowns)
    }

    public static func load(_ url: URL, displayName: String? = nil, network: FlowNetwork) throws(InputErrors) -> [FlowMeasurement] {
        try loadWithUnknowns(url, displayName: displayName, network: network).measurements
    }

    public static func loadWithUnknowns(_ url: URL, displayName: String? = nil, network: FlowNetwork) throws(InputErrors)
        -> (measurements: [FlowMeasurement], unknownTransferCoefficients: [UnknownTransferCoefficient]) {
        let name = displayName ?? url.path
        let text: String
        // UTF-8 only (a BOM dropped; CR, CRLF and LF alike), a bad byte located by line and byte.
        do { text = try TextFile.read(url, displayName: name) } catch { throw InputErrors([error]) }
        return try parseWithUnknowns(text, file: name, network: network)
    }

    /// `a,b,rho` with a and b measurement keys (`stream:quantity`, or a bare stream measured once).
    public static func parseCorrelations(_ text: String, file: String, measurements: [FlowMeasurement]) throws(InputErrors) -> [Correlation] {
        let records: [CSVRecord]
        do { records = try CSVReader.records(text, file: file) } catch { throw InputErrors([error]) }
        guard let header = records.first else {
            throw InputErrors([LocatedError(SourceLocation(file: file, line: 1), "empty file; expected a header a,b,rho")])
        }
        let csv: CSVTable
        do {
            csv = try CSVTable(header: header, file: file)
            try csv.require(["a", "b", "rho"], line: header.line)
        } catch { throw InputErrors([error]) }
        var errors: [LocatedError] = []
        var result: [Correlation] = []
        for record in records.dropFirst() {
            let row = csv.row(record)
            do throws(LocatedError) {
                let a = try resolve(try row.nonEmpty("a", expected: "a measurement (stream:quantity)"), measurements, row.location("a"))
                let b = try resolve(try row.nonEmpty("b", expected: "a measurement (stream:quantity)"), measurements, row.location("b"))
                let rho = try row.double("rho")
                guard rho >= -1, rho <= 1 else { throw LocatedError(row.location("rho"), "expected a correlation from -1 to 1, found \(formatPlain(rho))") }
                guard a != b else { throw LocatedError(row.location("b"), "a measurement cannot be correlated with itself") }
                for key in [a, b] where measurements.first(where: { $0.key == key })?.sd == 0 {
                    throw LocatedError(row.location(key == a ? "a" : "b"), "\(key) is a constant (sd constant); expected a measurement with an error to correlate")
                }
                if let first = result.first(where: { Set([$0.a, $0.b]) == Set([a, b]) }) {
                    throw LocatedError(row.location("b"), "\(a) and \(b) are already correlated on \(first.origin); expected one row per pair")
                }
                let correlation = Correlation(a: a, b: b, rho: rho, origin: "\(file):\(record.line)")
                result.append(correlation)
            } catch { errors.append(error) }
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        // Pairs not listed are uncorrelated (ρ = 0), so the matrix the reconciliation uses is checked whole, one
        // group of linked measurements at a time; the error sits on the group's last row and names the others.
        for group in linkedGroups(result) where !isPositiveSemidefinite(group.map { result[$0] }) {
            let rows = group.map { result[$0] }
            let last = rows[rows.count - 1]
            let location = csv.location("rho", line: Int(last.origin.split(separator: ":").last ?? "") ?? header.line)
            errors.append(LocatedError(location, "the correlations on \(rows.map(\.origin).joined(separator: ", ")) make the correlation matrix not positive semi-definite "
                                       + "(pairs not listed count as ρ = 0); expected correlations that real measurement errors can have (e.g. ρ_ab = ρ_bc = 0.9 needs ρ_ac ≥ 0.62)"))
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        return result
    }

    /// Indices of the correlations, grouped by the measurements they link (connected components), in file order.
    static func linkedGroups(_ correlations: [Correlation]) -> [[Int]] {
        var parent: [String: String] = [:]
        func root(_ k: String) -> String {
            var k = k
            while let p = parent[k], p != k { k = p }
            return k
        }
        for c in correlations {
            for k in [c.a, c.b] where parent[k] == nil { parent[k] = k }
            let (ra, rb) = (root(c.a), root(c.b))
            if ra != rb { parent[ra] = rb }
        }
        var groups: [String: [Int]] = [:], order: [String] = []
        for (i, c) in correlations.enumerated() {
            let r = root(c.a)
            if groups[r] == nil { order.append(r) }
            groups[r, default: []].append(i)
        }
        return order.map { groups[$0] ?? [] }
    }

    /// Whether the correlation matrix of the measurements these correlations name is positive semi-definite:
    /// Cholesky of R + 10⁻¹⁰ I succeeds iff R's smallest eigenvalue exceeds −10⁻¹⁰ (ρ = 1 pairs stay allowed).
    static func isPositiveSemidefinite(_ correlations: [Correlation]) -> Bool {
        var keys: [String] = []
        for c in correlations { for k in [c.a, c.b] where !keys.contains(k) { keys.append(k) } }
        let index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        var r = Matrix.identity(keys.count)
        for i in 0..<keys.count { r[i, i] = 1 + 1e-10 }
        for c in correlations {
            guard let i = index[c.a], let j = index[c.b] else { continue }
            r[i, j] = c.rho
            r[j, i] = c.rho
        }
        do { _ = try LAPACK.solveSPD(r, Matrix(rows: keys.count, columns: 0)) } catch { return false }
        return true
    }

    public static func loadCorrelations(_ url: URL, displayName: String? = nil, measurements: [FlowMeasurement]) throws(InputErrors) -> [Correlation] {
        let name = displayName ?? url.path
        let text: String
        // UTF-8 only (a BOM dropped; CR, CRLF and LF alike), a bad byte located by line and byte.
        do { text = try TextFile.read(url, displayName: name) } catch { throw InputErrors([error]) }
        return try parseCorrelations(text, file: name, measurements: measurements)
    }

    static func resolve(_ text: String, _ measurements: [FlowMeasurement], _ location: SourceLocation) throws(LocatedError) -> String {
        if measurements.contains(where: { $0.key == text }) { return text }
        let matches = measurements.filter { $0.flow == text }
        if matches.count == 1 { return matches[0].key }
        if matches.count > 1 {
            throw LocatedError(location, "\"\(text)\" is measured \(matches.count) times; expected stream:quantity (\(matches.map(\.key).joined(separator: ", ")))")
        }
        throw LocatedError(location, "no measurement \"\(text)\"; expected stream:quantity of a row of the measurements file")
    }

    static func parseQuantity(_ text: String, location: SourceLocation, table: PeriodicTable) throws(LocatedError) -> FlowMeasurement.Quantity {
        if text == "mass" { return .mass }
        if text.hasPrefix("tc:") {
            let symbol = String(text.dropFirst(3))
            // The transfer coefficient of total mass (a mass split), beside the elements' ones.
            if symbol == "mass" { return .transferCoefficient("mass") }
            guard let element = try? table.element(symbol), element.symbol == symbol else {
                throw LocatedError(location, "expected tc:<element symbol> (tc:Cu) or tc:mass, found \"\(text)\"")
            }
            return .transferCoefficient(symbol)
        }
        var symbol = text
        var isConcentration = false
        if text.hasSuffix("%") { symbol = String(text.dropLast()); isConcentration = true }
        let header = ColumnHeader(symbol)
        if let unit = header.unit {
            guard ConcentrationUnit(symbol: unit) != nil else {
                throw LocatedError(location, "unknown concentration unit \"\(unit)\"; expected %, ppm, g/t or ppb")
            }
            symbol = header.name
            isConcentration = true
        }
        guard let element = try? table.element(symbol), element.symbol == symbol else {
            throw LocatedError(location, "expected mass, an element symbol (Cu), a concentration (Cu%, Au[g/t]) or a transfer coefficient (tc:Cu), found \"\(text)\"")
        }
        return isConcentration ? .concentration(symbol) : .elementFlow(symbol)
    }

    static func concentrationUnit(_ text: String) -> ConcentrationUnit {
        if text.hasSuffix("%") { return .percent }
        return ColumnHeader(text).unit.flatMap { ConcentrationUnit(symbol: $0) } ?? .percent
    }

    static func plainNumber(_ row: CSVTable.Row, _ column: (raw: String, unit: String?)) throws(LocatedError) -> Double {
        try row.double(column.raw)
    }

    /// A mass in kg from `12.5 t`, or `12.5` with the header's unit; `2%` relative to `relativeTo`.
    static func massValue(_ row: CSVTable.Row, _ column: (raw: String, unit: String?), relativeTo base: Double?) throws(LocatedError) -> Double {
        let text = try row.string(column.raw)
        let number = text.prefix { "0123456789.-+eE".contains($0) }
        let unitText = text.dropFirst(number.count).trimmingCharacters(in: .whitespaces)
        guard let value = Double(number), value.isFinite else {
            throw LocatedError(row.location(column.raw), "expected a number, found \"\(text)\"")
        }
        if unitText == "%", let base { return abs(base) * value / 100 }
        let unitSymbol = unitText.isEmpty ? column.unit : unitText
        guard let symbol = unitSymbol else {
            throw LocatedError(row.location(column.raw), "no unit for \"\(text)\"; expected a unit in the cell (12.5 t) or the header (\(column.raw)[t])")
        }
        guard let unit = MassUnit(symbol: symbol) else {
            throw LocatedError(row.location(column.raw), "unknown mass unit \"\(symbol)\"; expected t, kg, g or mg\(base != nil ? " (or % of the value)" : "")")
        }
        return value * unit.kilograms
    }
}
