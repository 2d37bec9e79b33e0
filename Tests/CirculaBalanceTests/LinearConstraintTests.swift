import CirculaCore
import Foundation
import Testing
@testable import CirculaBalance

@Suite struct LinearConstraintTests {
    let network = FlowNetwork(SeriesFixture.sheet())

    /// P1 splits its feed 60/40 into a and w: 0.4·a − 0.6·w = 0 beside in = a + w, so a = 0.6·in. Measured
    /// in 100 ± 1 kg and a 63 ± 1 kg: r = 63 − 60 = 3 on g = (−0.6, 1), g V gᵀ = 1.36, so
    /// in = 100 + 0.6·3/1.36, a = 63 − 3/1.36, w = in − a; χ² = 9/1.36 with one degree of freedom.
    @Test func splitterWithAnyCoefficients() throws {
        let csv = "constraint,term,coefficient\nsplit,P1.a:mass,0.4\nsplit,P1.w:mass,-0.6\n"
        let constraints = try LinearConstraint.parseCSV(csv, file: "c.csv", network: network)
        #expect(constraints == [LinearConstraint(name: "split", terms: [.init(flow: "P1.a", layer: "mass", coefficient: 0.4), .init(flow: "P1.w", layer: "mass", coefficient: -0.6)],
                                                 origin: "c.csv:2")])
        var reconciliation = FlowsheetReconciliation(network: network, measurements: try MeasurementCSV.parse(
            "stream,quantity,value,sd\nin:P1,mass,100 kg,1 kg\nP1.a,mass,63 kg,1 kg\n", file: "m.csv", network: network))
        reconciliation.constraints = constraints
        let r = try reconciliation.run().result
        #expect(abs(r.estimate("in:P1 [mass]")! - (100 + 1.8 / 1.36)) < 1e-9)
        #expect(abs(r.estimate("P1.a [mass]")! - (63 - 3 / 1.36)) < 1e-9)
        #expect(abs(r.estimate("P1.w [mass]")! - 0.4 * (100 + 1.8 / 1.36)) < 1e-9)
        #expect(abs(r.chiSquare - 9 / 1.36) < 1e-9 && r.degreesOfFreedom == 1)
    }

    /// A known total (rhs) in one layer and a total-mass transfer coefficient (tc:mass) in one problem.
    @Test func knownTotalAndMassTransferCoefficient() throws {
        let constraints = try LinearConstraint.parseCSV("constraint,term,coefficient\ntotal,in:P1:mass,1\ntotal,rhs,100 kg\n", file: "c.csv", network: network)
        #expect(constraints.first?.rhs == 100)
        var reconciliation = FlowsheetReconciliation(network: network, measurements: try MeasurementCSV.parse(
            "stream,quantity,value,sd\nP1.a,mass,61 kg,1 kg\nP1.w,mass,41 kg,1 kg\nP1.a,tc:mass,0.6,0.01\nin:P1,Cu,20 kg,1 kg\n", file: "m.csv", network: network))
        reconciliation.constraints = constraints
        let report = try reconciliation.run()
        let r = report.result
        #expect(abs(r.estimate("in:P1 [mass]")! - 100) < 1e-9)
        let a = try #require(r.estimate("P1.a [mass]")), w = try #require(r.estimate("P1.w [mass]"))
        #expect(abs(a + w - 100) < 1e-9)
        let t = try #require(report.transferCoefficient(flow: "P1.a", element: "mass"))
        #expect(abs(t.estimate - a / 100) < 1e-9)
        #expect(r.degreesOfFreedom == 2)   // the total and the coefficient each over-determine the split once
    }

    @Test func badConstraintsAreLocated() {
        let csv = "constraint,term,coefficient\ns,P1.a,1\ns,P9.a:mass,1\ns,P1.a:Cu%,1\ns,P1.w:mass,0\nt,rhs,100\n"
        do { _ = try LinearConstraint.parseCSV(csv, file: "c.csv", network: network); Issue.record("accepted bad constraints") } catch {
            #expect(error.errors.map(\.description) == [
                "c.csv:2: column 2 (term): expected stream:quantity (S.a:mass, S.a:Cu) or rhs, found \"P1.a\"",
                "c.csv:3: column 2 (term): unknown stream \"P9.a\"; expected a stream id (process.output), in:<process>, feed:<feed> or <process>.stock",
                "c.csv:4: column 2 (term): expected the quantity mass or an element symbol after the colon, found \"Cu%\" (constraints are linear: no concentrations)",
                "c.csv:5: column 3 (coefficient): expected a non-zero coefficient, found 0",
                "c.csv:6: column 3 (coefficient): no unit for \"100\"; expected a unit in the cell (12.5 t) or the header (coefficient[t])",
            ])
        }
        do { _ = try LinearConstraint.parseCSV("constraint,term,coefficient\nt,rhs,100 t\n", file: "c.csv", network: network); Issue.record("accepted") } catch {
            #expect(error.errors.map(\.description) == ["c.csv:2: constraint t has no terms; expected at least one stream:quantity row"])
        }
    }
}
