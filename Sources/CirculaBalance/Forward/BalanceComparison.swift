/// What changes between two balances of the same lots (two models, or a model and its what-if):
/// per element, each boundary output (kg), the recovery to each sink (share of the element's input),
/// the stock change, the product stream and its recycled share. Only what changes is kept.
///
/// ```swift
/// let changes = BalanceComparison.changes(base, whatIf, productStream: "electrorefining.cathode")
/// changes.first   // Cu, → slag_dump, 418 t → 1 100 t
/// ```
public enum BalanceComparison {
    public struct Change: Sendable, Hashable {
        public enum Kind: Sendable, Hashable { case mass, fraction }
        public var element: String
        /// `→ <sink>`, `recovery → <sink>`, `stock`, a stream id, or `recycled share of <stream>`.
        public var quantity: String
        public var kind: Kind
        /// kg for masses, 0…1 for fractions; nil when the quantity does not exist on that side.
        public var a: Double?
        public var b: Double?
        public var delta: Double { (b ?? 0) - (a ?? 0) }
    }

    /// Changes larger than `relativeTolerance` of the larger value (round-off is not a change).
    public static func changes(_ a: BalanceResult, _ b: BalanceResult, productStream: String,
                               relativeTolerance: Double = 1e-9) -> [Change] {
        var elements = a.elements
        for e in b.elements where !elements.contains(e) { elements.append(e) }
        var sinks = a.flowsheet.sinks
        for s in b.flowsheet.sinks where !sinks.contains(s) { sinks.append(s) }
        var result: [Change] = []
        func add(_ e: String, _ quantity: String, _ kind: Change.Kind, _ x: Double?, _ y: Double?) {
            let scale = max(abs(x ?? 0), abs(y ?? 0))
            guard abs((y ?? 0) - (x ?? 0)) > relativeTolerance * scale + (kind == .mass ? 1e-9 : 1e-12) || (x == nil) != (y == nil) else { return }
            result.append(Change(element: e, quantity: quantity, kind: kind, a: x, b: y))
        }
        for e in elements {
            let inA = a.balances[e].map { $0.totalInput }, inB = b.balances[e].map { $0.totalInput }
            let outA = a.balances[e] == nil ? nil : a.boundaryOutputs(element: e)
            let outB = b.balances[e] == nil ? nil : b.boundaryOutputs(element: e)
            add(e, "input", .mass, inA, inB)
            for sink in sinks {
                let x = outA.map { $0[sink] ?? 0 }, y = outB.map { $0[sink] ?? 0 }
                add(e, "→ \(sink)", .mass, x, y)
                add(e, "recovery → \(sink)", .fraction, ratio(x, inA), ratio(y, inB))
            }
            add(e, "stock", .mass, a.balances[e].map { $0.totalStockChange }, b.balances[e].map { $0.totalStockChange })
            let hasA = a.streamIndex(productStream) != nil && a.balances[e] != nil, hasB = b.streamIndex(productStream) != nil && b.balances[e] != nil
            add(e, productStream, .mass, hasA ? a.flow(stream: productStream, element: e) : nil, hasB ? b.flow(stream: productStream, element: e) : nil)
            add(e, "recycled share of \(productStream)", .fraction,
                hasA ? a.recycledShare(stream: productStream, element: e) : nil, hasB ? b.recycledShare(stream: productStream, element: e) : nil)
        }
        return result
    }

    static func ratio(_ x: Double?, _ total: Double?) -> Double? {
        guard let x, let total, total > 0 else { return nil }
        return x / total
    }
}
