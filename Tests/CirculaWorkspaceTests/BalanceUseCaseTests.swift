import CirculaBalance
import CirculaCore
import CirculaPlan
import CirculaWorkspace
import Foundation
import Testing

/// The balance and plan use cases the CLI used to run itself (`balance --period`, `--set-file`, `plan calibrate`),
/// now one Workspace function each, on real files in a temporary folder.
@Suite struct BalanceUseCaseTests {
    struct Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("circula-ws-balance-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        func write(_ name: String, _ bytes: [UInt8]) throws -> String {
            let path = url.appendingPathComponent(name).path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }
        func remove() { try? FileManager.default.removeItem(at: url) }
    }

    @Test("one period without stock balances like the forward balance of its lots; each period closes")
    func periodsWithoutStock() throws {
        let periods = try Workspace.balancePeriods(PeriodsRequest(periods: [("2024-04", .sample)]))
        let forward = try Workspace.balancePeriod(model: .bundled, lots: .sample)
        let cu = periods.result.total(element: "Cu")
        let forwardInput = forward.result.balances["Cu"]?.totalInput ?? 0
        #expect(forwardInput > 0 && abs(cu.input - forwardInput) < 1e-9 * forwardInput)
        #expect(abs(cu.input - cu.output - cu.stockChange) < 1e-6 * cu.input)
    }

    @Test("a stock file that is not UTF-8 and lots the model cannot take are refused with the file named")
    func periodsRefusals() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let stock = try folder.write("stock.csv", Array("period,process,element,stock[t]\nopening,anode_refining,Cu,8".utf8) + [0xB0, 0x0A])
        do {
            _ = try Workspace.balancePeriods(PeriodsRequest(periods: [("2024-04", .sample)], stock: stock))
            Issue.record("a Latin-1 stock file was read")
        } catch let error as InputErrors {
            #expect(error.errors.map(\.description) == [
                "\(stock):2: not UTF-8 at line 2, byte 28 (0xB0); expected UTF-8 text: save the file as UTF-8 (\"CSV UTF-8\" in a spreadsheet), not Latin-1 or Windows-1252",
            ])
        }
        let lots = try folder.write("lots.csv", Array("lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Cu[%]\nL1,2024-04-02,S,moon_rock,post-consumer,1,0,10\n".utf8))
        do {
            _ = try Workspace.balancePeriods(PeriodsRequest(periods: [("2024-04", .file(lots))]))
            Issue.record("lots of an unknown feed were balanced")
        } catch let error as WorkspaceError {
            guard case .lotsNotBalanceable(let file, .unknownFeed(lot: "L1", feed: "moon_rock", _)) = error else {
                Issue.record("unexpected \(error)"); return
            }
            #expect(file == lots && error.description.hasPrefix("\(lots): "))
        }
    }

    @Test("overrides from --set and from a file: every bad one located, the file read as UTF-8")
    func modelOverrides() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let good = try folder.write("set.txt", Array("# what if\nsmelting_flash.Cu.slag=0.02\r\n".utf8))
        let overrides = try Workspace.modelOverrides(["converting.Cu.slag=0.1"], file: good)
        #expect(overrides.map(\.process) == ["converting", "smelting_flash"] && overrides.map(\.value) == [0.1, 0.02])
        let bad = try folder.write("bad.txt", Array("smelting_flash.Cu.slag=2\n# caf".utf8) + [0xE9])
        do {
            _ = try Workspace.modelOverrides(["converting.slag=0.1"], file: bad)
            Issue.record("bad overrides were accepted")
        } catch {
            #expect(error.errors.map(\.description) == [
                "--set: expected process.layer.output=fraction (smelting_flash.Cu.slag=0.02), found \"converting.slag=0.1\"",
                "\(bad):2: not UTF-8 at line 2, byte 6 (0xE9); expected UTF-8 text: save the file as UTF-8 (\"CSV UTF-8\" in a spreadsheet), not Latin-1 or Windows-1252",
            ])
        }
    }

    @Test("calibrate writes the scenario with its calibrated section, which loads again")
    func calibrate() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let out = folder.url.appendingPathComponent("calibrated.yaml").path
        let result = try Workspace.calibrate(scenario: nil, write: out)
        #expect(!result.fitted.isEmpty && !result.residuals.isEmpty)
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written.contains("calibrated:"))
        _ = try Scenario.load(URL(fileURLWithPath: out), displayName: "calibrated.yaml")
    }
}
