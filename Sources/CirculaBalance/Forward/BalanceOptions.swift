/// Choices for a forward balance.
public struct BalanceOptions: Sendable {
    /// What to do when an element reaches a process that has no transfer-coefficient row for it.
    public enum MissingCoefficients: Sendable {
        /// Stop with `BalanceError.missingCoefficients` (the default: the model is incomplete).
        case fail
        /// Book the element as retained in the process (stock) and record a `BalanceWarning`;
        /// for running a model whose rows are still being written, never silently.
        case retainAsStock
    }

    public var missingCoefficients: MissingCoefficients
    /// Relative tolerance of the closure check in = out + stock change.
    public var closureTolerance: Double

    public init(missingCoefficients: MissingCoefficients = .fail, closureTolerance: Double = 1e-9) {
        self.missingCoefficients = missingCoefficients
        self.closureTolerance = closureTolerance
    }
}

/// Something the balance had to assume; shown to users next to the results.
public struct BalanceWarning: Sendable, Hashable, CustomStringConvertible {
    public var process: String
    public var element: String
    /// kg of the element entering the process without a row (booked as stock).
    public var mass: Double

    public var description: String {
        "process \(process) has no transfer-coefficient row for \(element); the \(element) entering it is booked as stock (unmodelled)"
    }
}
