import CirculaServer
import Foundation
import Testing

/// The JSON API against a live server: pagination, problem details for bad input, tokens, atomic uploads.
@Suite("circula serve: API and bad input", .serialized)
struct APITests {
    static func start() throws -> (ServerProcess, Harness.Tokens, URL) {
        let (dir, tokens) = try Harness.copy()
        let server = try ServerProcess(arguments: ["--db", dir.appendingPathComponent("circula.sqlite").path, "--key", dir.appendingPathComponent("keys/issuer.key.pem").path])
        return (server, tokens, dir)
    }

    static func head(_ server: ServerProcess, _ tokens: Harness.Tokens) async throws -> Int {
        try await HTTP.get(server.base + "/api/v1/ledger/balance", token: tokens.admin).object["head_seq"] as? Int ?? -1
    }

    @Test("elements: all 118 in one page by default, paged with more_remain, one by symbol; bad parameters name the field")
    func elements() async throws {
        let (server, _, _) = try Self.start()
        defer { _ = server.stop() }
        let all = try await HTTP.get(server.base + "/api/v1/elements").object
        #expect((all["items"] as? [Any])?.count == 118)
        #expect(all["total"] as? Int == 118)
        #expect(all["more_remain"] as? Bool == false)
        let first = try await HTTP.get(server.base + "/api/v1/elements?limit=50").object
        #expect((first["items"] as? [Any])?.count == 50)
        #expect(first["more_remain"] as? Bool == true)
        #expect(first["next_offset"] as? Int == 50)
        let last = try await HTTP.get(server.base + "/api/v1/elements?offset=100&limit=50").object
        #expect((last["items"] as? [[String: Any]])?.first?["z"] as? Int == 101)
        #expect(last["more_remain"] as? Bool == false)
        let cu = try await HTTP.get(server.base + "/api/v1/elements/Cu").object
        #expect(cu["z"] as? Int == 29)
        #expect((cu["classes"] as? [String])?.contains("recovered") == true)
        let unknown = try await HTTP.get(server.base + "/api/v1/elements/Xq")
        #expect(unknown.status == 404)
        #expect(unknown.object["field"] as? String == "symbol")
        for (query, field) in [("limit=0", "limit"), ("limit=abc", "limit"), ("offset=-1", "offset"), ("limit=501", "limit"), ("class=shiny", "class")] {
            let reply = try await HTTP.get(server.base + "/api/v1/elements?\(query)")
            #expect(reply.status == 400, "\(query)")
            #expect(reply.object["field"] as? String == field, "\(query): \(reply.text)")
            #expect(reply.header("Content-Type") == "application/problem+json")
        }
    }

