import CirculaLedger
import CirculaWorkspace
import Foundation

/// An exact amount in its display unit with the unit: `1629.4 t`, `1011.281 kg`.
func show(_ amount: Int64, _ unit: AmountUnit) -> String {
    "\(plain(amount, unit)) \(unit.displayUnit)"
}

/// An exact amount in the display unit, without the unit (for table cells and CSV).
func plain(_ amount: Int64, _ unit: AmountUnit) -> String {
    unit.format(amount, in: unit.displayUnit)
}

/// A ppm share as a percentage with two decimals, computed in integers: `246_612` → `24.66` (the statement's rule).
func percent(ppm: Int64) -> String { CustomerStatement.percent(ppm) }

/// The date of today, `YYYY-MM-DD` (UTC).
func today() -> String {
    String(ISO8601DateFormatter().string(from: Date()).prefix(10))
}

/// Product units and account products, to show event amounts with their unit.
struct UnitLookup {
    var products: [String: AmountUnit] = [:]
    var accounts: [String: String] = [:]

    init() {}

    init(_ units: LedgerUnits) {
        products = units.products
        accounts = units.accountProducts
    }

    init(_ ledger: Ledger) async throws {
        self.init(try await Workspace.units(in: ledger))
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
    case .initialize(let s):
        return "company \(s.company), period \(s.periodKind.rawValue)\(s.customPeriods.map { " (\($0.months) months from \($0.start))" } ?? "") (max \(s.maxPeriodMonths) months), close rule \(s.carryOver.rawValue)"
            + (s.scheme.map { ", scheme \($0.name) (\($0.claimMethod.value.rawValue) method)" } ?? "")
    case .addSite(let s): return "site \(s.id) (\(s.name))"
    case .addProduct(let p): return "product \(p.id): \(p.element) \(p.form), booked in \(p.unit.rawValue)"
    case .openAccount(let a): return "account \(a.id): \(a.product) at \(a.site), factor \(a.factor)\(a.ringFencedFor.map { ", ring-fenced for \($0)" } ?? ", pool")"
    case .receive(let r):
        let masses = r.elements.keys.sorted(by: { $0.symbol < $1.symbol }).map { "\($0) \(show(r.elements[$0]!, AmountUnit.forElement($0)))" }.joined(separator: ", ")
        return "lot \(r.lot) from \(r.supplier) (\(r.category)) on \(r.date): \(masses)"
    case .issueCredit(let c):
        return "lot \(c.lot) \(c.element): \(show(c.amount, AmountUnit.forElement(c.element))) at factor \(c.factor) to \(c.account)"
    case .transfer(let t): return "\(units.amount(t.amount, account: t.from)) from \(t.from) to \(t.to) on \(t.date)"
    case .deliver(let d): return "delivery \(d.delivery) to \(d.customer): \(units.amount(d.mass, product: d.product)) of \(d.product) on \(d.date)"
    case .allocate(let a): return "\(units.amount(a.amount, account: a.account)) from \(a.account) to delivery \(a.delivery)"
    case .issueCertificate(let c): return "certificate \(c.certificate) for delivery \(c.delivery), key \(c.keyId)"
    case .closePeriod(let p):
        let flags = (p.stockFlags ?? []).map { "\($0.product) physical \(units.amount($0.physical, product: $0.product)) vs book \(units.amount($0.book, product: $0.product)), \(percent(ppm: $0.deviationPpm))% > \(percent(ppm: $0.tolerancePpm))%" }
        return "period \(p.period) closed (\(p.rule.rawValue))" + (flags.isEmpty ? "" : "; FLAGGED for the auditor: " + flags.joined(separator: "; "))
    case .assessVolume(let a):
        return "assessed volume \(units.amount(a.volume, product: a.product)) of \(a.product) for \(a.period) by \(a.certifier) (\(a.document))"
    case .bookCredit(let b): return "credit \(b.credit) booked: \(units.amount(b.amount, product: b.product)) of \(b.product) on \(b.date)"
    case .transferCredit(let t): return "credit \(t.credit) transferred to \(t.to) on \(t.date)"
    case .retireCredit(let r): return "credit \(r.credit) retired for \(r.beneficiary) on \(r.date)"
    case .recordInput(let i): return "total input of \(i.element) in \(i.period): \(show(i.total, AmountUnit.forElement(i.element))) (\(i.source))"
    case .correct(let c): return "reverses \(c.target) (\(c.targetType.rawValue) \(c.subject)): \(c.reason)"
    case .certificateStatus(let c): return "certificate \(c.certificate) \(c.status.rawValue)\(c.supersededBy.map { " by \($0)" } ?? ""): \(c.reason)"
    }
}

/// The closes `verify` found flagged for the auditor (physical stock beyond the scheme's tolerance of book stock).
func printFlaggedCloses(_ closes: [VerificationReport.FlaggedClose], units: UnitLookup) {
    for close in closes {
        for flag in close.flags {
            print("FLAGGED for the auditor: close of \(close.period) (\(close.event)): \(flag.product) physical stock \(units.amount(flag.physical, product: flag.product)) "
                  + "vs book stock \(units.amount(flag.book, product: flag.product)), deviation \(percent(ppm: flag.deviationPpm))% above the tolerance of \(percent(ppm: flag.tolerancePpm))%")
        }
    }
}
