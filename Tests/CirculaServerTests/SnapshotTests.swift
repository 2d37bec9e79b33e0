import Foundation
import Testing

/// The server answers ledger reads from a snapshot per chain head with bodies encoded once. A write by any
/// process — here the CLI, a second process on the same SQLite file — must show on the very next read, with no
/// waiting: the snapshot is checked against the file's change counter on every request.
@Suite("circula serve: ledger snapshots follow every write", .serialized)
struct SnapshotTests {
    static func pool(_ balance: [String: Any]) -> Int? {
        (balance["accounts"] as? [[String: Any]])?.first { $0["account"] as? String == "pool-cu" }?["balance"] as? Int
    }

    @Test("a CLI allocation on the server's SQLite file shows on the next read of balance, deliveries and allocations")
    func otherProcessWrite() async throws {
        let (server, tokens, dir) = try APITests.start()
        defer { _ = server.stop() }
        let db = dir.appendingPathComponent("circula.sqlite").path
        // Read twice first, so the bodies are cached for this head.
        let first = try await HTTP.get(server.base + "/api/v1/ledger/balance", token: tokens.auditor)
        let again = try await HTTP.get(server.base + "/api/v1/ledger/balance", token: tokens.auditor)
        #expect(first.body == again.body)
        let head = try #require(first.object["head_seq"] as? Int)
        let poolBefore = try #require(Self.pool(first.object))
        let deliveryBefore = try await HTTP.get(server.base + "/api/v1/ledger/deliveries/D24-04-005", token: tokens.auditor).object
        let claimedBefore = try #require(deliveryBefore["claimed"] as? Int)
        let allocationsBefore = try #require(try await HTTP.get(server.base + "/api/v1/ledger/allocations", token: tokens.auditor).object["total"] as? Int)

        let cli = try Harness.circula(["ledger", "allocate", "--db", db, "--delivery", "D24-04-005", "--account", "pool-cu", "--mass", "2t"])
        #expect(cli.status == 0, "\(cli.output.prefix(300))")

        // No sleep: the next request sees the new head.
        let after = try await HTTP.get(server.base + "/api/v1/ledger/balance", token: tokens.auditor).object
        #expect(after["head_seq"] as? Int == head + 1)
        let poolAfter = try #require(Self.pool(after))
        #expect(poolAfter < poolBefore)
        let delivery = try await HTTP.get(server.base + "/api/v1/ledger/deliveries/D24-04-005", token: tokens.auditor).object
        #expect(delivery["claimed"] as? Int == claimedBefore + (poolBefore - poolAfter))
        #expect(try await HTTP.get(server.base + "/api/v1/ledger/allocations", token: tokens.auditor).object["total"] as? Int == allocationsBefore + 1)

        // A write through this server shows too, and a customer's cached view stays its own.
        let alphaBefore = try await HTTP.get(server.base + "/api/v1/ledger/deliveries", token: tokens.alpha).body
        let issued = try await HTTP.postJSON(server.base + "/api/v1/ledger/certificates", "{\"delivery\":\"D24-04-001\"}", token: tokens.operator_)
        #expect(issued.status == 201)
        let alphaAfter = try await HTTP.get(server.base + "/api/v1/ledger/deliveries", token: tokens.alpha)
        #expect(alphaAfter.body != alphaBefore)
        #expect(alphaAfter.text.contains("CERT-D24-04-001-1") && !alphaAfter.text.contains("Customer Beta"))
        let document = try await HTTP.get(server.base + "/api/v1/ledger/certificates/CERT-D24-04-001-1", token: tokens.alpha)
        #expect(document.status == 200)
        #expect(document.body == issued.body)
        #expect(try await HTTP.get(server.base + "/api/v1/ledger/balance", token: tokens.auditor).object["head_seq"] as? Int == head + 2)
    }
}
