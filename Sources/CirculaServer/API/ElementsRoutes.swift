import Foundation
import CirculaCore
import Hummingbird

/// `GET /api/v1/elements` (all 118, paged; `?class=` one list) and `GET /api/v1/elements/{symbol}`: public.
enum ElementsRoutes {
    struct ElementJSON: Encodable {
        var z: Int
        var symbol: String
        var name: String
        var atomicWeight: Double
        var weightIsMassNumber: Bool
        var group: Int?
        var period: Int
        var block: String
        var category: String
        var classes: [String]

        init(_ e: Element) {
            z = e.z; symbol = e.symbol; name = e.name; atomicWeight = e.atomicWeight; weightIsMassNumber = e.weightIsMassNumber
            group = e.group; period = e.period; block = e.block; category = e.category; classes = e.classes.sorted().map(\.rawValue)
        }
    }

    /// Encoded once: the table never changes while the server runs.
    static let all: [ElementJSON] = PeriodicTable.standard.elements.map(ElementJSON.init)
    static let bySymbol: [String: ResponseBody] = {
        var bodies: [String: ResponseBody] = [:]
        for e in all { bodies[e.symbol.lowercased()] = (try? JSONEncoder.api.encode(e)).map { .init(byteBuffer: ByteBuffer(bytes: $0)) } }
        return bodies
    }()

    static func register(_ router: Router<CirculaContext>) {
        router.get("/api/v1/elements") { request, context -> Response in
            let window = try PageWindow(request, defaultLimit: 200)
            var list = all
            if let name = request.uri.queryParameters.get("class") {
                guard let elementClass = ElementClass(rawValue: name) else {
                    throw Problem.badRequest("class \"\(name.prefix(40))\" is not a list", field: "class",
                                             expected: ElementClass.allCases.map(\.rawValue).joined(separator: ", "))
                }
                list = PeriodicTable.standard.elements(in: elementClass).map(ElementJSON.init)
            }
            return try json(Page(list, window))
        }
        router.get("/api/v1/elements/{symbol}") { _, context -> Response in
            let symbol = context.parameters.get("symbol") ?? ""
            guard let body = bySymbol[symbol.lowercased()] else {
                throw Problem(.notFound, "Not Found", detail: "no element with symbol \"\(symbol.prefix(40))\"", field: "symbol",
                              expected: "a symbol such as Cu, Te, Au")
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: body)
        }
    }
}
