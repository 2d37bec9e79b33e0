import Foundation
import CirculaCore
import Hummingbird

/// `GET /api/v1/elements` (all 118, paged; `?class=` one list) and `GET /api/v1/elements/{symbol}`: public.
enum ElementsRoutes {
    /// Encoded once: the table never changes while the server runs.
    static let all: [ElementRecord] = PeriodicTable.standard.elements.map(ElementRecord.init)
    static let defaultLimit = 200
    /// The whole table as the first page a client asks for without parameters, also encoded once.
    static let defaultPage: ResponseBody? = (try? JSONEncoder.api.encode(Page(all, PageWindow(offset: 0, limit: defaultLimit))))
        .map { .init(byteBuffer: ByteBuffer(bytes: $0)) }
    static let bySymbol: [String: ResponseBody] = {
        var bodies: [String: ResponseBody] = [:]
        for e in all { bodies[e.symbol.lowercased()] = (try? JSONEncoder.api.encode(e)).map { .init(byteBuffer: ByteBuffer(bytes: $0)) } }
        return bodies
    }()

    static func register(_ router: Router<CirculaContext>) {
        router.get("/api/v1/elements") { request, context -> Response in
            let window = try PageWindow(request, defaultLimit: defaultLimit)
            var list = all
            let elementClass = request.uri.queryParameters.get("class")
            if elementClass == nil, window.offset == 0, window.limit == defaultLimit, let body = defaultPage {
                return Response(status: .ok, headers: [.contentType: "application/json"], body: body)
            }
            if let name = elementClass {
                guard let elementClass = ElementClass(rawValue: name) else {
                    throw Problem.badRequest("class \"\(name.prefix(40))\" is not a list", field: "class",
                                             expected: ElementClass.allCases.map(\.rawValue).joined(separator: ", "))
                }
                list = PeriodicTable.standard.elements(in: elementClass).map(ElementRecord.init)
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
