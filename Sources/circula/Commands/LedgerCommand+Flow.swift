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
                let r = try await Workspace.transfer(from: from, to: to, mass: mass, date: date ?? today(), in: ledger)
                print("recorded \(r.stored.id) transfer: \(show(r.amount, r.unit)) from \(from) to \(to)")
            }
        }
    }

    struct Deliver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record physical deliveries: one by options, or a delivery CSV (atomic).",
            discussion: """
                CSV columns: delivery_id,date,customer,site,product,mass[t] (mass unit t, kg, g or mg, parsed exactly), and an
                optional documents column (references separated by ;). A scheme that requires documents refuses a delivery without.
                --sample imports the bundled synthetic April 2024 cathode deliveries (Sources/CirculaLedger/Resources/sample-deliveries.csv).
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: "Delivery CSV to import.") var csv: String?
        @Flag(help: "Import the bundled sample deliveries.") var sample = false
        @Flag(help: "With --csv or --sample: check the file against the format and the ledger's rules; record nothing.") var dryRun = false
        @Option(help: "Delivery id.") var id: String?
        @Option(help: "Customer.") var customer: String?
        @Option(help: "Shipping site.") var site: String?
        @Option(help: "Product id, e.g. cu-cathode.") var product: String?
        @Option(help: "Mass with unit, e.g. 25t.") var mass: String?
        @Option(help: "Delivery date YYYY-MM-DD.") var date: String?
        @Option(help: "Shipping document reference: delivery note, weighbridge ticket, assay certificate (repeatable).") var document: [String] = []

        func run() async throws {
            try await store.withLedger { ledger in
                if csv != nil || sample {
                    let source = DeliverySource(path: csv)
                    let stored = try await Workspace.importDeliveries(source, into: ledger, dryRun: dryRun)
                    if dryRun {
                        print("dry run: \(source.displayName) passes every check; nothing was recorded")
                    } else {
                        printImported(stored, file: source.displayName, units: try await UnitLookup(ledger))
                    }
                    return
                }
                guard let id, let customer, let site, let product, let mass else {
                    throw ValidationError("give --csv FILE, --sample, or --id, --customer, --site, --product and --mass")
                }
                let r = try await Workspace.deliver(Delivery(delivery: id, customer: customer, site: site, product: product, mass: 0, date: date ?? today(),
                                                             documents: document.isEmpty ? nil : document),
                                                    mass: mass, in: ledger)
                print("recorded \(r.stored.id) delivery \(id) to \(customer): \(show(r.amount, r.unit)) of \(product)")
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
                let r = try await Workspace.allocate(delivery: delivery, account: account, mass: mass, in: ledger)
                print("recorded \(r.stored.id) allocation: \(show(r.allocation.amount, r.unit)) from \(account) to delivery \(delivery) (\(r.delivery.customer)); "
                      + "claimed \(show(r.claimed, r.unit)) of \(show(r.delivery.mass, r.unit)) = \(percent(ppm: r.recycledSharePpm))% recycled")
            }
        }
    }

    struct ClosePeriod: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close-period",
            abstract: "Close a balancing period: unclaimed credits carry over or expire, per the ledger's configured rule.",
            discussion: """
                The close is refused while an account is below zero. With --physical-stock PRODUCT=MASS (counted at close,
                repeatable) or --physical-stock-file FILE (CSV product,mass[t]) each product's physical stock is compared with its book stock (unclaimed credits of the period);
                a difference beyond the scheme's tolerance is recorded in the close event and flagged for the auditor.
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: "Period id, e.g. 2024-04, FY2024-Q1 or FY2024.") var period: String
        @Option(help: "Physical stock counted at close as PRODUCT=MASS, e.g. cu-cathode=120t (repeatable).") var physicalStock: [String] = []
        @Option(help: "Physical stock counted at close from a CSV file: product,mass[t].") var physicalStockFile: String?
        @OptionGroup var checkpoints: CheckpointOptions

        func run() async throws {
            let key = try checkpoints.signingKey()
            try await store.withLedger { ledger in
                var counted: [(product: String, mass: String)] = []
                for text in physicalStock {
                    guard let i = text.firstIndex(of: "="), i != text.startIndex else {
                        throw ValidationError("--physical-stock \(text): expected PRODUCT=MASS such as cu-cathode=120t")
                    }
                    counted.append((String(text[..<i]), String(text[text.index(after: i)...])))
                }
                let r = try await Workspace.closePeriod(period, physicalStock: counted, physicalStockFile: physicalStockFile, in: ledger)
                print("recorded \(r.stored.id): period \(period) closed, unclaimed credits \(r.rule == .carry ? "carried over" : "expired"):")
                for left in r.leftOver { print("  \(left.account): \(show(left.amount, left.unit))") }
                let units = try await UnitLookup(ledger)
                for flag in r.flags {
                    print("FLAGGED for the auditor: \(flag.product) physical stock \(units.amount(flag.physical, product: flag.product)) vs book stock "
                          + "\(units.amount(flag.book, product: flag.product)): deviation \(percent(ppm: flag.deviationPpm))% above the scheme's tolerance of \(percent(ppm: flag.tolerancePpm))%")
                }
                if let key {
                    checkpoints.report(try await ledger.checkpoint(key: key, reason: "close-period \(period)", directory: checkpoints.checkpointDir))
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
