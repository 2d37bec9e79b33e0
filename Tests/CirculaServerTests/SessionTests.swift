import Foundation
import Testing

/// Dashboard sessions: the sign-in form's CSRF check, the cookie's attributes, CSRF on writing forms and on
/// cookie-authenticated API writes, sign-out.
@Suite("circula serve: sessions and CSRF", .serialized)
struct SessionTests {
    static func cookie(_ reply: HTTP.Reply, _ name: String) -> (value: String, attributes: String)? {
        guard let header = reply.header("Set-Cookie") else { return nil }
        // URLSession may join several Set-Cookie headers with ", ".
        for part in header.components(separatedBy: ", ") where part.hasPrefix(name + "=") {
            let value = String(part.dropFirst(name.count + 1).prefix { $0 != ";" })
            return (value, part)
        }
        return nil
    }

    static func form(_ fields: [String: String]) -> Data {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~")
        return Data(fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&").utf8)
    }

    @Test("sign-in needs the form's CSRF token; the session cookie is Secure, HttpOnly, SameSite=Strict; writes need CSRF")
    func signInAndCSRF() async throws {
        let (dir, tokens) = try Harness.copy()
        let server = try ServerProcess(arguments: ["--db", dir.appendingPathComponent("circula.sqlite").path, "--key", dir.appendingPathComponent("keys/issuer.key.pem").path])
        defer { _ = server.stop() }
        let page = try await HTTP.get(server.base + "/signin")
        let csrfCookie = try #require(Self.cookie(page, "circula_csrf"))
        #expect(page.text.contains("value=\"\(csrfCookie.value)\""))
        let formHeaders = ["Content-Type": "application/x-www-form-urlencoded"]

        // Without the matching CSRF field: refused, no session.
        let forged = try await HTTP.request("POST", server.base + "/signin", headers: formHeaders.merging(["Cookie": "circula_csrf=\(csrfCookie.value)"]) { $1 },
                                            body: Self.form(["csrf": "forged", "token": tokens.operator_]))
        #expect(forged.status == 403)
        #expect(Self.cookie(forged, "circula_session") == nil)
        // A wrong token: 401, no session.
        let wrong = try await HTTP.request("POST", server.base + "/signin", headers: formHeaders.merging(["Cookie": "circula_csrf=\(csrfCookie.value)"]) { $1 },
                                           body: Self.form(["csrf": csrfCookie.value, "token": "circ_nobody_secret"]))
        #expect(wrong.status == 401)
        #expect(Self.cookie(wrong, "circula_session") == nil)
        // The real thing.
        let signIn = try await HTTP.request("POST", server.base + "/signin", headers: formHeaders.merging(["Cookie": "circula_csrf=\(csrfCookie.value)"]) { $1 },
                                            body: Self.form(["csrf": csrfCookie.value, "token": tokens.operator_]))
        #expect(signIn.status == 303)
        let session = try #require(Self.cookie(signIn, "circula_session"))
        for attribute in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
            #expect(session.attributes.localizedCaseInsensitiveContains(attribute), "\(session.attributes)")
        }
        let withSession = ["Cookie": "circula_session=\(session.value)"]
        let certificates = try await HTTP.get(server.base + "/certificates", headers: withSession)
        #expect(certificates.status == 200)
        let csrf = try #require(certificates.text.components(separatedBy: "name=\"csrf\" value=\"").dropFirst().first?.prefix { $0 != "\"" }).description
        // A writing form without / with its CSRF token.
        let before = try await HTTP.get(server.base + "/api/v1/ledger/balance", token: tokens.admin).object["head_seq"] as? Int
        let noToken = try await HTTP.request("POST", server.base + "/certificates/issue", headers: formHeaders.merging(withSession) { $1 },
                                             body: Self.form(["delivery": "D24-04-001"]))
        #expect(noToken.status == 403)
        // The API with the cookie but no X-CSRF-Token: refused.
        let apiNoCSRF = try await HTTP.postJSON(server.base + "/api/v1/ledger/allocations", "{\"delivery\":\"D24-04-005\",\"account\":\"pool-cu\",\"amount\":1}", headers: withSession)
        #expect(apiNoCSRF.status == 403)
        #expect(try await HTTP.get(server.base + "/api/v1/ledger/balance", token: tokens.admin).object["head_seq"] as? Int == before)
        let issued = try await HTTP.request("POST", server.base + "/certificates/issue", headers: formHeaders.merging(withSession) { $1 },
                                            body: Self.form(["delivery": "D24-04-001", "csrf": csrf]))
        #expect(issued.status == 303)
        #expect(try await HTTP.get(server.base + "/api/v1/ledger/balance", token: tokens.admin).object["head_seq"] as? Int == (before ?? 0) + 1)
        // Sign out ends the session.
        let signOut = try await HTTP.request("POST", server.base + "/signout", headers: formHeaders.merging(withSession) { $1 }, body: Self.form(["csrf": csrf]))
        #expect(signOut.status == 303)
        #expect(try await HTTP.get(server.base + "/certificates", headers: withSession).status == 401)
    }
}
