import CirculaBalance
import CirculaCore
import CirculaWorkspace
import Foundation
import Hummingbird

/// `POST /api/v1/balance/runs`: balance an uploaded lot CSV through the bundled plant model (the CLI's
/// `circula balance --lots FILE`, same use case), then fetch it and its Sankey by run id. A writer runs;
/// staff read. Nothing is written to the ledger: a run is a computation, kept in memory (`RecentRuns`).
enum BalanceRunRoutes {
    struct Run: Sendable {
        var id: String
        var body: BalanceRunJSON
        var result: BalanceResult
        var title: String
    }
    struct BalanceRunJSON: Encodable, Sendable {
        var id: String
        var lotFile: String
        var balance: PlantRoutes.BalanceJSON
        var sankey: String
    }

    static let runs = RecentRuns<Run>(kind: "balance", upload: "lot file", uploadPath: "/api/v1/balance/runs")
    static let file = "upload.csv"
    /// A month's lot file has a few hundred lots; the bound keeps one request's balance to seconds.
    static let maxLots = 5_000

    static func register(_ router: Router<CirculaContext>) {
        router.post("/api/v1/balance/runs") { request, context -> Response in
            try context.require(.writer)
            try context.checkCSRFIfSession(request)
            let upload = try await RequestBody.text(request, expected: "a lot CSV (UTF-8), as `circula balance --lots` reads")
            let id = "B-" + TokenSecret.sha256Hex(upload).prefix(16)
            if let run = runs.get(id) { return try json(run.body, status: .created) }
            let lots: [Lot]
            do { lots = try LotCSV.parse(upload, file: file) } catch let error as InputErrors { throw problem(error, file: file, nothing: "nothing was run") }
            guard !lots.isEmpty else { throw Problem.unprocessable("\(file) has no lots", expected: "a header line and at least one lot") }
            guard lots.count <= maxLots else {
                throw Problem.unprocessable("\(file) has \(lots.count) lots; one run balances at most \(maxLots)", field: "lots", expected: "at most \(maxLots) lots")
            }
            let run = try await PlantRoutes.plant { () throws -> Run in
                let period: PeriodBalance
                do { period = try Workspace.balancePeriod(model: try ModelSource.bundled.load(), lots: lots, lotFile: file) } catch let error as BalanceError {
                    throw Problem.unprocessable("\(file): the lots cannot be balanced: \(error)", expected: "lots whose feeds the bundled model knows")
                }
                let body = BalanceRunJSON(id: id, lotFile: file, balance: PlantRoutes.balanceJSON(period.model, period.lots, period.result, only: nil),
                                          sankey: "/api/v1/balance/runs/\(id)/sankey.svg")
                return Run(id: id, body: body, result: period.result, title: "\(period.model.file), \(lots.count) lots of \(file)")
            }
            runs.put(id, run)
            context.logger.info("balance run", metadata: ["run": "\(id)", "lots": "\(lots.count)"])
            return try json(run.body, status: .created)
        }
        router.get("/api/v1/balance/runs/{run}") { _, context -> Response in
            try context.require(.staff)
            return try json(try runs.stored(context).body)
        }
        router.get("/api/v1/balance/runs/{run}/sankey.svg") { request, context -> Response in
            try context.require(.staff)
            let run = try runs.stored(context)
            let only = try PlantRoutes.element(PlantRoutes.requestedElement(request), run.result) ?? "Cu"
            var graph = SankeyGraph(run.result, element: only)
            graph.title = "\(only) flows, \(run.title) [\(graph.unit)]"
            return text(graph.svg(), contentType: "image/svg+xml")
        }
    }
}
