import Hummingbird

/// `GET /api/v1/health`: the trivial route (no database), for load balancers and as the benchmark's baseline.
enum HealthRoutes {
    static let ok = ByteBuffer(string: "{\"status\":\"ok\"}")
    static func register(_ router: Router<CirculaContext>) {
        router.get("/api/v1/health") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ok))
        }
        router.get("/api/v1/me") { _, context -> Response in
            let identity = try context.require(.signedIn)!
            struct Me: Encodable { var user: String; var role: String; var customer: String? }
            return try json(Me(user: identity.user, role: identity.role.rawValue, customer: identity.customer))
        }
    }
}
