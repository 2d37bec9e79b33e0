import CirculaCore
import Foundation
import Testing
@testable import CirculaBalance

/// Bad measurement input is refused with its line and what was expected.
@Suite struct MeasurementInputTests {
    let network = FlowNetwork(WeigherFixture.sheet)

    func errors(_ csv: String) -> [String] {
        do { _ = try MeasurementCSV.parse(csv, file: "m.csv", network: network); return [] } catch { return error.errors.map(\.description) }
    }

    @Test func unknownStreamAndElement() {
        #expect(errors("stream,quantity,value[t],sd[t]\nW.bolt,mass,1,1\nW.belt,Qx,1,1\n") == [
            "m.csv:2: column 1 (stream): unknown stream \"W.bolt\"; expected a stream id (process.output), in:<process>, feed:<feed> or <process>.stock",
            "m.csv:3: column 2 (quantity): expected mass, an element symbol (Cu), a concentration (Cu%, Au[g/t]) or a transfer coefficient (tc:Cu), found \"Qx\"",
        ])
    }

    @Test func nonPositiveStandardDeviation() {
        #expect(errors("stream,quantity,value[t],sd[t]\nin:W,mass,100,0\nW.belt,mass,100,-1\nM.conc,mass,60,constant\n") == [
            "m.csv:2: column 4 (sd[t]): expected a positive standard deviation, found 0 (for a value known exactly write sd constant)",
            "m.csv:3: column 4 (sd[t]): expected a positive standard deviation, found -1000 (for a value known exactly write sd constant)",
        ])
    }

    @Test func duplicateRows() {
        #expect(errors("stream,quantity,value[t],sd[t]\nin:W,mass,100,1\nin:W,mass,101,1\n") == [
            "m.csv:3: column 2 (quantity): mass of in:W is already measured on line 2; expected one measurement per stream and quantity",
        ])
    }

    /// ρ(a,b) = ρ(b,c) = 0.9 forces ρ(a,c) ≥ 2·0.81 − 1 = 0.62; −0.5 is impossible for real errors.
    @Test func correlationsThatNoCovarianceCanHave() throws {
        let m = try MeasurementCSV.parse("stream,quantity,value[t],sd[t]\nin:W,mass,100,1\nW.belt,mass,100,1\nM.conc,mass,60,1\n", file: "m.csv", network: network)
        let ok = try MeasurementCSV.parseCorrelations("a,b,rho\nin:W,W.belt,0.9\nW.belt,M.conc,0.9\nin:W,M.conc,0.7\n", file: "c.csv", measurements: m)
        #expect(ok.count == 3)
        do {
            _ = try MeasurementCSV.parseCorrelations("a,b,rho\nin:W,W.belt,0.9\nW.belt,M.conc,0.9\nin:W,M.conc,-0.5\n", file: "c.csv", measurements: m)
            Issue.record("accepted a correlation matrix that is not positive semi-definite")
        } catch {
            #expect(error.errors.map(\.description) == [
                "c.csv:4: column 3 (rho): the correlations on c.csv:2, c.csv:3, c.csv:4 make the correlation matrix not positive semi-definite "
                    + "(pairs not listed count as ρ = 0); expected correlations that real measurement errors can have (e.g. ρ_ab = ρ_bc = 0.9 needs ρ_ac ≥ 0.62)",
            ])
        }
        // Leaving ρ(a,c) out means 0, which is just as impossible.
        #expect(throws: InputErrors.self) {
            try MeasurementCSV.parseCorrelations("a,b,rho\nin:W,W.belt,0.9\nW.belt,M.conc,0.9\n", file: "c.csv", measurements: m)
        }
        do {
            _ = try MeasurementCSV.parseCorrelations("a,b,rho\nin:W,W.belt,0.5\nW.belt,in:W,0.4\n", file: "c.csv", measurements: m)
            Issue.record("accepted a pair twice")
        } catch {
            #expect(error.errors.map(\.description) == ["c.csv:3: column 2 (b): W.belt:mass and in:W:mass are already correlated on c.csv:2; expected one row per pair"])
        }
    }

    /// Successive linearisation stopped after one iteration: the failure names what still moves and what to try.
    @Test func convergenceFailureNamesTheMovingVariables() throws {
        let network = FlowNetwork(SeriesFixture.sheet())
        let csv = "stream,quantity,value[t],sd[t]\nin:P1,mass,100,1\nP1.a,mass,60,1\nP1.w,mass,40,1\nin:P1,Cu%,20,0.5\nP1.a,Cu%,36,0.5\nP1.w,Cu%,5,0.5\n"
        let (problem, _, products, _) = FlowsheetReconciliation(network: network, measurements: try MeasurementCSV.parse(csv, file: "m.csv", network: network)).problem()
        do {
            _ = try BilinearReconciliation.solve(problem, products: products, maxIterations: 1)
            Issue.record("converged in one iteration")
        } catch {
            guard case .noConvergence(_, _, let moving) = error else { Issue.record("\(error)"); return }
            #expect(!moving.isEmpty)
            #expect(error.description.contains("still moving: \(moving[0].variable)"))
            #expect(error.description.contains("Try: starting values"))
        }
    }
}
