import CirculaTestSupport
import Foundation
import Testing

@Suite("circula CLI: ledger init settings")
struct LedgerInitCLITests {
    /// `YYYY-MM-DD`, `days` after today (UTC, the ledger's clock).
    static func day(after days: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(byAdding: .day, value: days, to: Date())!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    func receive(_ lot: String, on date: String, in dir: URL) throws -> CLIResult {
        try CLI.run(["ledger", "receive", "--site", "s1", "--lot", lot, "--supplier", "Collector", "--date", date,
                     "--category", "post-consumer", "--mass", "Cu=10t", "--document", "WB-\(lot)"], in: dir)
    }

    @Test("--future-horizon-days sets how far ahead an event may be dated; it is kept in the chain")
    func futureHorizon() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let setup = try CLI.run(["ledger", "init", "--future-horizon-days", "5", "--site", "s1=Smelter"], in: dir)
        #expect(setup.status == 0, "\(setup.stderr)")
        // Three days ahead is within 5 (and within the default 92); ten days ahead is not within 5.
        let near = try receive("L1", on: LedgerInitCLITests.day(after: 3), in: dir)
        #expect(near.status == 0, "\(near.stderr)")
        let far = try receive("L2", on: LedgerInitCLITests.day(after: 10), in: dir)
        #expect(far.status == 1, "\(far.stdout)\(far.stderr)")
        #expect(far.stderr.contains("is more than 5 days after the event is recorded"), "\(far.stderr)")
        let verify = try CLI.run(["ledger", "verify"], in: dir)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test("without --future-horizon-days the default horizon of 92 days applies")
    func defaultHorizon() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try CLI.run(["ledger", "init", "--site", "s1=Smelter"], in: dir).status == 0)
        #expect(try receive("L1", on: LedgerInitCLITests.day(after: 10), in: dir).status == 0)
        let far = try receive("L2", on: LedgerInitCLITests.day(after: 100), in: dir)
        #expect(far.status == 1 && far.stderr.contains("is more than 92 days after the event is recorded"), "\(far.stderr)")
    }

    @Test("--future-horizon-days refuses what is not a whole number of days, 0 or more, and creates nothing",
          arguments: ["-1", "2.5", "ten"])
    func invalidHorizon(_ text: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["ledger", "init", "--future-horizon-days=\(text)", "--site", "s1=Smelter"], in: dir)
        #expect(r.status == 64, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("--future-horizon-days \(text): expected a whole number of days, 0 or more"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("circula.sqlite").path))
    }
}
