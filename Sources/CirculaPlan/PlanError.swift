import CirculaCore

/// Errors of the planner. Messages name the place (file:line, key, constraint) and what was expected.
public enum PlanError: Error, CustomStringConvertible, Sendable {
    /// Input problems (scenario or model), each with its location.
    case input([LocatedError])
    case solver(String)
    case recovery(String)
    case stock(String)

    public var description: String {
        switch self {
        case .input(let errors): errors.map(\.description).joined(separator: "\n")
        case .solver(let message): "solver: \(message)"
        case .recovery(let message): "recovery: \(message)"
        case .stock(let message): "stock model: \(message)"
        }
    }
}
