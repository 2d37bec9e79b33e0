import CirculaLedger
import Crypto
import Foundation
import Hummingbird

/// Certificates: the list and documents (signed in; a customer sees only its deliveries'), the published issuer
/// key, and a public verification that needs nothing but the certificate and that key (no database, no sign-in).
enum CertificateRoutes {
    struct CertificateJSON: Encodable {
        var certificate: String, delivery: String, customer: String, keyId: String, bodyHash: String, archived: Bool
    }
    struct VerificationJSON: Encodable {
        var valid: Bool
        var reason: String?
        var certificate: String?
        var delivery: String?
        var customer: String?
        var recycledMass: Int64?
        var mass: Int64?
        var unit: String?
        var recycledSharePpm: Int64?
        var period: String?
        var keyId: String?
    }
    struct IssuerKeyJSON: Encodable { var keyId: String; var publicKeyPem: String }

    /// Offline check: signature, key id and the body's arithmetic, against the published key only.
    static func verify(_ text: String, key: Curve25519.Signing.PublicKey) -> VerificationJSON {
        do {
            let certificate = try Certificate.load(json: text)
            let b = certificate.body
            var result = VerificationJSON(valid: false, certificate: b.certificate, delivery: b.delivery, customer: b.customer,
                                          recycledMass: b.recycledMass, mass: b.mass, unit: b.unit, recycledSharePpm: b.recycledSharePpm,
                                          period: b.period, keyId: b.keyId)
            do { try certificate.verify(publicKey: key); result.valid = true } catch { result.reason = error.description }
            return result
        } catch {
            return VerificationJSON(valid: false, reason: error.description)
        }
    }

    static func register(_ router: Router<CirculaContext>, _ services: ServerServices) {
        router.get("/api/v1/ledger/certificates") { request, context -> Response in
            let window = try PageWindow(request)
            let view = try await LedgerRoutes.view(request, context, services)
            var list: [CertificateJSON] = []
            for c in view.certificates {
                let archived = try await services.store.archivedCertificate(id: c.certificate) != nil
                list.append(CertificateJSON(certificate: c.certificate, delivery: c.delivery, customer: view.state.deliveries[c.delivery]?.delivery.customer ?? "",
                                            keyId: c.keyId, bodyHash: c.bodyHash, archived: archived))
            }
            return try json(Page(list, window))
        }
        router.get("/api/v1/ledger/certificates/{certificate}") { request, context -> Response in
            let view = try await LedgerRoutes.view(request, context, services)
            let id = context.parameters.get("certificate") ?? ""
            guard let record = view.certificate(id) else { throw Problem.notFound("certificate", String(id.prefix(60))) }
            guard let document = try await services.archive.document(id: record.certificate) else {
                throw Problem(.notFound, "Not Found", detail: "certificate \(record.certificate) was issued outside this server (the ledger keeps only its hash \(record.bodyHash.prefix(16))…); ask the issuer for the file")
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: document))
        }
        router.get("/api/v1/issuer-key") { _, _ -> Response in
            guard let key = services.publicKey else { throw Problem(.notFound, "Not Found", detail: "this server publishes no issuer key (start it with --key or --public-key)") }
            return try json(IssuerKeyJSON(keyId: IssuerKey.keyID(key), publicKeyPem: IssuerKey.publicPEM(key)))
        }
        router.post("/api/v1/certificates/verify") { request, _ -> Response in
            guard let key = services.publicKey else { throw Problem(.serviceUnavailable, "Service Unavailable", detail: "this server publishes no issuer key") }
            let buffer = try await RequestBody.bytes(request, limit: 256 * 1024)
            guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else { throw Problem.badRequest("the body is not UTF-8", expected: "certificate JSON") }
            return try json(verify(text, key: key))
        }
    }
}
