import CirculaCore
import CirculaPlan
import Foundation
import Hummingbird

/// `POST /api/v1/plan/runs`: plan the feed mix of an uploaded scenario YAML (the CLI's `circula plan solve FILE`,
/// same planner), then fetch the plan and sweep TC/RC on it by run id. A writer runs; staff
/// read. The plant model is always the bundled one: an uploaded scenario cannot make the server read a file.
enum PlanRunRoutes {
    struct Run: Sendable {
        var id: String
        var scenario: Scenario
        var body: String
    }
    struct PlanRunJSON: Encodable {
        var id: String
        var scenario: String
        var plan: FeedMixPlan
        var sweep: String
    }

    static let runs = RecentRuns<Run>(kind: "plan", upload: "scenario", uploadPath: "/api/v1/plan/runs")
    static let file = "upload.yaml"

    static func register(_ router: Router<CirculaContext>) {
        router.post("/api/v1/plan/runs") { request, context -> Response in
            try context.require(.writer)
            try context.checkCSRFIfSession(request)
            let upload = try await RequestBody.text(request, expected: "a scenario YAML, as `circula plan solve` reads")
            let id = "P-" + TokenSecret.sha256Hex(upload).prefix(16)
            if let run = runs.get(id) { return text(run.body, contentType: "application/json", status: .created) }
            let run = try await PlantRoutes.plant { () throws -> Run in
                let scenario = try load(upload)
                let plan: FeedMixPlan
                do { plan = try FeedMixPlanner(scenario: scenario).plan() } catch { throw planProblem(error) }
                let body = PlanRunJSON(id: id, scenario: scenario.name, plan: plan, sweep: "/api/v1/plan/runs/\(id)/sweep")
                return Run(id: id, scenario: scenario, body: String(decoding: try JSONEncoder.api.encode(body), as: UTF8.self))
            }
            runs.put(id, run)
            context.logger.info("plan run", metadata: ["run": "\(id)"])
            return text(run.body, contentType: "application/json", status: .created)
        }
        router.get("/api/v1/plan/runs/{run}") { _, context -> Response in
            try context.require(.staff)
            return text(try runs.stored(context).body, contentType: "application/json")
        }
        router.get("/api/v1/plan/runs/{run}/sweep") { request, context -> Response in
            try context.require(.staff)
            let run = try runs.stored(context)
            let spec = try PlantRoutes.sweepSpec(request)
            let body = try await PlantRoutes.plant { () throws -> String in
                do {
                    let result = try Sweep.run(try FeedMixPlanner(scenario: run.scenario), try SweepSpec.parse(spec))
                    return String(decoding: try JSONEncoder.api.encode(result), as: UTF8.self)
                } catch { throw planProblem(error) }
            }
            return text(body, contentType: "application/json")
        }
    }

    /// The upload as a scenario file of its own (a derived one may name a bundled `base:`); located errors name
    /// upload.yaml's line and key.
    static func load(_ text: String) throws -> Scenario {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("circula-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(file)
        try Data(text.utf8).write(to: url)
        let scenario: Scenario
        do { scenario = try Scenario.load(url, displayName: file) } catch { throw planProblem(error) }
        guard scenario.modelPath == nil else {
            throw Problem.unprocessable("\(file): an uploaded scenario plans with the bundled plant model; it may not name a model file",
                                        field: "model", expected: "no model key, or model: default")
        }
        return scenario
    }

    /// Planner refusals: located input errors list line and key; an infeasible or failed solve is 422 with the
    /// planner's own message.
    static func planProblem(_ error: any Error) -> Problem {
        if let refusal = error as? Problem { return refusal }
        if case .input(let errors)? = error as? PlanError { return problem(InputErrors(errors), file: file, nothing: "nothing was planned") }
        return Problem.unprocessable("\(file): \(error)", expected: "a scenario the planner can solve")
    }
}
