import CirculaLedger

/// The part of the ledger state one identity may see: staff see everything (optionally one customer's),
/// a customer only what is its own (deliveries to it, accounts and receipts ring-fenced for it).
struct LedgerView {
    let state: LedgerState
    /// nil: every customer.
    let customer: String?

    /// Staff may narrow to `?customer=`; a customer may name only itself (another customer's name is refused).
    init(state: LedgerState, identity: Identity, requestedCustomer: String?) throws {
        self.state = state
        if identity.role == .customer {
            if let requestedCustomer, requestedCustomer != identity.customer {
                throw Problem.forbidden("a customer account reads only its own records")
            }
            customer = identity.customer ?? "\u{0}no customer"
        } else {
            customer = requestedCustomer
        }
    }

    var accounts: [AccountState] {
        state.accounts.values.filter { customer == nil || $0.account.ringFencedFor == customer }.sorted { $0.account.id < $1.account.id }
    }
    var receipts: [ReceiptState] {
        state.receipts.values.filter { customer == nil || $0.receipt.ringFencedFor == customer }.sorted { $0.receipt.lot < $1.receipt.lot }
    }
    var deliveries: [DeliveryState] {
        state.deliveries.values.filter { customer == nil || $0.delivery.customer == customer }.sorted { $0.delivery.delivery < $1.delivery.delivery }
    }
    func delivery(_ id: String) -> DeliveryState? {
        guard let d = state.deliveries[id], customer == nil || d.delivery.customer == customer else { return nil }
        return d
    }
    /// One certificate, if its delivery is visible (by id: no list is built).
    func certificate(_ id: String) -> CertificateRecord? {
        guard let record = state.certificates[id], delivery(record.delivery) != nil else { return nil }
        return record
    }
    var certificates: [CertificateRecord] {
        let visible = Set(deliveries.map(\.delivery.delivery))
        return state.certificates.values.filter { visible.contains($0.delivery) }.sorted { $0.certificate < $1.certificate }
    }
}
