import CirculaBalance
import CirculaCore
import CirculaLedger
import CirculaWorkspace
import Foundation
import Testing

/// `Workspace.ratioReport` on a real SQLite ledger and the bundled model: production per ledger period comes from
/// that period's balance, and the reconciliation uses it.
@Suite struct RatioReportWorkspaceTests {
    static let header = "lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Cu[%]\n"
    static let april = """
        R-1,2024-04-02,Collector,cu_scrap_no2,post-consumer,100,1,92
        P-1,2024-04-04,Mine,cu_conc_chalcopyrite,primary,500,8,28

        """
    static let may = "R-3,2024-05-06,Collector,cu_scrap_no2,post-consumer,50,1,92\n"

    @Test func productionFromEachPeriodsBalanceAndTheReconciliation() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("circula-ratio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ name: String, _ text: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let both = try write("lots.csv", Self.header + Self.april + Self.may)
        let aprilOnly = try write("april.csv", Self.header + Self.april)
        let mayOnly = try write("may.csv", Self.header + Self.may)

        let ledger = Ledger(store: try SQLiteStore(path: dir.appendingPathComponent("l.sqlite").path), actor: "test")
        _ = try await Workspace.setUp(LedgerSetup(setup: Setup(company: "T", periodKind: .month, maxPeriodMonths: 3, carryOver: .carry),
                                                  sites: [Site(id: "s1", name: "S")],
                                                  products: [Product(id: "cu", element: "Cu", form: "cathode", unit: .gram)],
                                                  accounts: [Account(id: "pool", site: "s1", product: "cu", factor: ConversionFactor(ppm: 900_000))]),
                                      in: ledger)
        try await ledger.append([
            .deliver(Delivery(delivery: "D1", customer: "A", site: "s1", product: "cu", mass: 300_000_000, date: "2024-04-20")),
            .deliver(Delivery(delivery: "D2", customer: "A", site: "s1", product: "cu", mass: 10_000_000, date: "2024-05-20")),
        ])

        // The same figures from each month's lots balanced on their own, through the other entry point.
        func expected(_ path: String) throws -> (produced: Int64, cu: Int64, recycled: Int64) {
            let result = try Workspace.balancePeriod(model: .bundled, lots: .file(path)).result
            let stream = "electrorefining.cathode"
            return (Int64((result.totalFlow(stream: stream) * 1000).rounded(.down)), Int64((result.flow(stream: stream, element: "Cu") * 1000).rounded(.down)),
                    Int64((result.recycledMassByLot(stream: stream, element: "Cu").values.reduce(0, +) * 1000).rounded(.down)))
        }
        let a = try expected(aprilOnly), m = try expected(mayOnly)
        #expect(a.produced > 100_000_000 && a.produced < 300_000_000, "April makes less cathode than D1's 300 t: \(a.produced) g")

        let report = try await Workspace.ratioReport(product: "cu", plant: PlantFigureSource(lots: .file(both)), openingStock: "5t", in: ledger)
        let april = try #require(report.lines.first { $0.period == "2024-04" })
        let mayLine = try #require(report.lines.first { $0.period == "2024-05" })
        #expect(april.output?.produced == a.produced && april.output?.element == a.cu && april.output?.recycledElement == min(a.cu, a.recycled))
        #expect(mayLine.output?.produced == m.produced)
        #expect(april.stock == .init(opening: 5_000_000, closing: 0, uncovered: 300_000_000 - 5_000_000 - a.produced))
        #expect(mayLine.stock == .init(opening: 0, closing: m.produced - 10_000_000, uncovered: 0))
        let fy = try #require(report.lines.first { $0.period == "FY2024" })
        #expect(fy.output?.produced == a.produced + m.produced && fy.stock?.closing == mayLine.stock?.closing)

        await #expect(throws: WorkspaceError.self) {
            try await Workspace.ratioReport(product: "cu", plant: PlantFigureSource(lots: .file(both), productStream: "no.such"), in: ledger)
        }
        await #expect(throws: WorkspaceError.self) { try await Workspace.ratioReport(product: "cu", openingStock: "5 bananas", in: ledger) }
        await #expect(throws: LedgerError.unknown(kind: "product", id: "zn")) { try await Workspace.ratioReport(product: "zn", in: ledger) }
        // the ledger's only product needs no --product
        #expect(try await Workspace.ratioReport(in: ledger).product == "cu")
        // with two products: one scheme-only report each, and the plant's figures need the product named
        try await ledger.append(.addProduct(Product(id: "au", element: "Au", form: "bar", unit: .milligram)))
        #expect(try await Workspace.ratioReports(in: ledger).map(\.product) == ["au", "cu"])
        await #expect(throws: WorkspaceError.self) { try await Workspace.ratioReports(plant: PlantFigureSource(lots: .file(both)), in: ledger) }
    }
}
