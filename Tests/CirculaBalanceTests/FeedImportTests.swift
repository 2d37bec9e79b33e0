import CirculaCore
import Foundation
import Testing
@testable import CirculaBalance

/// Two feeds into one process, each weighed: P takes ore (60 ± 1 kg) and scrap (40 ± 1 kg), and its total
/// import is also weighed (104 ± 2 kg); P's outputs are not measured. in:P = feed:ore + feed:scrap is the
/// one redundant equation: r = 104 − 100 = 4 with variance 4 + 1 + 1 = 6, so in:P = 104 − 4·4/6,
/// each feed + 4/6, χ² = 16/6.
@Suite struct FeedImportTests {
    static let sheet = Flowsheet(processes: [
        Process(id: "P", name: "P", outputs: [Output(name: "o1", destination: .sink("product")), Output(name: "o2", destination: .sink("discard"))],
                transferCoefficients: ["Cu": ["o1": 0.9, "o2": 0.1]]),
    ], feedEntry: ["ore": "P", "scrap": "P"])

    @Test func severalImportsPerProcess() throws {
        let network = FlowNetwork(Self.sheet)
        let csv = "stream,quantity,value,sd\nfeed:ore,mass,60 kg,1 kg\nfeed:scrap,mass,40 kg,1 kg\nin:P,mass,104 kg,2 kg\n"
        let report = try FlowsheetReconciliation(network: network, measurements: try MeasurementCSV.parse(csv, file: "m.csv", network: network)).run()
        let r = report.result
        #expect(abs(r.estimate("in:P [mass]")! - (104 - 16.0 / 6)) < 1e-9)
        #expect(abs(r.estimate("feed:ore [mass]")! - (60 + 4.0 / 6)) < 1e-9)
        #expect(abs(r.estimate("feed:scrap [mass]")! - (40 + 4.0 / 6)) < 1e-9)
        #expect(abs(r.chiSquare - 16.0 / 6) < 1e-9 && r.degreesOfFreedom == 1)
        // Without a feed measurement the feed imports stay out of the problem.
        let plain = try FlowsheetReconciliation(network: network, measurements: try MeasurementCSV.parse("stream,quantity,value,sd\nin:P,mass,100 kg,1 kg\n",
                                                                                                         file: "m.csv", network: network)).run()
        #expect(!plain.variables.contains { $0.flow.hasPrefix("feed:") })
    }
}
