import CirculaCore
import Testing

/// The exact (integer) and floating-point paths of the one contained-mass formula agree.
@Suite("Contained mass")
struct ContainedMassTests {
    /// Over a spread of lots from 1 kg to 10⁹ t, moisture 0–30 %, fractions 1 ppm–100 %: the exact amount is the
    /// Double value rounded down, within one unit (the Double has ~16 significant digits).
    @Test(arguments: [1.0, 933.4e3, 1_099.4e3, 25e6, 1e12], [0.0, 0.0098, 0.3])
    func exactAndDoubleAgree(wetKilograms: Double, moisture: Double) throws {
        let wet = Mass(kilograms: wetKilograms)
        let m = MassFraction(moisture)
        for fraction in [1e-6, 0.18031, 0.96037, 1.0] {
          let f = MassFraction(fraction)
          for unit in ExactUnit.allCases {
            let exact = try ContainedMass.exact(wet: wet, moisture: m, fraction: f, unit: unit)
            let double = ContainedMass.kilograms(wet: wet, moisture: m, fraction: f) / unit.massUnit.kilograms
            let tolerance = max(1.0, double * 1e-12)
            #expect(abs(Double(exact) - double) <= tolerance, "\(wetKilograms) kg, moisture \(moisture), fraction \(fraction), \(unit)")
            #expect(Double(exact) <= double + tolerance)
          }
        }
    }

    @Test func outOfRangeIsAnErrorNotATrap() {
        #expect(throws: QuantityError.self) {
            try ContainedMass.exact(wet: Mass(kilograms: 1e308), moisture: .zero, fraction: MassFraction(0.5), unit: .milligram)
        }
        #expect(throws: QuantityError.self) {
            try ContainedMass.exact(wet: Mass(kilograms: .nan), moisture: .zero, fraction: MassFraction(0.5), unit: .gram)
        }
        #expect(throws: QuantityError.self) {
            try ContainedMass.exact(wet: Mass(kilograms: 10), moisture: MassFraction(1.5), fraction: MassFraction(0.5), unit: .gram)
        }
    }

    @Test func exactUnitsReadThroughMassUnit() throws {
        #expect(try ExactUnit.gram.parse("12.5 t") == 12_500_000)
        #expect(try ExactUnit.milligram.parse("1.5 kg") == 1_500_000)
        #expect(try ExactUnit.gram.parse("3 tonnes") == 3_000_000)
        #expect(ExactUnit.milligram.mass(2_000_000).kilograms == 2)
    }
}
