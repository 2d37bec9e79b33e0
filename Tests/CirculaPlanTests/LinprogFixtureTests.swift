import Foundation
import Testing
@testable import CirculaPlan

/// GLPK's optimum equals scipy.optimize.linprog(method="highs") on generated feed-mix LPs
/// (fixture written by bench/plan/peers/linprog_fixture.py).
struct LinprogFixtureTests {
    struct Fixture: Decodable { var instances: [LPInstance] }

    @Test func objectivesMatchScipyHighs() throws {
        let url = try #require(Bundle.module.url(forResource: "linprog-fixture", withExtension: "json", subdirectory: "Fixtures"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        #expect(fixture.instances.count == 20)
        for instance in fixture.instances {
            let expected = try #require(instance.scipy_objective)
            let solution = try LPSolver.solve(instance.program, ranging: false)
            #expect(solution.status == .optimal, "\(instance.name)")
            #expect(abs(solution.objective - expected) <= 1e-6 * max(1, abs(expected)), "\(instance.name): GLPK \(solution.objective) vs HiGHS \(expected)")
        }
    }
}
