import ArgumentParser
import CirculaCore
import CirculaLedger
import Foundation

/// `circula ledger`: the recycled-content ledger (mass balance, credit method).
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Recycled-content ledger: receipts, credits, deliveries, claims, periods, verification.",
        subcommands: [Init.self, Receive.self, Issue.self, Transfer.self, Deliver.self, Allocate.self, ClosePeriod.self, Correct.self,
                      Balance.self, History.self, Verify.self, CheckpointCommand.self, Ratio.self, Export.self]
    )
}

/// `--db FILE` or `--postgres URL`, and who is acting.
struct StoreOptions: ParsableArguments {
    @Option(help: "SQLite ledger file.")
    var db: String = "./circula.sqlite"

    @Option(help: "PostgreSQL URL (postgres://user@host:port/database; the password from the URL, PGPASSWORD or PGPASSFILE); overrides --db. Default: $CIRCULA_POSTGRES_URL if set.")
    var postgres: String? = ProcessInfo.processInfo.environment["CIRCULA_POSTGRES_URL"]

    @Option(help: "TLS to PostgreSQL: require, prefer or disable.")
    var postgresTls: PostgresTLSMode = .prefer

    @Option(help: "Actor recorded on every event.")
    var actor: String = ProcessInfo.processInfo.environment["USER"] ?? "circula"

    /// Opens the ledger, runs `body`, closes the store; ledger, certificate and amount errors exit with status 1.
    /// `readOnly` opens the store without any write (verify).
    func withLedger<T>(readOnly: Bool = false, _ body: (Ledger) async throws -> T) async throws -> T {
        let store: any LedgerStore
        do {
            if let postgres {
                store = try await PostgresStore(url: postgres, tls: postgresTls, readOnly: readOnly)
            } else {
                store = try SQLiteStore(path: db, readOnly: readOnly)
            }
        } catch { throw reportFailure(error) }
        let ledger = Ledger(store: store, actor: actor)
        do {
            let value = try await body(ledger)
            try? await store.close()
            return value
        } catch {
            try? await store.close()
            throw reportFailure(error)
        }
    }
}

/// Prints a refusal as one clear line and turns it into exit status 1.
func reportFailure(_ error: any Error) -> any Error {
    switch error {
    case let error as InputErrors: return failWith(error)
    case is ExitCode, is CleanExit: return error
    case let error as LedgerError: printError("refused: \(error.description.terminalSafe)"); return ExitCode(1)
    case let error as CertificateError: printError("error: \(error)"); return ExitCode(1)
    case let error as AmountError: printError("error: \(error)"); return ExitCode(1)
    default: printError("error: \(error)"); return ExitCode(1)
    }
}

/// An exact amount in its display unit with the unit: `1629.4 t`, `1011.281 kg`.
func show(_ amount: Int64, _ unit: AmountUnit) -> String {
    "\(plain(amount, unit)) \(unit.displayUnit)"
}

/// An exact amount in the display unit, without the unit (for table cells and CSV).
func plain(_ amount: Int64, _ unit: AmountUnit) -> String {
    unit.format(amount, in: unit.displayUnit)
}

/// A ppm share as a percentage with two decimals, computed in integers: `246_612` → `24.66`.
func percent(ppm: Int64) -> String {
    let hundredths = ppm / 100
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

/// Parses `12.5t`, `800 kg` into the product's exact unit, with the option name in the message.
func parseMass(_ text: String, unit: AmountUnit, option: String) throws -> Int64 {
    do { return try unit.parse(text) } catch {
        printError("error: \(option) \(error)")
        throw ExitCode(1)
    }
}

/// Looks up a product's unit.
func productUnit(_ ledger: Ledger, _ product: String) async throws -> AmountUnit {
    let state = try await ledger.state(keys: [LedgerState.key(product: product)])
    guard let unit = state.products[product]?.unit else { throw LedgerError.unknown(kind: "product", id: product) }
    return unit
}

/// The date of today, `YYYY-MM-DD` (UTC).
func today() -> String {
    String(ISO8601DateFormatter().string(from: Date()).prefix(10))
}

/// Product units and account products, to show event amounts with their unit.
struct UnitLookup {
    var products: [String: AmountUnit] = [:]
    var accounts: [String: String] = [:]

    init() {}

    init(_ ledger: Ledger) async throws {
        let state = try await ledger.state(prefixes: ["product:", "account:"])
        products = state.products.mapValues(\.unit)
        accounts = state.accounts.mapValues(\.account.product)
    }

    func amount(_ value: Int64, product: String) -> String {
        products[product].map { show(value, $0) } ?? "\(value) (unit of \(product))"
    }

    func amount(_ value: Int64, account: String) -> String {
        accounts[account].map { amount(value, product: $0) } ?? "\(value) (unit of \(account))"
    }
}

/// Prints a line per stored event: what the ledger recorded.
func printRecorded(_ events: [StoredEvent], limit: Int = 12, units: UnitLookup = UnitLookup()) {
    for event in events.prefix(limit) { print("recorded \(event.id) \(event.type) \(summary(event, units: units).terminalSafe)") }
    if events.count > limit { print("… and \(events.count - limit) more events") }
}

/// A one-line description of an event's payload.
func summary(_ stored: StoredEvent, units: UnitLookup = UnitLookup()) -> String {
    guard let event = try? stored.event() else { return stored.payload }
    switch event {
    case .initialize(let s): return "company \(s.company), period \(s.periodKind.rawValue) (max \(s.maxPeriodMonths) months), close rule \(s.carryOver.rawValue)"
    case .addSite(let s): return "site \(s.id) (\(s.name))"
    case .addProduct(let p): return "product \(p.id): \(p.element) \(p.form), booked in \(p.unit.rawValue)"
    case .openAccount(let a): return "account \(a.id): \(a.product) at \(a.site), factor \(a.factor)\(a.ringFencedFor.map { ", ring-fenced for \($0)" } ?? ", pool")"
    case .receive(let r):
        let masses = r.elements.keys.sorted().map { "\($0) \(show(r.elements[$0]!, AmountUnit.forElement($0)))" }.joined(separator: ", ")
        return "lot \(r.lot) from \(r.supplier) (\(r.category)) on \(r.date): \(masses)"
    case .issueCredit(let c):
        return "lot \(c.lot) \(c.element): \(show(c.amount, AmountUnit.forElement(c.element))) at factor \(c.factor) to \(c.account)"
    case .transfer(let t): return "\(units.amount(t.amount, account: t.from)) from \(t.from) to \(t.to) on \(t.date)"
    case .deliver(let d): return "delivery \(d.delivery) to \(d.customer): \(units.amount(d.mass, product: d.product)) of \(d.product) on \(d.date)"
    case .allocate(let a): return "\(units.amount(a.amount, account: a.account)) from \(a.account) to delivery \(a.delivery)"
    case .issueCertificate(let c): return "certificate \(c.certificate) for delivery \(c.delivery), key \(c.keyId)"
    case .closePeriod(let p): return "period \(p.period) closed (\(p.rule.rawValue))"
    case .correct(let c): return "reverses \(c.target) (\(c.targetType) \(c.subject)): \(c.reason)"
    case .certificateStatus(let c): return "certificate \(c.certificate) \(c.status.rawValue)\(c.supersededBy.map { " by \($0)" } ?? ""): \(c.reason)"
    }
}

extension PostgresTLSMode: ExpressibleByArgument {}
