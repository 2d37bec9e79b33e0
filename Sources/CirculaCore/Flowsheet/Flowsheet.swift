/// A plant as processes joined by streams, with transfer coefficients per process and layer.
///
/// A *layer* is what a balance is taken of: an element symbol (`Cu`) or a compound the data
/// reports as a whole (`SiO2`). For process p and layer e, `transferCoefficients[e][output]` is
/// the fraction of e entering p that leaves by that output; the fractions sum to 1, or to
/// 1 − `stock` when the row has a `stock` entry (mass kept in the process).
///
/// Streams are derived from the outputs: an output goes to another process, to a sink on the
/// system boundary (`product`, `discard`, `acid_plant`...), or is split between a recycle and a
/// bleed (`recycle_to` + `bleed_to` with `bleed_fraction`).
public struct Flowsheet: Sendable {
    public var processes: [Process]
    /// Which process each feed enters, by feed id.
    public var feedEntry: [String: String]
    /// Notes about figures the loader had to assume (shown to users).
    public var assumptions: [String]

    public init(processes: [Process], feedEntry: [String: String] = [:], assumptions: [String] = []) {
        self.processes = processes
        self.feedEntry = feedEntry
        self.assumptions = assumptions
    }

    public func process(_ id: String) -> Process? { processes.first { $0.id == id } }

    public func index(of processID: String) -> Int? { processes.firstIndex { $0.id == processID } }

    /// Every stream between processes and out of the system, in process order.
    public var streams: [Stream] {
        processes.flatMap { process in
            process.outputs.flatMap { output -> [Stream] in
                var streams = [Stream(id: "\(process.id).\(output.name)", from: process.id, output: output.name,
                                      to: output.destination, share: 1 - (output.bleed?.fraction ?? 0))]
                if let bleed = output.bleed {
                    streams.append(Stream(id: "\(process.id).\(output.name).bleed", from: process.id, output: output.name,
                                          to: .process(bleed.to), share: bleed.fraction))
                }
                return streams
            }
        }
    }

    /// Layers with coefficients in at least one process, in first-seen order.
    public var layers: [String] {
        var seen: Set<String> = []
        var ordered: [String] = []
        for process in processes {
            for layer in process.layerOrder where seen.insert(layer).inserted { ordered.append(layer) }
        }
        return ordered
    }

    /// Names of the boundary sinks, in first-seen order.
    public var sinks: [String] {
        var seen: Set<String> = []
        return streams.compactMap { stream in
            if case .sink(let name) = stream.to, seen.insert(name).inserted { return name }
            return nil
        }
    }
}

/// One unit operation.
public struct Process: Sendable, Identifiable {
    public var id: String
    public var name: String
    public var route: String?
    public var source: String?
    public var assumed: Bool
    public var outputs: [Output]
    /// layer → output name → fraction. The output name `stock` means retained in the process.
    public var transferCoefficients: [String: [String: Double]]
    /// Layers in the order the file lists them.
    public var layerOrder: [String]
    /// Where each layer's row is in the model file, for error messages.
    public var rowLocations: [String: SourceLocation]

    public init(id: String, name: String, route: String? = nil, source: String? = nil, assumed: Bool = false,
                outputs: [Output], transferCoefficients: [String: [String: Double]], layerOrder: [String]? = nil,
                rowLocations: [String: SourceLocation] = [:]) {
        self.id = id
        self.name = name
        self.route = route
        self.source = source
        self.assumed = assumed
        self.outputs = outputs
        self.transferCoefficients = transferCoefficients
        self.layerOrder = layerOrder ?? transferCoefficients.keys.sorted()
        self.rowLocations = rowLocations
    }

    /// Fraction of `layer` kept in the process as stock (0 when the row has no `stock` entry).
    public func stockFraction(_ layer: String) -> Double {
        transferCoefficients[layer]?[Process.stockKey] ?? 0
    }

    public static let stockKey = "stock"
}

/// A named output of a process and where it goes.
public struct Output: Sendable {
    public var name: String
    public var destination: Destination
    /// Part of a recycled output that leaves the loop to another process.
    public var bleed: (to: String, fraction: Double)?
    public var note: String?
    /// For an output to a product sink: the one metal or compound it sells, with its purity.
    public var product: ProductSpec?

    public init(name: String, destination: Destination, bleed: (to: String, fraction: Double)? = nil, note: String? = nil,
                product: ProductSpec? = nil) {
        self.name = name
        self.destination = destination
        self.bleed = bleed
        self.note = note
        self.product = product
    }

    public var isRecycle: Bool {
        if case .process = destination { return true }
        return false
    }
}

/// The end of a stream: a process in the flowsheet or a sink on the system boundary.
public enum Destination: Hashable, Sendable, CustomStringConvertible {
    case process(String)
    case sink(String)

    public var description: String {
        switch self {
        case .process(let id): id
        case .sink(let name): name
        }
    }
}

/// A stream: part (`share`) of one process output going to one destination.
public struct Stream: Hashable, Sendable, Identifiable {
    /// `process.output`, with `.bleed` for the bled part of a recycle.
    public var id: String
    public var from: String
    public var output: String
    public var to: Destination
    public var share: Double
}
