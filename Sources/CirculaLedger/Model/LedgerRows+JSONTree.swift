import CirculaCore

/// A type that reads itself from a parsed tree without the `Codable` machinery, for the rows and events every
/// append and every `verify` reads. Returns nil on anything it does not expect exactly (a missing field, another
/// type, an unknown spelling); the caller then decodes through `Codable`, whose value or error is the answer
/// (`JSONValue.decode`), so a fast read never accepts what `Codable` would refuse, and every message is unchanged.
/// Extra keys are ignored, as `Codable` ignores them. `JSONTreeCodingTests` decodes every row and event both ways.
protocol JSONTreeDecodable {
    init?(tree: JSONValue)
}

/// Field access for `JSONTreeDecodable` (each nil when absent or of another type).
struct TreeFields {
    let object: [String: JSONValue]
    init?(_ tree: JSONValue) {
        guard case .object(let object) = tree else { return nil }
        self.object = object
    }
    func string(_ key: String) -> String? { if case .string(let s)? = object[key] { s } else { nil } }
    func integer(_ key: String) -> Int64? { if case .integer(let i)? = object[key] { i } else { nil } }
    func bool(_ key: String) -> Bool? { if case .bool(let b)? = object[key] { b } else { nil } }
    /// An optional string: `.some(nil)` when absent or null, nil when of another type.
    func optionalString(_ key: String) -> String?? {
        switch object[key] {
        case nil, .null?: .some(nil)
        case .string(let s)?: .some(s)
        default: nil
        }
    }
    func strings(_ key: String) -> [String]? {
        guard case .array(let items)? = object[key] else { return nil }
        var out: [String] = []
        out.reserveCapacity(items.count)
        for item in items { guard case .string(let s) = item else { return nil }; out.append(s) }
        return out
    }
    func map<V>(_ key: String, _ value: (JSONValue) -> V?) -> [String: V]? {
        guard case .object(let entries)? = object[key] else { return nil }
        var out: [String: V] = [:]
        out.reserveCapacity(entries.count)
        for (k, v) in entries { guard let decoded = value(v) else { return nil }; out[k] = decoded }
        return out
    }
    func elementMap<V>(_ key: String, _ value: (JSONValue) -> V?) -> [Element: V]? {
        guard let byText = map(key, value) else { return nil }
        var out: [Element: V] = [:]
        for (symbol, v) in byText { guard let element = PeriodicTable.standard.element(exactSymbol: symbol) else { return nil }; out[element] = v }
        return out
    }
    func element(_ key: String) -> Element? { string(key).flatMap { PeriodicTable.standard.element(exactSymbol: $0) } }
    func tree(_ key: String) -> JSONValue? { object[key] }

    static func integer(_ v: JSONValue) -> Int64? { if case .integer(let i) = v { i } else { nil } }
    static func string(_ v: JSONValue) -> String? { if case .string(let s) = v { s } else { nil } }
}

extension Receipt: JSONTreeDecodable {
    init?(tree: JSONValue) {
        guard let f = TreeFields(tree), let lot = f.string("lot"), let site = f.string("site"), let supplier = f.string("supplier"),
              let date = f.string("date"), let category = f.string("category").flatMap(MaterialCategory.init(rawValue:)),
              let origin = f.string("origin").flatMap(InputOrigin.init(rawValue:)), let documents = f.strings("documents"),
              let evidence = f.string("evidence"), let elements = f.elementMap("elements", TreeFields.integer),
              let ringFencedFor = f.optionalString("ringFencedFor") else { return nil }
        self.init(lot: lot, site: site, supplier: supplier, date: date, category: category, origin: origin, documents: documents,
                  evidence: evidence, elements: elements, ringFencedFor: ringFencedFor)
    }
}

extension ReceiptState: JSONTreeDecodable {
    init?(tree: JSONValue) {
        guard let f = TreeFields(tree), let receipt = f.tree("receipt").flatMap(Receipt.init(tree:)),
              let credited = f.elementMap("credited", TreeFields.string), let reversed = f.bool("reversed") else { return nil }
        self.init(receipt: receipt, credited: credited, reversed: reversed)
    }
}

