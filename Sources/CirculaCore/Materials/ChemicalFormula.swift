/// Element content of a formula such as `SiO2`, `Pr6O11`, `Ca3(PO4)2` or the hydrate `NiSO4·6H2O`.
///
/// Used to turn compound assays into element fractions: Y in Y2O3 = 2·M(Y) / M(Y2O3), with M from
/// the element table's IUPAC standard atomic weights. Hydrate parts follow `·` (or `*`), each with an
/// optional leading count (`·6H2O`); brackets may carry a count (`(PO4)2`).
public struct ChemicalFormula: Hashable, Sendable {
    public var atoms: [(Element, Int)] { counts.keys.sorted().map { ($0, counts[$0]!) } }
    let counts: [Element: Int]
    /// The formula as written.
    public let text: String

    /// Parses a formula; nil when the text is not made of element symbols, counts, brackets and hydrate dots.
    public init?(_ text: String, table: PeriodicTable = .standard) {
        var total: [Element: Int] = [:]
        let parts = text.split(whereSeparator: { $0 == "·" || $0 == "*" || $0 == "•" }).map(Array.init)
        guard !parts.isEmpty, !text.hasSuffix("·"), !text.hasPrefix("·") else { return nil }
        for (index, part) in parts.enumerated() {
            var i = 0
            var multiplier = 1
            if index > 0 {
                var digits = ""
                while i < part.count, part[i].isASCII, part[i].isNumber { digits.append(part[i]); i += 1 }
                if !digits.isEmpty { guard digits.count <= 4, let m = Int(digits), m > 0 else { return nil }; multiplier = m }
            }
            guard let counts = ChemicalFormula.parseGroup(part, &i, table: table, depth: 0), i == part.count, !counts.isEmpty else { return nil }
            for (element, n) in counts {
                let (product, overflow) = n.multipliedReportingOverflow(by: multiplier)
                guard !overflow, product < 1_000_000 else { return nil }
                total[element, default: 0] += product
            }
        }
        guard !total.isEmpty else { return nil }
        self.counts = total
        self.text = text
    }

    /// Reads symbols, counts and bracketed groups until the end or a closing bracket.
    private static func parseGroup(_ chars: [Character], _ i: inout Int, table: PeriodicTable, depth: Int) -> [Element: Int]? {
        guard depth < 4 else { return nil }
        var counts: [Element: Int] = [:]
        while i < chars.count {
            if chars[i] == ")" { return depth > 0 ? counts : nil }
            var group: [Element: Int]
            if chars[i] == "(" {
                i += 1
                guard let inner = parseGroup(chars, &i, table: table, depth: depth + 1), i < chars.count, chars[i] == ")", !inner.isEmpty else { return nil }
                i += 1
                group = inner
            } else {
                guard chars[i].isUppercase, chars[i].isASCII else { return nil }
                var symbol = String(chars[i])
                i += 1
                if i < chars.count, chars[i].isLowercase, chars[i].isASCII {
                    symbol.append(chars[i])
                    i += 1
                }
                guard let element = try? table.element(symbol), element.symbol == symbol else { return nil }
                group = [element: 1]
            }
            var digits = ""
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { digits.append(chars[i]); i += 1 }
            let n = digits.isEmpty ? 1 : (digits.count <= 4 ? Int(digits) ?? 0 : 0)   // bounded: no overflow on hostile input
            guard n > 0, n < 10_000 else { return nil }
            for (element, count) in group {
                let (product, overflow) = count.multipliedReportingOverflow(by: n)
                guard !overflow, product < 1_000_000 else { return nil }
                counts[element, default: 0] += product
            }
        }
        return depth == 0 ? counts : nil
    }

    public var molarMass: Double {
        counts.reduce(0) { $0 + $1.key.atomicWeight * Double($1.value) }
    }

    /// Mass fraction of each element in the compound.
    public var elementFractions: [Element: Double] {
        let total = molarMass
        return counts.reduce(into: [:]) { $0[$1.key] = $1.key.atomicWeight * Double($1.value) / total }
    }

    /// The elements an assay of this compound reports: all but the anion and water formers
    /// (H, C, N, O, F, Cl, S), e.g. Ni for `NiSO4·6H2O`, Li for `Li2CO3`, In and Sn for an ITO assay's
    /// `In2O3` and `SnO2`. Nil-free: a compound of anion formers only (`H2O`) reports nothing.
    public var assayedElements: [Element: Double] {
        elementFractions.filter { !ChemicalFormula.anionFormers.contains($0.key.symbol) }
    }

    static let anionFormers: Set<String> = ["H", "C", "N", "O", "F", "Cl", "S"]

    public static func == (a: ChemicalFormula, b: ChemicalFormula) -> Bool { a.counts == b.counts }
    public func hash(into hasher: inout Hasher) { hasher.combine(counts) }
}
