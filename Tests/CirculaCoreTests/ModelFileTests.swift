import Testing
@testable import CirculaCore

@Suite("Model YAML")
struct ModelFileTests {
    @Test("the bundled default model loads with its feeds, processes and plant section")
    func bundledDefault() throws {
        let model = try ModelFile.bundledDefault()
        #expect(model.feeds.count == 19)
        #expect(model.flowsheet.processes.map(\.id) == [
            "smelting_flash", "converting", "anode_refining", "electrorefining", "slimes_treatment", "pm_refinery",
            "byproduct_recovery", "tantalum_recovery", "battery_leach", "battery_sx", "precursor_synthesis", "li_refining",
            "cathode_synthesis", "ree_magnet_leach", "ree_sx_separation", "ree_calcination",
        ])
        #expect(model.flowsheet.feedEntry["pcb_mixed"] == "smelting_flash")
        #expect(model.flowsheet.streams.count == 85)
        let cathode = try #require(model.flowsheet.streams.first { $0.id == "electrorefining.cathode" })
        #expect(cathode.to == .sink("product"))
        let dustBleed = try #require(model.flowsheet.streams.first { $0.id == "smelting_flash.dust.bleed" })
        #expect(dustBleed.to == .process("byproduct_recovery"))
        #expect(dustBleed.share == 0.2)
        #expect(model.sources["hindawi_pcb_review"]?.verified == true)
        #expect(model.flowsheet.process("converting")?.transferCoefficients["As"]?["blister"] == 0.392)
    }

    @Test("oxide feeds convert to element fractions")
    func oxideFeed() throws {
        let model = try ModelFile.bundledDefault()
        let ree = try #require(model.feed("ree_ionic_clay_concentrate"))
        let y = try PeriodicTable.standard.element("Y")
        let expected = 0.5964 * 2 * 88.906 / (2 * 88.906 + 3 * 15.999)
        #expect(abs(try ree.composition()[y].value - expected) < 1e-12)
    }

    static let base = """
    unit_operations:
      - id: smelt
        outputs:
          matte: {to: refine}
          slag: {to: discard}
        transfer_coefficients:
          Cu: {matte: 0.97, slag: 0.03}
      - id: refine
        outputs:
          cathode: {to: product}
          scrap: {recycle_to: smelt}
        transfer_coefficients:
          Cu: {cathode: 0.9, scrap: 0.1}
    """

    @Test("a small model resolves process links and recycles")
    func smallModel() throws {
        let model = try ModelFile.parse(Self.base, file: "m.yaml")
        let streams = model.flowsheet.streams
        #expect(streams.map(\.id) == ["smelt.matte", "smelt.slag", "refine.cathode", "refine.scrap"])
        #expect(streams[0].to == .process("refine"))
        #expect(streams[1].to == .sink("discard"))
        #expect(streams[3].to == .process("smelt"))
        #expect(model.flowsheet.sinks == ["discard", "product"])
    }

    @Test("coefficients that do not sum to 1 are refused with the sum and line")
    func badSum() {
        let yaml = Self.base.replacingOccurrences(of: "Cu: {matte: 0.97, slag: 0.03}", with: "Cu: {matte: 0.97, slag: 0.02}")
        do {
            _ = try ModelFile.parse(yaml, file: "m.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.map(\.description) == [
                "m.yaml:7: key unit_operations[0].transfer_coefficients.Cu: transfer coefficients of Cu sum to 0.99 (matte 0.97 + slag 0.02); expected 1 (outputs plus stock)",
            ])
        }
    }

    @Test("stock counts toward the sum")
    func stock() throws {
        let yaml = Self.base.replacingOccurrences(of: "Cu: {matte: 0.97, slag: 0.03}", with: "Cu: {matte: 0.95, slag: 0.03, stock: 0.02}")
        let model = try ModelFile.parse(yaml, file: "m.yaml")
        #expect(model.flowsheet.process("smelt")?.stockFraction("Cu") == 0.02)
    }

    @Test("unknown elements, unknown outputs and streams that lead nowhere are located")
    func badReferences() {
        let yaml = Self.base
            .replacingOccurrences(of: "Cu: {cathode: 0.9, scrap: 0.1}", with: "Cu: {cathode: 0.9, scrap: 0.1}\n      Qq: {cathode: 1}\n      Ag: {cathod: 1}")
            .replacingOccurrences(of: "scrap: {recycle_to: smelt}", with: "scrap: {recycle_to: smeltr}\n      dust: {note: x}")
        do {
            _ = try ModelFile.parse(yaml, file: "m.yaml")
            Issue.record("expected errors")
        } catch {
            let messages = error.errors.map(\.description)
            #expect(messages.count == 3)
            #expect(messages.contains("m.yaml:12: key unit_operations[1].outputs.dust: output leads nowhere; expected \"to:\" (a process or a sink such as product, discard) or \"recycle_to:\" (a process)"))
            #expect(messages.contains { $0.hasPrefix("m.yaml:15: key unit_operations[1].transfer_coefficients.Qq: unknown element or compound \"Qq\"") })
            #expect(messages.contains("m.yaml:16: key unit_operations[1].transfer_coefficients.Ag.cathod: unknown output \"cathod\"; expected one of cathode, scrap or stock"))
        }
        let nowhere = Self.base.replacingOccurrences(of: "scrap: {recycle_to: smelt}", with: "scrap: {recycle_to: smeltr}")
        do {
            _ = try ModelFile.parse(nowhere, file: "m.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.count == 1)
            #expect(error.description.contains("recycle_to \"smeltr\" leads nowhere; expected a process id (smelt, refine)"))
        }
    }

    @Test("YAML syntax errors carry a line")
    func syntax() {
        do {
            _ = try ModelFile.parse("unit_operations:\n  - id: a\n   outputs: [\n", file: "bad.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.first?.location.file == "bad.yaml")
            #expect(error.errors.first?.location.line != nil)
            #expect(error.description.contains("not valid YAML"))
        }
    }
}
