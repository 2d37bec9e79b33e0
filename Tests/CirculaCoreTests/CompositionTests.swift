import Testing
@testable import CirculaCore

@Suite("Compositions and lots")
struct CompositionTests {
    let cu = try! PeriodicTable.standard.element("Cu")
    let au = try! PeriodicTable.standard.element("Au")
    let fe = try! PeriodicTable.standard.element("Fe")

    @Test("a valid composition keeps its fractions")
    func valid() throws {
        let c = try Composition([cu: MassFraction(18, .percent), au: MassFraction(250, .gramsPerTonne)])
        #expect(c[cu].value == 0.18)
        #expect(c[au].value == 250e-6)
        #expect(c[fe] == .zero)
        #expect(c.elements == [cu, au])
    }

    @Test("fractions may sum to exactly 1 and to 1 + 1e-10, not to 1 + 1e-8")
    func closure() throws {
        _ = try Composition([cu: MassFraction(0.6), fe: MassFraction(0.4)])
        _ = try Composition([cu: MassFraction(0.6), fe: MassFraction(0.4 + 1e-10)])
        #expect(throws: CompositionError.self) { try Composition([cu: MassFraction(0.6), fe: MassFraction(0.4 + 1e-8)]) }
    }

    @Test("a fraction outside 0…1 is refused with the element named")
    func outOfRange() {
        #expect(throws: CompositionError.fractionOutOfRange(element: "Cu", value: -0.01)) { try Composition([cu: MassFraction(-0.01)]) }
        do {
            _ = try Composition([cu: MassFraction(0.7), fe: MassFraction(0.4)])
        } catch {
            #expect(error.description == "element fractions add up to 110%; expected at most 100%")
        }
    }

    @Test("element mass = wet mass × (1 − moisture) × fraction")
    func lotMass() throws {
        let lot = Lot(id: "L1", date: "2024-04-01", supplier: "S", feed: "pcb_mixed", category: .postConsumer,
                      wetMass: Mass(100, .tonne), moisture: MassFraction(5, .percent),
                      composition: try Composition([cu: MassFraction(20, .percent), au: MassFraction(300, .gramsPerTonne)]))
        #expect(lot.dryMass.kilograms == 95_000)
        #expect(lot.mass(of: cu).kilograms == 19_000)
        #expect(abs(lot.mass(of: au).kilograms - 28.5) < 1e-12)
        #expect(lot.mass(of: fe) == .zero)
        #expect(lot.category.isRecycled)
        #expect(!MaterialCategory.primary.isRecycled)
    }

    @Test("oxide formulas split into elements by stoichiometry")
    func formulas() throws {
        let y2o3 = try #require(ChemicalFormula("Y2O3"))
        let y = try PeriodicTable.standard.element("Y")
        #expect(abs(y2o3.elementFractions[y]! - 2 * 88.906 / (2 * 88.906 + 3 * 15.999)) < 1e-12)
        #expect(ChemicalFormula("plastics_organics") == nil)
        #expect(ChemicalFormula("Xx2") == nil)
        #expect(ChemicalFormula("Pr6O11")?.atoms.map(\.1) == [11, 6])
    }
}
