import CirculaCore
import CirculaLedger
import CirculaWorkspace
import Foundation
import Testing

/// `Workspace.importLots` against a real SQLite ledger file.
@Suite struct ImportLotsTests {
    /// A fresh ledger with one site, a copper product and a pool account, in its own temporary folder.
    struct Scratch {
        let directory: URL
        let ledger: Ledger

        init() async throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("circula-ws-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            ledger = Ledger(store: try SQLiteStore(path: directory.appendingPathComponent("l.sqlite").path), actor: "test")
            _ = try await ledger.append([
                .initialize(Setup(company: "Test", periodKind: .month, maxPeriodMonths: 3, carryOver: .carry)),
                .addSite(Site(id: "s1", name: "Smelter")),
                .addProduct(Product(id: "cu", element: "Cu", form: "cathode", unit: .gram)),
                .openAccount(Account(id: "pool", site: "s1", product: "cu", factor: try ConversionFactor("0.97"))),
            ])
        }

        func write(_ name: String, _ text: String) throws -> String {
            let path = directory.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        func close() async { try? await ledger.store.close(); try? FileManager.default.removeItem(at: directory) }
    }

    static let header = "lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Cu[%]\n"

    @Test func dryRunChecksEverythingAndRecordsNothing() async throws {
        let scratch = try await Scratch()
        let path = try scratch.write("lots.csv", Self.header + "A1,2024-04-02,Collector,cu_scrap_no2,post-consumer,10,0,90\nA2,2024-04-03,Collector,cu_scrap_no2,post-consumer,5,0,80\n")
        let dry = try await Workspace.importLots(LotImportRequest(source: .file(path), site: "s1", dryRun: true), into: scratch.ledger)
        #expect(dry.receipts.map(\.lot) == ["A1", "A2"] && dry.stored.isEmpty)
        #expect(try await scratch.ledger.fullState().receipts.isEmpty)
        let real = try await Workspace.importLots(LotImportRequest(source: .file(path), site: "s1"), into: scratch.ledger)
        #expect(real.stored.count == 2)
        // 10 t × 90 % Cu = 9 t = 9,000,000 g, exact.
        #expect(try await scratch.ledger.fullState().receipts["A1"]?.receipt.elements["Cu"] == 9_000_000)
        await scratch.close()
    }

    /// A refusal by the ledger (unknown site, duplicate lot) names the line of the lot that caused it, taken from the
    /// lot's own location, and nothing is recorded.
    @Test func refusalsNameTheLineAndNothingIsRecorded() async throws {
        let scratch = try await Scratch()
        let first = try scratch.write("first.csv", Self.header + "A1,2024-04-02,Collector,cu_scrap_no2,post-consumer,10,0,90\n")
        _ = try await Workspace.importLots(LotImportRequest(source: .file(first), site: "s1"), into: scratch.ledger)
        let second = try scratch.write("second.csv", Self.header + "# a comment line\nB1,2024-04-04,Collector,cu_scrap_no2,post-consumer,3,0,50\nA1,2024-04-05,Collector,cu_scrap_no2,post-consumer,4,0,50\n")
        await #expect {
            try await Workspace.importLots(LotImportRequest(source: .file(second), site: "s1"), into: scratch.ledger)
        } throws: { error in
            guard let errors = error as? InputErrors, errors.errors.count == 1 else { return false }
            return errors.errors[0].location.line == 4 && errors.errors[0].location.file == second
        }
        #expect(try await scratch.ledger.fullState().receipts["B1"] == nil)
        await scratch.close()
    }

    @Test func lotsKeepTheLineTheyWereReadFrom() throws {
        let lots = try LotCSV.parse(Self.header + "\nA1,2024-04-02,C,f,post-consumer,1,0,1\n\nA2,2024-04-02,C,f,post-consumer,1,0,1\n", file: "x.csv")
        #expect(lots.map(\.location) == [SourceLocation(file: "x.csv", line: 3), SourceLocation(file: "x.csv", line: 5)])
    }
}
