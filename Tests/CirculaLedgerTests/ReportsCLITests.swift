import CirculaLedger
import CirculaTestSupport
import Foundation
import Testing

/// `ledger ratio`, `ledger statement` and the W3C status lists through the real binary, on the sample period.
@Suite("ledger ratio / statement / bitstring status list CLI (subprocess)", .enabled(if: CLI.isBuilt, "build the circula binary first"))
struct ReportsCLITests {
    /// The sample ledger: sample lots received, credits at 0.97, the sample deliveries, D24-04-001…004 allocated.
    static func sampleLedger() throws -> CLI {
        let cli = try CLI()
        var r = try cli.run(CLIFixtures.ledgerInit(site: "saganoseki", factor: "0.97"))
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "receive", "--site", "saganoseki", "--sample", "--recycled-only", "--elements", "Cu",
                        "--ring-fence", "Customer Alpha (wire mill scrap)=Customer Alpha", "--ring-fence", "Customer Beta (stamping scrap)=Customer Beta")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "issue", "--all", "--element", "Cu", "--factor", "0.97", "--source", "test yield")
        r = try cli.run("ledger", "deliver", "--sample")
        #expect(r.status == 0, "\(r.err)")
        for (delivery, account) in [("D24-04-001", "alpha-cu"), ("D24-04-002", "beta-cu"), ("D24-04-003", "pool-cu"), ("D24-04-004", "pool-cu")] {
            r = try cli.run("ledger", "allocate", "--delivery", delivery, "--account", account)
            #expect(r.status == 0, "\(r.err)")
        }
        return cli
    }

    @Test func ratioReportWithPlantFiguresAndReconciliation() throws {
        let cli = try Self.sampleLedger()
        defer { cli.remove() }
        var r = try cli.run("ledger", "ratio", "--sample-lots", "--format", "csv")
        #expect(r.status == 0, "\(r.err)")
        let rows = r.out.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.first?.prefix(9) == ["product", "period", "deliveries", "delivered", "claimed", "unit", "#4 recycled share of output claimed [%]", "trend [pp]", "grain"])
        let april = try #require(rows.first { $0.count > 1 && $0[1] == "2024-04" })
        // the first eight columns as before; the scheme's ratio 8115.95526 / 32907.9
        #expect(april.prefix(8) == ["cu-cathode", "2024-04", "12", "32907.9", "8115.95526", "t", "24.66", "-"])
        let (opening, production, closing, uncovered) = (Double(april[11])!, Double(april[12])!, Double(april[13])!, Double(april[14])!)
        #expect(abs(opening + production - 32907.9 + uncovered - closing) < 1e-6, "\(april)")
        #expect(april[15] == (uncovered > 0 ? "EXCEEDS by \(april[14]) t" : "ok"))
        #expect(rows.contains { $0.count > 8 && $0[1] == "FY2024-Q1" && $0[8] == "quarter" && $0[3] == "32907.9" })
        #expect(rows.contains { $0.count > 8 && $0[1] == "FY2024" && $0[8] == "fiscal-year" })
        // 24.66 % input share and the cathode's attribution share stand side by side, each labelled
        r = try cli.run("ledger", "ratio", "--sample-lots")
        #expect(r.out.contains("scheme #4 recycled share of output claimed = credits claimed"), "\(r.out)")
        #expect(r.out.contains("plant  #1 recycled share of input = recycled Cu received"), "\(r.out)")
        #expect(r.out.contains("plant  #2 attribution share of a stream = recycled Cu reaching electrorefining.cathode"), "\(r.out)")
        #expect(r.out.contains("FY2024-Q1 (quarter)") && r.out.contains("FY2024 (fiscal year)"))
        // a huge opening stock covers everything; 0 and --strict fails exactly when some period exceeds
        r = try cli.run("ledger", "ratio", "--sample-lots", "--opening-stock", "100000t", "--strict", "--format", "csv")
        #expect(r.status == 0 && !r.out.contains("EXCEEDS") && r.err.isEmpty, "\(r.err)")
        r = try cli.run("ledger", "ratio", "--sample-lots", "--strict", "--format", "csv")
        #expect(r.status == (uncovered > 0 ? 1 : 0))
        #expect(r.err.contains("deliveries exceed opening stock + production") == (uncovered > 0))
        // bad input: a unit that is not a mass, a stream the model lacks
        r = try cli.run("ledger", "ratio", "--sample-lots", "--opening-stock", "12 parsecs")
        #expect(r.status == 1 && r.err.hasPrefix("error: --opening-stock"), "\(r.err)")
        r = try cli.run("ledger", "ratio", "--sample-lots", "--product-stream", "smelting.nowhere")
        #expect(r.status == 1 && r.err.contains("--product-stream: smelting.nowhere: the model has no such stream"), "\(r.err)")
    }

    @Test func statementTextCSVAndHTML() throws {
        let cli = try Self.sampleLedger()
        defer { cli.remove() }
        var r = try cli.run("ledger", "statement", "--customer", "Customer Alpha", "--period", "2024-04")
        #expect(r.status == 0 && r.out.hasPrefix("Co-creation statement of Customer Alpha, 2024-04"), "\(r.out)\(r.err)")
        #expect(r.out.contains("D24-04-001") && r.out.contains("alpha-cu") && r.out.contains("Totals"))
        r = try cli.run("ledger", "statement", "--customer", "Customer Alpha", "--period", "FY2024", "--format", "csv")
        let lines = r.out.split(separator: "\n")
        #expect(lines.first == "period,kind,id,date,element_or_product,amount,unit,amount_exact,exact_unit,detail")
        #expect(lines.contains { $0.hasPrefix("2024-04,delivery,D24-04-001,2024-04-12,cu-cathode,1629.4,t,1629400000,g,") })
        #expect(lines.contains { $0.hasPrefix("FY2024,total delivered,,,cu-cathode,") })
        r = try cli.run("ledger", "statement", "--customer", "Customer Alpha", "--period", "2024-04", "--format", "html", "--out", "alpha.html")
        #expect(r.status == 0 && r.out.hasPrefix("wrote alpha.html"), "\(r.err)")
        let page = try String(contentsOfFile: cli.path("alpha.html"), encoding: .utf8)
        #expect(page.contains("@media print") && page.contains("D24-04-001") && !page.contains("<script") && !page.contains("http://") && !page.contains("https://"))
        r = try cli.run("ledger", "statement", "--customer", "Customer Alpha", "--format", "html", "--out", "alpha.html")
        #expect(r.status == 1 && r.err.contains("exists"), "refuses to overwrite without --force: \(r.err)")
        r = try cli.run("ledger", "statement", "--customer", "Customer Gamma")
        #expect(r.status == 1 && r.err.contains("--customer: \"Customer Gamma\" has no receipts, accounts or deliveries") && r.err.contains("Customer Alpha, Customer Beta"), "\(r.err)")
        r = try cli.run("ledger", "statement", "--customer", "Customer Alpha", "--period", "April")
        #expect(r.status == 1 && r.err.contains("April"), "\(r.err)")
    }

    @Test func bitstringStatusListsThroughTheCLI() throws {
        let cli = try Self.sampleLedger()
        defer { cli.remove() }
        var r = try cli.run("certificate", "keygen", "--out", "keys")
        r = try cli.run("certificate", "issue", "--delivery", "D24-04-001", "--key", "keys/issuer.key.pem", "--out", "cert.json")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("certificate", "credential", "cert.json", "--key", "keys/issuer.key.pem", "--out", "vc.json")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("certificate", "status-list", "--key", "keys/issuer.key.pem", "--out", "s.json", "--revocation-out", "r.json", "--message-out", "m.json")
        #expect(r.status == 0 && r.out.contains("wrote r.json: BitstringStatusListCredential"), "\(r.out)\(r.err)")
        r = try cli.run("certificate", "credential-status", "vc.json", "--status-list", "r.json", "--key", "keys/issuer.pub.pem")
        #expect(r.status == 0 && r.out.contains("revocation status at statusListIndex") && r.out.hasSuffix(": 0 (not revoked)\n"), "\(r.out)\(r.err)")
        r = try cli.run("certificate", "revoke", "--certificate", "CERT-D24-04-001-1", "--reason", "test")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("certificate", "status-list", "--key", "keys/issuer.key.pem", "--out", "s.json", "--revocation-out", "r.json", "--message-out", "m.json", "--force")
        r = try cli.run("certificate", "credential-status", "vc.json", "--status-list", "r.json", "--key", "keys/issuer.pub.pem")
        #expect(r.status == 1 && r.out.hasSuffix(": 1 (revoked)\n"), "\(r.out)\(r.err)")
        r = try cli.run("certificate", "credential-status", "vc.json", "--status-list", "m.json", "--key", "keys/issuer.pub.pem")
        #expect(r.status == 1 && r.out.hasPrefix("message status") && r.out.hasSuffix(": 1 (revoked)\n"), "\(r.out)\(r.err)")
    }
}
