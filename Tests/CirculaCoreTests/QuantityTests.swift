import Testing
@testable import CirculaCore

@Suite("Quantities and units")
struct QuantityTests {
    @Test("mass parses t, kg, g, mg", arguments: [
        ("12.5 t", 12_500.0), ("12.5t", 12_500.0), ("800 kg", 800.0), ("3 g", 0.003), ("250 mg", 0.000_25), ("1e3 kg", 1000.0), ("2 dmt", 2000.0),
    ])
    func massParse(text: String, kilograms: Double) throws {
        #expect(try Mass.parse(text).kilograms == kilograms)
    }

    @Test("mass round-trips through every unit")
    func massRoundTrip() throws {
        for unit in MassUnit.allCases {
            let mass = Mass(1234.5678, unit)
            #expect(abs(try Mass.parse(mass.formatted(unit, decimals: 6).replacingOccurrences(of: ",", with: "")).kilograms - mass.kilograms) <= 1e-12 * mass.kilograms)
        }
    }

    @Test("mass errors say what was expected")
    func massErrors() throws {
        #expect(throws: QuantityError.unknownUnit("lb", expected: ["t", "kg", "g", "mg"])) { try Mass.parse("3 lb") }
        #expect(throws: QuantityError.notANumber("abc t")) { try Mass.parse("abc t") }
        #expect(throws: QuantityError.missingUnit("12", expected: ["t", "kg", "g", "mg"])) { try Mass.parse("12") }
        #expect(try Mass.parse("12", defaultUnit: .tonne).kilograms == 12_000)
    }

    @Test("mass prints with its unit")
    func massFormat() {
        #expect(Mass(kilograms: 1_234_567).formatted(.tonne) == "1,234.567 t")
        #expect(Mass(kilograms: 1_234_567).description == "1,234.567 t")
        #expect(Mass(kilograms: 12.5).description == "12.5 kg")
        #expect(Mass(kilograms: 0.0025).description == "2.5 g")
    }

    @Test("concentrations parse %, ppm, g/t, ppb", arguments: [
        ("18 %", 0.18), ("18%", 0.18), ("18 wt%", 0.18), ("250 g/t", 250e-6), ("80 ppm", 80e-6), ("500 ppb", 500e-9), ("0.25 fraction", 0.25),
    ])
    func fractionParse(text: String, fraction: Double) throws {
        #expect(abs(try MassFraction.parse(text).value - fraction) < 1e-18)
    }

    @Test("g/t and ppm are the same number")
    func gramsPerTonneIsPPM() {
        #expect(MassFraction(7, .gramsPerTonne) == MassFraction(7, .ppm))
    }

    @Test("concentration round-trips through every unit")
    func fractionRoundTrip() throws {
        let value = MassFraction(0.000_123_4)
        for unit in ConcentrationUnit.allCases {
            let text = value.formatted(unit, decimals: 12).replacingOccurrences(of: ",", with: "")
            #expect(abs(try MassFraction.parse(text).value - value.value) < 1e-15)
        }
    }

    @Test("concentrations outside 0…100% are refused")
    func fractionRange() {
        #expect(throws: QuantityError.outOfRange("101 %", expected: "a mass fraction between 0 and 100%")) { try MassFraction.parse("101 %") }
        #expect(throws: QuantityError.outOfRange("-1 ppm", expected: "a mass fraction between 0 and 100%")) { try MassFraction.parse("-1 ppm") }
        #expect(throws: QuantityError.unknownUnit("oz/t", expected: ["fraction", "%", "ppm", "g/t", "ppb"])) { try MassFraction.parse("3 oz/t") }
    }

    @Test("numbers format with separators and trimmed zeros")
    func numberFormat() {
        #expect(formatNumber(1234567.891, decimals: 2) == "1,234,567.89")
        #expect(formatNumber(-0.0001, decimals: 2) == "0")
        #expect(formatNumber(100, decimals: 3) == "100")
        #expect(formatPlain(12.5) == "12.5")
        #expect(formatPlain(3) == "3")
    }
}
