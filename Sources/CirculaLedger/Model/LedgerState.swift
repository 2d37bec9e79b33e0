import CirculaCore
import Foundation
import Synchronization

/// Credits of one origin (one lot's element) held in one account for one balancing period.
public struct CreditBatch: Codable, Sendable, Equatable {
    /// The issuing event id, extended on transfer (`E000012>E000020`) and carry-over (`E000012>2024-05`).
    public var id: String
    public var period: String
    public var lot: String
    public var element: Element
    public var issued: Int64
    public var remaining: Int64
    public var claimed: Int64 = 0
    public var transferredOut: Int64 = 0
    public var carriedOut: Int64 = 0
    public var expired: Int64 = 0
    public var reversed: Bool = false
    /// Draw order within the account: 0, 1, 2, … in the order batches were created (set by `CreditBatches.append`).
    public var ordinal: Int64 = 0
}

/// An account with its batches (those loaded; the totals cover all of them, see `CreditBatches`).
///
/// Its row (`account:<id>`) is a summary of bounded size: the account, credits available per period, the number of
/// batches. Each batch is a row of its own.
public struct AccountState: Sendable, Equatable {
    public var account: Account
    public var batches = CreditBatches()

    public init(account: Account) { self.account = account }

    /// Credits available now, all periods. Summed in 128 bits (every batch holds at most `LedgerState.amountLimit`,
    /// but an account may hold any number of them), held at Int64.max rather than trapping.
    public var balance: Int64 { Int64(clamping: batches.available.values.reduce(Int128(0), +)) }

    /// Credits available for `period` (summed as `balance` is).
    public func available(in period: String) -> Int64 { Int64(clamping: batches.available(in: period)) }
}

extension AccountState: Codable {
    enum CodingKeys: String, CodingKey { case account, available, batchCount }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        account = try c.decode(Account.self, forKey: .account)
        batches.available = try c.decode([String: WideAmount].self, forKey: .available).mapValues(\.value)
        batches.totalCount = try c.decode(Int64.self, forKey: .batchCount)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(account, forKey: .account)
        try c.encode(batches.available.mapValues(WideAmount.init), forKey: .available)
        try c.encode(batches.totalCount, forKey: .batchCount)
    }
}

/// An amount that may exceed 64 bits (a sum of credits): a JSON number while it fits `Int64` (always, for any real
/// plant), else a decimal string. The one rule, in its three forms: `Codable` here, `JSONTextWritable` and `JSONTreeDecodable` beside the
/// other row writers and readers.
struct WideAmount: Codable {
    var value: Int128
    init(_ value: Int128) { self.value = value }
    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let small = try? c.decode(Int64.self) { value = Int128(small); return }
        let text = try c.decode(String.self)
        guard let big = Int128(text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected an integer amount, found \"\(text)\"")
        }
        value = big
    }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let small = Int64(exactly: value) { try c.encode(small) } else { try c.encode(String(value)) }
    }
}

public struct ReceiptState: Codable, Sendable, Equatable {
    public var receipt: Receipt
    /// element → issuing event id.
    public var credited: [Element: String] = [:]
    public var reversed: Bool = false
}

public struct AllocationState: Codable, Sendable, Equatable {
    public var event: String
    public var account: String
    public var amount: Int64
    public var draws: [String: Int64]
}

public struct DeliveryState: Codable, Sendable, Equatable {
    public var delivery: Delivery
    public var period: String
    public var claimed: Int64 = 0
    public var allocations: [AllocationState] = []
    public var certificates: [String] = []
    public var reversed: Bool = false
}

public struct LedgerConfig: Codable, Sendable, Equatable {
    public var setup: Setup
    public var closedPeriods: [String] = []
    /// The earliest period anything is dated in: the first one that may be closed (periods close in order).
    public var firstPeriod: String?
}

