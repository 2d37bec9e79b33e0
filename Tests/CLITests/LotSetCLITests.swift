import CirculaTestSupport
import Foundation
import Testing

@Suite("circula CLI: credits from a balance only for the lots that were balanced")
struct LotSetCLITests {
    /// A ledger with the sample's recycled Cu receipts, accounts at the balance's factor.
    func ledgerWithSampleReceipts() throws -> CLI {
        let cli = try CLI()
        let setup = try cli.run(CLIFixtures.ledgerInit())
        #expect(setup.status == 0, "\(setup.err)")
        return cli
    }

    @Test func receiveDryRunChecksAndRecordsNothing() throws {
        let cli = try ledgerWithSampleReceipts()
        defer { cli.remove() }
        let dry = try cli.run("ledger", "receive", "--site", "s1", "--sample", "--recycled-only", "--elements", "Cu", "--dry-run")
        #expect(dry.status == 0, "\(dry.err)")
        #expect(dry.out.hasPrefix("dry run: 15 receipts from sample-lots.csv pass every check; nothing was recorded"), "\(dry.out)")
        #expect(try cli.run("ledger", "verify").out.hasPrefix("ok: 6 events"))
        let deliveries = try cli.run("ledger", "deliver", "--sample", "--dry-run")
        #expect(deliveries.status == 1, "the sample deliveries ship from saganoseki, not s1")
        #expect(deliveries.err.contains("sample-deliveries.csv:5: unknown site \"saganoseki\""), "\(deliveries.err)")
        #expect(try cli.run("ledger", "verify").out.hasPrefix("ok: 6 events"))
    }

    @Test func creditsFromABalanceOfOtherLotsAreRefused() throws {
        let cli = try ledgerWithSampleReceipts()
        defer { cli.remove() }
        #expect(try cli.run("ledger", "receive", "--site", "s1", "--sample", "--recycled-only", "--elements", "Cu").status == 0)
        let other = CLIFixtures.lotHeader + "\nX-1,2024-04-02,Collector,cu_scrap_no2,post-consumer,10,0,90\n"
        try other.write(toFile: cli.path("other.csv"), atomically: true, encoding: .utf8)
        let refused = try cli.run("ledger", "issue", "--all", "--element", "Cu", "--from-balance", "--lots", "other.csv")
        #expect(refused.status == 1)
        #expect(refused.err.contains("the received lots and the balanced lots differ"), "\(refused.err)")
        #expect(refused.err.contains("balanced but not received: X-1"))
        #expect(refused.err.contains("received without credits but not balanced: L24-04-"))
        #expect(try cli.run("ledger", "verify").out.hasPrefix("ok: 21 events"), "nothing recorded: 6 set-up + 15 receipts")
        // The lot file the receipts came from is accepted, and says which lot set it credited.
        let issued = try cli.run("ledger", "issue", "--all", "--element", "Cu", "--from-balance")
        #expect(issued.status == 0, "\(issued.err)")
        #expect(issued.out.contains("balanced lots = received lots: 15 lots, sha256:"), "\(issued.out)")
    }
}
