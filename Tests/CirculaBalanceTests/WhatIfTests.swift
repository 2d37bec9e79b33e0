import CirculaCore
import Foundation
import Testing
@testable import CirculaBalance

@Suite struct WhatIfTests {
    /// Loop fixture, A's Cu row {out 0.8, slag 0.2}: slag set to 0.3 leaves 0.7 for out; with 100 kg of
    /// scrap Cu into A and B {product 0.5, back 0.5}, the loop gives product = 100·t_out·0.5 / (1 − t_out·0.5):
    /// 0.8 → 40/0.6 = 66.67 kg, 0.7 → 35/0.65 = 53.85 kg; slag takes the rest (33.33 → 46.15 kg).
    @Test func overrideScalesTheRowAndTheComparisonShowsTheChange() throws {
        let sheet = Fixtures.loop()
        let change = try ModelOverride.parse("A.Cu.slag=0.3", origin: SourceLocation(file: "--set"))
        let modified = try sheet.applying([change])
        let row = try #require(modified.process("A")?.transferCoefficients["Cu"])
        #expect(abs(row["slag"]! - 0.3) < 1e-15 && abs(row["out"]! - 0.7) < 1e-15)
        let lots = [Fixtures.source("s1", entry: 0, recycled: true, ["Cu": 100])]
        let base = try ForwardBalance(flowsheet: sheet).run(sources: lots)
        let whatIf = try ForwardBalance(flowsheet: modified).run(sources: lots)
        let changes = BalanceComparison.changes(base, whatIf, productStream: "B.product")
        let product = try #require(changes.first { $0.element == "Cu" && $0.quantity == "→ product" })
        #expect(abs(product.a! - 40 / 0.6) < 1e-9 && abs(product.b! - 35 / 0.65) < 1e-9)
        let recovery = try #require(changes.first { $0.quantity == "recovery → product" })
        #expect(abs(recovery.delta - (35 / 0.65 - 40 / 0.6) / 100) < 1e-12)
        #expect(!changes.contains { $0.quantity == "input" })   // the lots are the same
        #expect(BalanceComparison.changes(base, base, productStream: "B.product").isEmpty)
    }

    @Test func misspeltNamesAreOneErrorWithASuggestion() throws {
        let sheet = Fixtures.loop()
        let origin = SourceLocation(file: "--set")
        for (text, message) in [
            ("Aa.Cu.slag=0.3", "--set: unknown process \"Aa\"; expected a process id; did you mean A?"),
            ("A.Cv.slag=0.3", "--set: A has no Cv row; expected one of its layers; did you mean Cu?"),
            ("A.Cu.slg=0.3", "--set: A has no output \"slg\"; expected an output or stock; did you mean slag?"),
        ] {
            let change = try ModelOverride.parse(text, origin: origin)
            do { _ = try sheet.applying([change]); Issue.record("accepted \(text)") } catch {
                #expect(error.errors.map(\.description) == [message])
            }
        }
        #expect(throws: LocatedError.self) { try ModelOverride.parse("A.Cu.slag=1.2", origin: origin) }
        #expect(throws: LocatedError.self) { try ModelOverride.parse("A.slag=0.2", origin: origin) }
        do { _ = try ModelOverride.parseFile("# what-if\nA.Cu.slag=0.3\nA.Cu=0.3\n", file: "w.txt"); Issue.record("accepted a bad line") } catch {
            #expect(error.errors.map(\.description) == ["w.txt:3: expected process.layer.output=fraction (smelting_flash.Cu.slag=0.02), found \"A.Cu=0.3\""])
        }
    }

    /// The bundled model with the flash smelter's id misspelt in its feed_entry: one error (not one per
    /// feed entering the smelter), with the suggestion.
    @Test func misspeltProcessInTheModelIsOneError() throws {
        // The id itself misspelt: feed_entry and the bleed fractions still name smelting_flash; one error.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let original = try String(contentsOf: root.appendingPathComponent("Sources/CirculaCore/Resources/metallurgy.yaml"), encoding: .utf8)
        let typo = original.replacingOccurrences(of: "\n  - id: smelting_flash\n", with: "\n  - id: smelting_flsh\n")
        #expect(typo != original)
        do { _ = try ModelFile.parse(typo, file: "m.yaml"); Issue.record("accepted a misspelt process id") } catch {
            #expect(error.errors.count == 1)
            #expect(error.errors.first?.message.hasSuffix("expected an id of unit_operations; did you mean smelting_flsh?") == true)
        }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/CirculaCore/Resources/metallurgy.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let misspelt = text.replacingOccurrences(of: "    cu_conc_chalcopyrite: smelting_flash\n", with: "    cu_conc_chalcopyrite: smelting_flsh\n")
            .replacingOccurrences(of: "    pcb_mixed: smelting_flash\n", with: "    pcb_mixed: smelting_flsh\n")
        #expect(misspelt != text)
        do { _ = try ModelFile.parse(misspelt, file: "m.yaml"); Issue.record("accepted a misspelt process") } catch {
            #expect(error.errors.count == 1)
            #expect(error.errors.first?.message == "unknown process \"smelting_flsh\" (feed_entry of cu_conc_chalcopyrite, pcb_mixed); expected an id of unit_operations; did you mean smelting_flash?")
        }
    }
}
