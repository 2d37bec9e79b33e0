import Testing
@testable import CirculaCore

@Suite("Periodic table")
struct PeriodicTableTests {
    let table = PeriodicTable.standard

    @Test("118 elements in order of atomic number")
    func allElements() {
        #expect(table.elements.count == 118)
        #expect(table.elements.map(\.z) == Array(1...118))
    }

    /// Counts of each list as stated in elements-sources.md (and its primary sources).
    @Test("counts per class equal the source lists", arguments: [
        (ElementClass.rareMetalJP, 47),   // METI: 31 types = 47 elements
        (.criticalIEA, 41),               // IEA 2024: 37 minerals → 41 elements
        (.criticalEU, 49),                // CRMA Annex II: 34 CRMs → 49 elements
        (.strategicEU, 28),               // CRMA Annex I: 17 SRMs → 28 elements
        (.criticalUS, 50),                // USGS 2022: 50 elements
        (.recovered, 19),                 // confirmed recovered elements
    ])
    func classCounts(elementClass: ElementClass, count: Int) {
        #expect(table.elements(in: elementClass).count == count)
    }

    @Test("Japan's rare metals are the METI set")
    func rareMetalSet() {
        let symbols = Set(table.elements(in: .rareMetalJP).map(\.symbol))
        let expected: Set<String> = ["Li", "Be", "B", "Ti", "V", "Cr", "Mn", "Co", "Ni", "Ga", "Ge", "Se", "Rb", "Sr", "Zr", "Nb", "Mo",
                                     "Pd", "In", "Sb", "Te", "Cs", "Ba", "Hf", "Ta", "W", "Re", "Pt", "Tl", "Bi",
                                     "Sc", "Y", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu"]
        #expect(symbols == expected)
    }

    @Test("lookup by symbol, name or Z, ignoring case")
    func lookups() throws {
        #expect(try table.element("Cu").z == 29)
        #expect(try table.element("cu").z == 29)
        #expect(try table.element("COPPER").symbol == "Cu")
        #expect(try table.element(" 79 ").symbol == "Au")
        #expect(try table.element("aluminum").symbol == "Al")
        #expect(table.element(z: 52)?.symbol == "Te")
        #expect(table.element(z: 0) == nil)
    }

    @Test("tellurium's facts and classes")
    func tellurium() throws {
        let te = try table.element("Te")
        #expect(te.name == "Tellurium")
        #expect(te.atomicWeight == 127.6)
        #expect(te.group == 16)
        #expect(te.period == 5)
        #expect(te.block == "p")
        #expect(te.category == "metalloid")
        #expect(te.classes == [.rareMetalJP, .criticalIEA, .criticalUS, .recovered])
    }

    @Test("lanthanides have no group")
    func lanthanumGroup() throws {
        #expect(try table.element("La").group == nil)
        #expect(try table.element("Lu").group == 3)
    }

    @Test("an unknown element suggests the nearest symbols")
    func unknownSuggests() {
        #expect(throws: ElementError.unknown("Tx", suggestions: ["Ti", "Tc", "Te"])) { try table.element("Tx") }
        do {
            _ = try table.element("Tx")
        } catch {
            #expect(error.description == "unknown element \"Tx\"; expected a symbol (Cu), a name (copper) or an atomic number 1–118. Did you mean Ti? Tc? Te?")
        }
        #expect(throws: ElementError.self) { try table.element("") }
        #expect(throws: ElementError.self) { try table.element("119") }
    }

    @Test("a misspelt name finds its element")
    func misspeltName() {
        do {
            _ = try table.element("tellurim")
            Issue.record("expected an error")
        } catch {
            guard case .unknown(_, let suggestions) = error else { return }
            #expect(suggestions.first == "Te")
        }
    }
}
