import CirculaLedger
import CirculaTestSupport
import Foundation
import Testing

/// Issue 9 through the `circula` binary: verify anchors and read-only verify, checkpoints at close, certificate and
/// key files, output hygiene.
@Suite("circula ledger CLI integrity (subprocess)", .enabled(if: CLI.isBuilt, "build the circula binary first"))
struct CLIIntegrityTests {
    func setUp(_ cli: CLI) throws {
        var r = try cli.run("ledger", "init", "--site", "s1=Smelter \u{1B}[31mred", "--product", "cu=Cu:cathode",
                            "--account", "pool=s1:cu:0.97", "--account", "@SUM(A1)=s1:cu:0.9")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "receive", "--site", "s1", "--lot", "=HYPERLINK(\"http://x\")", "--supplier", "x", "--date", "2024-04-02",
                        "--category", "post-consumer", "--mass", "Cu=10t")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "issue", "--all", "--element", "Cu", "--factor", "0.97", "--source", "test")
        #expect(r.status == 0, "\(r.err)")
    }

    @Test func verifyAnchorsAndCheckpoints() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try setUp(cli)
        var r = try cli.run("certificate", "keygen", "--out", "keys")
        #expect(r.status == 0, "\(r.err)")
        // A key is never overwritten, by keygen or by a certificate's --out.
        r = try cli.run("certificate", "keygen", "--out", "keys")
        #expect(r.status == 1 && r.err.contains("refusing to overwrite an issuer key"), "\(r.err)")
        try FileManager.default.createDirectory(atPath: cli.path("checkpoints"), withIntermediateDirectories: true)
        r = try cli.run("ledger", "close-period", "--period", "2024-04", "--checkpoint-key", "keys/issuer.key.pem", "--checkpoint-dir", "checkpoints")
        #expect(r.status == 0 && r.out.contains("checkpoint checkpoints/checkpoint-000008.json: head event 8"), "\(r.out)\(r.err)")
        r = try cli.run("ledger", "verify")
        #expect(r.status == 0, "\(r.out)\(r.err)")
        let head = try #require(r.out.split(separator: "\n").last.map { String($0.dropFirst(5)) })
        r = try cli.run("ledger", "verify", "--expect-head", head, "--checkpoints", "checkpoints", "--key", "keys/issuer.pub.pem")
        #expect(r.status == 0 && r.out.hasPrefix("ok: 8 events"), "\(r.out)\(r.err)")
        // Read-only for an auditor: the file may not even be writable.
        chmod(cli.path("circula.sqlite"), 0o444)
        r = try cli.run("ledger", "verify", "--expect-head", head)
        #expect(r.status == 0, "\(r.out)\(r.err)")
        chmod(cli.path("circula.sqlite"), 0o600)
        // A wrong expected head fails and names why.
        r = try cli.run("ledger", "verify", "--expect-head", String(repeating: "0", count: 64))
        #expect(r.status == 1 && r.out.contains("is not the expected head"), "\(r.out)\(r.err)")
        r = try cli.run("ledger", "checkpoint", "--key", "keys/issuer.key.pem", "--out", "checkpoints")
        #expect(r.status == 1 && r.err.contains("exists; refusing to overwrite it"), "\(r.out)\(r.err)")
    }

    @Test func certificateFilesAreNeverLostOrOverwritten() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try setUp(cli)
        var r = try cli.run("ledger", "deliver", "--id", "D1", "--customer", "Beta", "--site", "s1", "--product", "cu", "--mass", "20t", "--date", "2024-04-20")
        #expect(r.status == 0, "\(r.out)\(r.err)")
        r = try cli.run("ledger", "allocate", "--delivery", "D1", "--account", "pool")
        #expect(r.status == 0, "\(r.out)\(r.err)")
        r = try cli.run("certificate", "keygen", "--out", "keys")
        let mode = (try FileManager.default.attributesOfItem(atPath: cli.path("keys/issuer.key.pem"))[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
        r = try cli.run("certificate", "issue", "--delivery", "D1", "--key", "keys/issuer.key.pem", "--out", "/nonexistent/dir/c.json")
        #expect(r.status == 1 && r.err.contains("directory /nonexistent/dir does not exist"), "\(r.err)")
        r = try cli.run("certificate", "issue", "--delivery", "D1", "--key", "keys/issuer.key.pem", "--out", "keys/issuer.key.pem")
        #expect(r.status == 1 && r.err.contains("exists; refusing to overwrite it (use --force)"), "\(r.err)")
        #expect(try String(contentsOfFile: cli.path("keys/issuer.key.pem"), encoding: .utf8).contains("PRIVATE KEY"))
        r = try cli.run("ledger", "history", "--format", "csv")
        #expect(!r.out.contains("issue-certificate"), "a failed certificate write recorded its event")
        r = try cli.run("certificate", "issue", "--delivery", "D1", "--key", "keys/issuer.key.pem", "--out", "c.json")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "verify", "--certificates", ".")
        #expect(r.status == 0 && r.out.hasPrefix("ok:"), "\(r.out)\(r.err)")
    }

    /// Escape codes do not reach the terminal, formulas do not reach a spreadsheet.
    @Test func outputHygiene() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try setUp(cli)
        let table = try cli.run("ledger", "history")
        #expect(!table.out.contains("\u{1B}"), "\(table.out)")
        #expect(table.out.contains("\\u{1B}[31mred"))
        let history = try cli.run("ledger", "history", "--format", "csv")
        #expect(!history.out.contains("\u{1B}"), "\(history.out)")
        let csv = try cli.run("ledger", "balance", "--format", "csv")
        #expect(csv.out.contains("'@SUM(A1)"), "\(csv.out)")
        #expect(!csv.out.contains("\n@SUM") && !csv.out.contains(",@SUM"), "\(csv.out)")
        // An id with an escape code is refused by the identifier rule, with the character shown, not sent.
        let refused = try cli.run("ledger", "receive", "--site", "s1", "--lot", "L\u{1B}[2J", "--supplier", "x", "--date", "2024-04-02",
                                  "--category", "post-consumer", "--mass", "Cu=1t")
        #expect(refused.status == 1 && refused.err.contains("lot id \"L\\u{1B}[2J\"") && !refused.err.contains("\u{1B}"), "\(refused.err)")
    }
}
