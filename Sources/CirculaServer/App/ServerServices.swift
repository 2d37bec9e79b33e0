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

    public init(ledger: Ledger, store: any ServerStore, issuerKey: IssuerKey?, publicKey: Curve25519.Signing.PublicKey?) {
        self.ledger = ledger
        self.store = store
        self.issuerKey = issuerKey
        publicKeyRaw = (publicKey ?? issuerKey?.privateKey.publicKey)?.rawRepresentation
        states = LedgerStateCache(ledger: ledger)
        credentials = CredentialCache(store: store)
    }

    func state() async throws -> LedgerState { try await states.state() }
}