/// The ledger's current state, derived from its events. Stores keep it as key → JSON rows next to the events
/// and load only the rows an event needs; `verify` rebuilds it from the events and compares.
public struct LedgerState: Sendable, Equatable {
    public var config: LedgerConfig?
    public var sites: [String: Site] = [:]
    public var products: [String: Product] = [:]
    public var accounts: [String: AccountState] = [:]
    public var receipts: [String: ReceiptState] = [:]
    public var deliveries: [String: DeliveryState] = [:]
    public var certificates: [String: CertificateRecord] = [:]
    /// Certificates revoked or superseded (absent: valid).
    public var certificateStatus: [String: CertificateStatusState] = [:]
    /// Scheme state (`LedgerState+Scheme.swift`, `+BookAndClaim.swift`), keyed as their rows are.
    public var schemeRows = SchemeRows()
    /// Keys changed since loading.
    public internal(set) var dirty: Set<String> = []
    /// Keys already read from the store, found or not (`nextQuery` asks for each at most once).
    var lookedUp: Set<String> = []
    /// Prefixes whose rows were all read (`LedgerState+Reuse.swift`): every row of the kind is held.
    var wholePrefixes: Set<String> = []

    public init() {}

    /// An empty state with room for as many rows of each kind as `other` holds.
    init(reservingCapacityOf other: LedgerState) {
        receipts.reserveCapacity(other.receipts.count)
        deliveries.reserveCapacity(other.deliveries.count)
        certificates.reserveCapacity(other.certificates.count)
        accounts.reserveCapacity(other.accounts.count)
        dirty.reserveCapacity(other.dirty.count)
        lookedUp.reserveCapacity(other.lookedUp.count)
    }

    // MARK: keys

    public static let configKey = "config"
    public static func key(site id: String) -> String { "site:" + id }
    public static func key(product id: String) -> String { "product:" + id }
    public static func key(account id: String) -> String { "account:" + id }
    public static func key(receipt lot: String) -> String { "receipt:" + lot }
    public static func key(delivery id: String) -> String { "delivery:" + id }
    public static func key(certificate id: String) -> String { "certificate:" + id }
    public static func key(certificateStatus id: String) -> String { "certificate-status:" + id }
    /// A credit batch's own row: `batch:<account>␟<batch id>` (U+001F, which no identifier may contain, so the
    /// account's batches are exactly the keys starting `batch:<account>␟`).
    public static func key(batch id: String, in account: String) -> String { batchesPrefix(of: account) + id }
    public static func batchesPrefix(of account: String) -> String { "batch:" + account + "\u{1F}" }
    public static func key(bookedCredit id: String) -> String { "booked-credit:" + id }
    public static func key(assessment period: String, product: String) -> String { "assessment:" + period + ":" + product }
    public static func key(input period: String, element: Element) -> String { "input:" + period + ":" + element.symbol }

    /// The kind (`receipt`) and id of a row key (`receipt:L-1`): split at the first `:` byte (a Character split
    /// was slow, and merged `:` with an id's leading combining mark).
    static func kindAndID(_ key: String) -> (kind: String, id: String) {
        let utf8 = key.utf8
        guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")) else { return (key, "") }
        return (String(key[..<colon]), String(key[key.index(after: colon)...]))
    }

    /// Account and batch id of a `batch:` key, nil for any other key (split on scalars: an id may begin with a
    /// combining mark, which would merge with `:` into one Character).
    public static func batchKey(_ key: String) -> (account: String, id: String)? {
        let scalars = key.unicodeScalars
        guard scalars.starts(with: "batch:".unicodeScalars) else { return nil }
        let start = scalars.index(scalars.startIndex, offsetBy: 6)
        guard let separator = scalars[start...].firstIndex(of: "\u{1F}") else { return nil }
        return (String(scalars[start..<separator]), String(scalars[scalars.index(after: separator)...]))
    }

