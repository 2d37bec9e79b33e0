import CirculaCore
import Foundation
import Testing
@testable import CirculaBalance

@Suite struct FlowsheetReconciliationTests {
    /// P: ore enters (in:P), leaves as o1 (product) and o2 (discard).
    static let sheet = Flowsheet(processes: [
        Process(id: "P", name: "P", outputs: [Output(name: "o1", destination: .sink("product")), Output(name: "o2", destination: .sink("discard"))],
                transferCoefficients: ["Cu": ["o1": 0.9, "o2": 0.1]]),
    ], feedEntry: ["ore": "P"])

    @Test func csvErrorsAreLocated() throws {
        let network = FlowNetwork(Self.sheet)
        let text = "stream,quantity,value,sd\nin:P,mass,100 t,1 t\nP.o1,mass,60 t,x\nP.o9,mass,1 t,1 t\nP.o2,Qq,1 t,1 t\nP.o2,mass,40,1\nP.o2,Cu%,140,1\n"
        #expect(throws: InputErrors.self) { try MeasurementCSV.parse(text, file: "m.csv", network: network) }
        do {
            _ = try MeasurementCSV.parse(text, file: "m.csv", network: network)
        } catch {
            #expect(error.errors.map(\.description) == [
                "m.csv:3: column 4 (sd): expected a number, found \"x\"",
                "m.csv:4: column 1 (stream): unknown stream \"P.o9\"; expected a stream id (process.output), in:<process>, feed:<feed> or <process>.stock",
                "m.csv:5: column 2 (quantity): expected mass, an element symbol (Cu), a concentration (Cu%, Au[g/t]) or a transfer coefficient (tc:Cu), found \"Qq\"",
                "m.csv:6: column 3 (value): no unit for \"40\"; expected a unit in the cell (12.5 t) or the header (value[t])",
                "m.csv:6: column 4 (sd): no unit for \"1\"; expected a unit in the cell (12.5 t) or the header (sd[t])",
                "m.csv:7: column 3 (value): expected a Cu concentration from 0 to 100%, found 140%",
            ])
        }
        let ok = try MeasurementCSV.parse("stream,quantity,value[t],sd[t]\nin:P,mass,100,2%\nP.o1,Cu,12.5,0.1\nP.o2,Au[g/t],3,0.5\n", file: "m.csv", network: network)
        #expect(ok.map(\.value) == [100_000, 12_500, 3e-6])
        #expect(ok.map(\.sd) == [2_000, 100, 5e-7])
        #expect(ok.map(\.quantity) == [.mass, .elementFlow("Cu"), .concentration("Au")])
        let correlations = try MeasurementCSV.parseCorrelations("a,b,rho\nin:P,P.o1:Cu,0.3\n", file: "c.csv", measurements: ok)
        #expect(correlations == [Correlation(a: "in:P:mass", b: "P.o1:Cu", rho: 0.3, origin: "c.csv:2")])
        #expect(throws: InputErrors.self) { try MeasurementCSV.parseCorrelations("a,b,rho\nin:P,P.o1:Cu,1.5\n", file: "c.csv", measurements: ok) }
    }

    /// Mass 100 = 60 + 40 is consistent and measured almost exactly (sd 1e-7 kg); Cu% measured
    /// 10, 15, 2 with sd 1 percentage point each. With the masses fixed the bilinear problem becomes
    /// min Σ (c_i − y_i)² s.t. 100 c_in − 60 c_1 − 40 c_2 = 0, so with a = (100, −60, −40) and
    /// r = a·y = 10 − 9 − 0.8 = 0.2 kg: c = y − a r / |a|², |a|² = 15,200:
    /// c_in = 0.1 − 20/15,200, c_1 = 0.15 + 12/15,200, c_2 = 0.02 + 8/15,200; f = m · c.
    @Test func bilinearMassAndConcentration() throws {
        let network = FlowNetwork(Self.sheet)
        let csv = "stream,quantity,value,sd\nin:P,mass,100 kg,1e-7 kg\nP.o1,mass,60 kg,1e-7 kg\nP.o2,mass,40 kg,1e-7 kg\nin:P,Cu%,10,1\nP.o1,Cu%,15,1\nP.o2,Cu%,2,1\n"
        let measurements = try MeasurementCSV.parse(csv, file: "m.csv", network: network)
        let report = try FlowsheetReconciliation(network: network, measurements: measurements).run()
        let r = report.result
        #expect(report.iterations >= 2)
        #expect(abs(r.estimate("in:P [Cu%]")! - (0.1 - 20.0 / 15_200)) < 1e-10)
        #expect(abs(r.estimate("P.o1 [Cu%]")! - (0.15 + 12.0 / 15_200)) < 1e-10)
        #expect(abs(r.estimate("P.o2 [Cu%]")! - (0.02 + 8.0 / 15_200)) < 1e-10)
        #expect(abs(r.estimate("in:P [Cu]")! - 100 * (0.1 - 20.0 / 15_200)) < 1e-8)
        #expect(abs(r.estimate("P.o1 [Cu]")! + r.estimate("P.o2 [Cu]")! - r.estimate("in:P [Cu]")!) < 1e-9)
        #expect(abs(r.estimate("in:P [mass]")! - 100) < 1e-9)
        // χ² = r² / (σ² |a|²) = 0.04 / (1e-4 · 15,200); two degrees of freedom (mass and Cu balances of P).
        #expect(abs(r.chiSquare - 0.04 / 1.52) < 1e-8)
        #expect(r.degreesOfFreedom == 2)
    }

    /// A measured transfer coefficient (STAN): Cu into P 100 ± 1 kg, into o1 88 ± 1 kg, tc:Cu of o1
    /// 0.9 ± 0.01; o2 unmeasured. The only redundancy is x1 = t · in, so at the optimum the corrections
    /// (Δin, Δx1, Δt) are parallel to V ∇g with g = x1 − t·in: (σ_in²·(−t), σ_x1², σ_t²·(−in)) at the
    /// solution (Lagrange condition), and g = 0 there. Both are checked, and o2 = in − x1.
    @Test func measuredTransferCoefficient() throws {
        let network = FlowNetwork(Self.sheet)
        let csv = "stream,quantity,value,sd\nin:P,Cu,100 kg,1 kg\nP.o1,Cu,88 kg,1 kg\nP.o1,tc:Cu,0.9,0.01\n"
        let measurements = try MeasurementCSV.parse(csv, file: "m.csv", network: network)
        #expect(measurements[2].quantity == .transferCoefficient("Cu"))
        let report = try FlowsheetReconciliation(network: network, measurements: measurements, useTransferCoefficients: true).run()
        let r = report.result
        let input = r.estimate("in:P [Cu]")!, x1 = r.estimate("P.o1 [Cu]")!, t = r.estimate("P.o1 [tc:Cu]")!
        #expect(abs(x1 - t * input) < 1e-9)
        let correction = [input - 100, x1 - 88, t - 0.9]
        let gradient = [1e0 * -t, 1e0, 1e-4 * -input]
        let lambda = correction[1] / gradient[1]
        for i in 0..<3 { #expect(abs(correction[i] - lambda * gradient[i]) < 1e-9 * max(abs(correction[i]), 1e-6)) }
        #expect(abs(r.estimate("P.o2 [Cu]")! - (input - x1)) < 1e-9)
        #expect(r.degreesOfFreedom == 1)
        // The model's row for Cu at P (o1 0.9, o2 0.1) is replaced, not added.
        #expect(!r.constraintNames.contains("P.o1 = t·in [Cu]"))
    }

    /// Assay closure: masses 100 = 90 + 10 and Cu 50 = 38 + 12 are each consistent, but o2 has 12 kg Cu in
    /// 10 kg (sd 1 kg each). The active constraint c2 = m2 joins the layers: with y = (m0, m1, m2, c0, c1, c2)
    /// = (100, 90, 10, 50, 38, 12) and rows (1,−1,−1,0,0,0), (0,0,0,1,−1,−1), (0,0,−1,0,0,1), r = A y = (0, 0, 2),
    /// A Aᵀ = [[3,0,1],[0,3,−1],[1,−1,2]] ⇒ λ = (−0.5, 0.5, 1.5), x̂ = y − Aᵀλ = (100.5, 89.5, 11, 49.5, 38.5, 11).
    @Test func assayClosureIsEnforced() throws {
        let network = FlowNetwork(Self.sheet)
        let csv = "stream,quantity,value[kg],sd[kg]\nin:P,mass,100,1\nP.o1,mass,90,1\nP.o2,mass,10,1\nin:P,Cu,50,1\nP.o1,Cu,38,1\nP.o2,Cu,12,1\n"
        let measurements = try MeasurementCSV.parse(csv, file: "m.csv", network: network)
        let report = try FlowsheetReconciliation(network: network, measurements: measurements).run()
        #expect(report.closureEnforced == ["P.o2"])
        #expect(report.closureViolations.isEmpty)
        let r = report.result
        let expected: [(String, Double)] = [("in:P [mass]", 100.5), ("P.o1 [mass]", 89.5), ("P.o2 [mass]", 11),
                                            ("in:P [Cu]", 49.5), ("P.o1 [Cu]", 38.5), ("P.o2 [Cu]", 11)]
        for (name, value) in expected { #expect(abs(r.estimate(name)! - value) < 1e-9, "\(name)") }
    }

    /// The loop fixture measured in mass: in:A 100, in:B 20, A.out 110, A.slag 21, B.product 100 (sd 1 each),
    /// B.back unmeasured. Eliminating back leaves in:A + in:B − slag − product = 0 with r = −1, so
    /// each of those four moves by 1/4 (signs from the row) and A.out is not redundant.
    /// back = out − product + in:B = 110 − 99.75 + 20.25 = 30.5.
    @Test func loopWithAnUnmeasuredRecycle() throws {
        let network = FlowNetwork(Fixtures.loop())
        let csv = "stream,quantity,value[t],sd[t]\nin:A,mass,100,1\nin:B,mass,20,1\nA.out,mass,110,1\nA.slag,mass,21,1\nB.product,mass,100,1\n"
        let measurements = try MeasurementCSV.parse(csv, file: "m.csv", network: network)
        let report = try FlowsheetReconciliation(network: network, measurements: measurements).run()
        let r = report.result
        #expect(abs(r.estimate("in:A [mass]")! - 100_250) < 1e-6)
        #expect(abs(r.estimate("A.slag [mass]")! - 20_750) < 1e-6)
        #expect(abs(r.estimate("B.product [mass]")! - 99_750) < 1e-6)
        #expect(abs(r.estimate("A.out [mass]")! - 110_000) < 1e-6)
        #expect(abs(r.estimate("B.back [mass]")! - 30_500) < 1e-6)
        #expect(r.redundant == [true, true, false, true, true])
        #expect(report.eliminated.isEmpty && r.passesGlobalTest)
        #expect(abs(r.imbalanceBefore.reduce(0) { $0 + $1 } + 1000) < 1e-6)
    }

    /// The default model with transfer coefficients as constraints: the Cu flows of the forward balance
    /// satisfy them, so measuring the Cu entering each process and the cathode at their forward values
    /// (1% sd) leaves χ² at 0 and makes every Cu flow observable, equal to the forward balance.
    @Test func defaultModelForwardValuesAreConsistent() throws {
        let model = try ModelFile.bundledDefault()
        let lots = try LotCSV.load(Resources.url("sample-lots.csv"))
        let forward = try ForwardBalance(flowsheet: model.flowsheet, options: BalanceOptions(missingCoefficients: .retainAsStock)).run(lots: lots)
        let network = FlowNetwork(model.flowsheet)
        let cathode = forward.flow(stream: "electrorefining.cathode", element: "Cu")
        var measurements = [FlowMeasurement(flow: "electrorefining.cathode", quantity: .elementFlow("Cu"), value: cathode, sd: cathode * 0.01)]
        for flow in network.flows where flow.id.hasPrefix("in:") {
            let kg = forward.balances["Cu"]!.inputs[flow.to!]
            measurements.append(FlowMeasurement(flow: flow.id, quantity: .elementFlow("Cu"), value: kg, sd: max(kg * 0.01, 1)))
        }
        let report = try FlowsheetReconciliation(network: network, measurements: measurements, useTransferCoefficients: true).run()
        #expect(report.result.chiSquare < 1e-6)
        for stream in ["smelting_flash.matte", "converting.slag", "byproduct_recovery.recycle_cu", "electrorefining.slimes"] {
            let estimate = try #require(report.result.estimate("\(stream) [Cu]"))
            let expected = forward.flow(stream: stream, element: "Cu")
            #expect(abs(estimate - expected) < 1e-6 * expected)
        }
    }
}

@Suite struct SampleMeasurementsTests {
    /// The shipped sample plants a 12% error in converting.blister (2 σ = 4%): the global test rejects
    /// the data, serial elimination drops exactly that measurement, and the rest passes.
    @Test func plantedGrossErrorInTheSampleIsFound() throws {
        let model = try ModelFile.bundledDefault()
        let network = FlowNetwork(model.flowsheet)
        let measurements = try MeasurementCSV.load(BalanceSamples.measurementsURL, displayName: "sample-measurements.csv", network: network)
        #expect(measurements.count == 12)
        let report = try FlowsheetReconciliation(network: network, measurements: measurements, useTransferCoefficients: true).run()
        #expect(report.initialPValue < 0.05)
        #expect(report.eliminated.map(\.measurement.flow) == ["converting.blister"])
        #expect(report.eliminated.first?.measurement.origin == "sample-measurements.csv:9")
        #expect(report.result.passesGlobalTest)
        #expect(report.result.degreesOfFreedom == report.initialDegreesOfFreedom - 1)
        #expect(report.result.estimate("converting.blister [Cu]") != nil)
        // The battery and rare-earth routes carry no measured Cu: unobservable.
        #expect(report.result.estimate("battery_sx.copper_cement [Cu]") == nil)
    }
}
