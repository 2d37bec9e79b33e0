import CirculaCore
import Foundation
import Testing
@testable import CirculaBalance

/// Two processes in series: ore enters P1, which sends a to P2 and w to discard; P2 splits a into p and q.
enum SeriesFixture {
    static func sheet(p2Rows: [String: [String: Double]] = ["Cu": ["p": 0.9, "q": 0.1]]) -> Flowsheet {
        Flowsheet(processes: [
            Process(id: "P1", name: "P1", outputs: [Output(name: "a", destination: .process("P2")), Output(name: "w", destination: .sink("discard"))],
                    transferCoefficients: ["Cu": ["a": 0.9, "w": 0.1]]),
            Process(id: "P2", name: "P2", outputs: [Output(name: "p", destination: .sink("product")), Output(name: "q", destination: .sink("discard"))],
                    transferCoefficients: p2Rows),
        ], feedEntry: ["ore": "P1"])
    }
}

@Suite struct BilinearGrossErrorTests {
    /// Masses and Cu assays of every flow, all consistent (in 100 t at 20%, a 60 t at 30%, w 40 t at 5%,
    /// p 45 t at 36%, q 15 t at 12%) except the assay of a, read as 36% instead of 30%. Its error unbalances
    /// both Cu balances (P1 by −3.6 t, P2 by +3.6 t), which is the signature of a's assay alone, so the
    /// normalised residuals of the last linearisation single it out. Serial elimination drops exactly that
    /// measurement; the rest is exact, so χ² falls to 0 and a's assay is recomputed as 30%.
    @Test func plantedAssayErrorIsFoundAndEliminated() throws {
        let network = FlowNetwork(SeriesFixture.sheet())
        let csv = """
            stream,quantity,value[t],sd[t]
            in:P1,mass,100,1
            P1.a,mass,60,1
            P1.w,mass,40,1
            P2.p,mass,45,1
            P2.q,mass,15,1
            in:P1,Cu%,20,0.3
            P1.a,Cu%,36,0.3
            P1.w,Cu%,5,0.3
            P2.p,Cu%,36,0.3
            P2.q,Cu%,12,0.3

            """
        let measurements = try MeasurementCSV.parse(csv, file: "m.csv", network: network)
        let report = try FlowsheetReconciliation(network: network, measurements: measurements).run()
        #expect(report.initialPValue < 0.05)
        #expect(report.initialDegreesOfFreedom == 4)
        let worst = report.initialNormalizedResiduals.indices.max { abs(report.initialNormalizedResiduals[$0] ?? 0) < abs(report.initialNormalizedResiduals[$1] ?? 0) }
        #expect(worst == 6)
        #expect(report.eliminated.map(\.measurement.flow) == ["P1.a"])
        #expect(report.eliminated.first?.measurement.quantity == .concentration("Cu"))
        #expect(report.eliminated.first?.measurement.origin == "m.csv:8")
        #expect(report.measurementPositions[6] == nil && report.measurementPositions[5] == 5 && report.measurementPositions[7] == 6)
        let r = report.result
        #expect(r.passesGlobalTest)
        #expect(r.degreesOfFreedom == 3)
        #expect(r.chiSquare < 1e-9)
        #expect(abs(r.estimate("P1.a [Cu%]")! - 0.30) < 1e-9)
        #expect(abs(r.estimate("P1.a [Cu]")! - 18_000) < 1e-6)
        #expect(report.iterations >= 2)
    }

    /// Without a gross error the bilinear data pass and nothing is eliminated.
    @Test func consistentAssaysEliminateNothing() throws {
        let network = FlowNetwork(SeriesFixture.sheet())
        let csv = "stream,quantity,value[t],sd[t]\nin:P1,mass,100,1\nP1.a,mass,60,1\nP1.w,mass,40,1\nin:P1,Cu%,20,0.3\nP1.a,Cu%,30,0.3\nP1.w,Cu%,5,0.3\n"
        let report = try FlowsheetReconciliation(network: network, measurements: try MeasurementCSV.parse(csv, file: "m.csv", network: network)).run()
        #expect(report.eliminated.isEmpty)
        #expect(report.result.chiSquare < 1e-12)
        #expect(report.measurementPositions == Array(0..<6).map { Optional($0) })
    }
}
