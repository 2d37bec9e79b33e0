import CirculaLedger
import Foundation
import Testing

/// `docs/certificates.md` is enough to verify a certificate, its credential and the status list: the Python program
/// printed in the document (Python + `cryptography`, nothing of Circula) accepts the real files and refuses edits.
@Suite("docs/certificates.md verifier (Python)")
struct CertificateVerificationTests {
    @Test func pythonFromTheDocVerifiesCertificateCredentialAndStatus() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("circula-cert-verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        var issueSeq: Int64 = 0

        try await withDatabase(.sqlite) { db in
            let ledger = try await Fixture.ledger(db)
            try await ledger.append([Fixture.allocate("D2", "alpha", 4 * Fixture.t), Fixture.allocate("D2", "pool", 1 * Fixture.t)])
            let key = IssuerKey.generate()
            let certificate = try await ledger.issueCertificate(delivery: "D2", key: key, writingTo: path("cert.json"))
            issueSeq = try await ledger.store.head().seq   // the issue event is the last one: its seq is the status index
            try key.publicPEM.write(toFile: path("issuer.pub.pem"), atomically: true, encoding: .utf8)
            try VerifiableCredential.json(try VerifiableCredential.issue(certificate, key: key, statusIndex: issueSeq))
                .write(toFile: path("credential.json"), atomically: true, encoding: .utf8)
            try await ledger.revokeCertificate(certificate.body.certificate, reason: "test revocation", date: "2024-04-24")
            try (try await ledger.certificateStatusList(key: key).json()).write(toFile: path("status.json"), atomically: true, encoding: .utf8)
            let lists = try await ledger.bitstringStatusLists(key: key)
            try VerifiableCredential.json(lists[.revocation]!).write(toFile: path("revocation.json"), atomically: true, encoding: .utf8)
            try VerifiableCredential.json(lists[.message]!).write(toFile: path("message.json"), atomically: true, encoding: .utf8)
        }
        let program = try IndependentVerifier.program(fromDoc: "certificates.md", into: dir)
        let args = [program, path("issuer.pub.pem"), path("cert.json"), path("credential.json"), path("status.json"),
                    path("revocation.json"), path("message.json")]
        let ok = try IndependentVerifier.run(args)
        #expect(ok.status == 0, "\(ok.output)")
        #expect(ok.output.contains("ok certificate CERT-D2-1: 5000000 g recycled of 20000000 g"), "\(ok.output)")
        #expect(ok.output.contains("ok credential urn:circula:certificate:CERT-D2-1"), "\(ok.output)")
        #expect(ok.output.contains("ok status CERT-D2-1: revoked"), "\(ok.output)")
        // The W3C lists, decoded by Python's gzip and base64: the revoked certificate's bit is 1, its message value 1.
        #expect(ok.output.contains("ok revocation status CERT-D2-1: 1 at statusListIndex \(issueSeq)"), "\(ok.output)")
        #expect(ok.output.contains("ok message status CERT-D2-1: 1 at statusListIndex \(issueSeq)"), "\(ok.output)")

        // A list whose bits were changed (another encodedList) fails its proof.
        let revocation = try String(contentsOfFile: path("revocation.json"), encoding: .utf8)
        var cleared = BitstringStatusList(entries: 1)
        cleared.setStatus(0, at: Int(issueSeq))
        let encoded = try #require(revocation.split(separator: "\"").first { $0.hasPrefix("uH4sI") })
        try revocation.replacingOccurrences(of: String(encoded), with: cleared.encodedList).write(toFile: path("revocation.json"), atomically: true, encoding: .utf8)
        let unrevoked = try IndependentVerifier.run(args)
        #expect(unrevoked.status == 1 && unrevoked.output.contains("FAILED status list credential proof does not match"), "\(unrevoked.output)")
        try revocation.write(toFile: path("revocation.json"), atomically: true, encoding: .utf8)

        // One changed byte in each file, and the program says which check failed.
        let original = try String(contentsOfFile: path("credential.json"), encoding: .utf8)
        try original.replacingOccurrences(of: "\"batchNumber\" : \"D2\"", with: "\"batchNumber\" : \"D3\"")
            .write(toFile: path("credential.json"), atomically: true, encoding: .utf8)
        let edited = try IndependentVerifier.run(args)
        #expect(edited.status == 1 && edited.output.contains("FAILED credential proof does not match"), "\(edited.output)")
        try original.write(toFile: path("credential.json"), atomically: true, encoding: .utf8)

        let cert = try String(contentsOfFile: path("cert.json"), encoding: .utf8)
        try cert.replacingOccurrences(of: "\"customer\" : \"Alpha\"", with: "\"customer\" : \"Beta\"")
            .write(toFile: path("cert.json"), atomically: true, encoding: .utf8)
        let forged = try IndependentVerifier.run(args)
        #expect(forged.status == 1 && forged.output.contains("FAILED certificate signature does not match its body"), "\(forged.output)")
    }
}