    /// Rows an event reads first: exact keys and key prefixes (a period close touches every account). Credit
    /// batches and rows found through other rows (a correction's account) are read next, as `nextQuery` asks.
    /// A prefix is always a whole kind such as `account:` (stores may rely on it).
    public static func requiredKeys(for event: LedgerEvent) -> (keys: [String], prefixes: [String]) {
        var keys = [configKey]
        var prefixes: [String] = []
        switch event {
        case .initialize: break
        case .addSite(let s): keys.append(key(site: s.id))
        case .addProduct(let p): keys.append(key(product: p.id))
        case .openAccount(let a): keys += [key(account: a.id), key(site: a.site), key(product: a.product)]
        case .receive(let r): keys += [key(receipt: r.lot), key(site: r.site)]; prefixes.append("input:")
        case .issueCredit(let c): keys += [key(receipt: c.lot), key(account: c.account)]; prefixes.append("product:")
        case .transfer(let t): keys += [key(account: t.from), key(account: t.to)]; prefixes.append("product:")
        case .deliver(let d): keys += [key(delivery: d.delivery), key(site: d.site), key(product: d.product)]
        case .allocate(let a): keys += [key(delivery: a.delivery), key(account: a.account)]; prefixes += ["product:", "input:"]
        case .issueCertificate(let c):
            keys += [key(delivery: c.delivery), key(certificate: c.certificate)] + (c.supersedes.map { [key(certificate: $0)] } ?? [])
            prefixes.append("certificate-status:")
        case .closePeriod: prefixes += ["account:", "product:", "booked-credit:"]
        case .assessVolume(let a): keys += [key(product: a.product)]; prefixes.append("assessment:")
        case .bookCredit(let b): keys += [key(bookedCredit: b.credit), key(product: b.product)]; prefixes.append("assessment:")
        case .transferCredit(let t): keys.append(key(bookedCredit: t.credit)); prefixes.append("product:")
        case .retireCredit(let r): keys.append(key(bookedCredit: r.credit)); prefixes.append("product:")
        case .recordInput: prefixes.append("input:")
        case .certificateStatus(let c):
            keys += [key(certificate: c.certificate), key(certificateStatus: c.certificate)]
            if let next = c.supersededBy { keys += [key(certificate: next), key(certificateStatus: next)] }
        case .correct(let c):
            switch c.targetType {
            case .allocate, .deliver: keys.append(key(delivery: c.subject))
            case .issueCredit: keys.append(key(account: c.subject))
            case .receive: keys.append(key(receipt: c.subject)); prefixes.append("input:")
            }
            prefixes.append("product:")
        }
        return (keys, prefixes)
    }

    // MARK: rows

    /// Loads stored rows (key → JSON text). An account whose batch rows are all among them is complete; one
    /// loaded without them reads them as events need them (`nextQuery`).
    public init(rows: [String: String]) throws {
        try load(rows)
    }

    /// Adds rows read from the store; a row already loaded keeps its in-memory value (it may be newer).
    mutating func load(_ rows: [String: String]) throws {
        var batches: [String: [CreditBatch]] = [:]
        for (key, text) in rows {
            if key.unicodeScalars.starts(with: "batch:".unicodeScalars) {
                guard let (account, _) = LedgerState.batchKey(key) else { throw LedgerError.storage("malformed batch row key \"\(Identifier.escaped(key))\"") }
                batches[account, default: []].append(try LedgerState.decodeBatch(key, text))
                continue
            }
            guard !lookedUp.contains(key) else { continue }
            let (kind, id) = LedgerState.kindAndID(key)
            switch kind {
            case "config": config = try DecodedRowCache.value(LedgerConfig.self, text: text) { try JSONValue.decode(LedgerConfig.self, from: text) }
            case "site": sites[id] = try DecodedRowCache.value(Site.self, text: text) { try JSONValue.decode(Site.self, from: text) }
            case "product": products[id] = try DecodedRowCache.value(Product.self, text: text) { try JSONValue.decode(Product.self, from: text) }
            case "account": accounts[id] = try JSONValue.decode(AccountState.self, from: text)
            case "receipt": receipts[id] = try JSONValue.decode(ReceiptState.self, from: text)
            case "delivery": deliveries[id] = try JSONValue.decode(DeliveryState.self, from: text)
            case "certificate": certificates[id] = try JSONValue.decode(CertificateRecord.self, from: text)
            case "certificate-status": certificateStatus[id] = try JSONValue.decode(CertificateStatusState.self, from: text)
            case "booked-credit", "assessment", "input": try schemeRows.load(kind: String(kind), id: id, text: text)
            default: throw LedgerError.storage("unknown state row \"\(key)\"")
            }
            lookedUp.insert(key)
        }
        for (account, list) in batches {
            guard accounts[account] != nil else {
                throw LedgerError.storage("credit batch rows of account \(Identifier.escaped(account)) without the account's row")
            }
            accounts[account]?.batches.merge(list)
        }
    }

