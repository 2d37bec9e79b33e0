@testable import CirculaLedger
import CirculaCore
import Foundation
import Testing

/// Certificates and keys on disk, database file modes, read-only verify, strict certificate reading.
@Suite("Ledger files")
struct FileSafetyTests {
    func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("circula-files-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func databaseFilesArePrivate() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ledger = Ledger(store: try SQLiteStore(path: dir + "/l.sqlite"), clock: { Date(timeIntervalSince1970: 1_714_000_000) })
        try await ledger.append(Fixture.setup())
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: dir + "/l.sqlite" + suffix) {
            #expect(try mode(dir + "/l.sqlite" + suffix) == 0o600, "l.sqlite\(suffix)")
        }
        try await ledger.store.close()
    }

    /// An auditor with a read-only copy verifies it; verify writes nothing and recreates no table.
    @Test func verifyIsReadOnly() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/l.sqlite"
        let writer = try SQLiteStore(path: path)
        try await Ledger(store: writer, clock: { Date(timeIntervalSince1970: 1_714_000_000) }).append(Fixture.setup())
        try await writer.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        chmod(path, 0o444)
        let reader = try SQLiteStore(path: path, readOnly: true)
        #expect(try await Ledger(store: reader).verify().isValid)
        await #expect(throws: LedgerError.storage("the ledger \(path) is open read-only")) {
            try await Ledger(store: reader).append(.addSite(Site(id: "x", name: "x")))
        }
        try await reader.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        // A dropped table is reported, not recreated.
        chmod(path, 0o600)
        let tamper = try SQLiteStore(path: path)
        try await tamper.pool.write { try $0.execute(sql: "DROP TABLE state") }
        try await tamper.close()
        #expect(throws: LedgerError.storage("table state is missing from \(path); it is not a Circula ledger or it was damaged")) {
            _ = try SQLiteStore(path: path, readOnly: true)
        }
    }

    /// The certificate file is written before its event: an impossible path records nothing, an existing file is
    /// not overwritten without `overwrite`, and the file is in place once the event is.
    @Test func certificateFileBeforeItsEvent() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ledger = Ledger(store: try SQLiteStore(path: dir + "/l.sqlite"), clock: { Date(timeIntervalSince1970: 1_714_000_000) })
        try await ledger.append(Fixture.setup())
        try await ledger.append(Fixture.allocate("D1", "pool", 5 * Fixture.t))
        let key = IssuerKey.generate()
        let head = try await ledger.store.head()
        await #expect(throws: SecureFile.Failure(path: "/nonexistent/dir/c.json", reason: "directory /nonexistent/dir does not exist")) {
            try await ledger.issueCertificate(delivery: "D1", key: key, writingTo: "/nonexistent/dir/c.json")
        }
        #expect(try await ledger.store.head() == head)
        try "private".write(toFile: dir + "/issuer.key.pem", atomically: true, encoding: .utf8)
        await #expect(throws: SecureFile.Failure(path: dir + "/issuer.key.pem", reason: "exists; refusing to overwrite it (use --force)")) {
            try await ledger.issueCertificate(delivery: "D1", key: key, writingTo: dir + "/issuer.key.pem")
        }
        #expect(try String(contentsOfFile: dir + "/issuer.key.pem", encoding: .utf8) == "private")
        #expect(try await ledger.store.head() == head)
        let certificate = try await ledger.issueCertificate(delivery: "D1", key: key, writingTo: dir + "/c.json")
        #expect(try Certificate.load(json: try String(contentsOfFile: dir + "/c.json", encoding: .utf8)) == certificate)
        #expect(try mode(dir + "/c.json") == 0o644)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }.isEmpty)
        try await ledger.store.close()
    }

    @Test func keyIsPrivateFromTheFirstByte() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let old = umask(0)
        defer { umask(old) }
        let pending = try SecureFile.prepare(IssuerKey.generate().privatePEM, to: dir + "/k.pem", mode: 0o600)
        // Before the rename the temporary file already has mode 0600; nothing is at the final path yet.
        let temporary = try #require(try FileManager.default.contentsOfDirectory(atPath: dir).first { $0.contains(".tmp-") })
        #expect(try mode(dir + "/" + temporary) == 0o600)
        #expect(!FileManager.default.fileExists(atPath: dir + "/k.pem"))
        try pending.commit()
        #expect(try mode(dir + "/k.pem") == 0o600)
        #expect(throws: SecureFile.Failure(path: dir + "/k.pem", reason: "exists; refusing to overwrite it (use --force)")) {
            try SecureFile.write("x", to: dir + "/k.pem")
        }
    }

    /// Unknown fields, duplicate keys and values outside the signed form fail, with the reason.
    @Test func certificateCanonicalFormIsEnforced() throws {
        let key = IssuerKey.generate()
        let body = CertificateBody(certificate: "C-1", issuer: "Test", delivery: "D1", customer: "Beta", site: "s1", product: "cu",
                                   element: "Cu", form: "cathode", unit: "g", mass: 100, recycledMass: 50, recycledSharePpm: 500_000,
                                   period: "2024-04", claims: [.init(account: "pool", ringFencedFor: nil, amount: 50, lots: ["R1"])],
                                   keyId: key.keyID, ledgerHeadSeq: 3, ledgerHeadHash: String(repeating: "a", count: 64),
                                   issuedAt: "2024-04-24T00:00:00Z", chainOfCustody: "ISO 22095 mass balance, credit method")
        let text = try Certificate.sign(body, with: key).json()
        let publicKey = try IssuerKey.publicKey(pem: key.publicPEM)
        try Certificate.load(json: text).verify(publicKey: publicKey)
        let extraInBody = text.replacingOccurrences(of: "\"certificate\" : \"C-1\",", with: "\"certificate\" : \"C-1\", \"bonus\" : \"100% recycled\",")
        #expect(extraInBody != text)
        #expect(throws: CertificateError.invalid("content outside the signed canonical form: body.bonus: unknown field, not covered by the signature")) {
            try Certificate.load(json: extraInBody)
        }
        let extraTop = text.replacingOccurrences(of: "\"algorithm\" : \"Ed25519\",", with: "\"algorithm\" : \"Ed25519\", \"note\" : \"x\",")
        #expect(throws: CertificateError.invalid("content outside the signed canonical form: note: unknown field, not covered by the signature")) {
            try Certificate.load(json: extraTop)
        }
        let duplicate = text.replacingOccurrences(of: "\"customer\" : \"Beta\",", with: "\"customer\" : \"Beta\", \"customer\" : \"Gamma\",")
        #expect(duplicate != text)
        #expect(throws: CertificateError.self) { try Certificate.load(json: duplicate) }
        do { _ = try Certificate.load(json: duplicate) } catch { #expect("\(error)".contains("duplicate key \"customer\"")) }
    }

    /// Huge lots give an error, not a trap (exit 132 before); the exact and the Double contained masses agree.
    @Test func lotReceiptLimits() throws {
        func lot(tonnes: String) throws -> Lot {
            let csv = "lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Cu[%]\nL1,2024-04-02,x,cu_scrap_no2,post-consumer,\(tonnes),0,50\n"
            return try #require(try LotCSV.parse(csv, file: "t.csv").first)
        }
        #expect(try LotReceipts.containedMass(of: "Cu", in: lot(tonnes: "1000000000")) == 500_000_000_000_000)
        #expect(throws: LedgerError.invalidInput("lot L1: wet mass 10,000,000,000,000 t is out of range; expected 0 … 1,000,000,000 t")) {
            try LotReceipts.containedMass(of: "Cu", in: lot(tonnes: "10000000000000"))
        }
    }
}
