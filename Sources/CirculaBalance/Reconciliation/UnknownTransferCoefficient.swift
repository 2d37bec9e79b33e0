/// A transfer coefficient to estimate (as in STAN): the share of `element` entering the process that
/// `flow` leaves which goes into `flow`. It becomes a variable t of the bilinear problem with
/// x_flow = t · (Σ inflows of the process), estimated with its standard deviation when the flows
/// determine it, reported unobservable otherwise. It comes from a measurements row whose value is
/// `unknown` (`P.o1,tc:Cu,unknown,`) or from a process without a coefficient row for the element
/// (`FlowsheetReconciliation.missingTransferCoefficientsAreUnknown`).
///
/// ```swift
/// let unknown = UnknownTransferCoefficient(flow: "P1.a", element: "Cu")
/// let report = try FlowsheetReconciliation(network: network, measurements: m, unknownTransferCoefficients: [unknown]).run()
/// report.transferCoefficient(flow: "P1.a", element: "Cu")   // (estimate, sd), nil when unobservable
/// ```
public struct UnknownTransferCoefficient: Sendable, Hashable {
    public var flow: String
    public var element: String
    /// `file:line`, or `model` for a coefficient the model leaves out.
    public var origin: String

    public init(flow: String, element: String, origin: String = "") {
        self.flow = flow
        self.element = element
        self.origin = origin
    }
}

extension FlowsheetReconciliation.Report {
    /// The estimated transfer coefficient of `element` into `flow` and its standard deviation; nil when
    /// it is unobservable or was neither unknown nor measured.
    public func transferCoefficient(flow: String, element: String) -> (estimate: Double, sd: Double)? {
        guard let j = variables.firstIndex(where: { $0.flow == flow && $0.layer == "tc:\(element)" }),
              let estimate = result.estimates[j], let sd = result.standardDeviations[j] else { return nil }
        return (estimate, sd)
    }
}

extension FlowsheetReconciliation {
    /// The explicit unknown coefficients, then (when asked) those of processes without a row for an element layer.
    public var transferCoefficientsToEstimate: [UnknownTransferCoefficient] {
        var result = unknownTransferCoefficients
        var taken = Set(result.map { "\($0.flow)|\($0.element)" })
        for m in measurements { if case .transferCoefficient(let e) = m.quantity { taken.insert("\(m.flow)|\(e)") } }
        guard missingTransferCoefficientsAreUnknown else { return result }
        for layer in layers where layer != "mass" {
            for flow in network.flows where !flow.isStock {
                guard let p = flow.from, network.flowsheet.processes[p].transferCoefficients[layer] == nil,
                      !taken.contains("\(flow.id)|\(layer)") else { continue }
                result.append(UnknownTransferCoefficient(flow: flow.id, element: layer, origin: "model"))
            }
        }
        return result
    }
}
