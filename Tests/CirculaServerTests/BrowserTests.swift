import Foundation
import Testing

/// Headless Chromium (DevTools protocol, scripts/serve/browser.py) against a live server on the demo data:
/// each role signs in through the real form, loads its pages; the DOM is checked for the numbers the API gives.
/// Screenshots go to .ci/artifacts/serve/ (not committed).
@Suite("circula serve: pages in a real browser", .serialized)
struct BrowserTests {
    static let chromiumPresent = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains { FileManager.default.isExecutableFile(atPath: $0) }

    static func percent(ppm: Int) -> String {
        let hundredths = ppm / 100
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    @Test("every role signs in and every page shows the ledger's and the plant's figures", .enabled(if: chromiumPresent, "chromium is not installed"))
    func pages() async throws {
        let (dir, tokens) = try Harness.copy()
        let server = try ServerProcess(arguments: ["--db", dir.appendingPathComponent("circula.sqlite").path, "--key", dir.appendingPathComponent("keys/issuer.key.pem").path])
        defer { _ = server.stop() }
        for delivery in ["D24-04-001", "D24-04-002"] {
            #expect(try await HTTP.postJSON(server.base + "/api/v1/ledger/certificates", "{\"delivery\":\"\(delivery)\"}", token: tokens.operator_).status == 201)
        }
        // Expected figures, from the API.
        let balance = try await HTTP.get(server.base + "/api/v1/ledger/balance", token: tokens.auditor).object
        let head = try #require(balance["head_seq"] as? Int)
        let accounts = try #require(balance["accounts"] as? [[String: Any]])
        let alphaBalance = try #require(accounts.first { $0["account"] as? String == "alpha-cu" }?["balance_display"] as? String)
        let ratio = try #require((try await HTTP.get(server.base + "/api/v1/ledger/ratio", token: tokens.auditor).object["items"] as? [[String: Any]])?.first)
        let share = Self.percent(ppm: try #require(ratio["share_ppm"] as? Int)) + " %"
        let keyID = try #require(try await HTTP.get(server.base + "/api/v1/issuer-key").object["key_id"] as? String)

        let out = Harness.packageRoot.appendingPathComponent(".ci/artifacts/serve")
        let staffPages = ["/", "/elements", "/elements/Te", "/balance?element=Cu", "/ratio", "/ledger", "/certificates", "/plan", "/outlook", "/statement?customer=Customer%20Alpha"]
        let plan: [String: Any] = [
            "base": server.base, "out": out.path,
            "sessions": [
                ["name": "anonymous", "token": NSNull(), "pages": ["/", "/elements?class=recovered", "/verify", "/ledger"]],
                ["name": "auditor", "token": tokens.auditor, "pages": staffPages],
                ["name": "operator", "token": tokens.operator_, "pages": ["/certificates"]],
                ["name": "admin", "token": tokens.admin, "pages": ["/"]],
                ["name": "customer", "token": tokens.alpha, "pages": ["/statement", "/statement?print=1", "/statement?period=FY2024-Q1", "/statement?period=FY2024-Q2", "/certificates", "/ledger"]],
            ],
        ]
        let input = try JSONSerialization.data(withJSONObject: plan)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Harness.packageRoot.appendingPathComponent("scripts/serve/browser.py").path]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: [String: String]]])
        func html(_ who: String, _ page: String) -> String { result[who]?[page]?["html"] ?? "" }

        // Anonymous: the public pages, and a refusal elsewhere.
        #expect(html("anonymous", "/elements?class=recovered").components(separatedBy: "class=\"el ").count - 1 == 118)
        #expect(html("anonymous", "/elements?class=recovered").contains(" hl\""))
        #expect(html("anonymous", "/verify").contains(keyID))
        #expect(html("anonymous", "/ledger").contains("id=\"refusal\""))
        #expect(!html("anonymous", "/ledger").contains("alpha-cu"))

        // Auditor: every staff page with its figures.
        #expect(result["auditor"]?["signin"]?["url"] == "/")
        #expect(html("auditor", "/").contains("id=\"home-events\">\(head)<"))
        #expect(html("auditor", "/ledger").contains("Verification: valid"))
        #expect(html("auditor", "/ledger").contains(alphaBalance.components(separatedBy: " ").first ?? "?"))
        #expect(html("auditor", "/ratio").contains(share))
        #expect(html("auditor", "/balance?element=Cu").contains("<svg"))
        #expect(html("auditor", "/plan").contains("<svg") && html("auditor", "/plan").contains("id=\"plan-binding\""))
        #expect(html("auditor", "/outlook").contains("<svg") && html("auditor", "/outlook").contains("2040"))
        #expect(html("auditor", "/certificates").contains("CERT-D24-04-001-1") && html("auditor", "/certificates").contains("valid: signature"))
        #expect(html("auditor", "/elements/Te").contains("Tellurium"))
        #expect(html("auditor", "/statement?customer=Customer%20Alpha").contains("D24-04-001"))
        #expect(!html("auditor", "/certificates").contains("id=\"issue-form\""), "an auditor gets no writing form")
        // Operator: the writing form, with the session's CSRF token.
        #expect(html("operator", "/certificates").contains("id=\"issue-form\"") && html("operator", "/certificates").contains("name=\"csrf\""))
        #expect(html("admin", "/").contains("id=\"home-events\">\(head)<"))
        // Customer: lands on its statement; sees its own, nothing of Beta's; staff pages refused.
        #expect(result["customer"]?["signin"]?["url"] == "/statement")
        #expect(html("customer", "/statement").contains("D24-04-001") && !html("customer", "/statement").contains("D24-04-002"))
        #expect(!html("customer", "/statement").contains("Customer Beta"))
        // The period chooser offers the fiscal year, its quarter and the month; a quarter shows its months and totals.
        let quarter = html("customer", "/statement?period=FY2024-Q1")
        #expect(html("customer", "/statement").contains("href=\"/statement?period=FY2024\"") && html("customer", "/statement").contains(">2024-04</a>"))
        #expect(quarter.contains("Period 2024-04") && quarter.contains("Totals, FY2024-Q1") && quarter.contains("D24-04-001"), "\(quarter.prefix(2000))")
        #expect(quarter.contains("aria-current=\"page\">FY2024-Q1<"))
        #expect(html("customer", "/statement?period=FY2024-Q2").contains("id=\"statement-empty\">Nothing recorded for Customer Alpha in FY2024-Q2.<") && !html("customer", "/statement?period=FY2024-Q2").contains("D24-04-001"))
        #expect(html("customer", "/certificates").contains("CERT-D24-04-001-1") && !html("customer", "/certificates").contains("CERT-D24-04-002-1"))
        #expect(html("customer", "/ledger").contains("id=\"refusal\""))
        for (who, pages) in result { for (page, value) in pages where page != "signin" {
            #expect(FileManager.default.fileExists(atPath: value["screenshot"] ?? ""), "\(who) \(page) has no screenshot")
        } }
    }
}