    /// Row encoding: sorted keys, so the same state always gives the same text (verify compares texts). The
    /// text is what `JSONEncoder` with `.sortedKeys, .withoutEscapingSlashes` wrote before (`JSONStyle.stateRows`),
    /// built without it (`JSONValueEncoder`).
    private static func encode(_ value: some Encodable) throws -> String {
        if let writable = value as? any JSONTextWritable { return writable.jsonText(.stateRows) }
        return try JSONValue.from(value).serialized(.stateRows)
    }

    /// JSON text of one row, or nil if the key holds nothing.
    public func row(_ key: String) throws -> String? {
        if LedgerState.batchKey(key) != nil { return try batch(key).map(LedgerState.encode) }
        let (kind, id) = LedgerState.kindAndID(key)
        let value: (any Encodable)?
        switch kind {
        case "config": value = config
        case "site": value = sites[id]
        case "product": value = products[id]
        // The rows every allocation writes, by their writers directly (what `encode` picks for them, without the
        // cast from `any Encodable`: a fifth of encoding them).
        case "account": return accounts[id]?.jsonText(.stateRows)
        case "receipt": return receipts[id]?.jsonText(.stateRows)
        case "delivery": return deliveries[id]?.jsonText(.stateRows)
        case "certificate": value = certificates[id]
        case "certificate-status": value = certificateStatus[id]
        case "batch": value = batch(key)
        case "booked-credit", "assessment", "input": value = schemeRows.value(kind: String(kind), id: id)
        default: value = nil
        }
        guard let value else { return nil }
        return try LedgerState.encode(value)
    }

    /// A batch row's value, which must be the batch its key names (else the row was moved or edited).
    static func decodeBatch(_ key: String, _ text: String) throws -> CreditBatch {
        let batch = try JSONValue.decode(CreditBatch.self, from: text)
        guard let (_, id) = batchKey(key), id == batch.id else {
            throw LedgerError.storage("the state row \(Identifier.escaped(key)) holds credit batch \(Identifier.escaped(batch.id)); the stored state was edited, run verify")
        }
        return batch
    }

    /// The loaded batch a `batch:` key names.
    private func batch(_ key: String) -> CreditBatch? {
        guard let (account, id) = LedgerState.batchKey(key) else { return nil }
        return accounts[account]?.batches.batch(id: id)
    }

    /// A row as stores write it: a batch row carries the columns its index is built on.
    public func stateRow(_ key: String) throws -> StateRow? {
        guard let value = try row(key) else { return nil }
        guard let (account, _) = LedgerState.batchKey(key), let batch = batch(key) else {
            return StateRow(key: key, value: value)
        }
        return StateRow(key: key, value: value, batch: BatchColumns(batch, in: account))
    }

    /// Every row of the state.
    public func allRows() throws -> [String: String] {
        var keys = [LedgerState.configKey]
        keys += sites.keys.map(LedgerState.key(site:)) + products.keys.map(LedgerState.key(product:))
        keys += accounts.keys.map(LedgerState.key(account:)) + receipts.keys.map(LedgerState.key(receipt:))
        keys += deliveries.keys.map(LedgerState.key(delivery:)) + certificates.keys.map(LedgerState.key(certificate:))
        keys += certificateStatus.keys.map(LedgerState.key(certificateStatus:)) + schemeRows.keys
        for (id, account) in accounts { keys += account.batches.map { LedgerState.key(batch: $0.id, in: id) } }
        var rows: [String: String] = [:]
        for key in keys { if let text = try row(key) { rows[key] = text } }
        return rows
    }

    /// The rows changed since loading.
    public func dirtyRows() throws -> [String: String] {
        var rows: [String: String] = [:]
        for row in try dirtyStateRows() { rows[row.key] = row.value }
        return rows
    }

    /// The rows changed since loading, with their batch columns, in key order: changed keys and the changed
    /// batches of every account (only loaded batches can have changed). Batch rows are written from the batches
    /// themselves, not looked up again by key (a spill of `verify` writes tens of thousands: parsing each key back
    /// was a third of the work).
    public func dirtyStateRows() throws -> [StateRow] { try dirtyStateRows(lanes: 1) }

