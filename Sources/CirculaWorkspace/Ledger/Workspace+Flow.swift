import CirculaCore
import CirculaLedger
import Foundation

/// A recorded movement of an exact amount, with the unit it is booked in.
public struct AmountReport: Sendable {
    public var stored: StoredEvent
    public var amount: Int64
    public var unit: AmountUnit
}

/// A recorded allocation and the delivery's claim after it.
public struct AllocationReport: Sendable {
    public var stored: StoredEvent
    public var allocation: Allocation
    public var delivery: Delivery
    /// Credits claimed on the delivery after this allocation.
    public var claimed: Int64
    public var unit: AmountUnit
    /// claimed / delivered mass in parts per million, rounded down (integers only): the delivery's recycled share.
    public var recycledSharePpm: Int64 { delivery.mass > 0 ? claimed * 1_000_000 / delivery.mass : 0 }
}

/// A closed period and the credits each account had left in it.
public struct PeriodCloseReport: Sendable {
    public var stored: StoredEvent
    public var rule: CarryOverRule
    /// Accounts with credits left in the period (carried over or expired by `rule`), by account id.
    public var leftOver: [(account: String, amount: Int64, unit: AmountUnit)]
    /// Products whose physical stock is beyond the scheme's tolerance of book stock (recorded for the auditor).
    public var flags: [StockFlag] = []
}

extension Workspace {
    /// Moves credits between two accounts of the same product and factor.
    /// - Parameter mass: text with unit (`120t`), read exactly in the product's unit; `nil` date means today.
    /// - Throws: `LedgerError` (unknown account, rules), `WorkspaceError.invalidAmount`.
    ///
    /// ```swift
    /// let r = try await Workspace.transfer(from: "pool-cu", to: "pool-naoshima", mass: "120t", date: "2024-04-30", in: ledger)
    /// ```
    public static func transfer(from: String, to: String, mass: String, date: String, in ledger: Ledger) async throws -> AmountReport {
        let state = try await ledger.state(keys: [LedgerState.key(account: from)], prefixes: ["product:"])
        guard let account = state.accounts[from] else { throw LedgerError.unknown(kind: "account", id: from) }
        guard let unit = state.products[account.account.product]?.unit else { throw LedgerError.unknown(kind: "product", id: account.account.product) }
        let amount = try amount(mass, in: unit, field: "--mass")
        let stored = try await ledger.append(.transfer(.init(from: from, to: to, amount: amount, date: date)))
        return AmountReport(stored: stored, amount: amount, unit: unit)
    }

    /// Records one physical delivery.
    /// - Throws: `LedgerError` (unknown product or site, duplicate id, rules), `WorkspaceError.invalidAmount`.
    ///
    /// ```swift
    /// let r = try await Workspace.deliver(Delivery(delivery: "D-1", customer: "Beta", site: "s1", product: "cu", mass: 0, date: "2024-04-20"),
    ///                                     mass: "25t", in: ledger)
    /// ```
    public static func deliver(_ delivery: Delivery, mass: String, in ledger: Ledger) async throws -> AmountReport {
        let unit = try await unit(ofProduct: delivery.product, in: ledger)
        var delivery = delivery
        delivery.mass = try amount(mass, in: unit, field: "--mass")
        let stored = try await ledger.append(.deliver(delivery))
        return AmountReport(stored: stored, amount: delivery.mass, unit: unit)
    }

    /// Imports a delivery CSV in one transaction; every bad or refused line is reported with its place, and then
    /// nothing is recorded. With `dryRun` it only checks.
    /// - Throws: `InputErrors`.
    ///
    /// ```swift
    /// let stored = try await Workspace.importDeliveries(.file("deliveries.csv"), into: ledger)
    /// ```
    public static func importDeliveries(_ source: DeliverySource, into ledger: Ledger, dryRun: Bool = false) async throws -> [StoredEvent] {
        let text = try source.text()
        let products = try await ledger.state(prefixes: ["product:"]).products
        let rows = try DeliveryCSV.parse(text, file: source.displayName) { products[$0]?.unit }
        return try await appendAtomically(rows.map { (SourceLocation(file: source.displayName, line: $0.line), LedgerEvent.deliver($0.delivery)) },
                                          to: ledger, dryRun: dryRun)
    }

