import Crypto
import Foundation

/// A signed statement of the chain head ("event 1204 had hash 3fa2…"), kept outside the database: whoever can write
/// the database can recompute every hash, but cannot forge this signature, so `verify` with the checkpoint catches a
/// rewrite or a truncation behind it. Written at every period close and on demand (`ledger checkpoint`).
public struct Checkpoint: Codable, Sendable, Equatable {
    public struct Body: Codable, Sendable, Equatable {
        public var company: String
        public var ledgerHeadSeq: Int64
        public var ledgerHeadHash: String
        public var createdAt: String
        public var keyId: String
        /// Why it was written (`close-period 2024-04`, `on demand`).
        public var reason: String

        enum CodingKeys: String, CodingKey {
            case company, reason
            case ledgerHeadSeq = "ledger_head_seq"
            case ledgerHeadHash = "ledger_head_hash"
            case createdAt = "created_at"
            case keyId = "key_id"
        }
    }

    public var checkpoint: Body
    public var algorithm: String
    public var signature: String

    public static func sign(_ body: Body, with key: IssuerKey) throws -> Checkpoint {
        let signature = try key.privateKey.signature(for: Data(try JSONValue.from(body).canonical.utf8))
        return Checkpoint(checkpoint: body, algorithm: "Ed25519", signature: signature.base64EncodedString())
    }

    public func verify(publicKey: Curve25519.Signing.PublicKey) throws(CertificateError) {
        guard algorithm == "Ed25519" else { throw .invalid("checkpoint algorithm \(algorithm); expected Ed25519") }
        guard checkpoint.keyId == IssuerKey.keyID(publicKey) else {
            throw .invalid("checkpoint names key \(checkpoint.keyId), the given public key is \(IssuerKey.keyID(publicKey))")
        }
        guard let signatureData = Data(base64Encoded: signature) else { throw .invalid("checkpoint signature is not base64") }
        let canonical: String
        do { canonical = try JSONValue.from(checkpoint).canonical } catch { throw .invalid("checkpoint cannot be encoded: \(error)") }
        guard publicKey.isValidSignature(signatureData, for: Data(canonical.utf8)) else {
            throw .invalid("the checkpoint's Ed25519 signature does not match its content (it was altered or signed by another key)")
        }
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// Reads a checkpoint; like a certificate, nothing outside the signed form is accepted.
    public static func load(json text: String) throws(CertificateError) -> Checkpoint {
        let parsed: JSONValue
        do { parsed = try JSONValue.parse(text) } catch { throw .invalid("not a Circula checkpoint: \(error)") }
        let checkpoint: Checkpoint
        do { checkpoint = try JSONDecoder().decode(Checkpoint.self, from: Data(text.utf8)) } catch {
            throw .invalid("not a Circula checkpoint: \(error)")
        }
        let expected: JSONValue
        do { expected = try JSONValue.from(checkpoint) } catch { throw .invalid("cannot be encoded: \(error)") }
        if parsed != expected {
            throw .invalid("content outside the signed canonical form: \(Certificate.difference(parsed, expected, at: "").joined(separator: "; "))")
        }
        return checkpoint
    }

    /// `checkpoint-000042.json`: sorts in chain order.
    public var fileName: String { "checkpoint-" + String(HashChain.eventID(seq: checkpoint.ledgerHeadSeq).dropFirst()) + ".json" }
}

extension Ledger {
    /// Signs the current chain head; with `directory`, writes it there (mode 0644, never over an existing file).
    @discardableResult
    public func checkpoint(key: IssuerKey, reason: String = "on demand", directory: String? = nil) async throws -> Checkpoint {
        let head = try await store.head()
        let company = try await state().config?.setup.company ?? ""
        let checkpoint = try Checkpoint.sign(.init(company: company, ledgerHeadSeq: head.seq, ledgerHeadHash: head.hash,
                                                   createdAt: now(), keyId: key.keyID, reason: reason), with: key)
        if let directory {
            let path = (directory as NSString).appendingPathComponent(checkpoint.fileName)
            try SecureFile.write(try checkpoint.json(), to: path, mode: 0o644, overwrite: false)
        }
        return checkpoint
    }

    /// Closes `period` with the ledger's rule and, with a key, writes a signed checkpoint of the new head.
    @discardableResult
    public func closePeriod(_ period: String, checkpointKey: IssuerKey? = nil, checkpointDirectory: String? = nil) async throws -> (event: StoredEvent, checkpoint: Checkpoint?) {
        guard let rule = try await state().config?.setup.carryOver else { throw LedgerError.notInitialized }
        let stored = try await append(.closePeriod(PeriodClose(period: period, rule: rule)))
        guard let checkpointKey else { return (stored, nil) }
        return (stored, try await checkpoint(key: checkpointKey, reason: "close-period \(period)", directory: checkpointDirectory))
    }
}

extension ChainAnchor {
    public static func checkpoint(_ checkpoint: Checkpoint, source: String) -> ChainAnchor {
        let body = checkpoint.checkpoint
        return ChainAnchor(seq: body.ledgerHeadSeq, hash: body.ledgerHeadSeq == 0 ? nil : body.ledgerHeadHash, source: source)
    }

    /// Anchors of every `*.json` checkpoint in `directory`, each signature checked against `publicKey` when given.
    public static func checkpoints(in directory: String, publicKey: Curve25519.Signing.PublicKey?) throws -> [ChainAnchor] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw CertificateError.invalid("cannot read the checkpoint directory \(directory): \(error.localizedDescription)")
        }
        return try names.filter { $0.hasSuffix(".json") }.sorted().map { name in
            let path = (directory as NSString).appendingPathComponent(name)
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw CertificateError.invalid("\(path): not readable as UTF-8") }
            let checkpoint: Checkpoint
            do {
                checkpoint = try Checkpoint.load(json: text)
                if let publicKey { try checkpoint.verify(publicKey: publicKey) }
            } catch { throw CertificateError.invalid("\(path): \(error)") }
            return ChainAnchor.checkpoint(checkpoint, source: "checkpoint \(name)")
        }
    }
}
