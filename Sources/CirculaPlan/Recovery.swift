import CirculaBalance
import CirculaCore

/// Recovery of each layer (element) from each entry process to each stream leaving the system,
/// from the flowsheet's transfer coefficients.
///
/// By linearity this is CirculaBalance's forward balance with one unit source per process: the flow a
/// unit input at process p leaves in boundary stream s is the fraction of that layer entering at p that
/// s recovers. One sparse factorisation per layer serves every entry. A process without a row for the
/// layer keeps what reaches it (the layer is not tracked there), so it is recovered nowhere.
///
/// ```swift
/// let recovery = try Recovery(flowsheet: model.flowsheet)
/// recovery.fraction(layer: "Cu", entry: "smelting_flash", stream: "electrorefining.cathode")  // ≈ 0.98
/// ```
public struct Recovery: Sendable {
    /// Streams that leave the system (to a sink), in flowsheet order.
    public let boundaryStreams: [Stream]
    /// layer → entry process → boundary stream id → fraction of the unit input.
    public let fractions: [String: [String: [String: Double]]]

    public init(flowsheet: Flowsheet) throws(PlanError) {
        let layers = flowsheet.layers
        let unit = Dictionary(uniqueKeysWithValues: layers.map { ($0, 1.0) })
        let sources = flowsheet.processes.enumerated().map { index, process in
            BalanceSource(id: process.id, supplier: "", feed: "", category: .primary, entry: index, elementMass: unit)
        }
        let balance: BalanceResult
        do {
            balance = try ForwardBalance(flowsheet: flowsheet, options: BalanceOptions(missingCoefficients: .retainAsStock))
                .run(sources: sources, elements: layers)
        } catch {
            throw .recovery("\(error)")
        }
        boundaryStreams = balance.streams.filter { if case .sink = $0.to { true } else { false } }
        var result: [String: [String: [String: Double]]] = [:]
        for layer in layers {
            var byEntry: [String: [String: Double]] = Dictionary(uniqueKeysWithValues: flowsheet.processes.map { ($0.id, [:]) })
            for stream in boundaryStreams {
                for (source, kg) in balance.attributionBySource(stream: stream.id, element: layer) where kg != 0 {
                    byEntry[source.id]![stream.id] = kg
                }
            }
            result[layer] = byEntry
        }
        fractions = result
    }

    public func fraction(layer: String, entry: String, stream: String) -> Double {
        fractions[layer]?[entry]?[stream] ?? 0
    }

    /// Sum over the boundary streams that end in `sink` (e.g. `acid_plant`, `product`).
    public func toSink(layer: String, entry: String, sink: String) -> Double {
        boundaryStreams.filter { $0.to == .sink(sink) }.reduce(0) { $0 + fraction(layer: layer, entry: entry, stream: $1.id) }
    }
}
