/// The documented JSON shape of an element, shared by `circula elements --format json` and `GET /api/v1/elements`,
/// so the CLI and the server cannot drift apart. Keys are snake_case whatever the encoder's key strategy.
///
/// ```swift
/// let cu = try PeriodicTable.standard.element("Cu")
/// let json = try JSONEncoder().encode(ElementRecord(cu))   // {"z":29,"symbol":"Cu","atomic_weight":63.546,…}
/// ```
public struct ElementRecord: Encodable, Sendable {
    public var z: Int
    public var symbol: String
    public var name: String
    public var atomicWeight: Double
    public var weightIsMassNumber: Bool
    public var group: Int?
    public var period: Int
    public var block: String
    public var category: String
    public var classes: [String]

    public init(_ e: Element) {
        z = e.z
        symbol = e.symbol
        name = e.name
        atomicWeight = e.atomicWeight
        weightIsMassNumber = e.weightIsMassNumber
        group = e.group
        period = e.period
        block = e.block
        category = e.category
        classes = e.classes.sorted().map(\.rawValue)
    }

    enum CodingKeys: String, CodingKey {
        case z, symbol, name, group, period, block, category, classes
        case atomicWeight = "atomic_weight"
        case weightIsMassNumber = "weight_is_mass_number"
    }
}