    /// `dirtyStateRows()`, encoded in `lanes` parts at once (a spill of `verify` encodes 50,000 rows while the
    /// other core mostly waits: two lanes halve that pause). Each part is sorted and the parts merged, so the
    /// result is the same rows in the same order whatever the number of lanes.
    func dirtyStateRows(lanes: Int) throws -> [StateRow] {
        // What to write: a changed key, or a changed batch (account id, batch id) not already among the keys.
        enum Item { case key(String), batch(account: String, id: String) }
        var items: [Item] = []
        items.reserveCapacity(dirty.count + accounts.values.reduce(0) { $0 + $1.batches.changed.count })
        for key in dirty { items.append(.key(key)) }
        let dirtyHasBatchKeys = dirty.contains { $0.unicodeScalars.starts(with: "batch:".unicodeScalars) }
        for (id, account) in accounts {
            for batchID in account.batches.changed {
                if dirtyHasBatchKeys, dirty.contains(LedgerState.key(batch: batchID, in: id)) { continue }
                items.append(.batch(account: id, id: batchID))
            }
        }
        @Sendable func encode(_ part: ArraySlice<Item>) throws -> [StateRow] {
            var rows: [StateRow] = []
            rows.reserveCapacity(part.count)
            for item in part {
                switch item {
                case .key(let key): if let row = try stateRow(key) { rows.append(row) }
                case .batch(let account, let id):
                    // Written from the batch itself, not looked up again by key (parsing each key back was a third
                    // of a spill's work).
                    guard let batch = accounts[account]?.batches.batch(id: id) else { continue }
                    rows.append(StateRow(key: LedgerState.key(batch: id, in: account), value: try LedgerState.encode(batch),
                                         batch: BatchColumns(batch, in: account)))
                }
            }
            rows.sort { $0.key < $1.key }
            return rows
        }
        let lanes = max(1, min(lanes, items.count / 1000))
        if lanes == 1 { return try encode(items[...]) }
        let size = (items.count + lanes - 1) / lanes, work = items
        let parts = Mutex([Result<[StateRow], any Error>](repeating: .success([]), count: lanes))
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            let result = Result { try encode(work[(lane * size)..<min(work.count, (lane + 1) * size)]) }
            parts.withLock { $0[lane] = result }
        }
        let sorted = try parts.withLock { try $0.map { try $0.get() } }
        return LedgerState.merge(sorted)
    }

    /// Sorted runs merged into one sorted array (by key, as `dirtyStateRows` sorts).
    private static func merge(_ runs: [[StateRow]]) -> [StateRow] {
        var merged: [StateRow] = []
        merged.reserveCapacity(runs.reduce(0) { $0 + $1.count })
        var heads = runs.map { _ in 0 }
        while true {
            var best: Int?
            for (r, run) in runs.enumerated() where heads[r] < run.count {
                if let b = best, !(run[heads[r]].key < runs[b][heads[b]].key) { continue }
                best = r
            }
            guard let b = best else { return merged }
            merged.append(runs[b][heads[b]])
            heads[b] += 1
        }
    }

    mutating func touch(_ key: String) { dirty.insert(key) }

    /// Whether the row `key` is loaded (or was created since).
    func contains(key: String) -> Bool {
        if LedgerState.batchKey(key) != nil { return batch(key) != nil }
        let (kind, id) = LedgerState.kindAndID(key)
        switch kind {
        case "config": return config != nil
        case "site": return sites[id] != nil
        case "product": return products[id] != nil
        case "account": return accounts[id] != nil
        case "receipt": return receipts[id] != nil
        case "delivery": return deliveries[id] != nil
        case "certificate": return certificates[id] != nil
        case "certificate-status": return certificateStatus[id] != nil
        case "batch": return batch(key) != nil
        case "booked-credit", "assessment", "input": return schemeRows.value(kind: kind, id: id) != nil
        default: return false
        }
    }

    /// Rows held in memory, each credit batch counted.
    var loadedRowCount: Int {
        sites.count + products.count + accounts.count + receipts.count + deliveries.count + certificates.count
            + certificateStatus.count + accounts.values.reduce(0) { $0 + $1.batches.count }
    }
}
