import CirculaCore
import CirculaPlan
import Foundation
import Testing

/// Scenario and stock-model files are read through `TextFile`: a BOM and CRLF line ends are accepted, a byte that is
/// not UTF-8 is refused with its line and byte.
@Suite struct PlanFileEncodingTests {
    func copy(_ resource: String, _ transform: ([UInt8]) -> [UInt8]) throws -> URL {
        let bytes = [UInt8](try Data(contentsOf: PlanResources.url(resource)))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(resource)")
        try Data(transform(bytes)).write(to: url)
        return url
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "no error" } catch { return "\(error)" }
    }

    /// The bundled file with `é` in Latin-1 (0xE9) appended to its first line as a comment.
    func latin1(_ bytes: [UInt8]) -> [UInt8] {
        let end = bytes.firstIndex(of: 0x0A) ?? bytes.endIndex
        return Array(bytes[..<end]) + Array(" # caf".utf8) + [0xE9] + Array(bytes[end...])
    }

    func bomAndCRLF(_ bytes: [UInt8]) -> [UInt8] {
        [0xEF, 0xBB, 0xBF] + bytes.flatMap { $0 == 0x0A ? [0x0D, 0x0A] : [$0] }
    }

    @Test("a scenario with a BOM and CRLF plans like the bundled one; a Latin-1 byte is located")
    func scenario() throws {
        let url = try copy("default-scenario.yaml", bomAndCRLF)
        defer { try? FileManager.default.removeItem(at: url) }
        let windows = try FeedMixPlanner(scenario: try Scenario.load(url, displayName: "s.yaml")).plan()
        let bundled = try FeedMixPlanner(scenario: try Scenario.bundledDefault()).plan()
        #expect(windows.cathodeCopperTonnes == bundled.cathodeCopperTonnes)
        let bad = try copy("default-scenario.yaml", latin1)
        defer { try? FileManager.default.removeItem(at: bad) }
        let firstLine = try String(contentsOf: PlanResources.url("default-scenario.yaml"), encoding: .utf8).prefix { $0 != "\n" }
        let text = message { _ = try Scenario.load(bad, displayName: "s.yaml") }
        #expect(text.contains("s.yaml:1: not UTF-8 at line 1, byte \(firstLine.utf8.count + 7) (0xE9)"), "\(text)")
    }

    @Test("a stock model with a BOM and CRLF reads like the bundled one; a Latin-1 byte is located")
    func stockModel() throws {
        let url = try copy("default-stock-model.yaml", bomAndCRLF)
        defer { try? FileManager.default.removeItem(at: url) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let windows = try encoder.encode(try Outlook.compute(try StockModelFile.load(url, displayName: "m.yaml"), to: 2040))
        let bundled = try encoder.encode(try Outlook.compute(try StockModelFile.bundledDefault(), to: 2040))
        #expect(windows == bundled && windows.count > 100)
        let bad = try copy("default-stock-model.yaml", latin1)
        defer { try? FileManager.default.removeItem(at: bad) }
        let firstLine = try String(contentsOf: PlanResources.url("default-stock-model.yaml"), encoding: .utf8).prefix { $0 != "\n" }
        let text = message { _ = try StockModelFile.load(bad, displayName: "m.yaml") }
        #expect(text.contains("m.yaml:1: not UTF-8 at line 1, byte \(firstLine.utf8.count + 7) (0xE9)"), "\(text)")
    }
}
