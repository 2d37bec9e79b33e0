import ArgumentParser
import CirculaCore
import CirculaLedger
import CirculaWorkspace
import Foundation

extension PeriodKind: ExpressibleByArgument {}
extension CarryOverRule: ExpressibleByArgument {}
extension InputOrigin: ExpressibleByArgument {}
extension MaterialCategory: ExpressibleByArgument {}

extension LedgerCommand {
    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the ledger (or extend it) with sites, products and credit accounts.",
            discussion: """
                Examples:
                  circula ledger init --company "Circula Smelting" --period month --max-period-months 3 --carry-over carry \\
                    --site saganoseki="Saganoseki smelter" --product cu-cathode=Cu:cathode \\
                    --account pool-cu=saganoseki:cu-cathode:0.97 --account alpha-cu=saganoseki:cu-cathode:0.97:"Customer Alpha"
                On an existing ledger only the new sites, products and accounts are added.
                --scheme records a scheme profile in the init event (its rules and their clauses: docs/ledger-rules.md):
                iscc-plus, asi, ul2809, untp-mass-balance, untp-book-and-claim, or custom with --scheme-file FILE (YAML).
                Without --max-period-months and --carry-over, a scheme's maximum and its first carry-over rule are used.
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: "Company that issues the claims.") var company: String = "Circula Smelting"
        @Option(help: "Balancing period: month, quarter, fiscal-year (April–March) or custom (--period-start, --period-months).") var period: PeriodKind = .month
        @Option(help: "With --period custom: the first day of the first period, YYYY-MM-DD (day 1–28).") var periodStart: String?
        @Option(help: "With --period custom: the length of every period in months.") var periodMonths: Int?
        @Option(help: "Longest balancing period the scheme allows, in months (default: the scheme's, or 3).") var maxPeriodMonths: Int?
        @Option(help: "At period close unclaimed credits carry over or expire (default: the scheme's first rule, or carry).") var carryOver: CarryOverRule?
        @Option(help: "How many days after an event is recorded its date may lie (default 92); only when the ledger is created.")
        var futureHorizonDays: String?
        @Option(help: "Scheme profile: iscc-plus, asi, ul2809, untp-mass-balance, untp-book-and-claim or custom.") var scheme: String?
        @Option(help: "With --scheme custom: the profile file (YAML, docs/ledger-rules.md).") var schemeFile: String?
        @Option(help: "Site as ID=Name (repeatable).") var site: [String] = []
        @Option(help: "Product as ID=ELEMENT:FORM, e.g. cu-cathode=Cu:cathode (g for base metals, mg for precious).") var product: [String] = []
        @Option(help: "Account as ID=SITE:PRODUCT:FACTOR[:CUSTOMER]; a customer makes it ring-fenced (repeatable).") var account: [String] = []

        func run() async throws {
            let profile = try Workspace.schemeProfile(named: scheme, file: schemeFile)
            var request = LedgerSetup(setup: Setup(company: company, periodKind: period,
                                                   maxPeriodMonths: maxPeriodMonths ?? profile?.maxPeriodMonths.value ?? 3,
                                                   carryOver: carryOver ?? profile?.carryOver.value.first ?? .carry,
                                                   futureHorizonDays: try horizonDays(), scheme: profile,
                                                   customPeriods: try customPeriods()))
            for text in site {
                let (id, name) = split(text, "=")
                request.sites.append(Site(id: id, name: name ?? id))
            }
            for text in product {
                let (id, rest) = split(text, "=")
                let parts = (rest ?? "").split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw usage("--product \(text): expected ID=ELEMENT:FORM such as cu-cathode=Cu:cathode") }
                guard let element = try? PeriodicTable.standard.element(symbol: parts[0]) else {
                    throw fail(LedgerError.unknownElement(product: id, element: parts[0]))
                }
                request.products.append(Product(id: id, element: element, form: parts[1], unit: AmountUnit.forElement(element)))
            }
            for text in account {
                let (id, rest) = split(text, "=")
                let parts = (rest ?? "").split(separator: ":", maxSplits: 3).map(String.init)
                guard parts.count >= 3 else { throw usage("--account \(text): expected ID=SITE:PRODUCT:FACTOR[:CUSTOMER]") }
                let factor: ConversionFactor
                do { factor = try ConversionFactor(parts[2]) } catch { throw usage("--account \(text): factor \(error)") }
                request.accounts.append(Account(id: id, site: parts[0], product: parts[1], factor: factor, ringFencedFor: parts.count == 4 ? parts[3] : nil))
            }
            try await store.withLedger { ledger in
                let stored = try await Workspace.setUp(request, in: ledger)
                guard !stored.isEmpty else { print("nothing to do: the ledger exists and no site, product or account was given"); return }
                print("ledger \(store.postgres.map { _ in "(PostgreSQL)" } ?? store.db): \(stored.count) events")
                printRecorded(stored, limit: 50)
            }
        }

        /// `--future-horizon-days N`: a whole number of days, 0 or more (read as text, so that `-1` or `2.5` get this
        /// message rather than the parser's).
        func horizonDays() throws -> Int? {
            guard let futureHorizonDays else { return nil }
            guard let days = Int(futureHorizonDays.trimmingCharacters(in: .whitespaces)), days >= 0 else {
                throw usage("--future-horizon-days \(futureHorizonDays): expected a whole number of days, 0 or more (0: no event dated after the day it is recorded)")
            }
            return days
        }

        /// `--period custom --period-start D --period-months N`, nothing else.
        func customPeriods() throws -> CustomPeriods? {
            guard period == .custom else {
                if periodStart != nil || periodMonths != nil { throw usage("--period-start and --period-months go with --period custom") }
                return nil
            }
            guard let periodStart, let periodMonths else { throw usage("--period custom needs --period-start YYYY-MM-DD and --period-months N") }
            return CustomPeriods(start: periodStart, months: periodMonths)
        }

        func split(_ text: String, _ separator: Character) -> (String, String?) {
            guard let i = text.firstIndex(of: separator) else { return (text, nil) }
            return (String(text[..<i]), String(text[text.index(after: i)...]))
        }

        func usage(_ message: String) -> ValidationError { ValidationError(message) }
    }

    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record receipts of recycled input: a lot file (atomic), or one lot given by options.",
            discussion: """
                A lot file is the format of `circula lots check` (without a file: the bundled sample period). Contained masses
                become exact integers (g; mg for Au, Ag, Pt, Pd, Rh, Ir, Os, Ru). Primary lots are refused with the reason;
                --recycled-only skips them instead. A supplier's lots are ring-fenced for a customer only when named with
                --ring-fence "SUPPLIER=CUSTOMER" (the customer id of a ring-fenced account), never by the supplier's name.
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: "Site receiving the lots.") var site: String
        @Option(help: "Lot CSV to import (all or nothing).") var lots: String?
        @Flag(help: "Use the bundled sample lots (synthetic, April 2024).") var sample = false
        @Flag(help: "Skip primary lots (ore, concentrate) instead of refusing the file.") var recycledOnly = false
        @Flag(help: "Check the lot file against the format and the ledger's rules; record nothing.") var dryRun = false
        @Option(help: "Only these elements, comma-separated (default: every assayed element).") var elements: String?
        @Option(help: "Single lot: lot id.") var lot: String?
        @Option(help: "Single lot: supplier.") var supplier: String?
        @Option(help: "Single lot: receipt date YYYY-MM-DD.") var date: String?
        @Option(help: "Single lot: pre-consumer or post-consumer (primary is refused).") var category: MaterialCategory?
        @Option(help: "Single lot: external, run-around or ore-by-product (only external is recycled).") var origin: InputOrigin = .external
        @Option(help: "Single lot: recycled element mass, e.g. Cu=12.5t or Au=1.2kg (repeatable).") var mass: [String] = []
        @Option(help: "Single lot: shipping/source document reference (repeatable).") var document: [String] = []
        @Option(help: "Single lot: ring-fenced for this customer (their own scrap).") var customer: String?
        @Option(help: "Lot file: SUPPLIER=CUSTOMER, the supplier's lots are that customer's own scrap (repeatable).") var ringFence: [String] = []

        func run() async throws {
            if let lot {
                try await receiveOne(lot)
                return
            }
            guard lots != nil || sample else { throw ValidationError("give --lots FILE, --sample, or --lot with its options") }
            let wanted: Set<Element>?
            do {
                wanted = try elements.map { list in
                    Set(try list.split(separator: ",").map { try elementSymbol(String($0).trimmingCharacters(in: .whitespaces)) })
                }
            } catch { throw ValidationError("--elements: \(error)") }
            let request = LotImportRequest(source: LotSource(path: lots), site: site, recycledOnly: recycledOnly, elements: wanted, dryRun: dryRun,
                                           ringFences: try ringFences())
            try await store.withLedger { ledger in
                let report = try await Workspace.importLots(request, into: ledger)
                if report.dryRun {
                    print("dry run: \(report.receipts.count) receipts from \(report.file) pass every check; nothing was recorded")
                } else {
                    printImported(report.stored, file: report.file, units: try await UnitLookup(ledger))
                }
                if !report.skippedWithoutElements.isEmpty {
                    print("skipped \(report.skippedWithoutElements.count) lots without \(elements ?? ""): \(report.skippedWithoutElements.joined(separator: ", "))")
                }
                if !report.skippedPrimary.isEmpty {
                    print("skipped \(report.skippedPrimary.count) primary lots (not recycled content): \(report.skippedPrimary.joined(separator: ", "))")
                }
            }
        }

        /// `--ring-fence SUPPLIER=CUSTOMER` as supplier → customer id (NFC, as the ledger stores ids).
        func ringFences() throws -> [String: String] {
            var map: [String: String] = [:]
            for text in ringFence {
                guard let i = text.lastIndex(of: "="), i != text.startIndex, text.index(after: i) != text.endIndex else {
                    throw ValidationError("--ring-fence \(text): expected SUPPLIER=CUSTOMER")
                }
                map[Identifier.normalized(String(text[..<i]))] = Identifier.normalized(String(text[text.index(after: i)...]))
            }
            return map
        }

        func receiveOne(_ lot: String) async throws {
            guard let supplier, let category else { throw ValidationError("--lot needs --supplier, --category and at least one --mass") }
            var masses: [(element: String, mass: String)] = []
            for text in mass {
                let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw ValidationError("--mass \(text): expected ELEMENT=MASS such as Cu=12.5t") }
                masses.append((parts[0], parts[1]))
            }
            let receipt = Receipt(lot: lot, site: site, supplier: supplier, date: date ?? today(), category: category, origin: origin,
                                  documents: document, evidence: document.joined(separator: "; "), elements: [:], ringFencedFor: customer)
            try await store.withLedger { ledger in printRecorded([try await Workspace.receiveLot(receipt, masses: masses, in: ledger)]) }
        }
    }

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue credits: recycled mass of a receipt's element × stated yield, into an account with that factor.",
            discussion: """
                With --all, every receipt holding the element and not yet credited gets credits, each into the account at its
                site for the element's product with this factor, ring-fenced for the receipt's customer or the pool.
                Example: circula ledger issue --all --element Cu --factor 0.97 --source "flowsheet recovery Cu to cathode"
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: "Element symbol, e.g. Cu.", transform: elementSymbol) var element: Element
        @Option(help: "Yield / conversion factor from 0 to 1, e.g. 0.97.") var factor: String?
        @Option(help: "Where the factor comes from (stated on every credit event).") var source: String?
        @Flag(help: "Derive the factor from the plant balance: recycled element reaching --product-stream / recycled element input, over --lots through --model.")
        var fromBalance = false
        @Option(help: "With --from-balance: model YAML (default: the bundled metallurgy.yaml).") var model: String?
        @Option(help: "With --from-balance: the lots the receipts came from (default: the bundled sample lots).") var lots: String?
        @Option(help: "With --from-balance: the product stream.") var productStream = "electrorefining.cathode"
        @Option(help: "One lot.") var lot: String?
        @Option(help: "The account for --lot.") var account: String?
        @Flag(help: "Every receipt not yet credited for this element.") var all = false
        @Option(help: "Credit date (default: the receipt date).") var date: String?

        func run() async throws {
            let stated: ConversionFactor?
            if fromBalance {
                guard factor == nil else { throw ValidationError("--from-balance derives the factor; leave out --factor") }
                stated = nil
            } else {
                guard let factor, source != nil else { throw ValidationError("give --factor and --source, or --from-balance") }
                do { stated = try ConversionFactor(factor) } catch { throw ValidationError("--factor \(error)") }
            }
            guard all || (lot != nil && account != nil) else { throw ValidationError("give --all, or --lot with --account") }
            let target: CreditTarget = if let lot, let account { .lot(lot, account: account) } else { .uncredited }
            try await store.withLedger { ledger in
                let report: CreditReport
                if let stated, let source {
                    report = try await Workspace.issueCredits(CreditRequest(element: element, factor: stated, source: source, target: target, date: date), in: ledger)
                } else {
                    report = try await Workspace.issueCreditsFromBalance(
                        BalanceCreditRequest(element: element, model: ModelSource(path: model), lots: LotSource(path: lots), productStream: productStream,
                                             note: source, target: target, date: date), in: ledger)
                }
                if target != .uncredited { printRecorded(report.stored); return }
                guard !report.stored.isEmpty else { print("nothing to issue: every receipt with \(element) already has credits"); return }
                printRecorded(report.stored, limit: 5)
                if let lotSet = report.lotSet { print("balanced lots = received lots: \(lotSet)") }
                print("issued \(element) credits for \(report.stored.count) receipts at factor \(report.factor) (\(report.source)):")
                for (account, amount) in report.totals.sorted(by: { $0.key < $1.key }) { print("  \(account): \(show(amount, report.unit))") }
            }
        }
    }
}

/// Prints what an import stored: the first events and one summary line.
func printImported(_ stored: [StoredEvent], file: String, units: UnitLookup) {
    printRecorded(stored, limit: 5, units: units)
    print("imported \(stored.count) events from \(file) in one transaction (events \(stored.first?.id ?? "-")…\(stored.last?.id ?? "-"))")
}