    /// Claims credits from an account for a delivery: at most its physical mass, never below zero; without a mass,
    /// as much as both allow.
    /// - Throws: `LedgerError` (unknown delivery or account, rules), `WorkspaceError.invalidAmount`.
    ///
    /// ```swift
    /// let r = try await Workspace.allocate(delivery: "D24-04-001", account: "pool-cu", mass: nil, in: ledger)
    /// print(r.claimed, r.recycledSharePpm)
    /// ```
    public static func allocate(delivery id: String, account: String, mass: String?, in ledger: Ledger) async throws -> AllocationReport {
        let state = try await ledger.state(keys: [LedgerState.key(delivery: id)], prefixes: ["product:"])
        guard let delivery = state.deliveries[id] else { throw LedgerError.unknown(kind: "delivery", id: id) }
        guard let unit = state.products[delivery.delivery.product]?.unit else { throw LedgerError.unknown(kind: "product", id: delivery.delivery.product) }
        let amount = try mass.map { text throws(WorkspaceError) in try Self.amount(text, in: unit, field: "--mass") }
        let stored = try await ledger.allocate(delivery: id, account: account, amount: amount)
        guard case .allocate(let allocation) = try stored.event() else { throw LedgerError.invalidInput("event \(stored.id) is not an allocation") }
        let after = try await ledger.state(keys: [LedgerState.key(delivery: id)]).deliveries[id]
        return AllocationReport(stored: stored, allocation: allocation, delivery: delivery.delivery, claimed: after?.claimed ?? 0, unit: unit)
    }

    /// Closes a balancing period: unclaimed credits carry over or expire, per the ledger's rule.
    /// - Throws: `LedgerError` (not initialised, rules such as closing in order).
    ///
    /// ```swift
    /// let r = try await Workspace.closePeriod("2024-04", in: ledger)
    /// for left in r.leftOver { print(left.account, left.amount) }
    /// ```
    /// With `physicalStock` (product id → mass text such as `120t`, counted at close) each product's physical stock
    /// is compared with its book stock; a difference beyond the scheme's tolerance is recorded in the close event as
    /// a flag for the auditor (`PeriodCloseReport.flags`). `physicalStockFile` is a CSV `product,mass[t]`
    /// (`PhysicalStockCSV`), read in full and refused with every error located; options and file may not name the
    /// same product.
    public static func closePeriod(_ period: String, physicalStock: [(product: String, mass: String)] = [], physicalStockFile: String? = nil,
                                   in ledger: Ledger) async throws -> PeriodCloseReport {
        let before = try await ledger.state(prefixes: ["account:", "product:"])
        guard let rule = before.config?.setup.carryOver else { throw LedgerError.notInitialized }
        var counted: [String: Int64]?
        if let physicalStockFile {
            counted = try PhysicalStockCSV.read(URL(fileURLWithPath: physicalStockFile), displayName: physicalStockFile) { before.products[$0]?.unit }
        }
        for (product, mass) in physicalStock {
            guard let unit = before.products[product]?.unit else { throw LedgerError.unknown(kind: "product", id: product) }
            counted = counted ?? [:]
            if counted?[product] != nil { throw LedgerError.duplicate(kind: "physical stock of product", id: product) }
            counted?[product] = try amount(mass, in: unit, field: "--physical-stock \(product)")
        }
        let flags = try before.stockFlags(closing: period, physicalStock: counted)
        let stored = try await ledger.append(.closePeriod(PeriodClose(period: period, rule: rule, physicalStock: counted, stockFlags: flags)))
        var leftOver: [(account: String, amount: Int64, unit: AmountUnit)] = []
        for account in before.accounts.values.sorted(by: { $0.account.id < $1.account.id }) {
            let left = account.available(in: period)
            guard left > 0, let unit = before.products[account.account.product]?.unit else { continue }
            leftOver.append((account.account.id, left, unit))
        }
        return PeriodCloseReport(stored: stored, rule: rule, leftOver: leftOver, flags: flags ?? [])
    }
}

/// Where deliveries come from: a delivery CSV the user names, or the bundled sample (synthetic April 2024 cathode).
public enum DeliverySource: Sendable, Hashable {
    case sample
    case file(String)

    /// `nil` means the sample.
    public init(path: String?) { self = path.map(DeliverySource.file) ?? .sample }

    public var displayName: String {
        switch self {
        case .sample: "sample-deliveries.csv"
        case .file(let path): path
        }
    }

    /// The file's text, checked to be UTF-8.
    /// - Throws: `InputErrors` with the line and byte where it is not.
    ///
    /// ```swift
    /// let text = try DeliverySource.sample.text()
    /// ```
    public func text() throws(InputErrors) -> String {
        let url = switch self {
        case .sample: LedgerResources.url("sample-deliveries.csv")
        case .file(let path): URL(fileURLWithPath: path)
        }
        do { return try TextFile.read(url, displayName: displayName) } catch { throw InputErrors([error]) }
    }
}
