import CirculaCore
import CLapacke

/// Recovery of each layer (element) from each entry process to each stream leaving the system,
/// from the flowsheet's transfer coefficients.
///
/// For layer e let A[j,i] be the fraction of e entering process i that goes on to process j
/// (recycles and bleeds included). The inflows x to the processes for a unit input b at one entry
/// solve (I − A) x = b; a boundary stream i.output carries x_i · t[i,e,output] · share.
/// One dense LU (`dgesv`) per layer with one right-hand side per process: the flowsheet is small.
/// A process without a row for the layer passes nothing on (the layer is not tracked there).
///
/// Kept in one file so it can later be replaced by CirculaBalance's sparse forward balance.
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
        let processes = flowsheet.processes
        let n = processes.count
        let streams = flowsheet.streams
        boundaryStreams = streams.filter { if case .sink = $0.to { true } else { false } }
        var result: [String: [String: [String: Double]]] = [:]
        for layer in flowsheet.layers {
            // Column-major (I − A).
            var matrix = [Double](repeating: 0, count: n * n)
            for i in 0..<n { matrix[i + i * n] = 1 }
            for stream in streams {
                guard case .process(let target) = stream.to, let i = flowsheet.index(of: stream.from), let j = flowsheet.index(of: target) else { continue }
                let t = processes[i].transferCoefficients[layer]?[stream.output] ?? 0
                matrix[j + i * n] -= t * stream.share
            }
            var rhs = [Double](repeating: 0, count: n * n)
            for i in 0..<n { rhs[i + i * n] = 1 }
            var pivots = [Int32](repeating: 0, count: n)
            let info = LAPACKE_dgesv(LAPACK_COL_MAJOR, Int32(n), Int32(n), &matrix, Int32(n), &pivots, &rhs, Int32(n))
            guard info == 0 else {
                throw .recovery("layer \(layer): (I − T) is singular (dgesv info \(info)); a recycle loop keeps all of it with no exit")
            }
            var byEntry: [String: [String: Double]] = [:]
            for (e, entry) in processes.enumerated() {
                var out: [String: Double] = [:]
                for stream in boundaryStreams {
                    guard let i = flowsheet.index(of: stream.from) else { continue }
                    let inflow = rhs[i + e * n]
                    let t = processes[i].transferCoefficients[layer]?[stream.output] ?? 0
                    if t != 0 { out[stream.id] = inflow * t * stream.share }
                }
                byEntry[entry.id] = out
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
