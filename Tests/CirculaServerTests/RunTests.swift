import Foundation
import Testing

/// Balances and plans run on uploaded inputs (`POST /api/v1/balance/runs`, `POST /api/v1/plan/runs`): the same
/// use cases as the CLI, so an upload of a bundled file gives the bundled route's result; bad uploads are refused
/// naming line, column or key, and nothing is kept.
@Suite("circula serve: balance and plan runs on uploads", .serialized)
struct RunTests {
    /// The first place two decoded JSON documents differ, as a path and both values, or nil when they agree. Numbers
    /// agree within 1e-9 relative: the same LP solved twice in one process may sum in another order (dictionary
    /// iteration), and differs in the last bits, never beyond.
    static func difference(_ a: Any, _ b: Any, at path: String = "$") -> String? {
        switch (a, b) {
        case let (x as [String: Any], y as [String: Any]):
            if Set(x.keys) != Set(y.keys) { return "\(path): keys \(x.keys.sorted()) vs \(y.keys.sorted())" }
            for key in x.keys.sorted() { if let d = difference(x[key]!, y[key]!, at: "\(path).\(key)") { return d } }
            return nil
        case let (x as [Any], y as [Any]):
            if x.count != y.count { return "\(path): \(x.count) items vs \(y.count)" }
            for (i, pair) in zip(x, y).enumerated() { if let d = difference(pair.0, pair.1, at: "\(path)[\(i)]") { return d } }
            return nil
        case let (x as NSNumber, y as NSNumber):
            let u = x.doubleValue, v = y.doubleValue
            return abs(u - v) <= 1e-9 * max(1, abs(u), abs(v)) ? nil : "\(path): \(u) vs \(v)"
        case let (x as String, y as String):
            return x == y ? nil : "\(path): \"\(x.prefix(120))\" vs \"\(y.prefix(120))\""
        case (is NSNull, is NSNull):
            return nil
        default:
            return "\(path): \(type(of: a)) vs \(type(of: b))"
        }
    }

