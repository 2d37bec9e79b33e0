import CirculaCore
import Foundation

/// The bundle an auditor receives for a closed period (`circula ledger export`): every event of the chain from
/// genesis to the head (nothing truncated), the state replayed up to the period's close, the verify report, public
/// keys, signed checkpoints and certificates, the conversion-factor derivations, `hash-chain.md` and the short
/// script it describes, and `manifest.json` with the SHA-256 of every file.
public struct AuditExport: Sendable {
    public struct Summary: Sendable, Equatable {
        public var directory: String
        public var period: String
        public var events: Int
        public var closeEvent: String
        public var head: ChainHead
        public var valid: Bool
        /// Bundle files relative to `directory`, sorted.
        public var files: [String]
    }

    public enum Failure: Error, CustomStringConvertible, Sendable, Equatable {
        case notClosed(period: String)
        case outputExists(String)
        case unreadable(path: String, reason: String)
        case write(String)
        public var description: String {
            switch self {
            case .notClosed(let period): "period \(period) has no close-period event; close it (`circula ledger close-period`) before exporting it"
            case .outputExists(let path): "\(path) exists and is not empty; export into a new directory"
            case .unreadable(let path, let reason): "\(path): \(reason)"
            case .write(let text): "cannot write the bundle: \(text)"
            }
        }
    }

    /// Files written by every export, besides the keys, checkpoints and certificates copied in.
    public static let fixedFiles = ["events.jsonl", "state-at-close.json", "verify.json", "factors.json", "hash-chain.md", "verify_chain.py"]
}

extension Ledger {
    /// Writes the audit bundle of `period` into `directory` (created; refused when it exists and is not empty).
    /// - Parameters:
    ///   - publicKeys: file name → PEM text of each issuer public key the auditor needs.
    ///   - checkpointsDirectory / certificatesDirectory: `*.json` files copied in (each must load and, with keys,
    ///     checkpoints are checked against them).
    public func exportAudit(period: String, to directory: String, publicKeys: [String: String] = [:],
                            checkpointsDirectory: String? = nil, certificatesDirectory: String? = nil) async throws -> AuditExport.Summary {
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: directory), !existing.isEmpty { throw AuditExport.Failure.outputExists(directory) }

        // Every event, paged through the store (no limit on the total).
        var events: [StoredEvent] = []
        while true {
            let page = try await history(after: events.last?.seq ?? 0, limit: 1000)
            events += page
            if page.count < 1000 { break }
        }
        guard let close = events.first(where: { event in
            guard event.type == "close-period", case .closePeriod(let c)? = try? event.event() else { return false }
            return c.period == period
        }) else { throw AuditExport.Failure.notClosed(period: period) }

        // The state as it was right after the close: a replay through the same rules `verify` uses.
        var state = LedgerState()
        for event in events where event.seq <= close.seq { try state.apply(try event.event(), id: event.id, recordedAt: event.timestamp) }

        var anchors: [ChainAnchor] = []
        var copies: [(name: String, text: String)] = []
        for (name, pem) in publicKeys.sorted(by: { $0.key < $1.key }) {
            _ = try IssuerKey.publicKey(pem: pem)
            copies.append(("keys/" + (name as NSString).lastPathComponent, pem))
        }
        let keys = try publicKeys.values.map { try IssuerKey.publicKey(pem: $0) }
        func jsonFiles(_ dir: String) throws -> [(name: String, text: String)] {
            guard let names = try? fm.contentsOfDirectory(atPath: dir) else {
                throw AuditExport.Failure.unreadable(path: dir, reason: "not a readable directory")
            }
            return try names.filter { $0.hasSuffix(".json") }.sorted().map { name in
                let path = (dir as NSString).appendingPathComponent(name)
                do { return (name, try String(contentsOfFile: path, encoding: .utf8)) } catch {
                    throw AuditExport.Failure.unreadable(path: path, reason: "not readable as UTF-8")
                }
            }
        }
        if let checkpointsDirectory {
            for file in try jsonFiles(checkpointsDirectory) {
                let checkpoint = try Checkpoint.load(json: file.text)
                if let key = keys.first(where: { IssuerKey.keyID($0) == checkpoint.checkpoint.keyId }) { try checkpoint.verify(publicKey: key) }
                anchors.append(.checkpoint(checkpoint, source: "checkpoint \(file.name)"))
                copies.append(("checkpoints/" + file.name, file.text))
            }
        }
        if let certificatesDirectory {
            for file in try jsonFiles(certificatesDirectory) {
                let certificate = try Certificate.load(json: file.text)
                anchors.append(try .certificate(certificate, source: "certificate \(certificate.body.certificate) (\(file.name))"))
                copies.append(("certificates/" + file.name, file.text))
            }
        }
        let report = try await verify(anchors: anchors)

