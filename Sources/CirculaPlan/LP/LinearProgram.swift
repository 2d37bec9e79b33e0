/// A linear (or mixed-integer) program in a solver-neutral form: named variables with bounds and
/// objective coefficients, named rows `lower ≤ Σ a·x ≤ upper`. `nil` bounds are infinite.
///
/// ```swift
/// var lp = LinearProgram(sense: .maximize)
/// let x = lp.addVariable("x", upper: 4, objective: 3)
/// let y = lp.addVariable("y", upper: 6, objective: 5)
/// lp.addConstraint("mix", [(x, 3), (y, 2)], upper: 18)
/// let solution = try LPSolver.solve(lp)   // objective 36 at x = 2, y = 6
/// ```
public struct LinearProgram: Sendable {
    public enum Sense: String, Sendable, Codable { case maximize, minimize }

    public struct Variable: Sendable {
        public var name: String
        public var lower: Double?
        public var upper: Double?
        public var objective: Double
        public var isInteger: Bool
        /// When set, the bounds are a named constraint (a contract minimum, an availability) that
        /// infeasibility diagnosis may relax: lower to 0, upper to infinity.
        public var boundName: String?
    }

    public struct Constraint: Sendable {
        public var name: String
        /// (variable index, coefficient); duplicates are summed.
        public var terms: [(Int, Double)]
        public var lower: Double?
        public var upper: Double?
    }

    public var sense: Sense
    public var variables: [Variable] = []
    public var constraints: [Constraint] = []

    public init(sense: Sense) { self.sense = sense }

    @discardableResult
    public mutating func addVariable(_ name: String, lower: Double? = 0, upper: Double? = nil, objective: Double = 0,
                                     isInteger: Bool = false, boundName: String? = nil) -> Int {
        variables.append(Variable(name: name, lower: lower, upper: upper, objective: objective, isInteger: isInteger, boundName: boundName))
        return variables.count - 1
    }

    public mutating func addConstraint(_ name: String, _ terms: [(Int, Double)], lower: Double? = nil, upper: Double? = nil) {
        constraints.append(Constraint(name: name, terms: terms, lower: lower, upper: upper))
    }

    public var hasIntegers: Bool { variables.contains { $0.isInteger } }

    public func variableIndex(_ name: String) -> Int? { variables.firstIndex { $0.name == name } }
}

/// How a solve ended.
public enum LPStatus: String, Sendable, Codable {
    case optimal, infeasible, unbounded, undefined
}

/// The range of one objective coefficient over which the optimal basis stays optimal.
public struct CoefficientRange: Sendable, Codable, Equatable {
    public var variable: String
    public var coefficient: Double
    /// `-inf` / `+inf` are reported as nil.
    public var lower: Double?
    public var upper: Double?
}

/// A solution: values, row activities, and (for LPs) duals, reduced costs and ranges.
public struct LPSolution: Sendable {
    public var status: LPStatus
    public var objective: Double
    public var values: [Double]
    public var rowActivities: [Double]
    /// Row duals (shadow prices): change of the objective per unit of the row's bound. Zero for MIPs.
    public var duals: [Double]
    public var reducedCosts: [Double]
    /// Whether each row is at a bound (non-basic) in the final basis.
    public var rowAtBound: [Bool]
    public var ranges: [CoefficientRange]
    public var isMIP: Bool
}
