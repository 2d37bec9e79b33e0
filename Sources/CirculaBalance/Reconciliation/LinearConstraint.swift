import CirculaCore
import Foundation

/// A linear constraint of any coefficients between flows, Σ coefficient · x = rhs: a splitter
/// (0.6·a − 0.4·b = 0), a known total, two layers tied together. Terms name a flow and a layer (`mass` or
/// an element); the right-hand side is in kg.
///
/// ```swift
/// let split = LinearConstraint(name: "splitter", terms: [.init(flow: "S.a", layer: "mass", coefficient: 0.6),
///                                                       .init(flow: "S.b", layer: "mass", coefficient: -0.4)])
/// var reconciliation = FlowsheetReconciliation(network: network, measurements: m)
/// reconciliation.constraints = [split]
/// let report = try reconciliation.run()
/// ```
public struct LinearConstraint: Sendable, Hashable {
    public struct Term: Sendable, Hashable {
        public var flow: String
        public var layer: String
        public var coefficient: Double
        public init(flow: String, layer: String, coefficient: Double) {
            self.flow = flow
            self.layer = layer
            self.coefficient = coefficient
        }
    }

    public var name: String
    public var terms: [Term]
    public var rhs: Double
    public var origin: String

    public init(name: String, terms: [Term], rhs: Double = 0, origin: String = "") {
        self.name = name
        self.terms = terms
        self.rhs = rhs
        self.origin = origin
    }

    /// `constraint,term,coefficient`: one row per term, `term` a `stream:quantity` (quantity `mass` or an
    /// element) or `rhs` with a mass (`100 t`) as its coefficient. Rows of one constraint share its name.
    ///
    ///     constraint,term,coefficient
    ///     splitter,S.a:mass,0.6
    ///     splitter,S.b:mass,-0.4
    ///     known_total,in:W:mass,1
    ///     known_total,rhs,100 t
    public static func parseCSV(_ text: String, file: String, network: FlowNetwork, table: PeriodicTable = .standard) throws(InputErrors) -> [LinearConstraint] {
        let records: [CSVRecord]
        do { records = try CSVReader.records(text, file: file) } catch { throw InputErrors([error]) }
        guard let header = records.first else {
            throw InputErrors([LocatedError(SourceLocation(file: file, line: 1), "empty file; expected a header constraint,term,coefficient")])
        }
        let csv: CSVTable
        do {
            csv = try CSVTable(header: header, file: file)
            try csv.require(["constraint", "term", "coefficient"], line: header.line)
        } catch { throw InputErrors([error]) }
        var constraints: [LinearConstraint] = []
        var errors: [LocatedError] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            let row = csv.row(record)
            do throws(LocatedError) {
                let name = try row.nonEmpty("constraint", expected: "a constraint name")
                let term = try row.nonEmpty("term", expected: "stream:quantity or rhs")
                let k = constraints.firstIndex { $0.name == name } ?? constraints.count
                if k == constraints.count { constraints.append(LinearConstraint(name: name, terms: [], origin: "\(file):\(record.line)")) }
                if let first = seen["\(name)|\(term)"] {
                    throw LocatedError(row.location("term"), "\(term) is already in \(name) on line \(first); expected each term once per constraint")
                }
                seen["\(name)|\(term)"] = record.line
                if term == "rhs" {
                    constraints[k].rhs = try MeasurementCSV.massValue(row, ("coefficient", nil), relativeTo: nil)
                    continue
                }
                let coefficient = try row.double("coefficient")
                guard coefficient.isFinite, coefficient != 0 else {
                    throw LocatedError(row.location("coefficient"), "expected a non-zero coefficient, found \(formatPlain(coefficient))")
                }
                guard let colon = term.lastIndex(of: ":") else {
                    throw LocatedError(row.location("term"), "expected stream:quantity (S.a:mass, S.a:Cu) or rhs, found \"\(term)\"")
                }
                let flow = String(term[..<colon]), quantity = String(term[term.index(after: colon)...])
                guard network.index(of: flow) != nil else {
                    throw LocatedError(row.location("term"), "unknown stream \"\(flow)\"; expected a stream id (process.output), in:<process>, feed:<feed> or <process>.stock")
                }
                guard quantity == "mass" || (try? table.element(quantity))?.symbol == quantity else {
                    throw LocatedError(row.location("term"), "expected the quantity mass or an element symbol after the colon, found \"\(quantity)\" (constraints are linear: no concentrations)")
                }
                constraints[k].terms.append(Term(flow: flow, layer: quantity, coefficient: coefficient))
            } catch { errors.append(error) }
        }
        // A constraint left without terms because its rows were refused is not a second error.
        for c in constraints where c.terms.isEmpty && errors.isEmpty {
            errors.append(LocatedError(SourceLocation(file: file, line: Int(c.origin.split(separator: ":").last ?? "")), "constraint \(c.name) has no terms; expected at least one stream:quantity row"))
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        return constraints
    }
}
