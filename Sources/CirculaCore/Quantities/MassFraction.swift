import Foundation

/// A concentration as a mass fraction (0…1). Read and written in %, ppm, g/t or ppb.
///
/// ```swift
/// let au = try MassFraction.parse("250", unit: .gramsPerTonne)   // 2.5e-4
/// au.formatted(.ppm)                                            // "250 ppm"
/// ```
public struct MassFraction: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var value: Double

    public init(_ value: Double) { self.value = value }
    public init(_ value: Double, _ unit: ConcentrationUnit) { self.value = value * unit.fraction }

    public static let zero = MassFraction(0)

    public func value(in unit: ConcentrationUnit) -> Double { value / unit.fraction }

    public static func < (a: MassFraction, b: MassFraction) -> Bool { a.value < b.value }

    /// Parses a number with a unit (`"1.2 %"`, `"250 g/t"`); a bare number takes `defaultUnit`.
    public static func parse(_ text: String, defaultUnit: ConcentrationUnit? = nil) throws(QuantityError) -> MassFraction {
        let (number, unitText) = splitNumberAndUnit(text)
        guard let value = Double(number), value.isFinite else { throw .notANumber(text) }
        let unit: ConcentrationUnit
        if unitText.isEmpty {
            guard let defaultUnit else { throw .missingUnit(text, expected: ConcentrationUnit.symbols) }
            unit = defaultUnit
        } else {
            guard let parsed = ConcentrationUnit(symbol: unitText) else {
                throw .unknownUnit(unitText, expected: ConcentrationUnit.symbols)
            }
            unit = parsed
        }
        let fraction = MassFraction(value, unit)
        guard fraction.value >= 0, fraction.value <= 1 + 1e-12 else {
            throw .outOfRange(text, expected: "a mass fraction between 0 and 100%")
        }
        return fraction
    }

    public func formatted(_ unit: ConcentrationUnit, decimals: Int = 4) -> String {
        formatNumber(value(in: unit), decimals: decimals) + " " + unit.symbol
    }

    /// Picks % above 0.1%, g/t below.
    public var description: String {
        value >= 0.001 ? formatted(.percent) : formatted(.gramsPerTonne)
    }
}

/// Units a concentration may be written in. `g/t` and `ppm` are the same number.
public enum ConcentrationUnit: String, CaseIterable, Sendable, Codable {
    case fraction
    case percent
    case ppm
    case gramsPerTonne
    case ppb

    public var fraction: Double {
        switch self {
        case .fraction: 1
        case .percent: 0.01
        case .ppm, .gramsPerTonne: 1e-6
        case .ppb: 1e-9
        }
    }

    public var symbol: String {
        switch self {
        case .fraction: "fraction"
        case .percent: "%"
        case .ppm: "ppm"
        case .gramsPerTonne: "g/t"
        case .ppb: "ppb"
        }
    }

    static var symbols: [String] { allCases.map(\.symbol) }

    public init?(symbol: String) {
        switch symbol.trimmingCharacters(in: .whitespaces).lowercased() {
        case "fraction", "frac": self = .fraction
        case "%", "wt%", "pct", "percent": self = .percent
        case "ppm", "ppmw": self = .ppm
        case "g/t", "gpt", "g/dmt": self = .gramsPerTonne
        case "ppb", "mg/t": self = .ppb
        default: return nil
        }
    }
}
