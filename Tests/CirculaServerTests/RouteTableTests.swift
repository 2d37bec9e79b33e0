import Foundation
import Testing

/// Every route of the OpenAPI document × every role: allowed, or 401 (nobody) / 403 (role) with no data;
/// and a customer reads or changes nothing of another customer.
@Suite("circula serve: route table and customer isolation", .serialized)
struct RouteTableTests {
    enum Caller: String, CaseIterable { case anonymous, admin, `operator`, auditor, customer }

    static func allowed(_ access: String, _ caller: Caller) -> Bool {
        switch access {
        case "public": true
        case "signed-in": caller != .anonymous
        case "staff": [.admin, .operator, .auditor].contains(caller)
        case "writer": [.admin, .operator].contains(caller)
        case "admin": caller == .admin
        default: false
        }
    }

    /// Real ids of the demo data for path parameters.
    static func fill(_ path: String) -> String {
        path.replacingOccurrences(of: "{symbol}", with: "Cu").replacingOccurrences(of: "{delivery}", with: "D24-04-001")
            .replacingOccurrences(of: "{certificate}", with: "CERT-D24-04-001-1")
            // No run exists yet: an allowed caller gets 404 (not 401/403), a refused one 401/403 before the lookup.
            .replacingOccurrences(of: "{run}", with: path.contains("/plan/") ? "P-0000000000000000" : "B-0000000000000000")
    }

    /// The refusal carries problem details only: no items, no ledger fields.
    static func carriesNoData(_ reply: HTTP.Reply) -> Bool {
        let keys = Set(reply.object.keys)
        return reply.header("Content-Type")?.hasPrefix("application/problem+json") == true && keys.isSubset(of: ["type", "title", "status", "detail"])
    }