    static func resource(_ path: String) throws -> String {
        try String(contentsOf: Harness.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    static func post(_ server: ServerProcess, _ path: String, _ body: String, token: String?, type: String) async throws -> HTTP.Reply {
        try await HTTP.request("POST", server.base + path, token: token, headers: ["Content-Type": type], body: Data(body.utf8))
    }

    @Test("a lot CSV balanced through the API equals the CLI's balance of the same file; its run and Sankey can be fetched; bad files name the line")
    func balanceRun() async throws {
        let (server, tokens, _) = try APITests.start()
        defer { _ = server.stop() }
        let sample = try Self.resource("Sources/CirculaCore/Resources/sample-lots.csv")
        let created = try await Self.post(server, "/api/v1/balance/runs", sample, token: tokens.operator_, type: "text/csv")
        #expect(created.status == 201, "\(created.text.prefix(400))")
        let run = created.object
        let id = try #require(run["id"] as? String)
        #expect(id.hasPrefix("B-") && id.count == 18)
        let balance = try #require(run["balance"] as? [String: Any])
        let lotRows = sample.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix("lot_id") && !$0.isEmpty }.count
        #expect(balance["lots"] as? Int == lotRows)
        // The bundled sample through the bundled model is what GET /api/v1/balance shows: the same use case.
        let bundled = try await HTTP.get(server.base + "/api/v1/balance", token: tokens.auditor).object
        let share = try #require(balance["recycled_share_cu"] as? Double)
        #expect(share == bundled["recycled_share_cu"] as? Double)
        #expect(share > 0 && share < 1)
        // Fetch by id (an auditor reads), and its Sankey for one element.
        let fetched = try await HTTP.get(server.base + "/api/v1/balance/runs/\(id)", token: tokens.auditor)
        #expect(fetched.status == 200)
        #expect((fetched.object["balance"] as? [String: Any])?["recycled_share_cu"] as? Double == share)
        let sankey = try await HTTP.get(server.base + "/api/v1/balance/runs/\(id)/sankey.svg?element=Au", token: tokens.auditor)
        #expect(sankey.status == 200)
        #expect(sankey.header("Content-Type") == "image/svg+xml")
        #expect(sankey.text.contains("<svg") && sankey.text.contains("Au flows"))
        let badElement = try await HTTP.get(server.base + "/api/v1/balance/runs/\(id)/sankey.svg?element=Xx", token: tokens.auditor)
        #expect(badElement.status == 400)
        #expect(badElement.object["field"] as? String == "element")
        // Roles: an auditor and a customer may not run; a customer may not read runs.
        #expect(try await Self.post(server, "/api/v1/balance/runs", sample, token: tokens.auditor, type: "text/csv").status == 403)
        #expect(try await Self.post(server, "/api/v1/balance/runs", sample, token: nil, type: "text/csv").status == 401)
        #expect(try await HTTP.get(server.base + "/api/v1/balance/runs/\(id)", token: tokens.alpha).status == 403)
        // Unknown run: 404 naming the field.
        let unknown = try await HTTP.get(server.base + "/api/v1/balance/runs/B-0123456789abcdef", token: tokens.auditor)
        #expect(unknown.status == 404)
        #expect(unknown.object["field"] as? String == "run")

        // A broken wet mass on the third lot: 422 naming line and column, and no run is kept under its id.
        var lines = sample.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("lot_id") })
        var fields = lines[header + 3].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[5] = "heavy"
        lines[header + 3] = fields.joined(separator: ",")
        let broken = try await Self.post(server, "/api/v1/balance/runs", lines.joined(separator: "\n"), token: tokens.operator_, type: "text/csv")
        #expect(broken.status == 422, "\(broken.text.prefix(300))")
        #expect(broken.object["line"] as? Int == header + 4)
        #expect((broken.object["column"] as? String)?.contains("wet_mass") == true, "\(broken.text.prefix(300))")
        #expect((broken.object["detail"] as? String)?.contains("nothing was run") == true)
        // An unknown feed is refused by the balance itself (the model does not know it), still 422.
        fields = lines[header + 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[3] = "moon_rock"
        let unknownFeed = try await Self.post(server, "/api/v1/balance/runs", [lines[header], fields.joined(separator: ",")].joined(separator: "\n"),
                                              token: tokens.operator_, type: "text/csv")
        #expect(unknownFeed.status == 422, "\(unknownFeed.text.prefix(300))")
        #expect(unknownFeed.text.contains("moon_rock"))
        for (body, status) in [("", 422), ("lot_id,date\n", 422), (String(repeating: "x", count: (1 << 20) + 10), 413)] {
            let reply = try await Self.post(server, "/api/v1/balance/runs", body, token: tokens.operator_, type: "text/csv")
            #expect(reply.status == status, "\(body.prefix(30)): \(reply.text.prefix(200))")
            #expect(reply.header("Content-Type") == "application/problem+json")
        }
        let notText = try await HTTP.request("POST", server.base + "/api/v1/balance/runs", token: tokens.operator_,
                                             headers: ["Content-Type": "text/csv"], body: Data([0xFF, 0xFE, 0x00, 0x41]))
        #expect(notText.status == 422)
    }

