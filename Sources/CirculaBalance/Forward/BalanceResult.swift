import CirculaCore

/// Flows of every balanced element in every stream, with stocks, boundary outputs and attribution.
///
/// ```swift
/// let cathodeCu = result.flow(stream: "electrorefining.cathode", element: "Cu")      // kg
/// let share = result.recycledShare(stream: "electrorefining.cathode", element: "Cu") // 0...1
/// let byLot = result.attribution(stream: "electrorefining.cathode", element: "Cu")   // [lot id: kg]
/// ```
public struct BalanceResult: Sendable {
    public var flowsheet: Flowsheet
    public var streams: [Stream]
    public var sources: [BalanceSource]
    /// Balanced elements, in atomic-number order.
    public var elements: [String]
    public var balances: [String: ElementBalance]
    public var warnings: [BalanceWarning]

    public func streamIndex(_ id: String) -> Int? { streams.firstIndex { $0.id == id } }

    /// kg of `element` in stream `stream` (0 when the element or stream is unknown).
    public func flow(stream: String, element: String) -> Double {
        guard let k = streamIndex(stream), let balance = balances[element] else { return 0 }
        return balance.streamFlows[k]
    }

    /// kg of all balanced elements in a stream (the assayed part of its mass).
    public func totalFlow(stream: String) -> Double {
        elements.reduce(0) { $0 + flow(stream: stream, element: $1) }
    }

    /// kg of `element` leaving the system to each boundary sink (product, discard, acid_plant...).
    public func boundaryOutputs(element: String) -> [String: Double] {
        guard let balance = balances[element] else { return [:] }
        var out: [String: Double] = [:]
        for (k, stream) in streams.enumerated() {
            if case .sink(let name) = stream.to { out[name, default: 0] += balance.streamFlows[k] }
        }
        return out
    }

    /// kg of `element` retained in each process that keeps stock (process id → kg).
    public func stockChanges(element: String) -> [String: Double] {
        guard let balance = balances[element] else { return [:] }
        var out: [String: Double] = [:]
        for (p, value) in balance.stockChanges.enumerated() where value != 0 { out[flowsheet.processes[p].id] = value }
        return out
    }

    /// In = out + stock change for one element: (in, out, stock, relative residual).
    public func closure(element: String) -> (input: Double, output: Double, stock: Double, relativeResidual: Double) {
        guard let balance = balances[element] else { return (0, 0, 0, 0) }
        let input = balance.totalInput
        let output = boundaryOutputs(element: element).values.reduce(0, +)
        let stock = balance.totalStockChange
        return (input, output, stock, input > 0 ? abs(input - output - stock) / input : 0)
    }

    /// Contributions of each source (lot) to `element` in `stream`, in source order; they add up,
    /// in this order, to `flow(stream:element:)` exactly.
    public func attributionBySource(stream: String, element: String) -> [(source: BalanceSource, kg: Double)] {
        guard let k = streamIndex(stream), let balance = balances[element] else { return [] }
        return balance.contributors.enumerated().map { (position, s) in (sources[s], balance.streamFlowByContributor[position][k]) }
    }

    /// How attribution groups the sources.
    public enum Grouping: String, Sendable, CaseIterable {
        case lot, supplier, feed, origin, category
    }

    /// kg of `element` in `stream` by lot id (or supplier, feed, origin `primary`/`recycled`, ISO 14021 category).
    public func attribution(stream: String, element: String, by grouping: Grouping = .lot) -> [String: Double] {
        var out: [String: Double] = [:]
        for (source, kg) in attributionBySource(stream: stream, element: element) {
            let key: String = switch grouping {
            case .lot: source.id
            case .supplier: source.supplier
            case .feed: source.feed
            case .origin: source.isRecycled ? "recycled" : "primary"
            case .category: source.category.rawValue
            }
            out[key, default: 0] += kg
        }
        return out
    }

    /// kg of `element` in `stream` that came from recycled lots, per lot id (for the ledger's credits).
    public func recycledMassByLot(stream: String, element: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for (source, kg) in attributionBySource(stream: stream, element: element) where source.isRecycled { out[source.id] = kg }
        return out
    }

    /// Recycled `element` in `stream` / all `element` in `stream` (the recycling ratio for cathode copper).
    public func recycledShare(stream: String, element: String) -> Double? {
        let total = flow(stream: stream, element: element)
        guard total > 0 else { return nil }
        return recycledMassByLot(stream: stream, element: element).values.reduce(0, +) / total
    }

    /// The yield of recycled `element` into `stream`: recycled element reaching the stream / recycled element
    /// in the inputs. This is the conversion factor (UL 2809: 100% minus all losses) by which the ledger turns a
    /// recycled receipt into credits of the product the stream carries.
    public func recycledYield(stream: String, element: String) -> Double? {
        let input = sources.filter(\.isRecycled).reduce(0) { $0 + ($1.elementMass[element] ?? 0) }
        guard input > 0 else { return nil }
        return recycledMassByLot(stream: stream, element: element).values.reduce(0, +) / input
    }

    /// Share of `element` in all inputs that came from recycled lots.
    public func recycledInputShare(element: String) -> Double? {
        let all = sources.reduce(0) { $0 + ($1.elementMass[element] ?? 0) }
        guard all > 0 else { return nil }
        return sources.filter(\.isRecycled).reduce(0) { $0 + ($1.elementMass[element] ?? 0) } / all
    }
}
