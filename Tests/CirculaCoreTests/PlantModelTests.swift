import Testing
@testable import CirculaCore

@Suite("Whole-plant model, compounds, lots against the model")
struct PlantModelTests {
    let table = PeriodicTable.standard

    @Test("hydrates and brackets parse; element shares come from the atomic weights")
    func formulas() throws {
        let hydrate = try #require(ChemicalFormula("NiSO4·6H2O"))
        let ni = try table.element("Ni"), s = try table.element("S"), o = try table.element("O"), h = try table.element("H")
        let molar = ni.atomicWeight + s.atomicWeight + 10 * o.atomicWeight + 12 * h.atomicWeight
        #expect(abs(hydrate.molarMass - molar) < 1e-9)
        #expect(abs(hydrate.assayedElements[ni]! - ni.atomicWeight / molar) < 1e-12)
        #expect(hydrate.assayedElements.count == 1)
        #expect(ChemicalFormula("Ca3(PO4)2")?.atoms.map(\.1) == [8, 2, 3])
        #expect(ChemicalFormula("MnSO4*H2O") == ChemicalFormula("MnSO4·H2O"))
        for bad in ["Ni(SO4", "·H2O", "NiSO4·", "Xy2", "(PO4))", "", "NiSO4·99999999999999999999H2O", "H99999999999999999999", "((((((Cu))))))"] { #expect(ChemicalFormula(bad) == nil, "\(bad)") }
    }

    @Test("the bundled model validates: source keys resolve, every product stream carries one metal with a purity")
    func bundledValidates() throws {
        let model = try ModelFile.bundledDefault()
        let report = model.validate()
        #expect(report.problems.map(\.description) == [])
        let products = model.flowsheet.processes.flatMap { p in p.outputs.filter { $0.destination == .sink("product") } }
        #expect(report.productStreams == products.count)
        #expect(products.allSatisfy { $0.product != nil })
        let metals = Set(products.compactMap(\.product?.metal))
        for symbol in ["Cu", "Au", "Ag", "Pt", "Pd", "Rh", "Ir", "Ru", "Se", "Te", "Bi", "Sb", "In", "Ga", "Ge", "Ni", "Ta", "Nb", "Li", "Dy", "Tb", "Nd", "Pr"] {
            #expect(metals.contains(symbol), "no product stream sells \(symbol)")
        }
        #expect(report.sourceKeys > 200)
    }

    @Test("validate names the stream that carries two metals, the unknown source key and the missing purity")
    func validateFindsProblems() throws {
        let yaml = """
        sources:
          a: {title: "A", verified: true}
        unit_operations:
          - id: refine
            source: a
            outputs:
              cathode: {to: product, metal: Cu, purity: {value: 99.99, unit: wt%, source: nowhere}}
              slimes: {to: product, metal: Ag}
              waste: {to: discard}
            transfer_coefficients:
              Cu: {cathode: 0.9, waste: 0.1}
              Ag: {cathode: 0.1, slimes: 0.9}
        """
        let model = try ModelFile.parse(yaml, file: "m.yaml")
        let problems = model.validate().problems.map(\.description)
        #expect(problems.contains { $0.contains("unknown source \"nowhere\"") && $0.hasPrefix("m.yaml:7:") })
        #expect(problems.contains { $0.contains("refine.cathode carries Cu but also receives Ag") })
        #expect(problems.contains { $0.contains("refine.slimes has no purity") })
        #expect(problems.count == 3)
    }

    @Test("a product that names an element it cannot contain is refused at load")
    func productCompoundWithoutMetal() {
        let yaml = """
        unit_operations:
          - id: calc
            outputs:
              oxide: {to: product, metal: Nd, compound: Dy2O3}
            transfer_coefficients:
              Dy: {oxide: 1.0}
        """
        #expect(throws: InputErrors.self) { try ModelFile.parse(yaml, file: "m.yaml") }
    }

    @Test("compound assays convert by stoichiometry and keep the compound")
    func compoundColumns() throws {
        let csv = """
        lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Dy2O3[%],Li2CO3[%],Cu[%]
        L1,2024-04-01,S,ree_ionic_clay_concentrate,primary,10,0,50,,
        L2,2024-04-02,S,li2co3_technical,primary,10,0,,99,0.1
        """
        let lots = try LotCSV.parse(csv, file: "l.csv")
        let dy = try table.element("Dy"), o = try table.element("O"), li = try table.element("Li"), c = try table.element("C")
        let expected = 0.5 * 2 * dy.atomicWeight / (2 * dy.atomicWeight + 3 * o.atomicWeight)
        #expect(abs(lots[0].composition[dy].value - expected) < 1e-12)
        #expect(lots[0].assayedAs == ["Dy": "Dy2O3"])
        #expect(lots[1].composition[li].value > 0.18 && lots[1].composition[c].value == 0)
        #expect(lots[1].assayedAs == ["Li": "Li2CO3"])
    }

    @Test("an element stated twice on a line, a compound without metal and a bad unit are located")
    func compoundErrors() {
        let twice = "lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Dy[%],Dy2O3[%]\nL1,2024-04-01,S,f,primary,1,0,1,2\n"
        do { _ = try LotCSV.parse(twice, file: "l.csv"); Issue.record("expected an error") } catch {
            #expect(error.errors.map(\.description) == ["l.csv:2: column 9 (Dy2O3[%]): Dy is already stated on this line (in its own column or another compound); expected each element once per lot"])
        }
        let noMetal = "lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],CO2[%],Y2O3[ounces]\n"
        do { _ = try LotCSV.parse(noMetal, file: "l.csv"); Issue.record("expected an error") } catch {
            #expect(error.errors.count == 2)
            #expect(error.errors[0].description.hasPrefix("l.csv:1: column 8 (CO2[%]): the compound CO2 holds no metal"))
            #expect(error.errors[1].description.hasPrefix("l.csv:1: column 9 (Y2O3[ounces]): expected a concentration unit"))
        }
    }

    @Test("lots are checked against the model: feed id, category the feed allows, required assays")
    func lotsAgainstModel() throws {
        let model = try ModelFile.bundledDefault()
        let csv = """
        lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Cu[%],S[%],Au[g/t],Ag[g/t]
        L1,2024-04-01,Mine,cu_conc_chalcopyrite,primary,100,8,28,30,3,60
        L2,2024-04-01,Mine,cu_conc_chalcopyrite,post-consumer,100,8,28,30,3,60
        L3,2024-04-02,Yard,cu_scrap_no9,post-consumer,10,0,96,,,
        L4,2024-04-02,Mine,cu_conc_chalcopyrite,primary,100,8,28,30,,60
        """
        do { _ = try LotCSV.parse(csv, file: "l.csv", checkedAgainst: model); Issue.record("expected errors") } catch {
            let messages = error.errors.map(\.description)
            #expect(messages.count == 3)
            #expect(messages[0].hasPrefix("l.csv:3: column 5 (category): lot L2: feed cu_conc_chalcopyrite is primary, so the lot cannot be post-consumer; expected primary"))
            #expect(messages[1].hasPrefix("l.csv:4: column 4 (feed): unknown feed \"cu_scrap_no9\""))
            #expect(messages[2].hasPrefix("l.csv:5: column 10 (Au[g/t]): lot L4 of feed cu_conc_chalcopyrite states no Au assay"))
        }
        let good = try LotCSV.parse(csv.split(separator: "\n").prefix(2).joined(separator: "\n"), file: "l.csv", checkedAgainst: model)
        #expect(good.count == 1)
    }

    @Test("the bundled sample period and fiscal year pass the check against the bundled model")
    func samplesPass() throws {
        let model = try ModelFile.bundledDefault()
        #expect(try LotCSV.load(Resources.url("sample-lots.csv"), checkedAgainst: model).count == 27)
        let year = try LotCSV.load(Resources.url("sample-fiscal-year.csv"), checkedAgainst: model)
        #expect(Set(year.map { String($0.date.prefix(7)) }).count == 12)
    }

    @Test("precious metals report in kg, other metals in t")
    func reportingUnits() throws {
        for symbol in ["Au", "Ag", "Pt", "Pd", "Rh", "Ir", "Ru", "Os"] { #expect(try table.element(symbol).reportingUnit == .kilogram) }
        for symbol in ["Cu", "Ni", "Dy", "Li", "Se"] { #expect(try table.element(symbol).reportingUnit == .tonne) }
    }

    @Test("diff compares two flowsheets coefficient by coefficient")
    func diff() throws {
        let a = try ModelFile.parse(ModelFileTests.base, file: "a.yaml")
        let b = try ModelFile.parse(ModelFileTests.base.replacingOccurrences(of: "Cu: {cathode: 0.9, scrap: 0.1}", with: "Cu: {cathode: 0.95, scrap: 0.05}"), file: "b.yaml")
        #expect(FlowsheetDiff(a.flowsheet, a.flowsheet).changes.isEmpty)
        let changes = FlowsheetDiff(a.flowsheet, b.flowsheet).changes.map(\.description)
        #expect(changes == ["refine.cathode [Cu]: 0.9 → 0.95 (+0.05)", "refine.scrap [Cu]: 0.1 → 0.05 (-0.05)"])
    }
}
