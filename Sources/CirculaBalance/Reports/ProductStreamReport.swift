import CirculaCore

/// One product stream of a balance: the metal or compound it sells, how much, from which origin.
///
/// Masses in kg. Recovery = metal in this stream / metal entering the plant in the period (product / input).
/// Recycled shares come from the balance's attribution of each lot (ISO 14021 pre-/post-consumer category).
public struct ProductStreamReport: Sendable {
    public var stream: String
    public var spec: ProductSpec
    /// Constituent element → kg in the stream.
    public var metalKg: [String: Double]
    /// Constituent element → kg of that element entering the plant.
    public var inputKg: [String: Double]
    /// Constituent element → kg from pre-consumer and post-consumer lots.
    public var preConsumerKg: [String: Double]
    public var postConsumerKg: [String: Double]

    /// The sold compound's mass (metal mass for a metal; the metal's share of the formula for a compound
    /// of one metal; the constituents' sum over their formula share for a multi-metal compound).
    public var productKg: Double? {
        if let metal = spec.metal {
            guard let perMetal = spec.compoundPerMetal() else { return nil }
            return (metalKg[metal] ?? 0) * perMetal
        }
        guard let formula = spec.formula else { return nil }
        let shares = formula.assayedElements
        let metals = shares.keys.reduce(0) { $0 + (metalKg[$1.symbol] ?? 0) }
        let metalShare = shares.values.reduce(0, +)
        return metalShare > 0 ? metals / metalShare : nil
    }

    public func recovery(_ element: String) -> Double? {
        guard let input = inputKg[element], input > 0 else { return nil }
        return (metalKg[element] ?? 0) / input
    }

    public func recycledShare(_ element: String) -> Double? {
        guard let total = metalKg[element], total > 0 else { return nil }
        return ((preConsumerKg[element] ?? 0) + (postConsumerKg[element] ?? 0)) / total
    }

    /// Every stream of `result` that goes to a product sink with a product spec, in flowsheet order.
    public static func all(_ result: BalanceResult) -> [ProductStreamReport] {
        var reports: [ProductStreamReport] = []
        for process in result.flowsheet.processes {
            for output in process.outputs {
                guard let spec = output.product, case .sink = output.destination else { continue }
                let id = "\(process.id).\(output.name)"
                reports.append(report(result, stream: id, spec: spec))
            }
        }
        return reports
    }

    static func report(_ result: BalanceResult, stream: String, spec: ProductSpec) -> ProductStreamReport {
        var metal: [String: Double] = [:], input: [String: Double] = [:], pre: [String: Double] = [:], post: [String: Double] = [:]
        for element in spec.constituents where result.balances[element] != nil {
            metal[element] = result.flow(stream: stream, element: element)
            input[element] = result.balances[element]?.totalInput ?? 0
            let byCategory = result.attribution(stream: stream, element: element, by: .category)
            pre[element] = byCategory[MaterialCategory.preConsumer.rawValue] ?? 0
            post[element] = byCategory[MaterialCategory.postConsumer.rawValue] ?? 0
        }
        return ProductStreamReport(stream: stream, spec: spec, metalKg: metal, inputKg: input, preConsumerKg: pre, postConsumerKg: post)
    }
}

extension MassUnit {
    /// The unit a metal is reported in (kg for precious metals, t otherwise); tonnes for unknown symbols.
    public static func reporting(_ symbol: String, table: PeriodicTable = .standard) -> MassUnit {
        (try? table.element(symbol))?.reportingUnit ?? .tonne
    }
}
