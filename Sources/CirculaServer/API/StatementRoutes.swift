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
        var statement: CustomerStatement
        do { statement = try CustomerStatement.compute(try await services.state(), customer: customer) } catch let error as LedgerError { throw problem(error) }
        if let period = request.uri.queryParameters.get("period") {
            statement.periods = statement.periods.filter { $0.period == period }
        }
        return statement
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

/// The statement as one CSV table: a row per receipt, credit, delivery and allocation, amounts exact and in the
/// display unit with the unit in the header.
enum StatementCSV {
    static func cell(_ text: String) -> String {
        text.contains(",") || text.contains("\"") || text.contains("\n") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    static func render(_ s: CustomerStatement) -> String {
        var rows = ["period,kind,id,date,element_or_product,amount,unit,amount_exact,exact_unit,detail"]
        func add(_ fields: [String]) { rows.append(fields.map(cell).joined(separator: ",")) }
        for p in s.periods {
            for r in p.receipts {
                for (element, mass) in r.elements.sorted(by: { $0.key.symbol < $1.key.symbol }) {
                    let u = AmountUnit.forElement(element)
                    add([p.period, "scrap received", r.lot, r.date, element.symbol, u.format(mass, in: u.displayUnit), u.displayUnit, "\(mass)", u.rawValue, "\(r.supplier) (\(r.category))"])
                }
            }
            for c in p.credits {
                add([p.period, "credit created", c.lot, "", c.element.symbol, c.unit.format(c.issued, in: c.unit.displayUnit), c.unit.displayUnit, "\(c.issued)", c.unit.rawValue,
                     "account \(c.account) at factor \(c.factor); claimed \(c.unit.format(c.claimed, in: c.unit.displayUnit)) \(c.unit.displayUnit), remaining \(c.unit.format(c.remaining, in: c.unit.displayUnit)) \(c.unit.displayUnit)"])
            }
            for d in p.deliveries {
                add([p.period, "delivery", d.delivery, d.date, d.product, d.unit.format(d.mass, in: d.unit.displayUnit), d.unit.displayUnit, "\(d.mass)", d.unit.rawValue,
                     "recycled \(d.unit.format(d.recycled, in: d.unit.displayUnit)) \(d.unit.displayUnit) (\(Percent.ppm(d.recycledSharePpm)) %); certificates \(d.certificates.joined(separator: " "))"])
                for a in d.allocations {
                    add([p.period, "allocation", a.event, d.date, d.product, d.unit.format(a.amount, in: d.unit.displayUnit), d.unit.displayUnit, "\(a.amount)", d.unit.rawValue,
                         "to \(d.delivery) from \(a.account) (\(a.ringFencedFor.map { "ring-fenced for \($0)" } ?? "pool"))"])
                }
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}

/// ppm as a percentage with two decimals, in integers (`246_612` → `24.66`).
enum Percent {
    static func ppm(_ ppm: Int64) -> String {
        let hundredths = ppm / 100
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
