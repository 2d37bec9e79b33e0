/// Rules of a delivery: a physical shipment every claim must link to (ISO 22095: each withdrawal is a real shipment).
extension LedgerState {
    mutating func applyDeliver(_ delivery: Delivery, recordedAt: String?) throws(LedgerError) {
        try checkID(delivery.delivery, "delivery id")
        try checkID(delivery.customer, "customer")
        guard deliveries[delivery.delivery] == nil else { throw .duplicate(kind: "delivery", id: delivery.delivery) }
        guard sites[delivery.site] != nil else { throw .unknown(kind: "site", id: delivery.site) }
        guard products[delivery.product] != nil else { throw .unknown(kind: "product", id: delivery.product) }
        try checkAmount(delivery.mass, "delivery \(delivery.delivery): mass", unit: unit(ofProduct: delivery.product))
        let period = try openPeriod(delivery.date, "delivery \(delivery.delivery) dated \(delivery.date)", recordedAt: recordedAt)
        try checkDocuments(delivery.documents, .deliver, what: "delivery \(delivery.delivery)")
        deliveries[delivery.delivery] = DeliveryState(delivery: delivery, period: period)
        touch(LedgerState.key(delivery: delivery.delivery))
        try noteDated(period)
    }
}
