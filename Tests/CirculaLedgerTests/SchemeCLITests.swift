import CirculaLedger
import CirculaTestSupport
import Foundation
import Testing

/// `--scheme` on `ledger init`, documents on deliveries, physical stock at close, book and claim, from the command line.
@Suite("circula ledger schemes (subprocess)", .enabled(if: CLI.isBuilt, "build the circula binary first"))
struct SchemeCLITests {
    func initUL(_ cli: CLI) throws {
        let r = try cli.run("ledger", "init", "--scheme", "ul2809", "--period", "fiscal-year", "--site", "s1=Smelter",
                            "--product", "cu=Cu:cathode", "--account", "pool=s1:cu:0.97")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("scheme UL 2809 recycled content (credit method)"), "\(r.out)")
    }

    /// UL 2809: the scheme's maximum (12 months) and carry-over rule (expire) are taken; a delivery without a
    /// document is refused naming the rule; with --document it is recorded.
    @Test func ul2809LedgerRefusesUndocumentedDeliveries() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try initUL(cli)
        var r = try cli.run("ledger", "scheme")
        #expect(r.out.hasPrefix("UL 2809 recycled content (ul2809): UL 2809 Environmental Claim Validation Procedure"), "\(r.out)")
        #expect(r.out.contains("documents_required  [receive, deliver]"), "\(r.out)")
        r = try cli.run("ledger", "deliver", "--id", "D1", "--customer", "Beta", "--site", "s1", "--product", "cu", "--mass", "10t", "--date", "2024-04-20")
        #expect(r.status == 1)
        #expect(r.err.contains("delivery D1 has no document reference"), "\(r.err)")
        r = try cli.run("ledger", "deliver", "--id", "D1", "--customer", "Beta", "--site", "s1", "--product", "cu", "--mass", "10t", "--date", "2024-04-20",
                        "--document", "DN-1", "--document", "WB-7")
        #expect(r.status == 0, "\(r.err)")
        // A CSV without the documents column is refused line by line, with nothing recorded.
        try "delivery_id,date,customer,site,product,mass[t]\nD2,2024-04-21,Beta,s1,cu,1\nD3,2024-04-22,Beta,s1,cu,1\n"
            .write(toFile: cli.path("d.csv"), atomically: true, encoding: .utf8)
        r = try cli.run("ledger", "deliver", "--csv", "d.csv")
        #expect(r.status == 1)
        #expect(r.err.contains("d.csv:2: delivery D2 has no document reference") && r.err.contains("d.csv:3: delivery D3 has no document reference"), "\(r.err)")
        try "delivery_id,date,customer,site,product,mass[t],documents\nD2,2024-04-21,Beta,s1,cu,1,DN-2; WB-8\n".write(toFile: cli.path("d.csv"), atomically: true, encoding: .utf8)
        r = try cli.run("ledger", "deliver", "--csv", "d.csv")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "verify")
        #expect(r.status == 0 && r.out.hasPrefix("ok:"), "\(r.out)\(r.err)")
    }

    /// UL 2809 requires documents on receipt: a lot file without a `documents` column is refused line by line (no
    /// reference is made up for it) and records nothing; the same lots with their documents are received.
    @Test func ul2809LedgerRefusesUndocumentedLots() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try initUL(cli)
        let header = "lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Cu[%]"
        try "\(header)\nL1,2024-04-02,Collector,cu_scrap_no1,post-consumer,10,0,99\nL2,2024-04-03,Collector,cu_scrap_no1,post-consumer,5,0,99\n"
            .write(toFile: cli.path("l.csv"), atomically: true, encoding: .utf8)
        var r = try cli.run("ledger", "receive", "--site", "s1", "--lots", "l.csv")
        #expect(r.status == 1)
        #expect(r.err.contains("l.csv:2: receipt of lot L1 has no document reference") && r.err.contains("l.csv:3: receipt of lot L2 has no document reference"), "\(r.err)")
        r = try cli.run("ledger", "history")
        #expect(!r.out.contains("L1") && !r.out.contains("L2"), "\(r.out)")
        try "\(header),documents\nL1,2024-04-02,Collector,cu_scrap_no1,post-consumer,10,0,99,WB-1;ASSAY-1\nL2,2024-04-03,Collector,cu_scrap_no1,post-consumer,5,0,99,\n"
            .write(toFile: cli.path("l.csv"), atomically: true, encoding: .utf8)
        r = try cli.run("ledger", "receive", "--site", "s1", "--lots", "l.csv")
        #expect(r.status == 1 && r.err.contains("l.csv:3: receipt of lot L2 has no document reference") && !r.err.contains("lot L1"), "\(r.err)")
        try "\(header),documents\nL1,2024-04-02,Collector,cu_scrap_no1,post-consumer,10,0,99,WB-1;ASSAY-1\nL2,2024-04-03,Collector,cu_scrap_no1,post-consumer,5,0,99,WB-2\n"
            .write(toFile: cli.path("l.csv"), atomically: true, encoding: .utf8)
        r = try cli.run("ledger", "receive", "--site", "s1", "--lots", "l.csv")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "verify")
        #expect(r.status == 0 && r.out.hasPrefix("ok:"), "\(r.out)\(r.err)")
    }

    /// ISCC PLUS at close: physical stock beyond 0.5 % of book stock is recorded and flagged, and verify shows it.
    @Test func physicalStockAtCloseIsFlagged() throws {
        let cli = try CLI()
        defer { cli.remove() }
        var r = try cli.run("ledger", "init", "--scheme", "iscc-plus", "--site", "s1=Smelter", "--product", "cu=Cu:cathode", "--account", "pool=s1:cu:1")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "init", "--scheme", "iscc-plus", "--max-period-months", "12", "--db", "other.sqlite")
        #expect(r.status == 1 && r.err.contains("maximum period of 12 months is longer than ISCC PLUS allows (3 months"), "\(r.err)")
        r = try cli.run("ledger", "receive", "--site", "s1", "--lot", "L1", "--supplier", "Collector", "--date", "2024-04-02",
                        "--category", "post-consumer", "--mass", "Cu=100t", "--document", "WB-1")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "issue", "--lot", "L1", "--account", "pool", "--element", "Cu", "--factor", "1", "--source", "test")
        #expect(r.status == 0, "\(r.err)")
        try "product,mass[t]\ncu,99\n".write(toFile: cli.path("stock.csv"), atomically: true, encoding: .utf8)
        r = try cli.run("ledger", "close-period", "--period", "2024-04", "--physical-stock", "cu=99t", "--physical-stock-file", "stock.csv")
        #expect(r.status == 1 && r.err.contains("physical stock of product \"cu\" already exists"), "\(r.err)")
        r = try cli.run("ledger", "close-period", "--period", "2024-04", "--physical-stock-file", "stock.csv")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("FLAGGED for the auditor: cu physical stock 99 t vs book stock 100 t: deviation 1.00% above the scheme's tolerance of 0.50%"), "\(r.out)")
        r = try cli.run("ledger", "verify")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("FLAGGED for the auditor: close of 2024-04 (E000007): cu physical stock 99 t vs book stock 100 t"), "\(r.out)")
        r = try cli.run("ledger", "verify", "--format", "json")
        #expect(r.out.contains("\"flagged_closes\""), "\(r.out)")
    }

    /// A custom profile with mistakes is refused at init with every error located; nothing is created.
    @Test func customSchemeErrorsAreLocated() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try "id: mine\nname: Mine\nsource: \"v1\"\nrules:\n  claim_method: {value: credit}\n".write(toFile: cli.path("mine.yaml"), atomically: true, encoding: .utf8)
        var r = try cli.run("ledger", "init", "--scheme", "custom", "--scheme-file", "mine.yaml")
        #expect(r.status == 1)
        #expect(r.err.contains("mine.yaml:5: key rules.claim_method: missing key \"clause\""), "\(r.err)")
        #expect(r.err.contains("key rules: missing key \"max_period_months\""), "\(r.err)")
        r = try cli.run("ledger", "init", "--scheme", "iscc")
        #expect(r.status == 1 && r.err.contains("unknown scheme \"iscc\"; expected one of iscc-plus, asi, ul2809, untp-mass-balance, untp-book-and-claim"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("circula.sqlite")), "a refused init creates no ledger")
    }

    /// Book and claim from the command line: assess, book, transfer, retire; a second retirement is refused.
    @Test func bookAndClaimCommands() throws {
        let cli = try CLI()
        defer { cli.remove() }
        var r = try cli.run("ledger", "init", "--scheme", "untp-book-and-claim", "--site", "s1=Smelter", "--product", "cu=Cu:cathode")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "assess", "--period", "2024-04", "--product", "cu", "--volume", "100t", "--certifier", "CB Ltd", "--document", "AR-1")
        #expect(r.status == 0 && r.out.contains("CB Ltd assessed 100 t of cu for 2024-04"), "\(r.out)\(r.err)")
        r = try cli.run("ledger", "book", "--credit", "BC-1", "--product", "cu", "--mass", "100t", "--date", "2024-04-10")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "book", "--credit", "BC-2", "--product", "cu", "--mass", "1kg", "--date", "2024-04-10")
        #expect(r.status == 1 && r.err.contains("would exceed the assessed volume"), "\(r.err)")
        r = try cli.run("ledger", "transfer-credit", "--credit", "BC-1", "--to", "Beta", "--date", "2024-04-11")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "retire", "--credit", "BC-1", "--beneficiary", "Beta", "--date", "2024-04-12")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "retire", "--credit", "BC-1", "--beneficiary", "Gamma", "--date", "2024-04-12")
        #expect(r.status == 1 && r.err.contains("credit BC-1 was already retired for Beta"), "\(r.err)")
        r = try cli.run("ledger", "verify")
        #expect(r.status == 0, "\(r.out)\(r.err)")

        // The register: May's assessment, one credit held and one transferred, April's retired; May closed and the
        // unretired ones expire.
        r = try cli.run("ledger", "assess", "--period", "2024-05", "--product", "cu", "--volume", "50t", "--certifier", "CB Ltd", "--document", "AR-2")
        #expect(r.status == 0, "\(r.err)")
        for (id, mass) in [("BC-3", "20t"), ("BC-4", "5t")] {
            r = try cli.run("ledger", "book", "--credit", id, "--product", "cu", "--mass", mass, "--date", "2024-05-03")
            #expect(r.status == 0, "\(r.err)")
        }
        r = try cli.run("ledger", "transfer-credit", "--credit", "BC-4", "--to", "Gamma", "--date", "2024-05-04")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "credit-register")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("Booked credits (3): 1 held, 1 transferred, 1 retired, 0 expired"), "\(r.out)")
        let rows = r.out.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(rows.contains { $0.prefix(7) == ["BC-1", "2024-04", "cu", "100", "t", "2024-04-10", "retired"] && $0.contains("Beta") }, "\(r.out)")
        #expect(rows.contains { $0.prefix(7) == ["2024-05", "cu", "50", "25", "25", "t", "CB"] }, "\(r.out)")
        r = try cli.run("ledger", "credit-register", "--period", "2024-05", "--format", "csv")
        #expect(r.out.hasPrefix("credit,period,product,amount,unit,booked,status,holder,retired for,events\nBC-3,2024-05,cu,20,t,2024-05-03,held,,,E"), "\(r.out)")
        #expect(r.out.contains("\nBC-4,2024-05,cu,5,t,2024-05-03,transferred,Gamma,,E") && !r.out.contains("BC-1"), "\(r.out)")
        r = try cli.run("ledger", "close-period", "--period", "2024-04")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "close-period", "--period", "2024-05")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "credit-register", "--period", "2024-05", "--format", "json")
        #expect(r.out.contains("\"status\" : \"expired\""), "\(r.out)")
        #expect(!r.out.contains("\"status\" : \"held\"") && !r.out.contains("\"status\" : \"transferred\""), "\(r.out)")
        r = try cli.run("ledger", "credit-register", "--period", "2024-13")
        #expect(r.status == 1 && r.err.contains("2024-13"), "\(r.err)")
        r = try cli.run("ledger", "verify")
        #expect(r.status == 0, "\(r.out)\(r.err)")
    }

    /// A ledger created without --scheme runs under the named default profile, which `ledger scheme` shows.
    @Test func ledgersWithoutASchemeShowTheDefaultProfile() throws {
        let cli = try CLI()
        defer { cli.remove() }
        var r = try cli.run("ledger", "init", "--site", "s1=Smelter")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "scheme")
        #expect(r.out.hasPrefix("Circula default (ISO 22095 mass balance, credit method) (circula-default)"), "\(r.out)")
        #expect(r.out.contains("max_period_months   3"), "\(r.out)")
        r = try cli.run("ledger", "scheme", "--name", "asi")
        #expect(r.out.contains("claim_method        percentage"), "\(r.out)")
    }

    /// Custom periods from the command line: two months from the 15th; the close names the period's first and last day.
    @Test func customPeriodsFromTheCommandLine() throws {
        let cli = try CLI()
        defer { cli.remove() }
        var r = try cli.run("ledger", "init", "--period-start", "2024-04-15", "--site", "s1=Smelter")
        #expect(r.status != 0 && r.err.contains("--period-start and --period-months go with --period custom"), "\(r.err)")
        r = try cli.run("ledger", "init", "--scheme", "iscc-plus", "--period", "custom", "--period-start", "2024-04-15", "--period-months", "2",
                        "--site", "s1=Smelter", "--product", "cu=Cu:cathode", "--account", "pool=s1:cu:1")
        #expect(r.status == 0 && r.out.contains("period custom (2 months from 2024-04-15)"), "\(r.out)\(r.err)")
        r = try cli.run("ledger", "receive", "--site", "s1", "--lot", "L1", "--supplier", "Collector", "--date", "2024-06-14",
                        "--category", "post-consumer", "--mass", "Cu=10t", "--document", "WB-1")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "close-period", "--period", "2024-04")
        #expect(r.status == 1 && r.err.contains("expected FIRST..LAST such as 2024-04-15..2024-06-14"), "\(r.err)")
        r = try cli.run("ledger", "close-period", "--period", "2024-04-15..2024-06-14")
        #expect(r.status == 0 && r.out.contains("period 2024-04-15..2024-06-14 closed"), "\(r.out)\(r.err)")
    }
}
