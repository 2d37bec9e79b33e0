/// The one contained-mass formula: element mass = wet mass × (1 − moisture) × dry mass fraction.
///
/// Two paths, one formula: `kilograms` in Double for models and balances (`Lot.mass(of:)`), `exact` in integers for
/// the custody ledger, where the wet mass is taken to the gram, moisture to 10⁻⁹ and the fraction to 10⁻¹² (far finer
/// than any assay) and the product is rounded down, so a receipt never states more metal than the lot holds.
/// `ContainedMassTests` checks the two agree to within one unit.
public enum ContainedMass {
    /// The largest wet mass the exact path takes: 10⁹ t (the ledger's per-amount limit is 10¹⁵ g).
    public static let maximumWetKilograms = 1e12

    /// wet × (1 − moisture) × fraction, in kg.
    public static func kilograms(wet: Mass, moisture: MassFraction, fraction: MassFraction) -> Double {
        wet.kilograms * (1 - moisture.value) * fraction.value
    }

    /// floor(wet g × (1 − moisture) × fraction) in `unit` (g, or mg for precious metals), computed exactly.
    /// Refuses non-finite values, fractions outside 0…1 and wet masses above 10⁹ t instead of trapping.
    public static func exact(wet: Mass, moisture: MassFraction, fraction: MassFraction, unit: ExactUnit) throws(QuantityError) -> Int64 {
        let wetKilograms = wet.kilograms
        guard wetKilograms.isFinite, wetKilograms >= 0, wetKilograms <= maximumWetKilograms else {
            throw .outOfRange("wet mass \(wet)", expected: "0 … 1,000,000,000 t")
        }
        guard moisture.value.isFinite, (0...1).contains(moisture.value) else {
            throw .outOfRange("moisture \(moisture.value)", expected: "a fraction from 0 to 1")
        }
        guard fraction.value.isFinite, (0...1).contains(fraction.value) else {
            throw .outOfRange("mass fraction \(fraction.value)", expected: "a fraction from 0 to 1")
        }
        let wetGrams = Int128((wetKilograms * 1000).rounded())                // ≤ 10¹⁵
        let dryPpb = 1_000_000_000 - Int128((moisture.value * 1e9).rounded())  // ≤ 10⁹
        let ppt = Int128((fraction.value * 1e12).rounded())                   // ≤ 10¹²
        let unitFactor: Int128 = unit == .milligram ? 1000 : 1
        // x × ppt can exceed Int128 (10³⁹), so floor(x × ppt / 10²¹) is taken as q × ppt + floor(r × ppt / 10²¹)
        // with x = q × 10²¹ + r: the same exact value.
        let x = wetGrams * unitFactor * dryPpb                                 // ≤ 10²⁷
        let scale: Int128 = 1_000_000_000_000_000_000_000
        return Int64((x / scale) * ppt + (x % scale) * ppt / scale)           // ≤ 10¹⁸
    }
}
