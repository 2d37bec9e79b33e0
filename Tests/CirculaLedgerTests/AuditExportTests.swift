import CirculaLedger
import Foundation
import Testing

/// Issue 12 point 6: `ledger export` writes every event and an auditor recomputes the chain with Python's standard
/// library alone (the bundle's `verify_chain.py`, which implements `docs/hash-chain.md`).
@Suite("audit export")
struct AuditExportTests {
    /// More events than one store page (1000), a closed period, a checkpoint and a certificate; on both stores.
    @Test(arguments: [StoreKind.sqlite, .postgres])
    func bundleRoundTripsThroughPython(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("circula-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let checkpoints = dir.appendingPathComponent("checkpoints"), certificates = dir.appendingPathComponent("certs")
        for d in [checkpoints, certificates] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        let bundle = dir.appendingPathComponent("bundle").path

        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            // Sites with a free-text name holding every escape of the canonical form (quote, backslash, controls, non-ASCII).
            try await ledger.append((1...1010).map { .addSite(Site(id: "site\($0)", name: "Yard \($0) \"north\" \\ tab\t bell\u{07} ö 銅")) })
            try await ledger.append(Fixture.allocate("D1", "pool", 5 * Fixture.t))
            let key = IssuerKey.generate()
            _ = try await ledger.issueCertificate(delivery: "D1", key: key, writingTo: certificates.appendingPathComponent("CERT-D1-1.json").path)
            do {
                _ = try await ledger.exportAudit(period: "2024-04", to: bundle)
                Issue.record("exported a period that is not closed")
            } catch let error as AuditExport.Failure { #expect(error == .notClosed(period: "2024-04")) }
            try await ledger.closePeriod("2024-04", checkpointKey: key, checkpointDirectory: checkpoints.path)
            try await ledger.append(.deliver(Delivery(delivery: "D5", customer: "Beta", site: "s1", product: "cu", mass: Fixture.t, date: "2024-05-11")))

            let summary = try await ledger.exportAudit(period: "2024-04", to: bundle, publicKeys: ["issuer.pub.pem": key.publicPEM],
                                                       checkpointsDirectory: checkpoints.path, certificatesDirectory: certificates.path)
            let head = try await ledger.store.head()
            #expect(summary.valid)
            #expect(summary.events == Int(head.seq) && summary.events > 1030)
            #expect(summary.head == head)
            #expect(summary.files.contains("keys/issuer.pub.pem") && summary.files.contains("certificates/CERT-D1-1.json")
                && summary.files.contains { $0.hasPrefix("checkpoints/checkpoint-") })
            for name in AuditExport.fixedFiles + ["manifest.json"] { #expect(summary.files.contains(name), "\(name) missing") }

            // The state at close is the state replayed to the close event: May's delivery D5 is not in it.
            let state = try String(contentsOfFile: bundle + "/state-at-close.json", encoding: .utf8)
            #expect(state.contains("\"delivery:D1\"") && !state.contains("\"delivery:D5\""))
            let factors = try String(contentsOfFile: bundle + "/factors.json", encoding: .utf8)
            #expect(factors.contains("\"factor_source\" : \"test yield\"") && factors.contains("\"recomputed_credits\" : 97000000"))

            // A second export into the same directory is refused, never merged.
            do {
                _ = try await ledger.exportAudit(period: "2024-04", to: bundle)
                Issue.record("exported over an existing bundle")
            } catch let error as AuditExport.Failure { #expect(error == .outputExists(bundle)) }
        }

        let ok = try IndependentVerifier.run([bundle + "/verify_chain.py", bundle])
        #expect(ok.status == 0 && ok.output.hasPrefix("chain ok: "), "\(ok.output)")

        // Edit one event's payload (a delivered mass), and the script names the line; the manifest digest breaks too.
        let eventsPath = bundle + "/events.jsonl"
        let lines = try String(contentsOfFile: eventsPath, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let target = try #require(lines.firstIndex { $0.contains("\"delivery\":\"D3\"") && $0.contains("\"type\":\"deliver\"") })
        var edited = lines
        edited[target] = Substring(lines[target].replacingOccurrences(of: "\"mass\":80000000", with: "\"mass\":8000000"))
        try edited.joined(separator: "\n").write(toFile: eventsPath, atomically: true, encoding: .utf8)
        let broken = try IndependentVerifier.run([bundle + "/verify_chain.py", bundle])
        #expect(broken.status == 1, "\(broken.output)")
        #expect(broken.output.contains("BROKEN line \(target + 1) (E\(String(format: "%06d", target + 1))): stated hash"), "\(broken.output)")
        #expect(broken.output.contains("BROKEN events.jsonl: SHA-256 differs from the manifest"), "\(broken.output)")
    }
}
