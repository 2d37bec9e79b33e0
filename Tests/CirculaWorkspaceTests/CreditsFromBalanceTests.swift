import CirculaBalance
import CirculaCore
import CirculaLedger
import CirculaWorkspace
import Foundation
import Testing

/// `Workspace.issueCreditsFromBalance` on a real SQLite ledger with the bundled model.
@Suite struct CreditsFromBalanceTests {
    static let header = "lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Cu[%],Au[g/t]\n"
    static let lots = header + """
        R-1,2024-04-02,Collector,cu_scrap_no2,post-consumer,100,1,92,
        R-2,2024-04-03,E-scrap Co,pcb_mixed,post-consumer,40,2,18,250
        P-1,2024-04-04,Mine,cu_conc_chalcopyrite,primary,500,8,28,3

        """

    /// A SQLite ledger in `dir` with site s1, product cu (g) and a pool account at the derived factor.
    static func ledger(in dir: URL, factor: CreditFactor) async throws -> Ledger {
        let ledger = Ledger(store: try SQLiteStore(path: dir.appendingPathComponent("l.sqlite").path), actor: "test")
        _ = try await Workspace.setUp(LedgerSetup(setup: Setup(company: "T", periodKind: .month, maxPeriodMonths: 3, carryOver: .carry),
                                                  sites: [Site(id: "s1", name: "S")],
                                                  products: [Product(id: "cu", element: "Cu", form: "cathode", unit: .gram)],
                                                  accounts: [Account(id: "pool", site: "s1", product: "cu", factor: ConversionFactor(ppm: factor.partsPerMillion))]),
                                      in: ledger)
        return ledger
    }

    @Test func theFactorTravelsExactlyAndTheLotSetMustMatch() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("circula-ws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let lotsPath = dir.appendingPathComponent("lots.csv").path
        try Self.lots.write(toFile: lotsPath, atomically: true, encoding: .utf8)
        let period = try Workspace.balancePeriod(model: .bundled, lots: .file(lotsPath))
        let factor = try Workspace.creditFactor(of: period, element: "Cu")
        // The rounding rule: down to 6 decimals, never above the yield.
        #expect(Double(factor.partsPerMillion) / 1e6 <= factor.yield && factor.yield - Double(factor.partsPerMillion) / 1e6 < 1e-6)
        #expect(factor.text.count == 8 && factor.derivation.contains("(metallurgy.yaml, \(lotsPath))"))

        let ledger = try await Self.ledger(in: dir, factor: factor)
        // Only R-1 is received: R-2 was balanced but not received, so nothing is credited.
        let onlyR1 = dir.appendingPathComponent("r1.csv").path
        try (Self.header + "R-1,2024-04-02,Collector,cu_scrap_no2,post-consumer,100,1,92,\n").write(toFile: onlyR1, atomically: true, encoding: .utf8)
        _ = try await Workspace.importLots(LotImportRequest(source: .file(onlyR1), site: "s1", elements: ["Cu"]), into: ledger)
        let request = BalanceCreditRequest(element: "Cu", lots: .file(lotsPath))
        await #expect(throws: WorkspaceError.self) { try await Workspace.issueCreditsFromBalance(request, in: ledger) }
        #expect(try await ledger.fullState().receipts["R-1"]?.credited.isEmpty == true)

        // Receive R-2 too: now every recycled lot that was balanced is received, and each credit is ⌊receipt × factor⌋ exactly.
        let onlyR2 = dir.appendingPathComponent("r2.csv").path
        try (Self.header + "R-2,2024-04-03,E-scrap Co,pcb_mixed,post-consumer,40,2,18,250\n").write(toFile: onlyR2, atomically: true, encoding: .utf8)
        _ = try await Workspace.importLots(LotImportRequest(source: .file(onlyR2), site: "s1", elements: ["Cu"]), into: ledger)
        let report = try await Workspace.issueCreditsFromBalance(request, in: ledger)
        #expect(report.lotSet?.masses.keys.sorted() == ["R-1", "R-2"])
        let state = try await ledger.fullState()
        for credit in report.credits {
            let received = try #require(state.receipts[credit.lot]?.receipt.elements["Cu"])
            #expect(credit.amount == ConversionFactor(ppm: factor.partsPerMillion).apply(to: received))
            #expect(credit.factor.ppm == factor.partsPerMillion)
        }
        // Issuing again finds nothing to credit, and is no error.
        #expect(try await Workspace.issueCreditsFromBalance(request, in: ledger).stored.isEmpty)
        try await ledger.store.close()
    }

    /// A lot received with another mass than the one balanced is named, and nothing is credited.
    @Test func aLotWithAnotherMassIsRefused() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("circula-ws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let balanced = dir.appendingPathComponent("balanced.csv").path, received = dir.appendingPathComponent("received.csv").path
        try (Self.header + "R-1,2024-04-02,Collector,cu_scrap_no2,post-consumer,100,1,92,\n").write(toFile: balanced, atomically: true, encoding: .utf8)
        try (Self.header + "R-1,2024-04-02,Collector,cu_scrap_no2,post-consumer,99,1,92,\n").write(toFile: received, atomically: true, encoding: .utf8)
        let factor = try Workspace.creditFactor(of: try Workspace.balancePeriod(model: .bundled, lots: .file(balanced)), element: "Cu")
        let ledger = try await Self.ledger(in: dir, factor: factor)
        _ = try await Workspace.importLots(LotImportRequest(source: .file(received), site: "s1"), into: ledger)
        await #expect {
            try await Workspace.issueCreditsFromBalance(BalanceCreditRequest(element: "Cu", lots: .file(balanced)), in: ledger)
        } throws: { error in
            guard case .lotSetMismatch(_, _, _, let notReceived, let notBalanced, let massDiffers) = error as? WorkspaceError else { return false }
            return notReceived.isEmpty && notBalanced.isEmpty && massDiffers == ["R-1"]
        }
        #expect(try await ledger.fullState().receipts["R-1"]?.credited.isEmpty == true)
        try await ledger.store.close()
    }
}
