import ArgumentParser
import CirculaCore
import CirculaLedger
import CirculaWorkspace
import Foundation

extension LedgerCommand {
    struct Transfer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move credits between accounts of the same product and conversion factor (e.g. between sites).")

        @OptionGroup var store: StoreOptions
        @Option(help: "Source account.") var from: String
        @Option(help: "Destination account.") var to: String
        @Option(help: "Mass with unit, e.g. 120t.") var mass: String
        @Option(help: "Transfer date YYYY-MM-DD (its period's credits move).") var date: String?

        func run() async throws {
            try await store.withLedger { ledger in
                let state = try await ledger.state(keys: [LedgerState.key(account: from)], prefixes: ["product:"])
                guard let account = state.accounts[from] else { throw LedgerError.unknown(kind: "account", id: from) }
                let unit = state.products[account.account.product]?.unit ?? .gram
                let amount = try parseMass(mass, unit: unit, option: "--mass")
                let stored = try await ledger.append(.transfer(.init(from: from, to: to, amount: amount, date: date ?? today())))
                print("recorded \(stored.id) transfer: \(show(amount, unit)) from \(from) to \(to)")
            }
        }
    }

    struct Deliver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record physical deliveries: one by options, or a delivery CSV (atomic).",
            discussion: """
                CSV columns: delivery_id,date,customer,site,product,mass[t] (mass unit t, kg, g or mg, parsed exactly).
                --sample imports the bundled synthetic April 2024 cathode deliveries (Sources/CirculaLedger/Resources/sample-deliveries.csv).
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: "Delivery CSV to import.") var csv: String?
        @Flag(help: "Import the bundled sample deliveries.") var sample = false
        @Option(help: "Delivery id.") var id: String?
        @Option(help: "Customer.") var customer: String?
        @Option(help: "Shipping site.") var site: String?
        @Option(help: "Product id, e.g. cu-cathode.") var product: String?
        @Option(help: "Mass with unit, e.g. 25t.") var mass: String?
        @Option(help: "Delivery date YYYY-MM-DD.") var date: String?

        func run() async throws {
            try await store.withLedger { ledger in
                if csv != nil || sample {
                    let name = csv ?? "sample-deliveries.csv"
                    let url = csv.map { URL(fileURLWithPath: $0) } ?? LedgerResources.url("sample-deliveries.csv")
                    let text: String
                    do { text = try String(contentsOf: url, encoding: .utf8) } catch {
                        throw InputErrors([LocatedError(SourceLocation(file: name), "cannot read the file: \(error.localizedDescription)")])
                    }
                    let products = try await ledger.state(prefixes: ["product:"]).products
                    let rows = try DeliveryCSV.parse(text, file: name) { products[$0]?.unit }
                    let items = rows.map { (SourceLocation(file: name, line: $0.line), LedgerEvent.deliver($0.delivery)) }
                    printImported(try await Workspace.appendAtomically(items, to: ledger), file: name, units: try await UnitLookup(ledger))
                    return
                }
                guard let id, let customer, let site, let product, let mass else {
                    throw ValidationError("give --csv FILE, --sample, or --id, --customer, --site, --product and --mass")
                }
                let unit = try await productUnit(ledger, product)
                let amount = try parseMass(mass, unit: unit, option: "--mass")
                let stored = try await ledger.append(.deliver(Delivery(delivery: id, customer: customer, site: site, product: product, mass: amount, date: date ?? today())))
                print("recorded \(stored.id) delivery \(id) to \(customer): \(show(amount, unit)) of \(product)")
            }
        }
    }

    struct Allocate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Claim credits from an account for a delivery (at most its physical mass, never below zero).",
            discussion: "Without --mass, allocates as much as both allow: the delivery's unclaimed mass and the account's credits for its period.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Delivery id.") var delivery: String
        @Option(help: "Credit account.") var account: String
        @Option(help: "Mass with unit, e.g. 500t (default: as much as possible).") var mass: String?

        func run() async throws {
            try await store.withLedger { ledger in
                let state = try await ledger.state(keys: [LedgerState.key(delivery: delivery)], prefixes: ["product:"])
                guard let d = state.deliveries[delivery] else { throw LedgerError.unknown(kind: "delivery", id: delivery) }
                let unit = state.products[d.delivery.product]?.unit ?? .gram
                let amount = try mass.map { try parseMass($0, unit: unit, option: "--mass") }
                let stored = try await ledger.allocate(delivery: delivery, account: account, amount: amount)
                guard case .allocate(let a) = try stored.event() else { return }
                let after = try await ledger.state(keys: [LedgerState.key(delivery: delivery)]).deliveries[delivery]!
                print("recorded \(stored.id) allocation: \(show(a.amount, unit)) from \(account) to delivery \(delivery) (\(d.delivery.customer)); "
                      + "claimed \(show(after.claimed, unit)) of \(show(d.delivery.mass, unit)) = \(percent(ppm: after.claimed * 1_000_000 / d.delivery.mass))% recycled")
            }
        }
    }

    struct ClosePeriod: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close-period",
            abstract: "Close a balancing period: unclaimed credits carry over or expire, per the ledger's configured rule.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Period id, e.g. 2024-04, FY2024-Q1 or FY2024.") var period: String

        func run() async throws {
            try await store.withLedger { ledger in
                let before = try await ledger.state(prefixes: ["account:", "product:"])
                guard let rule = before.config?.setup.carryOver else { throw LedgerError.notInitialized }
                let stored = try await ledger.append(.closePeriod(PeriodClose(period: period, rule: rule)))
                print("recorded \(stored.id): period \(period) closed, unclaimed credits \(rule == .carry ? "carried over" : "expired"):")
                for account in before.accounts.values.sorted(by: { $0.account.id < $1.account.id }) {
                    let left = account.available(in: period)
                    if left > 0 { print("  \(account.account.id): \(show(left, before.products[account.account.product]?.unit ?? .gram))") }
                }
            }
        }
    }

    struct Correct: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reverse an allocation, credit issue, delivery or receipt by appending a correction (events are never edited).")

        @OptionGroup var store: StoreOptions
        @Option(help: "Event id to reverse, e.g. E000042.") var event: String
        @Option(help: "Why.") var reason: String

        func run() async throws {
            try await store.withLedger { ledger in printRecorded([try await ledger.correct(target: event, reason: reason)], units: try await UnitLookup(ledger)) }
        }
    }
}
