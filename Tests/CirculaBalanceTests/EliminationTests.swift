import CirculaCore
import Foundation
import Testing
@testable import CirculaBalance

/// Two weighers in series: ore passes a weighbridge W (in:W) onto a belt (W.belt) into the mill M, which
/// splits it into concentrate (M.conc, measured) and tailings (M.tail, not measured).
///
///     in:W ─► W ──belt──► M ──conc──► product
///                         └──tail───► discard
///
/// With tail unmeasured M's balance only computes it, so the one redundant constraint is in:W = W.belt:
/// the two weighers' normalised residuals are equal (up to round-off) and nothing tells them apart.
enum WeigherFixture {
    static let sheet = Flowsheet(processes: [
        Process(id: "W", name: "Weighbridge", outputs: [Output(name: "belt", destination: .process("M"))], transferCoefficients: [:]),
        Process(id: "M", name: "Mill", outputs: [Output(name: "conc", destination: .sink("product")), Output(name: "tail", destination: .sink("discard"))],
                transferCoefficients: [:]),
    ], feedEntry: ["ore": "W"])
    static let csv = "stream,quantity,value[t],sd[t]\nin:W,mass,100,2\nW.belt,mass,120,2\nM.conc,mass,60,2\n"
}

@Suite struct EliminationTests {
    func report(_ csv: String, policy: EliminationPolicy = .standard, chosen: [String] = []) throws -> FlowsheetReconciliation.Report {
        let network = FlowNetwork(WeigherFixture.sheet)
        var reconciliation = FlowsheetReconciliation(network: network, measurements: try MeasurementCSV.parse(csv, file: "m.csv", network: network))
        var policy = policy
        policy.chosen = try chosen.map { try reconciliation.measurementIndex($0) }
        reconciliation.elimination = policy
        return try reconciliation.run()
    }

    /// r = 100 − 120 = −20 over one constraint with variance 4 + 4: χ² = 400 / 8 = 50 (1 dof), and both
    /// weighers' |normalised residual| = 20 / √8 = 7.07. Neither is dropped; the group is reported.
    @Test func indistinguishableWeighersAreReportedNotChosenByRoundOff() throws {
        let r = try report(WeigherFixture.csv)
        #expect(r.eliminated.isEmpty)
        #expect(r.stop == .indistinguishable(["in:W [mass]", "W.belt [mass]"]))
        #expect(r.steps.count == 1)
        #expect(r.steps.first?.action == .indistinguishable(["in:W [mass]", "W.belt [mass]"]))
        #expect(abs(r.initialChiSquare - 50) < 1e-9 && r.initialDegreesOfFreedom == 1)
        for i in 0..<2 { #expect(abs(abs(r.initialNormalizedResiduals[i]!) - 20 / 8.0.squareRoot()) < 1e-9) }
        // The final result is the first pass: both weighers moved half way (110 t), nothing dropped.
        #expect(abs(r.result.estimate("in:W [mass]")! - 110_000) < 1e-6)
        #expect(r.result.verdict == .rejected)
    }

    /// The user chooses the belt weigher: it is dropped, the belt is computed from the weighbridge (100 t),
    /// and nothing redundant is left: not testable, not "accepted".
    @Test func theUserChooses() throws {
        let r = try report(WeigherFixture.csv, chosen: ["W.belt"])
        #expect(r.eliminated.map(\.measurement.key) == ["W.belt:mass"])
        #expect(r.steps.map(\.action) == [.chosen("W.belt [mass]")])
        #expect(r.stop == .notTestable)
        #expect(r.result.verdict == .notTestable)
        #expect(abs(r.result.estimate("W.belt [mass]")! - 100_000) < 1e-6)
        #expect(abs(r.result.estimate("M.tail [mass]")! - 40_000) < 1e-6)
        #expect(throws: FlowsheetReconciliation.Failure.self) { try report(WeigherFixture.csv, chosen: ["M.tail"]) }
    }

    /// A third weigher on the tailings makes M's balance redundant: in:W appears in one balance, W.belt in
    /// two, so the belt's error has its own signature and is eliminated as a single step.
    @Test func distinguishableErrorIsEliminatedStepByStep() throws {
        let csv = WeigherFixture.csv + "M.tail,mass,40,2\n"
        let r = try report(csv)
        #expect(r.eliminated.map(\.measurement.key) == ["W.belt:mass"])
        #expect(r.steps.count == 1)
        let step = try #require(r.steps.first)
        #expect(step.action == .eliminated("W.belt [mass]"))
        #expect(step.candidates.first?.variable == "W.belt [mass]")
        #expect(step.degreesOfFreedom == 1 && step.chiSquare < 1e-9)
        #expect(r.stop == .accepted)
        // The first pass is kept whole: every measurement's statistic, the belt's the largest.
        #expect(r.initialResult.measured.count == 4)
        let worst = r.initialNormalizedResiduals.indices.max { abs(r.initialNormalizedResiduals[$0]!) < abs(r.initialNormalizedResiduals[$1]!) }
        #expect(worst == 1)
    }

    @Test func noEliminationKeepsTheFirstPass() throws {
        let r = try report(WeigherFixture.csv + "M.tail,mass,40,2\n", policy: .none)
        #expect(r.eliminated.isEmpty && r.steps.isEmpty && r.stop == .disabled)
        #expect(r.result.chiSquare == r.initialChiSquare)
    }

    /// Only the flowsheet and measured flows: no lots, no transfer-coefficient rows (the fixture has none),
    /// and 0 degrees of freedom is "not testable", never "accepted".
    @Test func zeroDegreesOfFreedomIsNotTestable() throws {
        let r = try report("stream,quantity,value[t],sd[t]\nin:W,mass,100,2\nM.conc,mass,60,2\n")
        #expect(r.result.degreesOfFreedom == 0)
        #expect(r.result.verdict == .notTestable && r.stop == .notTestable)
        #expect(r.result.passesGlobalTest)   // vacuously; the verdict tells the difference
    }

    /// A measured constant (sd constant) is a constraint, not a measurement: in:W = 100 t exactly forces the
    /// belt to 100 t (W's balance), so the belt (104 ± 2) takes the whole correction of 4 t, and M's balance
    /// 100 = 60 + 40 moves nothing else. χ² = (4/2)² = 4; 3 measurements, 3 constraints, 1 unknown (in:W,
    /// now fixed): 2 degrees of freedom. The constant itself is determined, with no uncertainty.
    @Test func measuredConstantIsNotCorrected() throws {
        let r = try report("stream,quantity,value[t],sd[t]\nin:W,mass,100,constant\nW.belt,mass,104,2\nM.conc,mass,60,2\nM.tail,mass,40,2\n",
                           policy: .none)
        #expect(r.isConstant(0) && r.measurementPositions[0] == nil)
        #expect(abs(r.result.estimate("in:W [mass]")! - 100_000) < 1e-6)
        #expect(abs(r.result.estimate("W.belt [mass]")! - 100_000) < 1e-6)
        #expect(abs(r.result.chiSquare - 4) < 1e-9 && r.result.degreesOfFreedom == 2)
        #expect(r.result.isDeterminedByConstraints(r.variables.firstIndex { $0.name == "in:W [mass]" }!))
    }
}