extension CreditBatch: JSONTreeDecodable {
    init?(tree: JSONValue) {
        guard let f = TreeFields(tree), let id = f.string("id"), let period = f.string("period"), let lot = f.string("lot"),
              let element = f.element("element"), let issued = f.integer("issued"), let remaining = f.integer("remaining"),
              let claimed = f.integer("claimed"), let transferredOut = f.integer("transferredOut"), let carriedOut = f.integer("carriedOut"),
              let expired = f.integer("expired"), let reversed = f.bool("reversed"), let ordinal = f.integer("ordinal") else { return nil }
        self.init(id: id, period: period, lot: lot, element: element, issued: issued, remaining: remaining, claimed: claimed,
                  transferredOut: transferredOut, carriedOut: carriedOut, expired: expired, reversed: reversed, ordinal: ordinal)
    }
}

extension Account: JSONTreeDecodable {
    init?(tree: JSONValue) {
        guard let f = TreeFields(tree), let id = f.string("id"), let site = f.string("site"), let product = f.string("product"),
              let ppm = f.integer("factor"), let ringFencedFor = f.optionalString("ringFencedFor") else { return nil }
        self.init(id: id, site: site, product: product, factor: ConversionFactor(ppm: ppm), ringFencedFor: ringFencedFor)
    }
}

extension AccountState: JSONTreeDecodable {
    init?(tree: JSONValue) {
        guard let f = TreeFields(tree), let account = f.tree("account").flatMap(Account.init(tree:)),
              let available = f.map("available", { WideAmount(tree: $0)?.value }), let count = f.integer("batchCount") else { return nil }
        self.init(account: account)
        batches.available = available
        batches.totalCount = count
    }
}

extension WideAmount: JSONTreeDecodable {
    init?(tree: JSONValue) {
        switch tree {
        case .integer(let small): self.init(Int128(small))
        case .string(let text): guard let big = Int128(text) else { return nil }; self.init(big)
        default: return nil
        }
    }
}

extension Delivery: JSONTreeDecodable {
    init?(tree: JSONValue) {
        guard let f = TreeFields(tree), let delivery = f.string("delivery"), let customer = f.string("customer"), let site = f.string("site"),
              let product = f.string("product"), let mass = f.integer("mass"), let date = f.string("date") else { return nil }
        var documents: [String]?
        switch f.tree("documents") {
        case nil, .null?: documents = nil
        default: guard let list = f.strings("documents") else { return nil }; documents = list
        }
        self.init(delivery: delivery, customer: customer, site: site, product: product, mass: mass, date: date, documents: documents)
    }
}

extension AllocationState: JSONTreeDecodable {
    init?(tree: JSONValue) {
        guard let f = TreeFields(tree), let event = f.string("event"), let account = f.string("account"), let amount = f.integer("amount"),
              let draws = f.map("draws", TreeFields.integer) else { return nil }
        self.init(event: event, account: account, amount: amount, draws: draws)
    }
}

extension DeliveryState: JSONTreeDecodable {
    init?(tree: JSONValue) {
        guard let f = TreeFields(tree), let delivery = f.tree("delivery").flatMap(Delivery.init(tree:)), let period = f.string("period"),
              let claimed = f.integer("claimed"), case .array(let list)? = f.tree("allocations"),
              let certificates = f.strings("certificates"), let reversed = f.bool("reversed") else { return nil }
        var allocations: [AllocationState] = []
        allocations.reserveCapacity(list.count)
        for item in list { guard let a = AllocationState(tree: item) else { return nil }; allocations.append(a) }
        self.init(delivery: delivery, period: period, claimed: claimed, allocations: allocations, certificates: certificates, reversed: reversed)
    }
}

extension CreditIssue: JSONTreeDecodable {
    init?(tree: JSONValue) {
        guard let f = TreeFields(tree), let lot = f.string("lot"), let element = f.element("element"), let account = f.string("account"),
              let ppm = f.integer("factor"), let source = f.string("factorSource"), let amount = f.integer("amount"),
              let date = f.string("date") else { return nil }
        self.init(lot: lot, element: element, account: account, factor: ConversionFactor(ppm: ppm), factorSource: source, amount: amount, date: date)
    }
}

extension Allocation: JSONTreeDecodable {
    init?(tree: JSONValue) {
        guard let f = TreeFields(tree), let delivery = f.string("delivery"), let account = f.string("account"), let amount = f.integer("amount"),
              let draws = f.map("draws", TreeFields.integer) else { return nil }
        self.init(delivery: delivery, account: account, amount: amount, draws: draws)
    }
}
