import CirculaCore

/// The flows of a flowsheet as reconciliation variables: what enters each process from outside
/// (`in:<process>`, for processes some feed enters), every stream, the stock change of each
/// process with a `stock` row (`<process>.stock`), and each feed's own import (`feed:<feed>`; several
/// per process, tied by in:P = Σ feed:F, and used only when something measures or constrains one).
///
/// ```swift
/// let network = FlowNetwork(model.flowsheet)
/// network.flows.map(\.id)   // ["in:smelting_flash", ..., "smelting_flash.matte", ...]
/// ```
public struct FlowNetwork: Sendable {
    public struct Flow: Sendable, Hashable {
        public var id: String
        /// Process index the flow leaves (nil: enters from outside).
        public var from: Int?
        /// Process index the flow enters (nil: leaves the system, or is stock).
        public var to: Int?
        public var isStock: Bool
        /// Stream index in `Flowsheet.streams` (nil for inputs and stocks).
        public var stream: Int?
        /// For one feed's import (`feed:<feed>`): the index of its process's total import `in:<process>`, which
        /// it is part of (in:P = Σ feed imports of P). Such flows are in no node balance themselves.
        public var importOf: Int? = nil
    }

    public var flowsheet: Flowsheet
    public var flows: [Flow]

    public init(_ flowsheet: Flowsheet) {
        self.flowsheet = flowsheet
        var flows: [Flow] = []
        let entered = Set(flowsheet.feedEntry.values)
        for (p, process) in flowsheet.processes.enumerated() where entered.contains(process.id) {
            flows.append(Flow(id: "in:\(process.id)", from: nil, to: p, isStock: false, stream: nil))
        }
        for (k, stream) in flowsheet.streams.enumerated() {
            let from = flowsheet.index(of: stream.from)
            var to: Int? = nil
            if case .process(let id) = stream.to { to = flowsheet.index(of: id) }
            flows.append(Flow(id: stream.id, from: from, to: to, isStock: false, stream: k))
        }
        for (p, process) in flowsheet.processes.enumerated() where process.transferCoefficients.values.contains(where: { $0[Process.stockKey] != nil }) {
            flows.append(Flow(id: "\(process.id).stock", from: p, to: nil, isStock: true, stream: nil))
        }
        // Several imports per process: each feed's own import, part of its process's in:<process>.
        for (feed, process) in flowsheet.feedEntry.sorted(by: { $0.key < $1.key }) {
            guard let total = flows.firstIndex(where: { $0.id == "in:\(process)" }) else { continue }
            flows.append(Flow(id: "feed:\(feed)", from: nil, to: nil, isStock: false, stream: nil, importOf: total))
        }
        self.flows = flows
    }

    public func index(of id: String) -> Int? { flows.firstIndex { $0.id == id } }

    /// Node balances of one layer: per process, Σ in − Σ out − stock = 0 (one row per process that
    /// has any flow), as (process id, [(flow index, coefficient)]).
    public func nodeBalances() -> [(process: String, terms: [(Int, Double)])] {
        flowsheet.processes.indices.compactMap { p in
            var terms: [(Int, Double)] = []
            for (f, flow) in flows.enumerated() {
                if flow.to == p { terms.append((f, 1)) }
                if flow.from == p { terms.append((f, -1)) }
            }
            return terms.isEmpty ? nil : (flowsheet.processes[p].id, terms)
        }
    }

    /// Transfer-coefficient constraints of one element layer: for each process with a row and each
    /// of its outflows, x_k − t_k · share_k · (Σ inflows) = 0 (stock included as an outflow).
    public func transferConstraints(layer: String) -> [(name: String, process: String, terms: [(Int, Double)])] {
        let streams = flowsheet.streams
        var rows: [(String, String, [(Int, Double)])] = []
        for (p, process) in flowsheet.processes.enumerated() {
            guard let row = process.transferCoefficients[layer] else { continue }
            let inflows = flows.indices.filter { flows[$0].to == p }
            for (f, flow) in flows.enumerated() where flow.from == p {
                let fraction: Double
                if flow.isStock { fraction = row[Process.stockKey] ?? 0 } else if let k = flow.stream {
                    fraction = (row[streams[k].output] ?? 0) * streams[k].share
                } else { continue }
                rows.append(("\(flow.id) = t·in [\(layer)]", process.id, [(f, 1)] + inflows.map { ($0, -fraction) }))
            }
        }
        return rows
    }
}