    @Test("each role gets what it may, or 401/403 with no data, on every route of the OpenAPI document")
    func routeTable() async throws {
        let (dir, tokens) = try Harness.copy()
        let server = try ServerProcess(arguments: ["--db", dir.appendingPathComponent("circula.sqlite").path, "--key", dir.appendingPathComponent("keys/issuer.key.pem").path])
        defer { _ = server.stop() }
        let spec = try await HTTP.get(server.base + "/api/v1/openapi.json").object
        let paths = try #require(spec["paths"] as? [String: [String: Any]])
        #expect(paths.count >= 25)
        let token: [Caller: String?] = [.anonymous: nil, .admin: tokens.admin, .operator: tokens.operator_, .auditor: tokens.auditor, .customer: tokens.alpha]
        let headBefore = try await HTTP.get(server.base + "/api/v1/ledger/balance", token: tokens.admin).object["head_seq"] as? Int
        var checked = 0
        for (path, operations) in paths.sorted(by: { $0.key < $1.key }) {
            for (method, operation) in operations {
                let access = try #require((operation as? [String: Any])?["x-circula-access"] as? String, "\(method) \(path) has no x-circula-access")
                for caller in Caller.allCases {
                    // Writes get an empty object: an allowed caller is refused for the missing fields (422/400), so nothing changes.
                    let reply = method == "get"
                        ? try await HTTP.get(server.base + Self.fill(path), token: token[caller]!)
                        : try await HTTP.postJSON(server.base + Self.fill(path) + (path == "/api/v1/lots" ? "?site=saganoseki" : ""), "{}", token: token[caller]!)
                    if Self.allowed(access, caller) {
                        #expect(![401, 403].contains(reply.status), "\(caller) \(method.uppercased()) \(path): \(reply.status) \(reply.text.prefix(200))")
                        #expect(reply.status < 500, "\(caller) \(method.uppercased()) \(path): \(reply.status) \(reply.text.prefix(200))")
                    } else {
                        #expect(reply.status == (caller == .anonymous ? 401 : 403), "\(caller) \(method.uppercased()) \(path): \(reply.status)")
                        #expect(Self.carriesNoData(reply), "\(caller) \(method.uppercased()) \(path): refusal carries data: \(reply.text.prefix(200))")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked >= 28 * Caller.allCases.count)
        let headAfter = try await HTTP.get(server.base + "/api/v1/ledger/balance", token: tokens.admin).object["head_seq"] as? Int
        #expect(headBefore != nil && headBefore == headAfter, "the walk changed the ledger")
    }

    @Test("a customer token sees only its own deliveries, allocations, certificates, accounts, receipts and statement")
    func customerIsolation() async throws {
        let (dir, tokens) = try Harness.copy()
        let server = try ServerProcess(arguments: ["--db", dir.appendingPathComponent("circula.sqlite").path, "--key", dir.appendingPathComponent("keys/issuer.key.pem").path])
        defer { _ = server.stop() }
        // Certificates for an Alpha and a Beta delivery, issued through the API by the operator.
        for delivery in ["D24-04-001", "D24-04-002"] {
            let issued = try await HTTP.postJSON(server.base + "/api/v1/ledger/certificates", "{\"delivery\":\"\(delivery)\"}", token: tokens.operator_)
            #expect(issued.status == 201, "\(issued.text)")
        }
        let headBefore = try await HTTP.get(server.base + "/api/v1/ledger/balance", token: tokens.admin).object["head_seq"] as? Int
        let alpha = tokens.alpha
        // Lists: only Alpha's.
        let deliveries = try await HTTP.get(server.base + "/api/v1/ledger/deliveries", token: alpha).object["items"] as? [[String: Any]] ?? []
        #expect(!deliveries.isEmpty)
        #expect(deliveries.allSatisfy { $0["customer"] as? String == "Customer Alpha" })
        let allDeliveries = try await HTTP.get(server.base + "/api/v1/ledger/deliveries", token: tokens.auditor).object["items"] as? [[String: Any]] ?? []
        let betaIDs = allDeliveries.filter { $0["customer"] as? String != "Customer Alpha" }.compactMap { $0["delivery"] as? String }
        #expect(betaIDs.count >= 8)
        for list in ["allocations", "certificates", "accounts", "receipts"] {
            let items = try await HTTP.get(server.base + "/api/v1/ledger/\(list)", token: alpha).object["items"] as? [[String: Any]] ?? []
            let text = String(decoding: try JSONSerialization.data(withJSONObject: items), as: UTF8.self)
            #expect(!text.contains("Beta") && !text.contains("beta-cu"), "\(list) shows another customer's records: \(text.prefix(300))")
            #expect(list == "allocations" || !text.contains("pool-cu"), "\(list) shows the pool: \(text.prefix(300))")
            for id in betaIDs { #expect(!text.contains("\"\(id)\""), "\(list) names \(id)") }
        }
        // Another customer's ids, guessed and enumerated, in the path: 404 as if they did not exist.
        for n in 1...12 {
            let id = String(format: "D24-04-%03d", n)
            let reply = try await HTTP.get(server.base + "/api/v1/ledger/deliveries/\(id)", token: alpha)
            let own = deliveries.contains { $0["delivery"] as? String == id }
            #expect(reply.status == (own ? 200 : 404), "\(id): \(reply.status)")
            if !own { #expect(!reply.text.contains("Customer Beta") && !reply.text.contains("Sample")) }
        }
        let betaCertificate = try await HTTP.get(server.base + "/api/v1/ledger/certificates/CERT-D24-04-002-1", token: alpha)
        #expect(betaCertificate.status == 404)
        #expect(try await HTTP.get(server.base + "/api/v1/ledger/certificates/CERT-D24-04-001-1", token: alpha).status == 200)
        // Another customer named in the query: refused on every list and the statement.
        for path in ["ledger/deliveries", "ledger/allocations", "ledger/certificates", "ledger/accounts", "ledger/receipts", "statement", "statement.csv",
                     "ledger/deliveries/D24-04-001"] {
            let reply = try await HTTP.get(server.base + "/api/v1/\(path)?customer=Customer%20Beta", token: alpha)
            #expect(reply.status == 403, "\(path)?customer=Customer Beta: \(reply.status)")
            #expect(Self.carriesNoData(reply))
        }
        // In the body: writes refused before anything is read.
        for (path, body) in [("ledger/allocations", "{\"delivery\":\"D24-04-002\",\"account\":\"beta-cu\",\"amount\":1}"),
                             ("ledger/allocations", "{\"delivery\":\"D24-04-001\",\"account\":\"alpha-cu\",\"amount\":1}"),
                             ("ledger/certificates", "{\"delivery\":\"D24-04-004\"}")] {
            let reply = try await HTTP.postJSON(server.base + "/api/v1/\(path)", body, token: alpha)
            #expect(reply.status == 403, "\(path) \(body): \(reply.status)")
        }
        // Alpha's own statement names no one else.
        let statement = try await HTTP.get(server.base + "/api/v1/statement", token: alpha)
        #expect(statement.status == 200)
        #expect(statement.text.contains("D24-04-001") && !statement.text.contains("Customer Beta") && !statement.text.contains("D24-04-002"))
        // By a coarser period than the ledger's months: the fiscal year and its first quarter hold April; the second
        // quarter holds nothing; a period that is no period is refused naming the field and the spelling.
        for (period, holdsApril) in [("FY2024", true), ("FY2024-Q1", true), ("2024-04", true), ("FY2024-Q2", false), ("2024-05", false)] {
            let reply = try await HTTP.get(server.base + "/api/v1/statement?period=\(period)", token: alpha)
            #expect(reply.status == 200, "\(period): \(reply.text.prefix(200))")
            #expect(reply.object["period"] as? String == period)
            #expect(reply.text.contains("D24-04-001") == holdsApril, "\(period): \(reply.text.prefix(300))")
            let csv = try await HTTP.get(server.base + "/api/v1/statement.csv?period=\(period)", token: alpha)
            #expect(csv.text.contains("D24-04-001") == holdsApril, "\(period) csv")
        }
        for bad in ["2024-13", "FY24", "April"] {
            let reply = try await HTTP.get(server.base + "/api/v1/statement?period=\(bad)", token: alpha)
            #expect(reply.status == 400, "\(bad): \(reply.status)")
            #expect(reply.object["field"] as? String == "period")
            #expect(reply.object["expected"] as? String == "YYYY-MM such as 2024-04, or FYyyyy-Qn such as FY2024-Q1 (April–June 2024), or FYyyyy such as FY2024 (April 2024–March 2025)",
                    "\(reply.text.prefix(300))")
        }
        let headAfter = try await HTTP.get(server.base + "/api/v1/ledger/balance", token: tokens.admin).object["head_seq"] as? Int
        #expect(headBefore == headAfter)
    }
}
