import CirculaCore

// The text of the rows and events every append and every `verify` writes, without the `Codable` machinery (it was
// most of a spill's and an allocation's time). Keys are listed in code-point order, as `JSONStyle.ledger` and
// `.stateRows` sort them; an optional is left out when nil, as synthesised `Encodable` does. Each conformance is
// compared with `JSONEncoder`'s text by `JSONTreeCodingTests`: a field added to one of these types and not here
// fails that test.

extension Receipt: JSONTextWritable {
    func write(to w: inout JSONTextWriter) {
        w.beginObject()
        w.field("category", category.rawValue)
        w.field("date", date)
        w.field("documents", strings: documents)
        w.field("elements", elements: elements) { $0.integer($1) }
        w.field("evidence", evidence)
        w.field("lot", lot)
        w.field("origin", origin.rawValue)
        w.field("ringFencedFor", ifPresent: ringFencedFor)
        w.field("site", site)
        w.field("supplier", supplier)
        w.endObject()
    }
}

extension ReceiptState: JSONTextWritable {
    func write(to w: inout JSONTextWriter) {
        w.beginObject()
        w.field("credited", elements: credited) { $0.string($1) }
        w.field("receipt", receipt)
        w.field("reversed", reversed)
        w.endObject()
    }
}

extension CreditBatch: JSONTextWritable {
    func write(to w: inout JSONTextWriter) {
        w.beginObject()
        w.field("carriedOut", carriedOut)
        w.field("claimed", claimed)
        w.field("element", element.symbol)
        w.field("expired", expired)
        w.field("id", id)
        w.field("issued", issued)
        w.field("lot", lot)
        w.field("ordinal", ordinal)
        w.field("period", period)
        w.field("remaining", remaining)
        w.field("reversed", reversed)
        w.field("transferredOut", transferredOut)
        w.endObject()
    }
}

extension Account: JSONTextWritable {
    func write(to w: inout JSONTextWriter) {
        w.beginObject()
        w.field("factor", factor.ppm)
        w.field("id", id)
        w.field("product", product)
        w.field("ringFencedFor", ifPresent: ringFencedFor)
        w.field("site", site)
        w.endObject()
    }
}

extension AccountState: JSONTextWritable {
    func write(to w: inout JSONTextWriter) {
        w.beginObject()
        w.field("account", account)
        w.field("available", map: batches.available) { WideAmount($1).write(to: &$0) }
        w.field("batchCount", batches.totalCount)
        w.endObject()
    }
}

extension WideAmount: JSONTextWritable {
    func write(to w: inout JSONTextWriter) {
        if let small = Int64(exactly: value) { w.integer(small) } else { w.string(String(value)) }
    }
}

extension Delivery: JSONTextWritable {
    func write(to w: inout JSONTextWriter) {
        w.beginObject()
        w.field("customer", customer)
        w.field("date", date)
        w.field("delivery", delivery)
        if let documents { w.field("documents", strings: documents) }
        w.field("mass", mass)
        w.field("product", product)
        w.field("site", site)
        w.endObject()
    }
}

extension AllocationState: JSONTextWritable {
    func write(to w: inout JSONTextWriter) {
        w.beginObject()
        w.field("account", account)
        w.field("amount", amount)
        w.field("draws", map: draws) { $0.integer($1) }
        w.field("event", event)
        w.endObject()
    }
}

extension DeliveryState: JSONTextWritable {
    func write(to w: inout JSONTextWriter) {
        w.beginObject()
        w.key("allocations")
        w.beginArray()
        for allocation in allocations { allocation.write(to: &w) }
        w.endArray()
        w.field("certificates", strings: certificates)
        w.field("claimed", claimed)
        w.field("delivery", delivery)
        w.field("period", period)
        w.field("reversed", reversed)
        w.endObject()
    }
}

extension CreditIssue: JSONTextWritable {
    func write(to w: inout JSONTextWriter) {
        w.beginObject()
        w.field("account", account)
        w.field("amount", amount)
        w.field("date", date)
        w.field("element", element.symbol)
        w.field("factor", factor.ppm)
        w.field("factorSource", factorSource)
        w.field("lot", lot)
        w.endObject()
    }
}

extension Allocation: JSONTextWritable {
    func write(to w: inout JSONTextWriter) {
        w.beginObject()
        w.field("account", account)
        w.field("amount", amount)
        w.field("delivery", delivery)
        w.field("draws", map: draws) { $0.integer($1) }
        w.endObject()
    }
}
