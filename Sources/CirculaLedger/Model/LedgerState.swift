import CirculaCore
import Foundation

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
}

/// An account with its batches.
public struct AccountState: Codable, Sendable, Equatable {
    public var account: Account
    public var batches: [CreditBatch] = []

    /// Credits available now, all periods. Summed in 128 bits (every batch holds at most `LedgerState.amountLimit`,
    /// but an account may hold any number of them), held at Int64.max rather than trapping.
    public var balance: Int64 { Int64(clamping: batches.reduce(Int128(0)) { $0 + Int128($1.remaining) }) }

    /// Credits available for `period` (summed as `balance` is).
    public func available(in period: String) -> Int64 {
        var total = Int128(0)
        for batch in batches where batch.period == period { total += Int128(batch.remaining) }
        return Int64(clamping: total)
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
    /// Keys changed since loading.
    public internal(set) var dirty: Set<String> = []

    public init() {}

    // MARK: keys

    public static let configKey = "config"
    public static func key(site id: String) -> String { "site:" + id }
    public static func key(product id: String) -> String { "product:" + id }
    public static func key(account id: String) -> String { "account:" + id }
    public static func key(receipt lot: String) -> String { "receipt:" + lot }
    public static func key(delivery id: String) -> String { "delivery:" + id }
    public static func key(certificate id: String) -> String { "certificate:" + id }
    public static func key(certificateStatus id: String) -> String { "certificate-status:" + id }

    /// Rows an event reads: exact keys and key prefixes (a period close touches every account).
    /// A prefix is always a whole kind such as `account:` (stores may rely on it).
    public static func requiredKeys(for event: LedgerEvent) -> (keys: [String], prefixes: [String]) {
        var keys = [configKey]
        var prefixes: [String] = []
        switch event {
        case .initialize: break
        case .addSite(let s): keys.append(key(site: s.id))
        case .addProduct(let p): keys.append(key(product: p.id))
        case .openAccount(let a): keys += [key(account: a.id), key(site: a.site), key(product: a.product)]
        case .receive(let r): keys += [key(receipt: r.lot), key(site: r.site)]
        case .issueCredit(let c): keys += [key(receipt: c.lot), key(account: c.account)]; prefixes.append("product:")
        case .transfer(let t): keys += [key(account: t.from), key(account: t.to)]; prefixes.append("product:")
        case .deliver(let d): keys += [key(delivery: d.delivery), key(site: d.site), key(product: d.product)]
        case .allocate(let a): keys += [key(delivery: a.delivery), key(account: a.account)]; prefixes.append("product:")
        case .issueCertificate(let c):
            keys += [key(delivery: c.delivery), key(certificate: c.certificate)] + (c.supersedes.map { [key(certificate: $0)] } ?? [])
            prefixes.append("certificate-status:")
        case .closePeriod: prefixes += ["account:", "product:"]
        case .certificateStatus(let c):
            keys += [key(certificate: c.certificate), key(certificateStatus: c.certificate)]
            if let next = c.supersededBy { keys += [key(certificate: next), key(certificateStatus: next)] }
        case .correct(let c):
            switch c.targetType {
            case .allocate, .deliver: keys.append(key(delivery: c.subject)); prefixes.append("account:")
            case .issueCredit: keys.append(key(account: c.subject)); prefixes.append("receipt:")
            case .receive: keys.append(key(receipt: c.subject))
            }
            prefixes.append("product:")
        }
        return (keys, prefixes)
    }

    // MARK: rows

    /// Loads stored rows (key → JSON text).
    public init(rows: [String: String]) throws {
        for (key, text) in rows {
            let kind = key.prefix(while: { $0 != ":" })
            let id = String(key.dropFirst(kind.count + 1))
            switch kind {
            case "config": config = try JSONValue.decode(LedgerConfig.self, from: text)
            case "site": sites[id] = try JSONValue.decode(Site.self, from: text)
            case "product": products[id] = try JSONValue.decode(Product.self, from: text)
            case "account": accounts[id] = try JSONValue.decode(AccountState.self, from: text)
            case "receipt": receipts[id] = try JSONValue.decode(ReceiptState.self, from: text)
            case "delivery": deliveries[id] = try JSONValue.decode(DeliveryState.self, from: text)
            case "certificate": certificates[id] = try JSONValue.decode(CertificateRecord.self, from: text)
            case "certificate-status": certificateStatus[id] = try JSONValue.decode(CertificateStatusState.self, from: text)
            default: throw LedgerError.storage("unknown state row \"\(key)\"")
            }
        }
    }

    /// Row encoding: sorted keys, so the same state always gives the same text (verify compares texts).
    private static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// JSON text of one row, or nil if the key holds nothing.
    public func row(_ key: String) throws -> String? {
        let kind = key.prefix(while: { $0 != ":" })
        let id = String(key.dropFirst(kind.count + 1))
        let value: (any Encodable)?
        switch kind {
        case "config": value = config
        case "site": value = sites[id]
        case "product": value = products[id]
        case "account": value = accounts[id]
        case "receipt": value = receipts[id]
        case "delivery": value = deliveries[id]
        case "certificate": value = certificates[id]
        case "certificate-status": value = certificateStatus[id]
        default: value = nil
        }
        guard let value else { return nil }
        return try LedgerState.encode(value)
    }

    /// Every row of the state.
    public func allRows() throws -> [String: String] {
        var keys = [LedgerState.configKey]
        keys += sites.keys.map(LedgerState.key(site:)) + products.keys.map(LedgerState.key(product:))
        keys += accounts.keys.map(LedgerState.key(account:)) + receipts.keys.map(LedgerState.key(receipt:))
        keys += deliveries.keys.map(LedgerState.key(delivery:)) + certificates.keys.map(LedgerState.key(certificate:))
        keys += certificateStatus.keys.map(LedgerState.key(certificateStatus:))
        var rows: [String: String] = [:]
        for key in keys { if let text = try row(key) { rows[key] = text } }
        return rows
    }

    /// The rows changed since loading.
    public func dirtyRows() throws -> [String: String] {
        var rows: [String: String] = [:]
        for key in dirty { if let text = try row(key) { rows[key] = text } }
        return rows
    }

    mutating func touch(_ key: String) { dirty.insert(key) }
}
