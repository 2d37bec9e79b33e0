import CirculaCore
import CirculaLedger
import Hummingbird

/// Ledger reads under `/api/v1/ledger`: accounts, balance, receipts, deliveries, allocations, events, verify, ratio.
enum LedgerRoutes {
    struct AccountJSON: Encodable {
        var id: String, site: String, product: String, factor: String, ringFencedFor: String?, unit: String
        var balance: Int64, batches: Int
    }
    struct ReceiptJSON: Encodable {
        var lot: String, site: String, supplier: String, date: String, category: String, origin: String
        var ringFencedFor: String?, reversed: Bool
        /// Exact recycled masses per element, in `units` (g, or mg for precious metals).
        var elements: [Element: Int64], units: [Element: String], credited: [Element: String]
    }
    struct AllocationJSON: Encodable {
        var event: String, delivery: String, account: String, amount: Int64, unit: String
    }
    struct DeliveryJSON: Encodable {
        var delivery: String, customer: String, site: String, product: String, date: String, period: String, unit: String
        var mass: Int64, claimed: Int64, recycledSharePpm: Int64, reversed: Bool
        var allocations: [AllocationJSON], certificates: [String]
    }
    struct EventJSON: Encodable {
        var seq: Int64, id: String, type: String, timestamp: String, actor: String, hash: String, prevHash: String
    }
    struct BalanceJSON: Encodable {
        struct Line: Encodable { var account: String, product: String, unit: String, ringFencedFor: String?, balance: Int64, balanceDisplay: String }
        var headSeq: Int64, headHash: String, accounts: [Line]
        var totalByProduct: [String: Int64]
    }
    struct RatioJSON: Encodable {
        var product: String, period: String, unit: String, delivered: Int64, recycled: Int64, deliveries: Int, sharePpm: Int64
    }

    static func unit(_ state: LedgerState, product: String) -> AmountUnit { state.products[product]?.unit ?? .gram }

    static func deliveryJSON(_ d: DeliveryState, _ state: LedgerState) -> DeliveryJSON {
        let u = unit(state, product: d.delivery.product)
        return DeliveryJSON(delivery: d.delivery.delivery, customer: d.delivery.customer, site: d.delivery.site, product: d.delivery.product,
                            date: d.delivery.date, period: d.period, unit: u.rawValue, mass: d.delivery.mass, claimed: d.claimed,
                            recycledSharePpm: d.delivery.mass == 0 ? 0 : d.claimed * 1_000_000 / d.delivery.mass, reversed: d.reversed,
                            allocations: d.allocations.map { AllocationJSON(event: $0.event, delivery: d.delivery.delivery, account: $0.account, amount: $0.amount, unit: u.rawValue) },
                            certificates: d.certificates)
    }

    static func view(_ request: Request, _ context: CirculaContext, _ services: ServerServices) async throws -> LedgerView {
        try await viewAndSnapshot(request, context, services).view
    }

    /// The caller's view and the snapshot it was cut from (whose cached bodies the route may serve).
    static func viewAndSnapshot(_ request: Request, _ context: CirculaContext, _ services: ServerServices) async throws -> (view: LedgerView, snapshot: LedgerSnapshot) {
        let identity = try context.require(.signedIn)!
        let snapshot = try await services.snapshot()
        let view = try LedgerView(state: snapshot.state, identity: identity, requestedCustomer: request.uri.queryParameters.get("customer").map { String($0) })
        return (view, snapshot)
    }

