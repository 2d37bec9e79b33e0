import CirculaCore
import CirculaLedger
import Foundation
import Hummingbird

/// The customer portal (statement per period, CSV and print view), the public certificate check, and home.
enum PortalPages {
    struct StatementPage {
        struct Receipt { var lot: String; var date: String; var supplier: String; var masses: String }
        struct Credit { var account: String; var lot: String; var element: String; var factor: String; var issued: String; var claimed: String; var remaining: String; var unit: String }
        struct Allocation { var account: String; var owner: String; var amount: String }
        struct Delivery { var delivery: String; var date: String; var product: String; var mass: String; var recycled: String; var share: String; var unit: String; var allocations: [Allocation]; var certificates: String }
        struct Period { var period: String; var receipts: [Receipt]; var credits: [Credit]; var deliveries: [Delivery]; var hasReceipts: Bool; var hasCredits: Bool }
        /// A link of the period chooser: all periods, each fiscal year and quarter, each booked period.
        struct PeriodChoice { var label: String; var query: String; var current: Bool }
        struct Total { var what: String; var item: String; var amount: String; var note: String }
        var customer: String
        var company: String
        var period: String
        var periods: [Period]
        var empty: Bool
        /// What an empty statement says: nothing yet at all, or nothing in the chosen period.
        var emptyText: String
        var query: String
        var customers: [String]
        var staff: Bool
        var periodChoices: [PeriodChoice]
        var totals: [Total]
    }

    static func show(_ amount: Int64, _ unit: AmountUnit) -> String { unit.format(amount, in: unit.displayUnit) }

