import Foundation
import Testing

/// `circula balance --set / --set-file / --compare` through the built binary.
@Suite struct WhatIfCommandTests {
    let cli = BalanceCommandTests()
    static let modelPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/CirculaCore/Resources/metallurgy.yaml").path

    func changes(_ out: String) throws -> [String: Double] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let rows = try #require(object["changes"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: rows.map { ("\($0["element"]!) \($0["quantity"]!)", $0["delta"] as! Double) })
    }

    /// More Cu to the flash smelter's slag: what the product loses, the discard gains (the lots are the same).
    @Test func setPrintsWhatChanges() throws {
        let result = try cli.run(["balance", "--set", "smelting_flash.Cu.slag=0.02", "--format", "json"])
        #expect(result.status == 0)
        let delta = try changes(result.out)
        let product = try #require(delta["Cu → product"]), discard = try #require(delta["Cu → discard"])
        #expect(product < 0 && abs(product + discard) < 1e-6 * abs(product))
        #expect(delta["Cu input"] == nil)
        let table = try cli.run(["balance", "--set", "smelting_flash.Cu.slag=0.02"])
        #expect(table.out.contains("B: what-if (smelting_flash.Cu.slag=0.02)"))
        #expect(table.out.contains("recovery → product"))
    }

    @Test func setFileAndCompareAgree() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("circula-whatif-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let overrides = dir.appendingPathComponent("w.txt")
        try "# raise Cu to flash slag\nsmelting_flash.Cu.slag=0.02\n".write(to: overrides, atomically: true, encoding: .utf8)
        let viaFile = try changes(try cli.run(["balance", "--set-file", overrides.path, "--format", "json"]).out)
        let viaCompare = try changes(try cli.run(["balance", "--compare", Self.modelPath, Self.modelPath, "--set", "smelting_flash.Cu.slag=0.02", "--format", "json"]).out)
        // Same changes, equal up to round-off (the sparse solves need not add in the same order run to run).
        #expect(!viaFile.isEmpty && Set(viaFile.keys) == Set(viaCompare.keys))
        for (key, delta) in viaFile { #expect(abs(delta - (viaCompare[key] ?? .nan)) <= 1e-9 * max(abs(delta), 1e-6), "\(key)") }
        let same = try cli.run(["balance", "--compare", Self.modelPath, Self.modelPath])
        #expect(same.out.contains("Nothing changes."))
    }

    @Test func misspeltProcessIsOneErrorWithASuggestion() throws {
        let result = try cli.run(["balance", "--set", "smeltng_flash.Cu.slag=0.02"])
        #expect(result.status == 1)
        #expect(result.err == "error: --set: unknown process \"smeltng_flash\"; expected a process id; did you mean smelting_flash?\n")
    }
}
