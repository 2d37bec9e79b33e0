import CirculaCore
import Foundation
import Testing
@testable import CirculaBalance

@Suite struct UnknownTransferCoefficientTests {
    /// Cu measured into P1 (100 ± 1 kg) and in both its outflows (a 88 ± 1, w 10 ± 1). The measurements file
    /// marks P1's coefficients into a and w unknown, which replaces the model's 0.9 / 0.1; P2 has no Cu row in
    /// the model, so with `missingTransferCoefficientsAreUnknown` its coefficients into p and q are unknown too.
    ///
    /// By hand: only P1's node balance is redundant, r = 100 − 88 − 10 = 2, each flow moves by 2/3:
    /// in = 298/3, a = 266/3, w = 32/3, so t_a = a/in = 133/149 and t_w = 16/149 (they sum to 1).
    /// V̂ = I − (1,−1,−1)ᵀ(1,−1,−1)/3: var in = var a = 2/3, cov(in, a) = 1/3, and by error propagation of
    /// t_a = a/in: var t_a = (2/3)/in² + (a/in²)²·(2/3) − 2·(a/in³)·(1/3). P2's split is not determined
    /// (p and q are unmeasured): t_p and t_q are unobservable. χ² = r²/3 with one degree of freedom.
    @Test func estimatedWithStandardDeviationOrUnobservable() throws {
        let network = FlowNetwork(SeriesFixture.sheet(p2Rows: ["Fe": ["p": 0.5, "q": 0.5]]))
        let csv = "stream,quantity,value,sd\nin:P1,Cu,100 kg,1 kg\nP1.a,Cu,88 kg,1 kg\nP1.w,Cu,10 kg,1 kg\nP1.a,tc:Cu,unknown,\nP1.w,tc:Cu,Unknown,\n"
        let (measurements, unknowns) = try MeasurementCSV.parseWithUnknowns(csv, file: "m.csv", network: network)
        #expect(measurements.count == 3)
        #expect(unknowns == [UnknownTransferCoefficient(flow: "P1.a", element: "Cu", origin: "m.csv:5"),
                             UnknownTransferCoefficient(flow: "P1.w", element: "Cu", origin: "m.csv:6")])
        let reconciliation = FlowsheetReconciliation(network: network, measurements: measurements, useTransferCoefficients: true,
                                                     unknownTransferCoefficients: unknowns, missingTransferCoefficientsAreUnknown: true)
        #expect(reconciliation.transferCoefficientsToEstimate.map(\.flow) == ["P1.a", "P1.w", "P2.p", "P2.q"])
        #expect(reconciliation.transferCoefficientsToEstimate.map(\.origin) == ["m.csv:5", "m.csv:6", "model", "model"])
        let report = try reconciliation.run()
        let input = 298.0 / 3, a = 266.0 / 3
        let ta = try #require(report.transferCoefficient(flow: "P1.a", element: "Cu"))
        let tw = try #require(report.transferCoefficient(flow: "P1.w", element: "Cu"))
        #expect(abs(ta.estimate - 133.0 / 149) < 1e-12)
        #expect(abs(tw.estimate - 16.0 / 149) < 1e-12)
        let variance = (2.0 / 3) / (input * input) + pow(a / (input * input), 2) * (2.0 / 3) - 2 * (a / pow(input, 3)) / 3
        #expect(abs(ta.sd - variance.squareRoot()) < 1e-12)
        #expect(abs(report.result.estimate("P1.a [Cu]")! - a) < 1e-9)
        #expect(report.transferCoefficient(flow: "P2.p", element: "Cu") == nil)
        #expect(report.transferCoefficient(flow: "P2.q", element: "Cu") == nil)
        let tp = try #require(report.variables.firstIndex { $0.flow == "P2.p" && $0.layer == "tc:Cu" })
        #expect(report.result.observable[tp] == false)
        #expect(report.result.degreesOfFreedom == 1)
        #expect(abs(report.result.chiSquare - 4.0 / 3) < 1e-10)
    }

    /// One unknown coefficient beside the model's other one: P1's row says w = 0.1 · in, and a's coefficient is
    /// unknown; with in 100 ± 5 and a 80 ± 5 measured, the node balance and w = 0.1 in give a = 0.9 in, so the
    /// estimate is 0.9 with no uncertainty left (it is fixed by the model's other coefficient).
    /// χ² = 10² / (25 · 1.81) = 2.21 < 3.84: accepted, nothing eliminated.
    @Test func singleUnknownBesideTheModelsRow() throws {
        let network = FlowNetwork(SeriesFixture.sheet())
        let csv = "stream,quantity,value,sd\nin:P1,Cu,100 kg,5 kg\nP1.a,Cu,80 kg,5 kg\nP1.a,tc:Cu,unknown,\n"
        let (measurements, unknowns) = try MeasurementCSV.parseWithUnknowns(csv, file: "m.csv", network: network)
        let report = try FlowsheetReconciliation(network: network, measurements: measurements, useTransferCoefficients: true,
                                                 unknownTransferCoefficients: unknowns).run()
        let t = try #require(report.transferCoefficient(flow: "P1.a", element: "Cu"))
        #expect(abs(t.estimate - 0.9) < 1e-12 && t.sd < 1e-9)
        #expect(report.eliminated.isEmpty && abs(report.result.chiSquare - 100 / (25 * 1.81)) < 1e-9)
        // a − 0.9 in = 0 with r = 80 − 90: in = 100 − 9/1.81, a = 80 + 10/1.81.
        #expect(abs(report.result.estimate("in:P1 [Cu]")! - (100 - 9 / 1.81)) < 1e-9)
        #expect(abs(report.result.estimate("P1.a [Cu]")! - (80 + 10 / 1.81)) < 1e-9)
    }

    /// The shipped sample measurements on the default model, with the smelter's coefficient into matte unknown:
    /// the linearised product row carries the smelter's input (3·10⁷ kg) beside coefficients of 10⁻⁴, which is
    /// what the column scaling of the unknowns' SVD is for. The other smelter coefficients still hold, so the
    /// estimate is the model's own value (1 − the others) and the planted blister error is still the one found.
    @Test func defaultModelWithAnUnknownCoefficient() throws {
        let model = try ModelFile.bundledDefault()
        let network = FlowNetwork(model.flowsheet)
        let measurements = try MeasurementCSV.load(BalanceSamples.measurementsURL, displayName: "sample-measurements.csv", network: network)
        let report = try FlowsheetReconciliation(network: network, measurements: measurements, useTransferCoefficients: true,
                                                 unknownTransferCoefficients: [UnknownTransferCoefficient(flow: "smelting_flash.matte", element: "Cu")]).run()
        let smelter = try #require(model.flowsheet.processes.first { $0.id == "smelting_flash" })
        let t = try #require(report.transferCoefficient(flow: "smelting_flash.matte", element: "Cu"))
        #expect(abs(t.estimate - smelter.transferCoefficients["Cu"]!["matte"]!) < 1e-9)
        #expect(report.eliminated.map(\.measurement.flow) == ["converting.blister"])
        #expect(report.result.passesGlobalTest)
    }

    @Test func unknownOnAStreamIntoNoProcessIsRejected() throws {
        let network = FlowNetwork(SeriesFixture.sheet())
        #expect(throws: InputErrors.self) {
            try MeasurementCSV.parseWithUnknowns("stream,quantity,value,sd\nin:P1,tc:Cu,unknown,\n", file: "m.csv", network: network)
        }
        do { _ = try MeasurementCSV.parseWithUnknowns("stream,quantity,value,sd\nin:P1,tc:Cu,unknown,\n", file: "m.csv", network: network) } catch {
            #expect(error.errors.map(\.description) == ["m.csv:2: column 1 (stream): in:P1 leaves no process; expected a stream out of a process for a transfer coefficient"])
        }
    }
}