    static func statementPage(_ s: CustomerStatement, customers: [String], staff: Bool, periodChoices: [String] = []) -> StatementPage {
        let periods = s.periods.map { p in
            StatementPage.Period(
                period: p.period,
                receipts: p.receipts.map { r in
                    StatementPage.Receipt(lot: r.lot, date: r.date, supplier: r.supplier,
                                          masses: r.elements.sorted { $0.key.symbol < $1.key.symbol }.map { "\($0.key) \(show($0.value, AmountUnit.forElement($0.key))) \(AmountUnit.forElement($0.key).displayUnit)" }.joined(separator: ", "))
                },
                credits: p.credits.map { c in
                    StatementPage.Credit(account: c.account, lot: c.lot, element: c.element.symbol, factor: c.factor, issued: show(c.issued, c.unit),
                                         claimed: show(c.claimed, c.unit), remaining: show(c.remaining, c.unit), unit: c.unit.displayUnit)
                },
                deliveries: p.deliveries.map { d in
                    StatementPage.Delivery(delivery: d.delivery, date: d.date, product: d.product, mass: show(d.mass, d.unit), recycled: show(d.recycled, d.unit),
                                           share: Percent.ppm(d.recycledSharePpm) + " %", unit: d.unit.displayUnit,
                                           allocations: d.allocations.map { .init(account: $0.account, owner: $0.ringFencedFor.map { _ in "your own scrap" } ?? "shared pool", amount: show($0.amount, d.unit)) },
                                           certificates: d.certificates.isEmpty ? "none yet" : d.certificates.joined(separator: ", "))
                },
                hasReceipts: !p.receipts.isEmpty, hasCredits: !p.credits.isEmpty)
        }
        func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }
        let customerQuery = staff ? "customer=\(encoded(s.customer))" : ""
        let query = [customerQuery, s.period.map { "period=\(encoded($0))" } ?? ""].filter { !$0.isEmpty }.joined(separator: "&")
        let choices = ([nil] + periodChoices.map(Optional.some)).map { choice in
            StatementPage.PeriodChoice(label: choice ?? "All periods",
                                       query: [customerQuery, choice.map { "period=\(encoded($0))" } ?? ""].filter { !$0.isEmpty }.joined(separator: "&"),
                                       current: choice == s.period)
        }
        return StatementPage(customer: s.customer, company: s.company, period: s.period ?? "all periods", periods: periods, empty: periods.isEmpty,
                             emptyText: s.period.map { "Nothing recorded for \(s.customer) in \($0)." } ?? "Nothing recorded for \(s.customer) yet.",
                             query: query, customers: customers, staff: staff, periodChoices: choices,
                             totals: s.totalRows.map { .init(what: $0[0], item: $0[1], amount: $0[2], note: $0[3]) })
    }

    static func register(_ router: Router<CirculaContext>, _ services: ServerServices, _ views: Views) {
        router.get("/") { _, context -> Response in
            if context.identity?.role == .customer { return Response(status: .seeOther, headers: [.location: "/statement"]) }
            struct Home { var staff: Bool; var signedIn: Bool; var events: Int64; var accounts: Int; var deliveries: Int; var certificates: Int }
            var home = Home(staff: context.identity?.role.readsEverything == true, signedIn: context.identity != nil, events: 0, accounts: 0, deliveries: 0, certificates: 0)
            if home.staff {
                let state = try await services.state()
                home.events = try await services.ledger.store.head().seq
                home.accounts = state.accounts.count; home.deliveries = state.deliveries.count; home.certificates = state.certificates.count
            }
            return views.page("home", home, title: "Circula",
                              lead: "Metals circulation at the smelter: the periodic table we track, the plant balance, the recycled-content ledger, certificates and the outlook to 2040.",
                              context: context, path: "/")
        }
        router.get("/statement") { request, context -> Response in
            try await views.guarded(context, "/statement", .signedIn) {
                let identity = context.identity!
                let state = try await services.state()
                let customers = Array(Set(state.deliveries.values.map(\.delivery.customer))).sorted()
                let staff = identity.role.readsEverything
                let requested = request.uri.queryParameters.get("customer").map { String($0) }
                let customer: String
                if staff { customer = requested ?? customers.first ?? "" } else {
                    if let requested, requested != identity.customer { throw Problem.forbidden("a customer account reads only its own statement") }
                    customer = identity.customer ?? ""
                }
                let period = request.uri.queryParameters.get("period").map { String($0) }.flatMap { $0.isEmpty ? nil : $0 }
                let kind = state.config?.setup.periodKind
                let whole: CustomerStatement, statement: CustomerStatement
                do {
                    whole = try CustomerStatement.compute(state, customer: customer)
                    if let period {
                        guard let kind else { throw LedgerError.notInitialized }
                        statement = try whole.cut(to: period, ledgerKind: kind)
                    } else {
                        statement = whole
                    }
                } catch let error as LedgerError { throw StatementRoutes.periodProblem(error) }
                let choices = kind.map { whole.periodChoices(ledgerKind: $0) } ?? []
                let print = request.uri.queryParameters.get("print") == "1"
                return views.page("statement", statementPage(statement, customers: staff ? customers : [], staff: staff, periodChoices: choices),
                                  title: "Co-creation statement: \(customer)",
                                  lead: "Per balancing period: the scrap \(customer) sent us, the recycled-copper credits it created (at the stated conversion factor), the cathode delivered to \(customer) with the credits allocated to it, and the certificates issued. Masses in tonnes.",
                                  context: context, path: "/statement", print: print)
            }
        }
        router.get("/verify") { _, context -> Response in
            struct Form { var keyId: String; var keyPem: String; var hasKey: Bool; var result: CertificateRoutes.VerificationJSON?; var share: String; var recycled: String; var mass: String }
            return views.page("verify", Form(keyId: services.publicKey.map(IssuerKey.keyID) ?? "", keyPem: services.publicKey.map(IssuerKey.publicPEM) ?? "",
                                             hasKey: services.publicKey != nil, result: nil, share: "", recycled: "", mass: ""),
                              title: "Verify a certificate",
                              lead: "Paste a Circula certificate (JSON) to check its Ed25519 signature and arithmetic against the issuer's published key. No account needed; nothing is stored.",
                              context: context, path: "/verify")
        }
        router.post("/verify") { request, context -> Response in
            // Pasted (form field `certificate`) or uploaded (file input `file`, multipart).
            let fields: [String: String]
            if let multipart = try await MultipartBody.fields(request) { fields = multipart } else { fields = try await FormBody.fields(request) }
            let pasted = fields["certificate"].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
            let document = pasted ?? fields["file"] ?? ""
            let result = services.publicKey.map { CertificateRoutes.verify(document, key: $0) }
                ?? CertificateRoutes.VerificationJSON(valid: false, reason: "this server publishes no issuer key")
            let unit = result.unit.flatMap(AmountUnit.init(rawValue:)) ?? .gram
            struct Form { var keyId: String; var keyPem: String; var hasKey: Bool; var result: CertificateRoutes.VerificationJSON?; var share: String; var recycled: String; var mass: String }
            return views.page("verify", Form(keyId: services.publicKey.map(IssuerKey.keyID) ?? "", keyPem: services.publicKey.map(IssuerKey.publicPEM) ?? "",
                                             hasKey: services.publicKey != nil, result: result, share: Percent.ppm(result.recycledSharePpm ?? 0) + " %",
                                             recycled: show(result.recycledMass ?? 0, unit) + " " + unit.displayUnit, mass: show(result.mass ?? 0, unit) + " " + unit.displayUnit),
                              title: "Verify a certificate",
                              lead: "Paste a Circula certificate (JSON) to check its Ed25519 signature and arithmetic against the issuer's published key. No account needed; nothing is stored.",
                              context: context, path: "/verify")
        }
    }
}
