import CirculaLedger
import Crypto
import Foundation

/// What every route handler reads: the ledger (the same library the CLI drives), the server's own tables,
/// and the issuer key (private to issue certificates; its public half is published for offline checks).
public final class ServerServices: Sendable {
    public let ledger: Ledger
    public let store: any ServerStore
    public let issuerKey: IssuerKey?
    /// Raw 32 bytes of the published Ed25519 key (the key type itself is not Sendable).
    let publicKeyRaw: Data?
    public var publicKey: Curve25519.Signing.PublicKey? { publicKeyRaw.flatMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) } }
    let states: LedgerStateCache
    let credentials: CredentialCache
    let archive: ArchivedCertificateCache

    public convenience init(ledger: Ledger, store: any ServerStore, issuerKey: IssuerKey?, publicKey: Curve25519.Signing.PublicKey?) {
        self.init(ledger: ledger, store: store, issuerKey: issuerKey, publicKey: publicKey, changeProbe: nil)
    }

    /// `changeProbe`: the SQLite ledger file's change counter, so reads need no head query (nil: query the head).
    init(ledger: Ledger, store: any ServerStore, issuerKey: IssuerKey?, publicKey: Curve25519.Signing.PublicKey?, changeProbe: SQLiteChangeProbe?) {
        self.ledger = ledger
        self.store = store
        self.issuerKey = issuerKey
        publicKeyRaw = (publicKey ?? issuerKey?.privateKey.publicKey)?.rawRepresentation
        states = LedgerStateCache(ledger: ledger, probe: changeProbe)
        credentials = CredentialCache(store: store)
        archive = ArchivedCertificateCache(store: store)
    }

    func state() async throws -> LedgerState { try await states.state() }
    /// The state with its head and the bodies already encoded from it.
    func snapshot() async throws -> LedgerSnapshot { try await states.snapshot() }
}
