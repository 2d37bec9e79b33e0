import CirculaLedger
import Foundation
import Testing

@Suite("W3C Bitstring Status List: bit layout, GZIP encodedList, signed lists from the ledger")
struct BitstringStatusListTests {
    @Test("at least 131,072 entries; entry i is bit i from the left; the encodedList reads back")
    func layoutAndRoundTrip() throws {
        var list = BitstringStatusList(entries: 10)
        #expect(list.entries == 131_072 && list.bytes.count == 16_384)
        list.setStatus(1, at: 0)
        list.setStatus(1, at: 9)
        list.setStatus(1, at: 131_071)
        #expect(list.bytes[0] == 0b1000_0000 && list.bytes[1] == 0b0100_0000 && list.bytes[16_383] == 0b0000_0001)
        let encoded = list.encodedList
        #expect(encoded.hasPrefix("uH4sI") && !encoded.contains("=") && !encoded.contains("+") && !encoded.contains("/"))
        #expect(encoded.count < 200, "16 KB of mostly zeros compress to a few bytes: \(encoded.count) characters")
        let read = try BitstringStatusList(encodedList: encoded)
        #expect(read == list)
        #expect((0..<20).filter { read.status(at: $0) == 1 } == [0, 9])
        #expect(BitstringStatusList(entries: 131_073).entries == 262_144)
    }

    @Test("two-bit entries hold 0…3, most significant bit first")
    func twoBitEntries() throws {
        var list = BitstringStatusList(entries: 1, statusSize: 2)
        #expect(list.bytes.count == 32_768)
        list.setStatus(2, at: 0)
        list.setStatus(1, at: 1)
        list.setStatus(3, at: 5)
        #expect(list.bytes[0] == 0b1001_0000 && list.bytes[1] == 0b0011_0000)   // entry 5 = bits 10–11
        let read = try BitstringStatusList(encodedList: list.encodedList, statusSize: 2)
        #expect([0, 1, 2, 5].map(read.status(at:)) == [2, 1, 0, 3])
    }

    @Test("a bad encodedList is refused with what was expected")
    func refusals() throws {
        #expect(throws: CertificateError.self) { try BitstringStatusList(encodedList: "H4sI") }          // no multibase u
        #expect(throws: CertificateError.self) { try BitstringStatusList(encodedList: "u!!!") }          // not base64url
        #expect(throws: CertificateError.self) { try BitstringStatusList(encodedList: "uAAAA") }         // not GZIP
        var short = BitstringStatusList(entries: 1)
        short.setStatus(1, at: 3)
        // a one-bit list read as two-bit entries has only 65,536: under the minimum
        #expect(throws: CertificateError.self) { try BitstringStatusList(encodedList: short.encodedList, statusSize: 2) }
    }

    @Test("the ledger's lists: revoked 1/1, superseded 0/2, valid 0/0 at each certificate's issue-event seq; credentials point at them")
    func ledgerLists() async throws {
        try await withDatabase(.sqlite) { db in
            let ledger = try await Fixture.ledger(db)
            try await ledger.append([Fixture.allocate("D1", "pool", 10 * Fixture.t), Fixture.allocate("D3", "pool", 10 * Fixture.t),
                                     Fixture.allocate("D2", "alpha", 4 * Fixture.t)])
            let key = IssuerKey.generate()
            let c1 = try await ledger.issueCertificate(delivery: "D1", key: key)
            let seq1 = try await ledger.store.head().seq
            let c3 = try await ledger.issueCertificate(delivery: "D3", key: key)
            let seq3 = try await ledger.store.head().seq
            let c2 = try await ledger.issueCertificate(delivery: "D2", key: key)
            let seq2 = try await ledger.store.head().seq
            try await ledger.revokeCertificate(c1.body.certificate, reason: "wrong delivery", date: "2024-04-24")
            let c3b = try await ledger.supersedeCertificate(c3.body.certificate, reason: "corrected", key: key)
            let seq3b = try await ledger.store.head().seq
            #expect(try await ledger.certificateStatusIndexes() == [c1.body.certificate: seq1, c3.body.certificate: seq3,
                                                                    c2.body.certificate: seq2, c3b.body.certificate: seq3b])
            let lists = try await ledger.bitstringStatusLists(key: key)
            let revocation = try VerifiableCredential.json(try #require(lists[.revocation]))
            let message = try VerifiableCredential.json(try #require(lists[.message]))
            func status(_ c: Certificate, _ seq: Int64, _ list: String) throws -> Int {
                let credential = try VerifiableCredential.json(try VerifiableCredential.issue(c, key: key, statusIndex: seq))
                let read = try VerifiableCredential.status(ofCredential: credential, in: list, expectedKey: key.privateKey.publicKey)
                #expect(read.index == Int(seq))
                return read.value
            }
            #expect(try [c1, c3, c2, c3b].enumerated().map { i, c in try status(c, [seq1, seq3, seq2, seq3b][i], revocation) } == [1, 0, 0, 0])
            #expect(try [c1, c3, c2, c3b].enumerated().map { i, c in try status(c, [seq1, seq3, seq2, seq3b][i], message) } == [1, 2, 0, 0])
            #expect(revocation.contains("\"BitstringStatusListCredential\"") && revocation.contains("\"statusPurpose\" : \"revocation\""))

            // A list signed by another issuer says nothing about these certificates.
            let other = IssuerKey.generate()
            let foreign = try VerifiableCredential.json(try VerifiableCredential.statusListCredential(
                purpose: .revocation, list: BitstringStatusList(entries: 1), key: other, validFrom: "2024-04-25T00:00:00Z"))
            let credential = try VerifiableCredential.json(try VerifiableCredential.issue(c1, key: key, statusIndex: seq1))
            #expect(throws: CertificateError.self) { try VerifiableCredential.status(ofCredential: credential, in: foreign) }
            // A credential without the W3C entries (exported without the ledger) has no index to read.
            let legacy = try VerifiableCredential.json(try VerifiableCredential.issue(c1, key: key))
            #expect(throws: CertificateError.self) { try VerifiableCredential.status(ofCredential: legacy, in: revocation) }
        }
    }
}
