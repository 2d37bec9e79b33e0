import CirculaTestSupport
import Foundation
import Testing

@Suite("circula CLI: credits from the balance's attribution")
struct BalanceToLedgerCLITests {
    @Test("balance --conversion-factor prints the recycled Cu yield into cathode, rounded down")
    func conversionFactor() throws {
        let result = try CLI.run(["balance", "--conversion-factor", "--element", "Cu"])
        #expect(result.status == 0)
        // 8,329.374 t recycled Cu in cathode / 8,367.092 t recycled Cu input (sample lots, default model).
        #expect(result.stdout == "0.995492\n")
    }

    @Test("ledger issue --from-balance states the derived factor and credits receipt × factor")
    func issueFromBalance() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let setup = try CLI.run(["ledger", "init", "--company", "Test", "--period", "month", "--max-period-months", "3", "--carry-over", "carry",
                                 "--site", "s1=Smelter", "--product", "cu-cathode=Cu:cathode",
                                 "--account", "pool-cu=s1:cu-cathode:0.995492",
                                 "--account", "alpha-cu=s1:cu-cathode:0.995492:Customer Alpha",
                                 "--account", "beta-cu=s1:cu-cathode:0.995492:Customer Beta"], in: dir)
        #expect(setup.status == 0, "\(setup.stderr)")
        let receive = try CLI.run(["ledger", "receive", "--site", "s1", "--sample", "--recycled-only", "--elements", "Cu",
                                   "--ring-fence", "Customer Alpha (wire mill scrap)=Customer Alpha",
                                   "--ring-fence", "Customer Beta (stamping scrap)=Customer Beta"], in: dir)
        #expect(receive.status == 0, "\(receive.stderr)")
        let issue = try CLI.run(["ledger", "issue", "--all", "--element", "Cu", "--from-balance"], in: dir)
        #expect(issue.status == 0, "\(issue.stderr)")
        #expect(issue.stdout.contains("issued Cu credits for 15 receipts at factor 0.995492 (balance attribution: recycled Cu in electrorefining.cathode 8,329.374 t / recycled Cu input 8,367.092 t (metallurgy.yaml, sample-lots.csv)):"))
        // A stated factor that no account takes is refused, and nothing changes.
        let refused = try CLI.run(["ledger", "issue", "--all", "--element", "Cu", "--factor", "0.97", "--source", "x"], in: dir)
        #expect(refused.stdout.contains("nothing to issue"))
        let verify = try CLI.run(["ledger", "verify"], in: dir)
        #expect(verify.status == 0)
        #expect(verify.stdout.hasPrefix("ok: 36 events"))   // 6 set-up, 15 receipts, 15 credits
    }
}
