import CirculaLedger
import Foundation
import Testing

/// Issue 12 point 5: what a certificate states, revoke, supersede, the signed status list, the credential form.
@Suite("certificate lifecycle")
struct CertificateLifecycleTests {
    static let t = Fixture.t

    /// The statement: masses with units, factor, ISO 14021 shares from the receipts drawn, own-scrap share, the sentence.
    @Test(arguments: [StoreKind.sqlite, .postgres])
    func statementSaysWhereTheRecycledContentCameFrom(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            // D2 goes to Alpha: 4 t from its own (pre-consumer) scrap account, 6 t from the post-consumer pool.
            try await ledger.append([Fixture.allocate("D2", "alpha", 4 * Self.t), Fixture.allocate("D2", "pool", 6 * Self.t)])
            let key = IssuerKey.generate()
            let certificate = try await ledger.issueCertificate(delivery: "D2", key: key)
            let s = try #require(certificate.body.statement)
            #expect(s.mass == Measure(amount: 20 * Self.t, unit: "g"))
            #expect(s.recycledMass == Measure(amount: 10 * Self.t, unit: "g"))
            #expect(s.conversionFactors == ["0.97"])
            #expect(s.preConsumerSharePpm == 400_000 && s.postConsumerSharePpm == 600_000)
            #expect(s.ownScrapSharePpm == 400_000)
            #expect(s.claimMethod == "credit")
            #expect(s.scheme.hasPrefix("Circula default (ISO 22095 mass balance, credit method) (circula-default; ISO 22095:2020)"), "\(s.scheme)")
            #expect(s.massBalanceStatement.contains("50.00 % of this delivery's copper cathode"))
            #expect(s.massBalanceStatement.contains("the physical cathode may contain no recycled copper"))
            try certificate.verify(publicKey: key.privateKey.publicKey)
            // A delivery to Beta from the pool only: no own-scrap share at all.
            try await ledger.append(Fixture.allocate("D1", "pool", 5 * Self.t))
            let beta = try #require(try await ledger.issueCertificate(delivery: "D1", key: key).body.statement)
            #expect(beta.ownScrapSharePpm == nil && beta.postConsumerSharePpm == 1_000_000)
            #expect(try await ledger.verify().isValid)
        }
    }

    /// A ledger kept under a scheme says so on its certificates: the profile's name, id and source, and its claim
    /// method, signed in the body (not the default's wording).
    @Test(arguments: [StoreKind.sqlite, .postgres])
    func certificateNamesTheLedgersScheme(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        try await withDatabase(kind) { db in
            let ledger = try await SchemeFixture.ledger(db, "iscc-plus")
            let t = SchemeFixture.t
            try await ledger.append([SchemeFixture.receive("L1", 10 * t), SchemeFixture.credit("L1", 10 * t), SchemeFixture.deliver("D1", 5 * t),
                                     Fixture.allocate("D1", "pool", 5 * t)])
            let key = IssuerKey.generate()
            let s = try #require(try await ledger.issueCertificate(delivery: "D1", key: key).body.statement)
            let iscc = try SchemeFixture.profile("iscc-plus")
            #expect(s.scheme == "\(iscc.name) (iscc-plus; \(iscc.source))")
            #expect(s.scheme.hasPrefix("ISCC PLUS"), "\(s.scheme)")
            #expect(s.claimMethod == "credit")
            #expect(try await ledger.verify().isValid)
        }
    }

    @Test(arguments: [StoreKind.sqlite, .postgres])
    func revokeSupersedeAndTheStatusList(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            let key = IssuerKey.generate()
            try await ledger.append(Fixture.allocate("D1", "pool", 5 * Self.t))
            let first = try await ledger.issueCertificate(delivery: "D1", key: key)
            try await ledger.append(Fixture.allocate("D3", "pool", 8 * Self.t))
            let wrong = try await ledger.issueCertificate(delivery: "D3", key: key)

            // One valid certificate per delivery: a plain reissue is refused, naming the valid one.
            do {
                _ = try await ledger.issueCertificate(delivery: "D1", key: key)
                Issue.record("a second valid certificate for D1 was issued")
            } catch let error as LedgerError {
                #expect(error.description == "delivery D1 already has the valid certificate CERT-D1-1; supersede it (`circula certificate supersede`) or revoke it first")
            }
            // Revoke with a reason; a second revoke, or superseding it, names its status.
            try await ledger.revokeCertificate(wrong.body.certificate, reason: "allocated to the wrong delivery", date: "2024-04-24")
            try await expectRefusal(ledger, .certificateStatus(.init(certificate: wrong.body.certificate, status: .revoked, reason: "again", date: "2024-04-24")),
                                    "certificate CERT-D3-1 is revoked; only a valid certificate can be revoked or superseded")
            try await expectRefusal(ledger, .certificateStatus(.init(certificate: "CERT-D1-1", status: .revoked, reason: " ", date: "2024-04-24")),
                                    "reason must not be empty")
            try await expectRefusal(ledger, .certificateStatus(.init(certificate: "CERT-D1-1", status: .superseded, reason: "x", supersededBy: "CERT-D3-1", date: "2024-04-24")),
                                    "supersede: CERT-D3-1 is for delivery D3, CERT-D1-1 for D1")
            try await expectRefusal(ledger, .certificateStatus(.init(certificate: "CERT-NONE", status: .revoked, reason: "x", date: "2024-04-24")),
                                    "unknown certificate \"CERT-NONE\"")

            // After a revocation the delivery may be certified again.
            #expect(try await ledger.issueCertificate(delivery: "D3", key: key).body.certificate == "CERT-D3-2")

            // Supersede: more credits allocated to D1, a new certificate names the old one, the old one is superseded.
            try await ledger.append(Fixture.allocate("D1", "pool", 5 * Self.t))
            let second = try await ledger.supersedeCertificate(first.body.certificate, reason: "second allocation", key: key)
            #expect(second.body.certificate == "CERT-D1-2")
            #expect(second.body.statement?.supersedes == "CERT-D1-1")
            #expect(second.body.recycledMass == 10 * Self.t)
            do {
                _ = try await ledger.supersedeCertificate(first.body.certificate, reason: "again", key: key)
                Issue.record("superseding a superseded certificate was accepted")
            } catch let error as LedgerError {
                #expect(error == .certificateNotValid(certificate: "CERT-D1-1", status: "superseded"))
            }

            let list = try await ledger.certificateStatusList(key: key)
            try list.verify(publicKey: key.privateKey.publicKey)
            #expect(try list.status(of: first).status == .superseded)
            #expect(try list.status(of: first).supersededBy == "CERT-D1-2")
            #expect(try list.status(of: wrong).status == .revoked)
            #expect(try list.status(of: wrong).reason == "allocated to the wrong delivery")
            #expect(try list.status(of: second).status == .valid)
            #expect(list.statusList.ledgerHeadSeq == (try await ledger.store.head().seq))

            // The list round-trips through its file form; an edited status or a certificate with another body fails.
            let loaded = try CertificateStatusList.load(json: try list.json())
            #expect(loaded == list)
            var edited = list
            edited.statusList.certificates[0].status = .valid // CERT-D1-1 was superseded
            #expect(throws: CertificateError.self) { try edited.verify(publicKey: key.privateKey.publicKey) }
            var forged = second
            forged.body.recycledMass += 1
            #expect(throws: CertificateError.self) { try list.status(of: forged) }
            #expect(throws: CertificateError.self) { try list.verify(publicKey: IssuerKey.generate().privateKey.publicKey) }

            // The status survives a replay: verify rebuilds the same rows.
            #expect(try await ledger.verify().isValid)
        }
    }

    /// The credential verifies, and any change to it (subject, embedded certificate, proof) breaks it.
    @Test func credentialProofCoversEverything() async throws {
        try await withDatabase(.sqlite) { db in
            let ledger = try await Fixture.ledger(db)
            let key = IssuerKey.generate()
            try await ledger.append(Fixture.allocate("D2", "alpha", 4 * Self.t))
            let certificate = try await ledger.issueCertificate(delivery: "D2", key: key)
            let text = try VerifiableCredential.json(try VerifiableCredential.issue(certificate, key: key))
            #expect(try VerifiableCredential.verify(json: text, expectedKey: key.privateKey.publicKey) == certificate)
            #expect(throws: CertificateError.self) { try VerifiableCredential.verify(json: text, expectedKey: IssuerKey.generate().privateKey.publicKey) }
            for (from, to) in [("\"batchNumber\" : \"D2\"", "\"batchNumber\" : \"D9\""), ("\"recycled_mass\" : 4000000", "\"recycled_mass\" : 4000001"),
                               ("\"proofPurpose\" : \"assertionMethod\"", "\"proofPurpose\" : \"authentication\"")] {
                #expect(text.contains(from), "\(from) not in the credential")
                #expect(throws: CertificateError.self) { try VerifiableCredential.verify(json: text.replacingOccurrences(of: from, with: to)) }
            }
        }
    }
}