        var files: [(name: String, text: String)] = []
        files.append(("events.jsonl", try events.map { event in
            JSONValue.object([
                "seq": .integer(event.seq), "id": .string(event.id), "type": .string(event.type), "timestamp": .string(event.timestamp),
                "actor": .string(event.actor), "payload": try JSONValue.parse(event.payload), "prev_hash": .string(event.prevHash),
                "hash": .string(event.hash),
            ]).canonical + "\n"
        }.joined()))
        var rows: [String: JSONValue] = [:]
        for (key, text) in try state.allRows() { rows[key] = try JSONValue.parse(text) }
        files.append(("state-at-close.json", try pretty(JSONValue.object([
            "period": .string(period), "close_event": .string(close.id), "close_seq": .integer(close.seq), "close_hash": .string(close.hash),
            "rows": .object(rows),
        ]))))
        files.append(("verify.json", try pretty(try JSONValue.from(report))))
        files.append(("factors.json", try pretty(.array(try factorDerivations(events)))))
        for name in ["hash-chain.md", "verify_chain.py"] {
            let url = LedgerResources.url(name)
            do { files.append((name, try String(contentsOf: url, encoding: .utf8))) } catch {
                throw AuditExport.Failure.unreadable(path: url.path, reason: "bundled file missing")
            }
        }
        files += copies
        let head = events.last.map { ChainHead(seq: $0.seq, hash: $0.hash) } ?? .empty
        let company = state.config?.setup.company ?? ""
        var digests: [String: JSONValue] = [:]
        for file in files { digests[file.name] = .string(HashChain.sha256Hex(file.text)) }
        files.append(("manifest.json", try pretty(.object([
            "company": .string(company), "period": .string(period), "close_event": .string(close.id), "events": .integer(Int64(events.count)),
            "head_seq": .integer(head.seq), "head_hash": .string(head.hash), "verified": .bool(report.isValid),
            "exported_at": .string(now()), "sha256": .object(digests),
        ]))))

        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for file in files {
                let path = (directory as NSString).appendingPathComponent(file.name)
                try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try SecureFile.write(file.text, to: path, mode: 0o644)
            }
        } catch { throw AuditExport.Failure.write("\(error)") }
        return .init(directory: directory, period: period, events: events.count, closeEvent: close.id, head: head, valid: report.isValid,
                     files: files.map(\.name).sorted())
    }

    /// One row per credit issue: lot, element, recycled mass, factor and its source, and floor(mass × factor)
    /// recomputed, so an auditor sees each credit's derivation without replaying the chain.
    func factorDerivations(_ events: [StoredEvent]) throws -> [JSONValue] {
        var receipts: [String: Receipt] = [:]
        var rows: [JSONValue] = []
        for event in events {
            switch try event.event() {
            case .receive(let r): receipts[r.lot] = r
            case .issueCredit(let c):
                let recycled = receipts[c.lot]?.elements[c.element] ?? 0
                rows.append(.object([
                    "event": .string(event.id), "lot": .string(c.lot), "element": .string(c.element.symbol), "account": .string(c.account),
                    "recycled_mass": .object(["amount": .integer(recycled), "unit": .string(AmountUnit.forElement(c.element).rawValue)]),
                    "factor": .string(c.factor.description), "factor_ppm": .integer(c.factor.ppm), "factor_source": .string(c.factorSource),
                    "credits": .object(["amount": .integer(c.amount), "unit": .string(AmountUnit.forElement(c.element).rawValue)]),
                    "recomputed_credits": .integer(c.factor.apply(to: recycled)), "date": .string(c.date),
                ]))
            default: break
            }
        }
        return rows
    }

    private func pretty(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
