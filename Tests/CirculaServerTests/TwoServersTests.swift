import Foundation
import Testing

/// Two `circula serve` processes over one PostgreSQL database: concurrent allocations through both never
/// overdraw an account, every request is answered, and the chain verifies afterwards.
@Suite("circula serve: two servers over one PostgreSQL", .serialized)
struct TwoServersTests {
    static let postgres = ProcessInfo.processInfo.environment["CIRCULA_TEST_POSTGRES_URL"]

    @Test("32 concurrent allocations split over two servers: no overdraft, all answered, ledger verify passes",
          .enabled(if: postgres != nil, "needs CIRCULA_TEST_POSTGRES_URL (scripts/with-postgres.sh)"))
    func concurrentAllocations() async throws {
        let admin = try #require(Self.postgres)
        let name = "circula_serve_\(UInt32.random(in: 0...UInt32.max))"
        let created = try Harness.runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["psql", admin, "-q", "-c", "CREATE DATABASE \(name)"])
        #expect(created.status == 0, "\(created.output)")
        var components = try #require(URLComponents(string: admin))
        components.path = "/" + name
        let url = try #require(components.string)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("circula-serve-pg-\(UUID().uuidString)")
        let seed = try Harness.runProcess(URL(fileURLWithPath: "/bin/bash"), [Harness.packageRoot.appendingPathComponent("scripts/serve-demo.sh").path, "seed", dir.path],
                                          environment: ["CIRCULA": Harness.binary.path, "SERVE_POSTGRES": url])
        #expect(seed.status == 0, "\(seed.output)")
        let tokens = try Harness.tokens(dir)
        let servers = [try ServerProcess(arguments: ["--postgres", url]), try ServerProcess(arguments: ["--postgres", url])]
        defer { for s in servers { _ = s.stop() } }

        let balance = try await HTTP.get(servers[0].base + "/api/v1/ledger/balance", token: tokens.auditor).object
        let pool = try #require((balance["accounts"] as? [[String: Any]])?.first { $0["account"] as? String == "pool-cu" }?["balance"] as? Int)
        #expect(pool > 0)
        // 32 requests of pool/20 each: together 1.6 × what the pool holds, so some must be refused.
        let amount = pool / 20
        let deliveries = (5...12).map { String(format: "D24-04-%03d", $0) }
        let replies = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for i in 0..<32 {
                group.addTask {
                    let reply = try await HTTP.postJSON(servers[i % 2].base + "/api/v1/ledger/allocations",
                                                        "{\"delivery\":\"\(deliveries[i % deliveries.count])\",\"account\":\"pool-cu\",\"amount\":\(amount)}",
                                                        token: tokens.operator_)
                    return (reply.status, i)
                }
            }
            var all: [(Int, Int)] = []
            for try await reply in group { all.append(reply) }
            return all
        }
        #expect(replies.count == 32)
        let accepted = replies.filter { $0.0 == 201 }.count
        #expect(replies.allSatisfy { $0.0 == 201 || $0.0 == 409 }, "\(replies.map(\.0))")
        #expect(accepted > 0 && accepted <= 20, "accepted \(accepted)")
        #expect(Set(replies.filter { $0.0 == 201 }.map { $0.1 % 2 }).count == 2, "both servers wrote")
        let after = try await HTTP.get(servers[1].base + "/api/v1/ledger/balance", token: tokens.auditor).object
        let left = try #require((after["accounts"] as? [[String: Any]])?.first { $0["account"] as? String == "pool-cu" }?["balance"] as? Int)
        #expect(left == pool - accepted * amount)
        #expect(left >= 0)
        let verify = try Harness.circula(["ledger", "verify", "--postgres", url])
        #expect(verify.status == 0, "\(verify.output)")
    }
}
