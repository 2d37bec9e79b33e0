import CirculaLedger
import CirculaTestSupport
import Foundation
import Testing

@Suite("circula ledger CLI (subprocess)", .enabled(if: CLI.isBuilt, "build the circula binary first"))
struct CLITests {
    /// The README demo: sample lots → receipts → credits → deliveries to two customers → claims → certificate → ratio.
    @Test func demoSequence() throws {
        let cli = try CLI()
        defer { cli.remove() }
        var r = try cli.run("ledger", "init", "--site", "saganoseki=Saganoseki smelter", "--product", "cu-cathode=Cu:cathode",
                            "--account", "pool-cu=saganoseki:cu-cathode:0.97", "--account", "alpha-cu=saganoseki:cu-cathode:0.97:Customer Alpha",
                            "--account", "beta-cu=saganoseki:cu-cathode:0.97:Customer Beta")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "receive", "--site", "saganoseki", "--sample", "--recycled-only", "--elements", "Cu",
                        "--ring-fence", "Customer Alpha (wire mill scrap)=Customer Alpha", "--ring-fence", "Customer Beta (stamping scrap)=Customer Beta")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("imported 15 events from sample-lots.csv in one transaction"))
        r = try cli.run("ledger", "issue", "--all", "--element", "Cu", "--factor", "0.97", "--source", "flowsheet recovery Cu to cathode")
        #expect(r.out.contains("alpha-cu: 1629.496098 t") && r.out.contains("beta-cu: 1494.227535 t") && r.out.contains("pool-cu: 4992.35526 t"), "\(r.out)\(r.err)")
        r = try cli.run("ledger", "deliver", "--sample")
        #expect(r.status == 0, "\(r.err)")
        for (delivery, account) in [("D24-04-001", "alpha-cu"), ("D24-04-002", "beta-cu"), ("D24-04-003", "pool-cu"), ("D24-04-004", "pool-cu")] {
            r = try cli.run("ledger", "allocate", "--delivery", delivery, "--account", account)
            #expect(r.status == 0, "\(r.err)")
        }
        #expect(r.out.contains("2392.35526 t from pool-cu to delivery D24-04-004"))
        r = try cli.run("certificate", "keygen", "--out", "keys")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("certificate", "issue", "--delivery", "D24-04-001", "--key", "keys/issuer.key.pem", "--out", "cert.json")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("certificate", "verify", "cert.json", "--key", "keys/issuer.pub.pem")
        #expect(r.status == 0 && r.out.hasPrefix("valid: CERT-D24-04-001-1"), "\(r.out)\(r.err)")
        r = try cli.run("ledger", "ratio", "--format", "csv")
        #expect(r.out.contains("cu-cathode,2024-04,12,32907.9,8115.95526,t,24.66,-"), "\(r.out)")
        r = try cli.run("ledger", "verify")
        #expect(r.status == 0 && r.out.hasPrefix("ok: 53 events"), "\(r.out)\(r.err)")
    }

    /// An import file with a bad line is refused as a whole, with the line and column named.
    @Test func csvImportIsAtomicWithLocatedErrors() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.run("ledger", "init", "--site", "s1=S", "--product", "cu=Cu:cathode")
        var lines = ["delivery_id,date,customer,site,product,mass[t]"]
        lines += (1...5).map { "D\($0),2024-04-0\($0),Alpha,s1,cu,1\($0).5" }
        lines.append("D6,2024-04-06,Alpha,s1,cu,12.5 x")
        try (lines.joined(separator: "\n") + "\n").write(toFile: cli.path("deliveries.csv"), atomically: true, encoding: .utf8)
        var r = try cli.run("ledger", "deliver", "--csv", "deliveries.csv")
        #expect(r.status == 1)
        #expect(r.err == "error: deliveries.csv:7: column 6 (mass[t]): \"12.5 x\": expected a decimal number such as 12.5\n")
        // a ledger refusal inside the file (unknown site) is located too, and nothing is recorded
        lines[6] = "D6,2024-04-06,Alpha,s9,cu,12.5"
        try (lines.joined(separator: "\n") + "\n").write(toFile: cli.path("deliveries.csv"), atomically: true, encoding: .utf8)
        r = try cli.run("ledger", "deliver", "--csv", "deliveries.csv")
        #expect(r.err == "error: deliveries.csv:7: unknown site \"s9\"\n")
        r = try cli.run("ledger", "history", "--format", "csv")
        #expect(r.out.split(separator: "\n").count == 1 + 3, "only init, site and product: \(r.out)")
    }

    /// kill -9 in the middle of a long import leaves a database that verifies (the import is all or nothing).
    @Test func killDuringImportLeavesAVerifiableLedger() async throws {
        let cli = try CLI()
        defer { cli.remove() }
        var r = try cli.run("ledger", "init", "--db", "big.sqlite", "--site", "s1=S", "--product", "cu=Cu:cathode", "--account", "pool=s1:cu:0.97")
        #expect(r.status == 0, "\(r.err)")
        var text = "lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Cu[%]\n"
        for i in 0..<20_000 { text += "G\(i),2024-04-\(10 + i % 19),Supplier \(i % 7),cu_scrap_no2,post-consumer,\(100 + i % 800).5,0.5,8\(i % 10).25\n" }
        try text.write(toFile: cli.path("big.csv"), atomically: true, encoding: .utf8)
        let walPath = cli.path("big.sqlite-wal")
        func walSize() -> Int { ((try? FileManager.default.attributesOfItem(atPath: walPath))?[.size] as? Int) ?? 0 }
        let baseline = walSize()
        let (process, _, _) = cli.process(["ledger", "receive", "--db", "big.sqlite", "--site", "s1", "--lots", "big.csv"])
        try process.run()
        // Kill once the transaction is writing pages into the WAL (parsing and validation come first). The write
        // phase lasts well under a second, so poll by blocking this thread: an awaited sleep may not resume in
        // time while parallel tests occupy the cooperative pool.
        let deadline = ContinuousClock.now + .seconds(120)
        while process.isRunning && walSize() < baseline + 1_000_000 && ContinuousClock.now < deadline {
            usleep(2_000)
        }
        #expect(process.isRunning, "the import finished before it could be killed")
        #expect(walSize() >= baseline + 1_000_000, "killed before the import wrote to the database")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let ledger = Ledger(store: try SQLiteStore(path: cli.path("big.sqlite")))
        let report = try await ledger.verify()
        #expect(report.isValid)
        #expect(report.events == 4, "the uncommitted import must leave no trace")
        try await ledger.store.close()
        r = try cli.run("ledger", "verify", "--db", "big.sqlite")
        #expect(r.status == 0 && r.out.hasPrefix("ok:"), "\(r.out)\(r.err)")
    }

    /// The same commands against PostgreSQL with --postgres.
    @Test(.enabled(if: postgresURL != nil, "set CIRCULA_TEST_POSTGRES_URL to run against PostgreSQL"))
    func postgresFlag() async throws {
        let cli = try CLI()
        defer { cli.remove() }
        try await withDatabase(.postgres) { db in
            let url = db.location
            var r = try cli.run("ledger", "init", "--postgres", url, "--site", "saganoseki=Saganoseki", "--product", "cu-cathode=Cu:cathode",
                                "--account", "pool-cu=saganoseki:cu-cathode:0.97", "--account", "alpha-cu=saganoseki:cu-cathode:0.97:Customer Alpha",
                                "--account", "beta-cu=saganoseki:cu-cathode:0.97:Customer Beta")
            #expect(r.status == 0, "\(r.err)")
            r = try cli.run("ledger", "receive", "--postgres", url, "--site", "saganoseki", "--sample", "--recycled-only", "--elements", "Cu",
                            "--ring-fence", "Customer Alpha (wire mill scrap)=Customer Alpha", "--ring-fence", "Customer Beta (stamping scrap)=Customer Beta")
            #expect(r.status == 0, "\(r.err)")
            r = try cli.run("ledger", "issue", "--postgres", url, "--all", "--element", "Cu", "--factor", "0.97", "--source", "flowsheet")
            r = try cli.run("ledger", "deliver", "--postgres", url, "--sample")
            for (delivery, account) in [("D24-04-001", "alpha-cu"), ("D24-04-002", "beta-cu"), ("D24-04-003", "pool-cu"), ("D24-04-004", "pool-cu")] {
                r = try cli.run("ledger", "allocate", "--postgres", url, "--delivery", delivery, "--account", account)
                #expect(r.status == 0, "\(r.err)")
            }
            r = try cli.run("ledger", "ratio", "--postgres", url, "--format", "csv")
            #expect(r.out.contains("cu-cathode,2024-04,12,32907.9,8115.95526,t,24.66,-"), "\(r.out)\(r.err)")
            r = try cli.run("ledger", "verify", "--postgres", url)
            #expect(r.status == 0 && r.out.hasPrefix("ok: 52 events"), "\(r.out)\(r.err)")
        }
    }
}
