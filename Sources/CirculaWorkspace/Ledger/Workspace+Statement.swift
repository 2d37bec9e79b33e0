import CirculaCore
import CirculaLedger

extension Workspace {
    /// The co-creation statement of `customer` for `period` (a ledger period, quarter or fiscal year; nil for all):
    /// the same `CustomerStatement` the server's portal shows, for the CLI's text, CSV and HTML.
    /// - Throws: `WorkspaceError.invalidOption` for a customer the ledger does not know (it names those it knows),
    ///   `LedgerError.invalidPeriod`.
    ///
    /// ```swift
    /// let statement = try await Workspace.customerStatement(customer: "Customer Alpha", period: "2024-04", in: ledger)
    /// try statement.html().write(toFile: "alpha-2024-04.html", atomically: true, encoding: .utf8)
    /// ```
    public static func customerStatement(customer: String, period: String? = nil, in ledger: Ledger) async throws -> CustomerStatement {
        let state = try await ledger.state(prefixes: ["receipt:", "account:", "delivery:", "product:"])
        let known = customers(in: state)
        guard known.contains(customer) else {
            throw WorkspaceError.invalidOption(option: "--customer", message: "\"\(customer)\" has no receipts, accounts or deliveries in the ledger; expected one of: \(known.isEmpty ? "(none yet)" : known.joined(separator: ", "))")
        }
        return try CustomerStatement.compute(state, customer: customer, period: period)
    }

    /// Every customer the ledger names: ring-fenced receipts and accounts, deliveries; sorted.
    static func customers(in state: LedgerState) -> [String] {
        var names = Set(state.deliveries.values.map(\.delivery.customer))
        names.formUnion(state.accounts.values.compactMap(\.account.ringFencedFor))
        names.formUnion(state.receipts.values.compactMap(\.receipt.ringFencedFor))
        return names.sorted()
    }
}
