import CirculaBalance
import CirculaCore
import CirculaPlan
import Foundation
import CirculaWorkspace
import Hummingbird

/// The plant side (staff): the balance of the bundled sample period through the bundled model, its Sankey SVG,
/// the feed-mix plan of the bundled scenario, a TC/RC sweep, and the recycling outlook to 2040.
/// The inputs are the bundled files, so each result is computed once (GLPK runs serialised) and kept.
enum PlantRoutes {
    struct BalanceJSON: Encodable, Sendable {
        struct ElementLine: Encodable, Sendable { var element: String; var inputKg: Double; var productKg: Double; var recycledShareOfProduct: Double? }
        var model: String
        var lots: Int
        var productStream: String
        var elements: [ElementLine]
        var recycledShareCu: Double?
        var recycledInputShareCu: Double?
        var warnings: [String]
    }

    static let productStream = "electrorefining.cathode"
    private static let cache = LockedValue<[String: String]>([:])
    private static let balanceCache = LockedValue<(ModelFile, [Lot], BalanceResult)?>(nil)

    /// Computes once per key; failures are not cached.
    static func cached(_ key: String, _ compute: () throws -> String) throws -> String {
        try cache.withLock { values in
            if let hit = values[key] { return hit }
            let value = try compute()
            values[key] = value
            return value
        }
    }

    static func balance() throws -> (ModelFile, [Lot], BalanceResult) {
        try balanceCache.withLock { value in
            if let value { return value }
            let period = try Workspace.balancePeriod(model: .bundled, lots: .sample)
            value = (period.model, period.lots, period.result)
            return (period.model, period.lots, period.result)
        }
    }

    /// Per element: input, product and the product's recycled share (kg); `only` narrows to one element.
    static func balanceJSON(_ model: ModelFile, _ lots: [Lot], _ result: BalanceResult, only: String?) -> BalanceJSON {
        let lines = result.elements.filter { only == nil || $0 == only }.map { e in
            BalanceJSON.ElementLine(element: e, inputKg: result.balances[e]?.totalInput ?? 0,
                                    productKg: result.flow(stream: productStream, element: e),
                                    recycledShareOfProduct: result.recycledShare(stream: productStream, element: e))
        }
        return BalanceJSON(model: model.file, lots: lots.count, productStream: productStream, elements: lines,
                           recycledShareCu: result.recycledShare(stream: productStream, element: "Cu"),
                           recycledInputShareCu: result.recycledInputShare(element: "Cu"),
                           warnings: result.warnings.map { "\($0)" })
    }

    static func requestedElement(_ request: Request) -> String? {
        request.uri.queryParameters.get("element").map { String($0) }
    }

    static func element(_ requested: String?, _ result: BalanceResult) throws -> String? {
        guard let symbol = requested else { return nil }
        guard result.elements.contains(symbol) else {
            throw Problem.badRequest("element \"\(symbol.prefix(20))\" is not balanced in this period", field: "element",
                                     expected: result.elements.joined(separator: ", "))
        }
        return symbol
    }

    /// Plant computations (balance, LP solves) run on their own serial queue, never on Swift's cooperative
    /// thread pool, so a long solve cannot stall the server's other requests (GLPK is also not thread-safe).
    static let queue = DispatchQueue(label: "circula.serve.plant")

    static func plant<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let result: Result<T, any Error> = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Result { try body() }) }
        }
        do { return try result.get() } catch let problem as Problem { throw problem } catch {
            throw Problem(.internalServerError, "Plant Computation Failed", detail: "\(error)")
        }
    }

    static func register(_ router: Router<CirculaContext>) {
        router.get("/api/v1/balance") { request, context -> Response in
            try context.require(.staff)
            let requested = requestedElement(request)
            let body = try await plant {
                let (model, lots, result) = try balance()
                return balanceJSON(model, lots, result, only: try element(requested, result))
            }
            return try json(body)
        }
        router.get("/api/v1/balance/sankey.svg") { request, context -> Response in
            try context.require(.staff)
            let requested = requestedElement(request)
            let svg = try await plant {
                let (model, lots, result) = try balance()
                let only = try element(requested, result) ?? "Cu"
                return try cached("sankey-\(only)") {
                    var graph = SankeyGraph(result, element: only)
                    graph.title = "\(only) flows, \(model.file), \(lots.count) lots [\(graph.unit)]"
                    return graph.svg()
                }
            }
            return text(svg, contentType: "image/svg+xml")
        }
        router.get("/api/v1/plan") { _, context -> Response in
            try context.require(.staff)
            let body = try await plant { try cached("plan") { String(decoding: try JSONEncoder.api.encode(try FeedMixPlanner(scenario: try Scenario.bundledDefault()).plan()), as: UTF8.self) } }
            return text(body, contentType: "application/json")
        }
        router.get("/api/v1/plan/sweep") { request, context -> Response in
            try context.require(.staff)
            let spec = try sweepSpec(request)
            let body = try await plant { try cached("sweep-json-\(spec)") { String(decoding: try JSONEncoder.api.encode(try sweep(spec)), as: UTF8.self) } }
            return text(body, contentType: "application/json")
        }
        router.get("/api/v1/plan/sweep.svg") { request, context -> Response in
            try context.require(.staff)
            let spec = try sweepSpec(request)
            let body = try await plant { try cached("sweep-svg-\(spec)") { SweepChart.svg(try sweep(spec)) } }
            return text(body, contentType: "image/svg+xml")
        }
        router.get("/api/v1/outlook") { request, context -> Response in
            try context.require(.staff)
            let to = try horizon(request)
            let body = try await plant { try cached("outlook-json-\(to)") { String(decoding: try JSONEncoder.api.encode(try Outlook.compute(try StockModelFile.bundledDefault(), to: to)), as: UTF8.self) } }
            return text(body, contentType: "application/json")
        }
        router.get("/api/v1/outlook/chart.svg") { request, context -> Response in
            try context.require(.staff)
            let to = try horizon(request)
            let body = try await plant { try cached("outlook-svg-\(to)") { OutlookChart.svg(try Outlook.compute(try StockModelFile.bundledDefault(), to: to)) } }
            return text(body, contentType: "image/svg+xml")
        }
    }

    static func sweepSpec(_ request: Request) throws -> String {
        let text = request.uri.queryParameters.get("tc").map { "tc=\($0)" } ?? "tc=80:-20:10"
        let expected = "FROM:TO:STEP in $/t with FROM and TO from -200 to 300 and at most \(maxSweepPoints) points, e.g. 80:-20:10"
        let spec: SweepSpec
        do { spec = try SweepSpec.parse(text) } catch { throw Problem.badRequest("tc: \(error)", field: "tc", expected: expected) }
        // Each point is an LP solve: bound the work one request can ask for.
        guard (-200...300).contains(spec.from), (-200...300).contains(spec.to), abs(spec.to - spec.from) / abs(spec.step) < Double(maxSweepPoints) else {
            throw Problem.badRequest("tc=\(text.dropFirst(3).prefix(40)) asks for too wide a sweep", field: "tc", expected: expected)
        }
        return text
    }

    static let maxSweepPoints = 41

    static func sweep(_ text: String) throws -> SweepResult {
        try Sweep.run(try FeedMixPlanner(scenario: try Scenario.bundledDefault()), try SweepSpec.parse(text))
    }

    static func horizon(_ request: Request) throws -> Int {
        try PageWindow.integer(request.uri.queryParameters.get("to"), name: "to", range: 2025...2100) ?? 2040
    }
}