    static func register(_ router: Router<CirculaContext>, _ services: ServerServices) {
        router.get("/api/v1/ledger/accounts") { request, context -> Response in
            let window = try PageWindow(request)
            let (view, snapshot) = try await viewAndSnapshot(request, context, services)
            return try snapshot.json("accounts|\(view.cacheKey)|\(window.cacheKey)") {
                Page(view.accounts.map { a in
                    AccountJSON(id: a.account.id, site: a.account.site, product: a.account.product, factor: a.account.factor.description,
                                ringFencedFor: a.account.ringFencedFor, unit: unit(view.state, product: a.account.product).rawValue,
                                balance: a.balance, batches: a.batches.count)
                }, window)
            }
        }
        router.get("/api/v1/ledger/balance") { request, context -> Response in
            try context.require(.staff)
            let snapshot = try await services.snapshot()
            return try snapshot.json("balance") { () -> BalanceJSON in
                let state = snapshot.state
                var totals: [String: Int64] = [:]
                let lines = state.accounts.values.sorted { $0.account.id < $1.account.id }.map { a -> BalanceJSON.Line in
                    let u = unit(state, product: a.account.product)
                    totals[a.account.product, default: 0] += a.balance
                    return .init(account: a.account.id, product: a.account.product, unit: u.rawValue, ringFencedFor: a.account.ringFencedFor,
                                 balance: a.balance, balanceDisplay: u.show(a.balance))
                }
                return BalanceJSON(headSeq: snapshot.head.seq, headHash: snapshot.head.hash, accounts: lines, totalByProduct: totals)
            }
        }
        router.get("/api/v1/ledger/receipts") { request, context -> Response in
            let window = try PageWindow(request)
            let (view, snapshot) = try await viewAndSnapshot(request, context, services)
            return try snapshot.json("receipts|\(view.cacheKey)|\(window.cacheKey)") {
                Page(view.receipts.map { r in
                    ReceiptJSON(lot: r.receipt.lot, site: r.receipt.site, supplier: r.receipt.supplier, date: r.receipt.date,
                                category: r.receipt.category.rawValue, origin: r.receipt.origin.rawValue, ringFencedFor: r.receipt.ringFencedFor,
                                reversed: r.reversed, elements: r.receipt.elements,
                                units: Dictionary(uniqueKeysWithValues: r.receipt.elements.keys.map { ($0, AmountUnit.forElement($0).rawValue) }),
                                credited: r.credited)
                }, window)
            }
        }
        router.get("/api/v1/ledger/deliveries") { request, context -> Response in
            let window = try PageWindow(request)
            let (view, snapshot) = try await viewAndSnapshot(request, context, services)
            return try snapshot.json("deliveries|\(view.cacheKey)|\(window.cacheKey)") { Page(view.deliveries.map { deliveryJSON($0, view.state) }, window) }
        }
        router.get("/api/v1/ledger/deliveries/{delivery}") { request, context -> Response in
            let (view, snapshot) = try await viewAndSnapshot(request, context, services)
            let id = context.parameters.get("delivery") ?? ""
            guard let d = view.delivery(id) else { throw Problem.notFound("delivery", String(id.prefix(60))) }
            return try snapshot.json("delivery|\(d.delivery.delivery)") { deliveryJSON(d, view.state) }
        }
        router.get("/api/v1/ledger/allocations") { request, context -> Response in
            let window = try PageWindow(request)
            let (view, snapshot) = try await viewAndSnapshot(request, context, services)
            return try snapshot.json("allocations|\(view.cacheKey)|\(window.cacheKey)") {
                Page(view.deliveries.flatMap { d in
                    d.allocations.map { AllocationJSON(event: $0.event, delivery: d.delivery.delivery, account: $0.account, amount: $0.amount,
                                                       unit: unit(view.state, product: d.delivery.product).rawValue) }
                }, window)
            }
        }
        router.get("/api/v1/ledger/events") { request, context -> Response in
            try context.require(.staff)
            let query = request.uri.queryParameters
            let after = try PageWindow.integer(query.get("after"), name: "after", range: 0...Int(Int32.max)) ?? 0
            let limit = try PageWindow.integer(query.get("limit"), name: "limit", range: 1...ServerLimits.maxPageSize) ?? 100
            let events = try await services.ledger.history(after: Int64(after), limit: limit + 1)
            struct EventsPage: Encodable { var items: [EventJSON]; var after: Int; var limit: Int; var moreRemain: Bool; var nextAfter: Int64? }
            let items = events.prefix(limit).map { EventJSON(seq: $0.seq, id: $0.id, type: $0.type, timestamp: $0.timestamp, actor: $0.actor, hash: $0.hash, prevHash: $0.prevHash) }
            return try json(EventsPage(items: Array(items), after: after, limit: limit, moreRemain: events.count > limit,
                                       nextAfter: events.count > limit ? items.last?.seq : nil))
        }
        router.get("/api/v1/ledger/verify") { _, context -> Response in
            try context.require(.staff)
            return try json(try await services.ledger.verify())
        }
        router.get("/api/v1/ledger/ratio") { request, context -> Response in
            try context.require(.staff)
            let window = try PageWindow(request)
            let snapshot = try await services.snapshot()
            return try snapshot.json("ratio|\(window.cacheKey)") {
                Page(RecyclingRatio.compute(snapshot.state).map {
                    RatioJSON(product: $0.product, period: $0.period, unit: $0.unit.rawValue, delivered: $0.delivered, recycled: $0.recycled,
                              deliveries: $0.deliveries, sharePpm: $0.sharePpm)
                }, window)
            }
        }
    }
}
