/// What a signed-in account may do.
///
/// - admin: everything, including users and tokens.
/// - operator: writes lots, balances and ledger events (allocations, certificates); reads everything.
/// - auditor: reads everything, writes nothing.
/// - customer: reads only its own receipts, credits, deliveries, allocations, certificates and statement.
public enum Role: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    case admin, `operator`, auditor, customer

    public var description: String { rawValue }

    /// Reads of the whole plant and ledger (every customer).
    public var readsEverything: Bool { self != .customer }
    /// Appends ledger events, uploads lots.
    public var writesLedger: Bool { self == .admin || self == .operator }
}

/// The account behind a request, resolved from a bearer token or a dashboard session.
public struct Identity: Sendable, Equatable {
    public var user: String
    public var role: Role
    /// The ledger customer name (`Customer Alpha`) a customer account is bound to.
    public var customer: String?

    public init(user: String, role: Role, customer: String?) {
        self.user = user; self.role = role; self.customer = customer
    }
}
