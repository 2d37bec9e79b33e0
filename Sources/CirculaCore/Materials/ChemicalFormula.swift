/// Element content of a simple formula such as `SiO2`, `Y2O3` or `Pr6O11` (no brackets).
///
/// Used to turn oxide assays into element fractions: Y in Y2O3 = 2·M(Y) / M(Y2O3).
public struct ChemicalFormula: Hashable, Sendable {
    public var atoms: [(Element, Int)] { counts.keys.sorted().map { ($0, counts[$0]!) } }
    let counts: [Element: Int]

    /// Parses a formula; nil when the text is not made of element symbols and counts.
    public init?(_ text: String, table: PeriodicTable = .standard) {
        var counts: [Element: Int] = [:]
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            guard chars[i].isUppercase, chars[i].isASCII else { return nil }
            var symbol = String(chars[i])
            i += 1
            if i < chars.count, chars[i].isLowercase, chars[i].isASCII {
                symbol.append(chars[i])
                i += 1
            }
            var digits = ""
            while i < chars.count, chars[i].isNumber { digits.append(chars[i]); i += 1 }
            guard let element = try? table.element(symbol), element.symbol == symbol else { return nil }
            counts[element, default: 0] += Int(digits) ?? 1
        }
        guard !counts.isEmpty else { return nil }
        self.counts = counts
    }

    public var molarMass: Double {
        counts.reduce(0) { $0 + $1.key.atomicWeight * Double($1.value) }
    }

    /// Mass fraction of each element in the compound.
    public var elementFractions: [Element: Double] {
        let total = molarMass
        return counts.reduce(into: [:]) { $0[$1.key] = $1.key.atomicWeight * Double($1.value) / total }
    }

    public static func == (a: ChemicalFormula, b: ChemicalFormula) -> Bool { a.counts == b.counts }
    public func hash(into hasher: inout Hasher) { hasher.combine(counts) }
}