    @Test("writes: malformed JSON, wrong types, missing fields, unknown ids, oversized bodies are refused naming the field; nothing changes")
    func badInput() async throws {
        let (server, tokens, _) = try Self.start()
        defer { _ = server.stop() }
        let before = try await Self.head(server, tokens)
        let url = server.base + "/api/v1/ledger/allocations"
        let cases: [(String, Int, String?)] = [
            ("{\"delivery\": ", 400, nil),
            ("[1, 2]", 422, nil),
            ("{\"delivery\": \"D24-04-005\", \"account\": \"pool-cu\", \"amount\": \"lots\"}", 422, "amount"),
            ("{\"delivery\": 7, \"account\": \"pool-cu\"}", 422, "delivery"),
            ("{\"delivery\": \"D24-04-005\"}", 422, "account"),
            ("{\"delivery\": \"D99-99-999\", \"account\": \"pool-cu\"}", 404, "delivery"),
            ("{\"delivery\": \"D24-04-005\", \"account\": \"nobody-cu\"}", 404, "account"),
            ("{\"delivery\": \"D24-04-005\", \"account\": \"pool-cu\", \"amount\": -5}", 422, "amount"),
            ("{\"delivery\": \"D24-04-005\", \"account\": \"pool-cu\", \"amount\": 999999999999999}", 409, "amount"),
        ]
        for (body, status, field) in cases {
            let reply = try await HTTP.postJSON(url, body, token: tokens.operator_)
            #expect(reply.status == status, "\(body): \(reply.status) \(reply.text)")
            #expect(reply.header("Content-Type") == "application/problem+json", "\(body)")
            if let field { #expect(reply.object["field"] as? String == field, "\(body): \(reply.text)") }
        }
        let big = "{\"delivery\": \"" + String(repeating: "x", count: 1 << 21) + "\", \"account\": \"pool-cu\"}"
        let oversized = try await HTTP.postJSON(url, big, token: tokens.operator_)
        #expect(oversized.status == 413)
        #expect(try await Self.head(server, tokens) == before, "a refused write changed the ledger")

        // A good allocation goes through and the chain still verifies.
        let ok = try await HTTP.postJSON(url, "{\"delivery\": \"D24-04-005\", \"account\": \"pool-cu\", \"amount\": 1000}", token: tokens.operator_)
        #expect(ok.status == 201, "\(ok.text)")
        #expect(try await Self.head(server, tokens) == before + 1)
        let verify = try await HTTP.get(server.base + "/api/v1/ledger/verify", token: tokens.auditor).object
        #expect(verify["is_valid"] as? Bool == true || verify["valid"] as? Bool == true, "\(verify)")
    }

    @Test("a lot CSV with errors is refused with line and column and records nothing; a good one is recorded at once")
    func lotUpload() async throws {
        let (server, tokens, _) = try Self.start()
        defer { _ = server.stop() }
        let before = try await Self.head(server, tokens)
        let sample = try String(contentsOf: Harness.packageRoot.appendingPathComponent("Sources/CirculaCore/Resources/sample-lots.csv"), encoding: .utf8)
        // New lot ids (the sample's are recorded already), one row broken in its wet-mass column.
        let renamed = sample.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasPrefix("#") || line.isEmpty || line.lowercased().hasPrefix("lot") ? String(line) : "U-" + line
        }
        var lines = renamed
        let dataRows = lines.indices.filter { lines[$0].hasPrefix("U-") }
        let broken = try #require(dataRows.dropFirst(2).first)
        var fields = lines[broken].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.first { $0.lowercased().hasPrefix("lot") }).split(separator: ",").map(String.init)
        let wetColumn = try #require(header.firstIndex { $0.lowercased().contains("wet") })
        fields[wetColumn] = "heavy"
        lines[broken] = fields.joined(separator: ",")
        let bad = try await HTTP.request("POST", server.base + "/api/v1/lots?site=saganoseki&recycled_only=true", token: tokens.operator_,
                                         headers: ["Content-Type": "text/csv"], body: Data(lines.joined(separator: "\n").utf8))
        #expect(bad.status == 422, "\(bad.text)")
        #expect(bad.object["line"] as? Int == broken + 1, "\(bad.text)")
        #expect((bad.object["column"] as? String)?.lowercased().contains("wet") == true, "\(bad.text)")
        #expect(try await Self.head(server, tokens) == before)
        let good = try await HTTP.request("POST", server.base + "/api/v1/lots?site=saganoseki&recycled_only=true", token: tokens.operator_,
                                          headers: ["Content-Type": "text/csv"], body: Data(renamed.joined(separator: "\n").utf8))
        #expect(good.status == 201, "\(good.text.prefix(400))")
        let recorded = (good.object["events"] as? [Any])?.count ?? 0
        #expect(recorded > 10)
        #expect(try await Self.head(server, tokens) == before + recorded)
        // The same file again: every lot is a duplicate, refused at its line, so nothing is recorded.
        let again = try await HTTP.request("POST", server.base + "/api/v1/lots?site=saganoseki&recycled_only=true", token: tokens.operator_,
                                           headers: ["Content-Type": "text/csv"], body: Data(renamed.joined(separator: "\n").utf8))
        #expect(again.status == 422, "\(again.text.prefix(300))")
        #expect((again.object["line"] as? Int).map { $0 > 1 } == true, "\(again.text.prefix(300))")
        #expect((again.object["errors"] as? [Any])?.count == recorded)
        #expect(try await Self.head(server, tokens) == before + recorded)
    }

    @Test("expired, revoked, malformed and unknown tokens get 401 with no data; a revoked user's token stops working")
    func tokens() async throws {
        let (server, tokens, dir) = try Self.start()
        defer { _ = server.stop() }
        let db = dir.appendingPathComponent("circula.sqlite").path
        let url = server.base + "/api/v1/ledger/deliveries"
        #expect(try await HTTP.get(url, token: tokens.auditor).status == 200)
        for bad in ["nonsense", "circ_abc_def", tokens.auditor + "x", String(tokens.auditor.dropLast())] {
            let reply = try await HTTP.get(url, token: bad)
            #expect(reply.status == 401, "\(bad)")
            #expect(!reply.text.contains("D24-04"))
        }
        #expect(try await HTTP.get(url, headers: ["Authorization": "Basic YWxhZGRpbjpvcGVu"]).status == 401)
        // Revoking a token by id (CLI) takes effect within the one-second cache.
        let issued = try Harness.circula(["tokens", "issue", "--user", "auditor", "--db", db, "--quiet"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await HTTP.get(url, token: issued).status == 200)
        let id = String(issued.dropFirst(5).prefix { $0 != "_" })
        #expect(try Harness.circula(["tokens", "revoke", id, "--db", db]).status == 0)
        try await Task.sleep(for: .milliseconds(1200))
        let revoked = try await HTTP.get(url, token: issued)
        #expect(revoked.status == 401)
        #expect(revoked.object["detail"] as? String == "the token was revoked")
        // An expired token: written straight into the server's table with an end in the past.
        let store = try SQLiteServerStore(path: db)
        let old = TokenSecret.issue(user: "beta", now: 1_000, validDays: 1)
        try await store.addToken(old.record)
        try await store.close()
        let expired = try await HTTP.get(url, token: old.token)
        #expect(expired.status == 401)
        #expect(expired.object["detail"] as? String == "the token expired")
        // Revoking the user ends all its tokens.
        #expect(try Harness.circula(["users", "revoke", "beta", "--db", db]).status == 0)
        try await Task.sleep(for: .milliseconds(1200))
        #expect(try await HTTP.get(url, token: tokens.beta).status == 401)
        // Tokens are stored hashed: the secret never appears in the database file.
        // The whole secret after `circ_<id>_` (43 characters of URL-safe base64, which may itself contain "_").
        let secret = TokenSecret.parse(tokens.alpha)?.secret ?? ""
        #expect(secret.count == 43)
        let file = try Data(contentsOf: URL(fileURLWithPath: db))
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: db + "-wal"))) ?? Data()
        #expect(!secret.isEmpty && file.range(of: Data(secret.utf8)) == nil && wal.range(of: Data(secret.utf8)) == nil)
    }

    @Test("public verification: a certificate checks against the published key with no sign-in; a tampered one does not")
    func verification() async throws {
        let (server, tokens, _) = try Self.start()
        defer { _ = server.stop() }
        let issued = try await HTTP.postJSON(server.base + "/api/v1/ledger/certificates", "{\"delivery\":\"D24-04-001\"}", token: tokens.operator_)
        #expect(issued.status == 201)
        let document = issued.text
        let valid = try await HTTP.postJSON(server.base + "/api/v1/certificates/verify", document)
        #expect(valid.object["valid"] as? Bool == true, "\(valid.text)")
        let tampered = document.replacingOccurrences(of: "\"recycled_share_ppm\" : 1000000", with: "\"recycled_share_ppm\" : 999999")
        #expect(tampered != document)
        let refused = try await HTTP.postJSON(server.base + "/api/v1/certificates/verify", tampered)
        #expect(refused.object["valid"] as? Bool == false)
        #expect((refused.object["reason"] as? String)?.contains("signature") == true, "\(refused.text)")
        let garbage = try await HTTP.postJSON(server.base + "/api/v1/certificates/verify", "{\"not\": \"a certificate\"}")
        #expect(garbage.object["valid"] as? Bool == false)
        // The page form, no account.
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~")
        let form = "certificate=" + (document.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        let page = try await HTTP.request("POST", server.base + "/verify", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(form.utf8))
        #expect(page.status == 200)
        #expect(page.text.contains("VALID: certificate CERT-D24-04-001-1"))
        #expect(page.text.contains("1,629.4") || page.text.contains("1629.4"))
        // Uploaded as a file (multipart, as the page's file input sends it); the tampered one is refused.
        for (file, verdict) in [(document, "VALID: certificate CERT-D24-04-001-1"), (tampered, "NOT VALID")] {
            let boundary = "----circula\(UInt32.random(in: 0...UInt32.max))"
            let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cert.json\"\r\nContent-Type: application/json\r\n\r\n\(file)\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"certificate\"\r\n\r\n\r\n--\(boundary)--\r\n"
            let upload = try await HTTP.request("POST", server.base + "/verify", headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: Data(body.utf8))
            #expect(upload.status == 200)
            #expect(upload.text.contains(verdict), "\(verdict): \(upload.text.prefix(600))")
        }
    }

    @Test("graceful shutdown: SIGTERM ends the server with status 0")
    func shutdown() async throws {
        let (server, _, _) = try Self.start()
        #expect(try await HTTP.get(server.base + "/api/v1/health").status == 200)
        #expect(server.stop() == 0)
    }
}
