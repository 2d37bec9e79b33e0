import CirculaCore
import CirculaLedger
import Hummingbird

/// The co-creation statement of one customer, per period: `GET /api/v1/statement` (JSON) and
/// `GET /api/v1/statement.csv`. A customer gets its own; staff name `?customer=`.
enum StatementRoutes {
    static func statement(_ request: Request, _ context: CirculaContext, _ services: ServerServices) async throws -> CustomerStatement {
        let identity = try context.require(.signedIn)!
        let requested = request.uri.queryParameters.get("customer").map { String($0) }
        let customer: String
        if identity.role == .customer {
            if let requested, requested != identity.customer { throw Problem.forbidden("a customer account reads only its own statement") }
            customer = identity.customer ?? ""
        } else {
            guard let requested, !requested.isEmpty else { throw Problem.badRequest("query parameter customer is required for staff", field: "customer", expected: "a customer name such as Customer Alpha") }
            customer = requested
        }
        let period = request.uri.queryParameters.get("period").map { String($0) }
        do { return try CustomerStatement.compute(try await services.state(), customer: customer, period: period) } catch let error as LedgerError {
            throw periodProblem(error)
        }
    }

    /// A `period` the ledger cannot report by is the query's fault (400, naming the spelling it expects).
    static func periodProblem(_ error: LedgerError) -> Problem {
        if case .invalidPeriod(_, let expected) = error {
            return Problem.badRequest(error.description, field: "period", expected: expected)
        }
        return problem(error)
    }

    static func register(_ router: Router<CirculaContext>, _ services: ServerServices) {
        router.get("/api/v1/statement") { request, context -> Response in
            try json(try await statement(request, context, services))
        }
        router.get("/api/v1/statement.csv") { request, context -> Response in
            let s = try await statement(request, context, services)
            var response = text(StatementCSV.render(s), contentType: "text/csv; charset=utf-8")
            response.headers[.contentDisposition] = "attachment; filename=\"statement.csv\""
            return response
        }
    }
}

/// The statement as one CSV table: `CustomerStatement.csv()`, the same table `circula ledger statement --format csv`
/// writes (a row per receipt, credit, delivery, allocation and total; formula-like cells made inert).
enum StatementCSV {
    static func render(_ s: CustomerStatement) -> String { s.csv() }
}

/// ppm as a percentage with two decimals, in integers (`246_612` → `24.66`): the statement's own rule.
enum Percent {
    static func ppm(_ ppm: Int64) -> String { CustomerStatement.percent(ppm) }
}
