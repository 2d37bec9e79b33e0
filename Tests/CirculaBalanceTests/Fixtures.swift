import CirculaCore
@testable import CirculaBalance

/// Two processes and a loop:
///
///     lots ─► A ──out──► B ──product──► product
///             │ ▲         │
///        slag │ └──back───┘
///             ▼
///          discard
///
/// Cu: A {out 0.8, slag 0.2}, B {product 0.5, back 0.5}.
/// Fe: A {out 0.5, slag 0.3, stock 0.2}, B {product 0.25, back 0.75}.
enum Fixtures {
    static func loop(bRows: [String: [String: Double]]? = nil) -> Flowsheet {
        let a = Process(id: "A", name: "A", outputs: [Output(name: "out", destination: .process("B")), Output(name: "slag", destination: .sink("discard"))],
                        transferCoefficients: ["Cu": ["out": 0.8, "slag": 0.2], "Fe": ["out": 0.5, "slag": 0.3, "stock": 0.2]])
        let b = Process(id: "B", name: "B", outputs: [Output(name: "product", destination: .sink("product")), Output(name: "back", destination: .process("A"))],
                        transferCoefficients: bRows ?? ["Cu": ["product": 0.5, "back": 0.5], "Fe": ["product": 0.25, "back": 0.75]])
        return Flowsheet(processes: [a, b], feedEntry: ["scrap": "A", "conc": "B"])
    }

    static func source(_ id: String, entry: Int, recycled: Bool, _ masses: [String: Double], supplier: String = "S") -> BalanceSource {
        BalanceSource(id: id, supplier: supplier, feed: entry == 0 ? "scrap" : "conc", category: recycled ? .postConsumer : .primary,
                      entry: entry, elementMass: masses)
    }
}
