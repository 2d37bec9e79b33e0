import CirculaBalance
import Foundation
import Testing

/// `circula balance --measurements` through the built binary: the first pass, the elimination step by
/// step, "not testable", and the user's choice.
@Suite struct ReconcileCommandTests {
    let cli = BalanceCommandTests()
    var sample: String { BalanceSamples.measurementsURL.path }

    @Test func firstPassAndStepByStepElimination() throws {
        let result = try cli.run(["balance", "--measurements", sample, "--use-transfer-coefficients"])
        #expect(result.status == 0)
        #expect(result.out.contains("First pass (all measurements):"))
        #expect(result.out.contains("step 1: eliminated converting.blister Cu (largest of: converting.blister Cu "))
        #expect(result.out.contains("stopped: the global test accepts the data"))
        #expect(result.out.contains("Final reconciliation:"))
        let json = try cli.run(["balance", "--measurements", sample, "--use-transfer-coefficients", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect((object["first_pass"] as? [Any])?.count == 12)
        #expect(object["verdict_initial"] as? String == "rejected" && object["verdict"] as? String == "accepted")
        let steps = try #require(object["elimination_steps"] as? [[String: Any]])
        #expect(steps.count == 1 && steps[0]["action"] as? String == "eliminated")
    }

    @Test func zeroDegreesOfFreedomIsNotTestable() throws {
        let result = try cli.run(["balance", "--measurements", sample])
        #expect(result.status == 0)
        #expect(result.out.contains("0 degrees of freedom, p = 1: not testable"))
        #expect(result.out.contains("not testable: no measurement is redundant"))
        #expect(!result.out.contains("accepted"))
    }

    @Test func noEliminationAndChoosing() throws {
        let off = try cli.run(["balance", "--measurements", sample, "--use-transfer-coefficients", "--no-elimination"])
        #expect(off.status == 0)
        #expect(off.out.contains("stopped: the global test rejects the data; elimination is off"))
        let chosen = try cli.run(["balance", "--measurements", sample, "--use-transfer-coefficients", "--eliminate", "converting.blister:Cu"])
        #expect(chosen.out.contains("step 1: eliminated converting.blister Cu (chosen with --eliminate"))
        let wrong = try cli.run(["balance", "--measurements", sample, "--eliminate", "converting.blistr"])
        #expect(wrong.status == 1)
        #expect(wrong.err.contains("error: --eliminate converting.blistr: no measurement \"converting.blistr\""))
    }

    /// Every Cu flow at the electrorefinery measured, nothing else: its one balance is the only redundant
    /// equation, so all five normalised residuals are equal and the cathode's planted 3,000 t error cannot
    /// be located. Nothing is eliminated; the user is told how to choose.
    @Test func indistinguishableGroupOnTheDefaultModel() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("circula-tie-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try """
            stream,quantity,value[t],sd[t]
            anode_refining.anode,Cu,33687.821,335.455
            electrorefining.cathode,Cu,36650.935,167.387
            electrorefining.slimes,Cu,33.996,1.679
            electrorefining.electrolyte_bleed,Cu,68.482,3.358
            slimes_treatment.decopperizing_solution,Cu,32.67,2

            """.write(to: file, atomically: true, encoding: .utf8)
        let table = try cli.run(["balance", "--measurements", file.path])
        #expect(table.status == 0)
        #expect(table.out.contains("step 1: indistinguishable: "))
        #expect(table.out.contains("choose with --eliminate "))
        let json = try cli.run(["balance", "--measurements", file.path, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let statuses = (object["measurements"] as? [[String: Any]])?.compactMap { $0["status"] as? String }
        #expect(statuses == [String](repeating: "indistinguishable", count: 5))
        #expect((object["eliminated"] as? [Any])?.isEmpty == true)
    }

    /// A model of measured streams only (no transfer coefficients) and no lots: the weigher example of
    /// docs/reconciliation.md through the binary.
    @Test func flowsheetOfMeasuredStreamsOnly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("circula-weigher-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("weigher.yaml"), measurements = dir.appendingPathComponent("m.csv")
        try """
            unit_operations:
              - id: W
                name: "Weighbridge"
                outputs:
                  belt: {to: M}
              - id: M
                name: "Mill"
                outputs:
                  conc: {to: product}
                  tail: {to: discard}
            plant:
              feed_entry:
                ore: W

            """.write(to: model, atomically: true, encoding: .utf8)
        try "stream,quantity,value[t],sd[t]\nin:W,mass,100,2\nW.belt,mass,120,2\nM.conc,mass,60,2\n".write(to: measurements, atomically: true, encoding: .utf8)
        let result = try cli.run(["balance", model.path, "--measurements", measurements.path])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("χ² = 50, 1 degrees of freedom"))
        #expect(result.out.contains("step 1: indistinguishable: in:W mass, W.belt mass"))
        let chosen = try cli.run(["balance", model.path, "--measurements", measurements.path, "--eliminate", "W.belt"])
        #expect(chosen.out.contains("stopped: not testable"))
    }
}
