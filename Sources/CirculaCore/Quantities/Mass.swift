import Foundation

/// A mass, stored in kilograms. Parse and print at the edges with a stated unit.
///
/// ```swift
/// let m = try Mass.parse("12.5", unit: .tonne)   // 12 500 kg
/// m.formatted(.tonne)                          // "12.5 t"
/// ```
public struct Mass: Hashable, Sendable, Codable, Comparable, AdditiveArithmetic, CustomStringConvertible {
    public var kilograms: Double

    public init(kilograms: Double) { self.kilograms = kilograms }
    public init(_ value: Double, _ unit: MassUnit) { kilograms = value * unit.kilograms }

    public static let zero = Mass(kilograms: 0)

    public func value(in unit: MassUnit) -> Double { kilograms / unit.kilograms }

    public static func + (a: Mass, b: Mass) -> Mass { Mass(kilograms: a.kilograms + b.kilograms) }
    public static func - (a: Mass, b: Mass) -> Mass { Mass(kilograms: a.kilograms - b.kilograms) }
    public static func * (a: Mass, f: Double) -> Mass { Mass(kilograms: a.kilograms * f) }
    public static func < (a: Mass, b: Mass) -> Bool { a.kilograms < b.kilograms }

    /// Parses `"12.5 t"`, `"800 kg"`, `"3g"`; a bare number takes `defaultUnit`.
    public static func parse(_ text: String, defaultUnit: MassUnit? = nil) throws(QuantityError) -> Mass {
        let (number, unitText) = splitNumberAndUnit(text)
        guard let value = Double(number), value.isFinite else { throw .notANumber(text) }
        if unitText.isEmpty {
            guard let defaultUnit else { throw .missingUnit(text, expected: MassUnit.allCases.map(\.rawValue)) }
            return Mass(value, defaultUnit)
        }
        guard let unit = MassUnit(symbol: unitText) else {
            throw .unknownUnit(unitText, expected: MassUnit.allCases.map(\.rawValue))
        }
        return Mass(value, unit)
    }

    /// The value in `unit` with the unit symbol, e.g. `"1,234.5 t"`.
    public func formatted(_ unit: MassUnit, decimals: Int = 3) -> String {
        formatNumber(value(in: unit), decimals: decimals) + " " + unit.rawValue
    }

    /// Chooses t, kg or g so the number reads well.
    public var description: String {
        let unit: MassUnit = abs(kilograms) >= 1000 ? .tonne : abs(kilograms) >= 1 ? .kilogram : .gram
        return formatted(unit)
    }
}

/// Units a mass may be written in.
public enum MassUnit: String, CaseIterable, Sendable, Codable {
    case tonne = "t"
    case kilogram = "kg"
    case gram = "g"
    case milligram = "mg"

    public var kilograms: Double {
        switch self {
        case .tonne: 1000
        case .kilogram: 1
        case .gram: 0.001
        case .milligram: 1e-6
        }
    }

    public init?(symbol: String) {
        switch symbol.trimmingCharacters(in: .whitespaces).lowercased() {
        case "t", "tonne", "tonnes", "dmt", "wmt": self = .tonne
        case "kg": self = .kilogram
        case "g": self = .gram
        case "mg": self = .milligram
        default: return nil
        }
    }
}

/// A quantity that could not be read.
public enum QuantityError: Error, Equatable, Sendable, CustomStringConvertible {
    case notANumber(String)
    case unknownUnit(String, expected: [String])
    case missingUnit(String, expected: [String])
    case outOfRange(String, expected: String)

    public var description: String {
        switch self {
        case .notANumber(let text): "expected a number, found \"\(text)\""
        case .unknownUnit(let unit, let expected): "unknown unit \"\(unit)\"; expected one of \(expected.joined(separator: ", "))"
        case .missingUnit(let text, let expected): "\"\(text)\" has no unit; expected one of \(expected.joined(separator: ", "))"
        case .outOfRange(let text, let expected): "\(text) is out of range; expected \(expected)"
        }
    }
}

/// Splits `"12.5 t"` into `("12.5", "t")`.
func splitNumberAndUnit(_ text: String) -> (String, String) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let numberChars = Set("0123456789+-.eE")
    var end = trimmed.startIndex
    while end < trimmed.endIndex, numberChars.contains(trimmed[end]) {
        // An 'e' followed by a letter other than a digit/sign is the start of a unit, not an exponent.
        if trimmed[end] == "e" || trimmed[end] == "E" {
            let next = trimmed.index(after: end)
            if next == trimmed.endIndex || !Set("0123456789+-").contains(trimmed[next]) { break }
        }
        end = trimmed.index(after: end)
    }
    return (String(trimmed[..<end]), trimmed[end...].trimmingCharacters(in: .whitespaces))
}

/// Fixed decimals with thousands separators, trailing zeros trimmed.
public func formatNumber(_ value: Double, decimals: Int = 3) -> String {
    if !value.isFinite { return String(value) }
    var text = String(format: "%.\(decimals)f", value)
    if text.contains(".") {
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
    }
    if text == "-0" { text = "0" }
    let negative = text.hasPrefix("-")
    if negative { text.removeFirst() }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    var integer = String(parts[0])
    var grouped = ""
    while integer.count > 3 {
        grouped = "," + integer.suffix(3) + grouped
        integer.removeLast(3)
    }
    grouped = integer + grouped
    if parts.count > 1 { grouped += "." + parts[1] }
    return (negative ? "-" : "") + grouped
}
