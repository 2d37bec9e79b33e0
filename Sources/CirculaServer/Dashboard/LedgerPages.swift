import CirculaCore
import CirculaLedger
import Foundation
import Hummingbird

/// Staff pages of the ledger: balances, recent events and verification; the recycling ratio per period and
/// fiscal year against the 50 % goal; certificates with their verification (customers see their own).
enum LedgerPages {
    static let goalPercent = 50.0

    struct RatioLine { var product: String; var period: String; var delivered: String; var recycled: String; var share: String; var sharePercent: String; var deliveries: Int; var goalGap: String }

    static func ratioLine(_ r: RecyclingRatio) -> RatioLine {
        let percent = Double(r.sharePpm) / 10_000
        return RatioLine(product: r.product, period: r.period, delivered: r.unit.format(r.delivered, in: r.unit.displayUnit),
                         recycled: r.unit.format(r.recycled, in: r.unit.displayUnit), share: Percent.ppm(r.sharePpm) + " %",
                         sharePercent: String(format: "%.2f", percent), deliveries: r.deliveries,
                         // From the shown hundredths, so share + gap reads as exactly 50.00.
                         goalGap: percent >= goalPercent ? "goal met" : "\(Percent.ppm(500_000 - r.sharePpm / 100 * 100)) points below")
    }

    static func register(_ router: Router<CirculaContext>, _ services: ServerServices, _ views: Views) {
        router.get("/ledger") { _, context -> Response in
            try await views.guarded(context, "/ledger", .staff) {
                let state = try await services.state()
                let report = try await services.ledger.verify()
                let head = try await services.ledger.store.head()
                let events = try await services.ledger.history(after: max(0, head.seq - 15), limit: 15).reversed()
                struct Account { var id: String; var product: String; var owner: String; var factor: String; var balance: String; var unit: String }
                struct Event { var id: String; var type: String; var timestamp: String; var actor: String }
                struct Page { var accounts: [Account]; var events: [Event]; var valid: Bool; var verification: String; var eventCount: Int64; var head: String }
                let accounts = state.accounts.values.sorted { $0.account.id < $1.account.id }.map { a -> Account in
                    let unit = state.products[a.account.product]?.unit ?? .gram
                    return Account(id: a.account.id, product: a.account.product, owner: a.account.ringFencedFor.map { "ring-fenced for \($0)" } ?? "pool",
                                   factor: a.account.factor.description, balance: unit.format(a.balance, in: unit.displayUnit), unit: unit.displayUnit)
                }
                let verification = report.isValid
                    ? "valid: \(report.events) events, hash chain intact, balances rebuilt from the events match the stored ones"
                    : "BROKEN: \(report.firstBroken.map { "event \($0.event) (seq \($0.seq)): \($0.reason)" } ?? "") \(report.stateMismatches.prefix(3).joined(separator: "; "))"
                return views.page("ledger", Page(accounts: accounts, events: events.map { Event(id: $0.id, type: $0.type, timestamp: $0.timestamp, actor: $0.actor) },
                                                 valid: report.isValid, verification: verification, eventCount: report.events, head: String(head.hash.prefix(16))),
                                  title: "Recycled-content ledger",
                                  lead: "Credit balances per account (tonnes of recycled copper credit not yet claimed), the latest events of the hash chain, and whether the whole chain verifies.",
                                  context: context, path: "/ledger")
            }
        }
        router.get("/ratio") { _, context -> Response in
            try await views.guarded(context, "/ratio", .staff) {
                let state = try await services.state()
                let periods = RecyclingRatio.compute(state)
                let years = try RecyclingRatio.byFiscalYear(periods, periodKind: state.config?.setup.periodKind ?? .month)
                struct Page { var periods: [RatioLine]; var years: [RatioLine]; var goal: String }
                return views.page("ratio", Page(periods: periods.map(ratioLine), years: years.map(ratioLine), goal: "50 %"),
                                  title: "Recycling ratio",
                                  lead: "Recycled output (credits allocated to deliveries) over delivered output, per balancing period and per fiscal year (April–March), in tonnes, against the 2040 goal of 50 %.",
                                  context: context, path: "/ratio")
            }
        }
        router.get("/certificates") { request, context -> Response in
            try await views.guarded(context, "/certificates", .signedIn) {
                let view = try await LedgerRoutes.view(request, context, services)
                struct Line { var certificate: String; var delivery: String; var customer: String; var result: String; var valid: Bool; var archived: Bool }
                var lines: [Line] = []
                for record in view.certificates {
                    let archived = try await services.store.archivedCertificate(id: record.certificate)
                    var result = "issued outside this server: the ledger holds its hash \(record.bodyHash.prefix(16))…"
                    var valid = false
                    if let archived, let key = services.publicKey {
                        let check = CertificateRoutes.verify(archived.json, key: key)
                        valid = check.valid
                        result = check.valid ? "valid: signature by key \(check.keyId ?? "") checks; \(Percent.ppm(check.recycledSharePpm ?? 0)) % recycled" : "INVALID: \(check.reason ?? "")"
                    }
                    lines.append(Line(certificate: record.certificate, delivery: record.delivery, customer: view.state.deliveries[record.delivery]?.delivery.customer ?? "",
                                      result: result, valid: valid, archived: archived != nil))
                }
                struct Open { var delivery: String; var customer: String }
                let open = view.deliveries.filter { $0.claimed > 0 && $0.certificates.isEmpty && !$0.reversed }.map { Open(delivery: $0.delivery.delivery, customer: $0.delivery.customer) }
                struct Page { var lines: [Line]; var canIssue: Bool; var open: [Open]; var csrf: String }
                let canIssue = context.identity?.role.writesLedger == true && services.issuerKey != nil && context.session != nil
                return views.page("certificates", Page(lines: lines, canIssue: canIssue && !open.isEmpty, open: open, csrf: context.session?.csrf ?? ""),
                                  title: "Certificates",
                                  lead: "Signed recycled-content certificates of the deliveries you may see, each checked against the issuer's published Ed25519 key.",
                                  context: context, path: "/certificates")
            }
        }
        router.post("/certificates/issue") { request, context -> Response in
            try await views.guarded(context, "/certificates", .writer) {
                let fields = try await FormBody.fields(request, limit: 8 * 1024)
                guard let session = context.session, let sent = fields["csrf"], TokenSecret.constantTimeEqual(sent, session.csrf) else {
                    throw Problem.forbidden("the form's CSRF token is missing or wrong")
                }
                guard let key = services.issuerKey else { throw Problem(.serviceUnavailable, "Service Unavailable", detail: "this server has no issuer key") }
                let delivery = fields["delivery"] ?? ""
                do {
                    let certificate = try await WriteRoutes.ledger(services, context.identity!).issueCertificate(delivery: delivery, key: key)
                    try await services.store.archive(ArchivedCertificate(certificate: certificate.body.certificate, delivery: delivery,
                                                                         customer: certificate.body.customer, json: try certificate.json()))
                } catch let error as LedgerError { throw problem(error, field: "delivery") }
                return Response(status: .seeOther, headers: [.location: "/certificates"])
            }
        }
    }
}
