import CirculaTestSupport
import Foundation
import Testing

/// The exit statuses `fail(_:)` documents: 0 done, 1 refused (with the message on standard error), 64 usage.
@Suite("circula CLI: exit statuses")
struct ExitStatusCLITests {
    @Test func refusalsExitOneUsageExitsSixtyFour() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let missing = try cli.run("lots", "check", "missing.csv")
        #expect(missing.status == 1)
        #expect(missing.err.hasPrefix("error: missing.csv: cannot read the file"), "\(missing.err)")
        #expect(missing.out.isEmpty)
        let usage = try cli.run("ledger", "issue", "--element", "Cu")
        #expect(usage.status == 64, "\(usage.err)")
        #expect(usage.err.contains("give --factor and --source, or --from-balance"))
        let refused = try cli.run("ledger", "allocate", "--delivery", "D-none", "--account", "pool")
        #expect(refused.status == 1)
        #expect(refused.err.hasPrefix("refused: "), "\(refused.err)")
    }
}
