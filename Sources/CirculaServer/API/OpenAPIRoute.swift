import Foundation
import Hummingbird

/// `GET /api/v1/openapi.json`: the hand-written OpenAPI 3.1 document (Resources/openapi.json), checked against
/// the live server by the contract test (schemathesis) and the route-table test.
enum OpenAPIRoute {
    static let document: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "{}" }
        return text
    }()

    static func register(_ router: Router<CirculaContext>) {
        router.get("/api/v1/openapi.json") { _, _ -> Response in text(document, contentType: "application/json") }
    }
}
