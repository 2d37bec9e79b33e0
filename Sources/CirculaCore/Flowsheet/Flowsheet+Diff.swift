/// Differences between two flowsheets, coefficient by coefficient.
public struct FlowsheetDiff: Sendable {
    public enum Change: Sendable, Equatable, CustomStringConvertible {
        case processOnlyIn(side: Side, process: String)
        case layerOnlyIn(side: Side, process: String, layer: String)
        case coefficient(process: String, layer: String, output: String, before: Double, after: Double)
        case destination(process: String, output: String, before: String, after: String)

        public var description: String {
            switch self {
            case .processOnlyIn(let side, let process): "process \(process) only in \(side)"
            case .layerOnlyIn(let side, let process, let layer): "\(process): row \(layer) only in \(side)"
            case .coefficient(let process, let layer, let output, let before, let after):
                "\(process).\(output) [\(layer)]: \(formatPlain(before)) → \(formatPlain(after)) (\(after >= before ? "+" : "")\(formatPlain(((after - before) * 1e9).rounded() / 1e9)))"
            case .destination(let process, let output, let before, let after): "\(process).\(output) goes to \(before) → \(after)"
            }
        }
    }

    public enum Side: String, Sendable, CustomStringConvertible {
        case first, second
        public var description: String { rawValue }
    }

    public var changes: [Change]
    /// Coefficients compared (present in both).
    public var compared: Int

    public init(_ a: Flowsheet, _ b: Flowsheet, tolerance: Double = 1e-12) {
        var changes: [Change] = []
        var compared = 0
        for process in a.processes where b.process(process.id) == nil { changes.append(.processOnlyIn(side: .first, process: process.id)) }
        for process in b.processes where a.process(process.id) == nil { changes.append(.processOnlyIn(side: .second, process: process.id)) }
        for pa in a.processes {
            guard let pb = b.process(pa.id) else { continue }
            for output in pa.outputs {
                if let other = pb.outputs.first(where: { $0.name == output.name }), other.destination != output.destination {
                    changes.append(.destination(process: pa.id, output: output.name, before: output.destination.description, after: other.destination.description))
                }
            }
            for layer in pa.layerOrder where pb.transferCoefficients[layer] == nil { changes.append(.layerOnlyIn(side: .first, process: pa.id, layer: layer)) }
            for layer in pb.layerOrder where pa.transferCoefficients[layer] == nil { changes.append(.layerOnlyIn(side: .second, process: pa.id, layer: layer)) }
            for layer in pa.layerOrder {
                guard let rowA = pa.transferCoefficients[layer], let rowB = pb.transferCoefficients[layer] else { continue }
                let outputs = (pa.outputs.map(\.name) + pb.outputs.map(\.name) + [Process.stockKey]).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                for output in outputs {
                    let x = rowA[output] ?? 0, y = rowB[output] ?? 0
                    if rowA[output] == nil && rowB[output] == nil { continue }
                    compared += 1
                    if abs(x - y) > tolerance { changes.append(.coefficient(process: pa.id, layer: layer, output: output, before: x, after: y)) }
                }
            }
        }
        self.changes = changes
        self.compared = compared
    }
}