    @Test("an uploaded scenario plans as the bundled one does; a derived one names a bundled base; a model path or a broken file is refused")
    func planRun() async throws {
        let (server, tokens, _) = try APITests.start()
        defer { _ = server.stop() }
        let scenario = try Self.resource("Sources/CirculaPlan/Resources/default-scenario.yaml")
        let created = try await Self.post(server, "/api/v1/plan/runs", scenario, token: tokens.operator_, type: "application/yaml")
        #expect(created.status == 201, "\(created.text.prefix(400))")
        let id = try #require(created.object["id"] as? String)
        #expect(id.hasPrefix("P-"))
        // The same scenario as the bundled GET /api/v1/plan: the same plan, field for field.
        let bundled = try await HTTP.get(server.base + "/api/v1/plan", token: tokens.auditor)
        let plan = try #require(created.object["plan"] as? [String: Any])
        #expect(Self.difference(plan, bundled.object) == nil, "uploaded default-scenario.yaml planned differently")
        let fetched = try await HTTP.get(server.base + "/api/v1/plan/runs/\(id)", token: tokens.auditor)
        #expect(fetched.status == 200)
        #expect(fetched.object["id"] as? String == id)
        // A sweep on the run equals the bundled sweep over the same points.
        let sweep = try await HTTP.get(server.base + "/api/v1/plan/runs/\(id)/sweep?tc=80:60:10", token: tokens.auditor)
        let bundledSweep = try await HTTP.get(server.base + "/api/v1/plan/sweep?tc=80:60:10", token: tokens.auditor)
        #expect(sweep.status == 200, "\(sweep.text.prefix(300))")
        #expect(Self.difference(sweep.object, bundledSweep.object) == nil)
        let wide = try await HTTP.get(server.base + "/api/v1/plan/runs/\(id)/sweep?tc=-200:300:1", token: tokens.auditor)
        #expect(wide.status == 400)
        #expect(wide.object["field"] as? String == "tc")

        // A derived scenario: the bundled cut names `base: default`, which resolves to the bundled default.
        let cut = try Self.resource("Sources/CirculaPlan/Resources/scenario-cut-fy2025.yaml")
        let derived = try await Self.post(server, "/api/v1/plan/runs", cut, token: tokens.operator_, type: "application/yaml")
        #expect(derived.status == 201, "\(derived.text.prefix(400))")
        #expect(derived.object["id"] as? String != id)

        // A scenario that names a model file on the server is refused before anything is read or planned.
        let withModel = scenario.replacingOccurrences(of: "\nmodel: default\n", with: "\nmodel: /etc/passwd\n")
        #expect(withModel != scenario)
        let refused = try await Self.post(server, "/api/v1/plan/runs", withModel, token: tokens.operator_, type: "application/yaml")
        #expect(refused.status == 422, "\(refused.text.prefix(300))")
        #expect(refused.object["field"] as? String == "model")
        #expect(!refused.text.contains("root:"))
        // Broken YAML and a missing section name the line.
        let broken = try await Self.post(server, "/api/v1/plan/runs", "name: x\nyear: 2025\nfeeds: [\n", token: tokens.operator_, type: "application/yaml")
        #expect(broken.status == 422, "\(broken.text.prefix(300))")
        #expect(broken.object["line"] as? Int != nil, "\(broken.text.prefix(300))")
        let noFeeds = try await Self.post(server, "/api/v1/plan/runs", "name: x\nyear: 2025\n", token: tokens.operator_, type: "application/yaml")
        #expect(noFeeds.status == 422)
        #expect(noFeeds.text.contains("feeds"), "\(noFeeds.text.prefix(300))")
        #expect(try await Self.post(server, "/api/v1/plan/runs", scenario, token: tokens.auditor, type: "application/yaml").status == 403)
        let unknown = try await HTTP.get(server.base + "/api/v1/plan/runs/P-0123456789abcdef/sweep", token: tokens.auditor)
        #expect(unknown.status == 404)
        #expect(unknown.object["field"] as? String == "run")
    }

    @Test("certificate requests with bad bodies, unknown deliveries and oversized uploads are refused naming the field; nothing changes")
    func certificateBadInput() async throws {
        let (server, tokens, _) = try APITests.start()
        defer { _ = server.stop() }
        let before = try await APITests.head(server, tokens)
        let url = server.base + "/api/v1/ledger/certificates"
        for (body, status, field) in [("{\"delivery\": ", 400, nil), ("{}", 422, "delivery"), ("{\"delivery\": 12}", 422, "delivery"),
                                      ("{\"delivery\": \"D99-99-999\"}", 404, "delivery")] as [(String, Int, String?)] {
            let reply = try await HTTP.postJSON(url, body, token: tokens.operator_)
            #expect(reply.status == status, "\(body): \(reply.status) \(reply.text.prefix(200))")
            #expect(reply.header("Content-Type") == "application/problem+json")
            if let field { #expect(reply.object["field"] as? String == field, "\(body): \(reply.text.prefix(200))") }
        }
        let lots = try await HTTP.request("POST", server.base + "/api/v1/lots?site=saganoseki", token: tokens.operator_,
                                          headers: ["Content-Type": "text/csv"], body: Data(String(repeating: "y", count: (1 << 20) + 1).utf8))
        #expect(lots.status == 413)
        let verify = try await HTTP.postJSON(server.base + "/api/v1/certificates/verify", String(repeating: " ", count: 300 * 1024))
        #expect(verify.status == 413)
        // An auditor's token on a write: 403 with no data.
        let auditor = try await HTTP.postJSON(url, "{\"delivery\":\"D24-04-001\"}", token: tokens.auditor)
        #expect(auditor.status == 403)
        #expect(RouteTableTests.carriesNoData(auditor))
        #expect(try await APITests.head(server, tokens) == before)
    }
}
