/// A linear program as JSON, shared with the Python peers (`bench/plan/peers/feedmix_instances.py`):
/// `{"name", "sense": "max"|"min", "c", "lower", "upper", "rows": [{"name", "lower", "upper", "idx", "val"}]}`,
/// 0-based indices, `null` for an infinite bound.
///
/// ```swift
/// let instance = try JSONDecoder().decode(LPInstance.self, from: data)
/// let solution = try LPSolver.solve(instance.program, ranging: false)
/// ```
public struct LPInstance: Codable, Sendable {
    public struct Row: Codable, Sendable {
        public var name: String
        public var lower: Double?
        public var upper: Double?
        public var idx: [Int]
        public var val: [Double]
    }

    public var name: String
    public var sense: String
    public var c: [Double]
    public var lower: [Double?]
    public var upper: [Double?]
    public var rows: [Row]
    /// The optimum scipy's HiGHS found, when the file carries it.
    public var scipy_objective: Double?
    /// 0-based indices of integer variables (a MIP), when any.
    public var integer: [Int]?

    public var program: LinearProgram {
        var lp = LinearProgram(sense: sense == "min" ? .minimize : .maximize)
        let integers = Set(integer ?? [])
        for j in c.indices { lp.addVariable("x\(j)", lower: lower[j], upper: upper[j], objective: c[j], isInteger: integers.contains(j)) }
        for row in rows { lp.addConstraint(row.name, Array(zip(row.idx, row.val)), lower: row.lower, upper: row.upper) }
        return lp
    }
}
