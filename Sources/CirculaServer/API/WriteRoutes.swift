import HTTPTypes
import CirculaCore
import CirculaLedger
import Foundation
import CirculaWorkspace
import Hummingbird

/// Writing routes (admin, operator): allocate credits to a delivery, issue a certificate, upload a lot file.
/// Each is one ledger append (all or nothing); the actor recorded on the event is the signed-in user.
enum WriteRoutes {
    struct AllocateRequest: Decodable {
        var delivery: String
        var account: String
        /// Exact amount in the product's unit (g); absent: as much as both the delivery and the account allow.
        var amount: Int64?
    }
    struct IssueRequest: Decodable { var delivery: String }
    struct Written: Encodable { var events: [String]; var headSeq: Int64 }

    static func ledger(_ services: ServerServices, _ identity: Identity) -> Ledger {
        Ledger(store: services.ledger.store, actor: "\(identity.user) (via circula serve)")
    }

    static func register(_ router: Router<CirculaContext>, _ services: ServerServices) {
        router.post("/api/v1/ledger/allocations") { request, context -> Response in
            let identity = try context.require(.writer)!
            try context.checkCSRFIfSession(request)
            let body = try await RequestBody.decode(AllocateRequest.self, from: request)
            guard !body.delivery.isEmpty, body.delivery.count <= 100 else { throw Problem.unprocessable("delivery must be 1 to 100 characters", field: "delivery") }
            guard !body.account.isEmpty, body.account.count <= 100 else { throw Problem.unprocessable("account must be 1 to 100 characters", field: "account") }
            if let amount = body.amount, amount <= 0 { throw Problem.unprocessable("amount must be a positive integer (g)", field: "amount", expected: "integer > 0") }
            let state = try await services.state()
            guard state.deliveries[body.delivery] != nil else { throw Problem(.notFound, "Not Found", detail: "unknown delivery \"\(body.delivery.prefix(60))\"", field: "delivery") }
            guard state.accounts[body.account] != nil else { throw Problem(.notFound, "Not Found", detail: "unknown account \"\(body.account.prefix(60))\"", field: "account") }
            do {
                let stored = try await ledger(services, identity).allocate(delivery: body.delivery, account: body.account, amount: body.amount)
                context.logger.info("allocated", metadata: ["event": "\(stored.id)", "delivery": "\(body.delivery)"])
                return try json(Written(events: [stored.id], headSeq: stored.seq), status: .created)
            } catch let error as LedgerError { throw problem(error, field: "amount") }
        }

        router.post("/api/v1/ledger/certificates") { request, context -> Response in
            let identity = try context.require(.writer)!
            try context.checkCSRFIfSession(request)
            let body = try await RequestBody.decode(IssueRequest.self, from: request)
            guard let key = services.issuerKey else {
                throw Problem(.serviceUnavailable, "Service Unavailable", detail: "this server has no issuer key; start it with --key FILE")
            }
            do {
                let certificate = try await ledger(services, identity).issueCertificate(delivery: body.delivery, key: key)
                try await services.store.archive(ArchivedCertificate(certificate: certificate.body.certificate, delivery: certificate.body.delivery,
                                                                     customer: certificate.body.customer, json: try certificate.json()))
                return Response(status: .created, headers: [.contentType: "application/json"],
                                body: .init(byteBuffer: ByteBuffer(string: try certificate.json())))
            } catch let error as LedgerError { throw problem(error, field: "delivery") }
        }

        router.post("/api/v1/lots") { request, context -> Response in
            let identity = try context.require(.writer)!
            try context.checkCSRFIfSession(request)
            let query = request.uri.queryParameters
            guard let site = query.get("site"), !site.isEmpty else { throw Problem.badRequest("query parameter site is required", field: "site", expected: "a site id such as saganoseki") }
            let recycledOnly = query.get("recycled_only") == "true"
            let buffer = try await RequestBody.bytes(request)
            guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
                throw Problem.unprocessable("the upload is not UTF-8 text", expected: "a lot CSV (UTF-8)")
            }
            let file = "upload.csv"
            let lots: [Lot]
            do { lots = try LotCSV.parse(text, file: file) } catch let error as InputErrors { throw problem(error, file: file) }
            var items: [(location: SourceLocation, event: LedgerEvent)] = []
            var errors: [LocatedError] = []
            for lot in lots {
                if recycledOnly && !lot.category.isRecycled { continue }
                let location = lot.location ?? SourceLocation(file: file)
                do { items.append((location, .receive(try LotReceipts.receipt(for: lot, site: site)))) } catch {
                    errors.append(LocatedError(location, "\(error)"))
                }
            }
            if !errors.isEmpty { throw problem(InputErrors(errors), file: file) }
            guard !items.isEmpty else { throw Problem.unprocessable("the file has no lots to record", expected: "at least one recycled lot") }
            do {
                // The same use case as `circula ledger receive`: replayed first, refusals located by line, all or nothing.
                let stored = try await Workspace.appendAtomically(items, to: ledger(services, identity))
                return try json(Written(events: stored.map(\.id), headSeq: stored.last?.seq ?? 0), status: .created)
            } catch let error as InputErrors {
                throw problem(error, file: file)
            } catch let error as LedgerError {
                var p = problem(error)
                p.detail = "\(file): \(error); nothing was recorded"
                throw p
            }
        }
    }
}

extension CirculaContext {
    /// A write made with a session cookie (a dashboard form or script in the page) must carry the session's
    /// CSRF token in `X-CSRF-Token`; bearer-token calls are not sent automatically by browsers and need none.
    func checkCSRFIfSession(_ request: Request) throws {
        guard let session, request.headers[.authorization] == nil else { return }
        guard let sent = request.headers[HTTPField.Name("X-CSRF-Token")!], TokenSecret.constantTimeEqual(sent, session.csrf) else {
            throw Problem.forbidden("missing or wrong CSRF token (X-CSRF-Token)")
        }
    }
}
