/// What a material is made of: element → mass fraction of the dry mass.
///
/// Validated on construction: each fraction lies in 0…1 and they sum to at most 1 (within 1e-9);
/// the rest is whatever the assay did not report (oxides, plastics, oxygen).
///
/// ```swift
/// let pcb = try Composition([cu: MassFraction(18, .percent), au: MassFraction(250, .gramsPerTonne)])
/// pcb[cu].value   // 0.18
/// ```
public struct Composition: Hashable, Sendable, Codable {
    public private(set) var fractions: [Element: MassFraction]

    /// Tolerance on the sum of fractions, for rounding in assays.
    public static let closureTolerance = 1e-9

    public init(_ fractions: [Element: MassFraction] = [:]) throws(CompositionError) {
        for (element, fraction) in fractions where !(fraction.value >= 0 && fraction.value <= 1) {
            throw .fractionOutOfRange(element: element.symbol, value: fraction.value)
        }
        let sum = fractions.values.reduce(0) { $0 + $1.value }
        if sum > 1 + Composition.closureTolerance {
            throw .sumAboveOne(sum: sum)
        }
        self.fractions = fractions
    }

    /// The fraction of `element`, zero when not reported.
    public subscript(element: Element) -> MassFraction {
        fractions[element] ?? .zero
    }

    /// Reported elements by atomic number.
    public var elements: [Element] { fractions.keys.sorted() }

    /// Sum of the reported fractions.
    public var total: Double { fractions.values.reduce(0) { $0 + $1.value } }
}

/// Why a composition is not valid.
public enum CompositionError: Error, Equatable, Sendable, CustomStringConvertible {
    case fractionOutOfRange(element: String, value: Double)
    case sumAboveOne(sum: Double)

    public var description: String {
        switch self {
        case .fractionOutOfRange(let element, let value):
            "\(element) is \(formatNumber(value * 100, decimals: 6))%; expected a mass fraction between 0 and 100%"
        case .sumAboveOne(let sum):
            "element fractions add up to \(formatNumber(sum * 100, decimals: 6))%; expected at most 100%"
        }
    }
}
