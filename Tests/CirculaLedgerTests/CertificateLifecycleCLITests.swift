import CirculaLedger
import CirculaTestSupport
import Foundation
import Testing

/// The lifecycle, credential, export and paginated history through the real `circula` binary.
@Suite("certificate lifecycle and export CLI (subprocess)", .enabled(if: CLI.isBuilt, "build the circula binary first"))
struct CertificateLifecycleCLITests {
    @Test func lifecycleCredentialExportAndHistoryPages() throws {
        let cli = try CLI()
        defer { cli.remove() }
        var r = try cli.run("ledger", "init", "--site", "saganoseki=Saganoseki smelter", "--product", "cu-cathode=Cu:cathode",
                            "--account", "pool-cu=saganoseki:cu-cathode:0.97", "--account", "alpha-cu=saganoseki:cu-cathode:0.97:Customer Alpha")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "receive", "--site", "saganoseki", "--sample", "--recycled-only", "--elements", "Cu",
                        "--ring-fence", "Customer Alpha (wire mill scrap)=Customer Alpha")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "issue", "--all", "--element", "Cu", "--factor", "0.97", "--source", "flowsheet recovery Cu to cathode")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "deliver", "--sample")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "allocate", "--delivery", "D24-04-001", "--account", "alpha-cu")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("certificate", "keygen", "--out", "keys")
        try FileManager.default.createDirectory(atPath: cli.path("certs"), withIntermediateDirectories: true)
        r = try cli.run("certificate", "issue", "--delivery", "D24-04-001", "--key", "keys/issuer.key.pem", "--out", "certs/cert.json")
        #expect(r.status == 0, "\(r.err)")
        let cert = try String(contentsOfFile: cli.path("certs/cert.json"), encoding: .utf8)
        #expect(cert.contains("\"own_scrap_share_ppm\" : 1000000") && cert.contains("may contain no recycled copper"), "\(cert)")

        r = try cli.run("certificate", "credential", "certs/cert.json", "--key", "keys/issuer.key.pem", "--out", "credential.json")
        #expect(r.status == 0 && r.out.contains("issuer did:key:z6Mk"), "\(r.out)\(r.err)")
        r = try cli.run("certificate", "verify-credential", "credential.json", "--key", "keys/issuer.pub.pem")
        #expect(r.status == 0 && r.out.hasPrefix("valid credential: CERT-D24-04-001-1"), "\(r.out)\(r.err)")

        r = try cli.run("certificate", "status", "certs/cert.json")
        #expect(r.status == 0 && r.out == "CERT-D24-04-001-1: valid (ledger)\n", "\(r.out)\(r.err)")
        r = try cli.run("certificate", "revoke", "--certificate", "CERT-D24-04-001-1", "--reason", "customer returned the cathode")
        #expect(r.status == 0 && r.out.contains("certificate-status certificate CERT-D24-04-001-1 revoked: customer returned the cathode"), "\(r.out)\(r.err)")
        r = try cli.run("certificate", "revoke", "--certificate", "CERT-D24-04-001-1", "--reason", "twice")
        #expect(r.status == 1 && r.err == "refused: certificate CERT-D24-04-001-1 is revoked; only a valid certificate can be revoked or superseded\n", "\(r.err)")
        r = try cli.run("certificate", "status-list", "--key", "keys/issuer.key.pem", "--out", "status.json")
        #expect(r.status == 0 && r.out.contains("1 certificates (0 valid, 1 revoked, 0 superseded)"), "\(r.out)\(r.err)")
        r = try cli.run("certificate", "status", "certs/cert.json", "--status-list", "status.json", "--key", "keys/issuer.pub.pem")
        #expect(r.status == 1 && r.out.hasPrefix("CERT-D24-04-001-1: revoked: customer returned the cathode (status list at ledger head"), "\(r.out)\(r.err)")

        // History never stops silently: a page says what follows, --all lists everything.
        r = try cli.run("ledger", "history", "--format", "csv", "--limit", "10")
        #expect(r.out.split(separator: "\n").count == 11)
        #expect(r.err == "more: events after seq 10 not listed (limit 10); continue with --after 10, or list all with --all\n", "\(r.err)")
        r = try cli.run("ledger", "history", "--format", "csv", "--all")
        let total = r.out.split(separator: "\n").count - 1
        #expect(r.err.isEmpty && total > 20, "\(r.err)")

        r = try cli.run("ledger", "export", "--period", "2024-04", "--out", "bundle")
        #expect(r.status == 1 && r.err.contains("period 2024-04 has no close-period event"), "\(r.err)")
        try FileManager.default.createDirectory(atPath: cli.path("checkpoints"), withIntermediateDirectories: true)
        r = try cli.run("ledger", "close-period", "--period", "2024-04", "--checkpoint-key", "keys/issuer.key.pem", "--checkpoint-dir", "checkpoints")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "export", "--period", "2024-04", "--out", "bundle", "--key", "keys/issuer.pub.pem",
                        "--checkpoints", "checkpoints", "--certificates", "certs")
        #expect(r.status == 0 && r.out.contains("\(total + 1) events (all, through head \(total + 1) ") && r.out.contains("verify passed"), "\(r.out)\(r.err)")
        let py = try IndependentVerifier.run([cli.path("bundle/verify_chain.py"), cli.path("bundle")])
        #expect(py.status == 0 && py.output.hasPrefix("chain ok: \(total + 1) events"), "\(py.output)")
    }
}
