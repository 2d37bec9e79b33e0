import NIOCore

/// Archived certificate documents by id, kept once read: the archive never changes a stored document
/// (`ON CONFLICT DO NOTHING`), so a hit is always current. Misses are not kept: the document may be archived
/// a moment after its ledger event (the issuing request writes the event first).
final class ArchivedCertificateCache: Sendable {
    let store: any ServerStore
    private let documents = LockedValue<[String: ByteBuffer]>([:])
    static let maxDocuments = 10_000

    init(store: any ServerStore) { self.store = store }

    func document(id: String) async throws -> ByteBuffer? {
        if let hit = documents.withLock({ $0[id] }) { return hit }
        guard let archived = try await store.archivedCertificate(id: id) else { return nil }
        let bytes = ByteBuffer(string: archived.json)
        documents.withLock { if $0.count < Self.maxDocuments { $0[id] = bytes } }
        return bytes
    }
}
