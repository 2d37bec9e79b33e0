/// One measured quantity of one flow.
public struct FlowMeasurement: Sendable, Hashable {
    public enum Quantity: Sendable, Hashable, CustomStringConvertible {
        /// Total mass flow, kg.
        case mass
        /// Flow of one element, kg.
        case elementFlow(String)
        /// Concentration of one element as a mass fraction (bilinear: element flow = mass × fraction).
        case concentration(String)
        /// Transfer coefficient of one element into this stream from the process it leaves, a fraction
        /// (measured, as in STAN: it replaces that process's model row for the element).
        case transferCoefficient(String)

        public var description: String {
            switch self {
            case .mass: "mass"
            case .elementFlow(let e): e
            case .concentration(let e): "\(e)%"
            case .transferCoefficient(let e): "tc:\(e)"
            }
        }
    }

    /// A flow id of `FlowNetwork` (stream id, `in:<process>` or `<process>.stock`).
    public var flow: String
    public var quantity: Quantity
    /// kg for flows; a mass fraction for concentrations; a fraction for transfer coefficients.
    public var value: Double
    public var sd: Double
    /// `file:line`, for reports and errors.
    public var origin: String

    public init(flow: String, quantity: Quantity, value: Double, sd: Double, origin: String = "") {
        self.flow = flow
        self.quantity = quantity
        self.value = value
        self.sd = sd
        self.origin = origin
    }

    /// `flow:quantity`, the key correlations use.
    public var key: String { "\(flow):\(quantity)" }
}

/// Correlation between the errors of two measurements (by `FlowMeasurement.key` or bare flow id).
public struct Correlation: Sendable, Hashable {
    public var a: String
    public var b: String
    public var rho: Double
    public var origin: String

    public init(a: String, b: String, rho: Double, origin: String = "") {
        self.a = a
        self.b = b
        self.rho = rho
        self.origin = origin
    }
}
