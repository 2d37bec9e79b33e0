import Foundation

/// The integer unit exact amounts (the custody ledger's) are kept in; the one quantity vocabulary with `Mass` and
/// `MassUnit`: units are read through `MassUnit(symbol:)`, and `massUnit` links each to its `MassUnit`.
///
/// Base metals are booked in grams, precious metals in milligrams, so every amount is an exact integer.
/// ```
/// let grams = try ExactUnit.gram.parse("12.5 t")   // 12_500_000
/// ```
public enum ExactUnit: String, Vocabulary {
    case gram = "g"
    case milligram = "mg"

    /// Precious metals are booked in milligrams; everything else in grams.
    public static let preciousMetals: Set<String> = ["Au", "Ag", "Pt", "Pd", "Rh", "Ir", "Os", "Ru"]

    /// The unit the ledger uses for `symbol` (an element symbol such as `Cu` or `Au`).
    public static func forElement(_ symbol: String) -> ExactUnit {
        preciousMetals.contains(symbol) ? .milligram : .gram
    }

    /// The unit the ledger books `element` in (mg for the precious metals, g otherwise).
    public static func forElement(_ element: Element) -> ExactUnit { forElement(element.symbol) }

    /// The same unit in the floating-point vocabulary.
    public var massUnit: MassUnit { self == .gram ? .gram : .milligram }

    /// How many of this unit make one of `unit` (any `MassUnit` symbol: `t`, `kg`, `g`, `mg`), as an exact integer.
    static func multiplier(of unit: String, in target: ExactUnit) -> Int64? {
        guard let mass = MassUnit(symbol: unit) else { return nil }
        let inMilligrams: Int64
        switch mass {
        case .tonne: inMilligrams = 1_000_000_000
        case .kilogram: inMilligrams = 1_000_000
        case .gram: inMilligrams = 1_000
        case .milligram: inMilligrams = 1
        }
        return target == .gram ? (inMilligrams >= 1_000 ? inMilligrams / 1_000 : nil) : inMilligrams
    }

    /// An exact amount as a `Mass` (kg, Double) for models and balances.
    public func mass(_ amount: Int64) -> Mass { Mass(Double(amount), massUnit) }

    /// Parses a decimal quantity with a unit (`"12.5 t"`, `"800 kg"`) into an exact integer amount.
    /// Decimal digits are handled as text, never through floating point; a value finer than the unit is refused.
    public func parse(_ text: String) throws(AmountError) -> Int64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        // "12.5 t": the unit is the last word; "12.5t": it starts at the first letter.
        let split = trimmed.lastIndex(of: " ") ?? trimmed.firstIndex(where: { $0.isLetter }) ?? trimmed.endIndex
        let number = String(trimmed[..<split]).trimmingCharacters(in: .whitespaces)
        let unit = String(trimmed[split...]).trimmingCharacters(in: .whitespaces)
        guard !unit.isEmpty else { throw AmountError(text: text, reason: "expected a unit: t, kg, g or mg") }
        return try parse(number, unit: unit)
    }

    /// Parses a decimal number given in `unit` (`t`, `kg`, `g`, `mg`) into an exact integer amount of this unit.
    public func parse(_ number: String, unit: String) throws(AmountError) -> Int64 {
        let shown = "\(number) \(unit)"
        guard let factor = ExactUnit.multiplier(of: unit, in: self) else {
            if MassUnit(symbol: unit) == .milligram && self == .gram {
                throw AmountError(text: shown, reason: "this product is booked in whole grams; give the mass in g, kg or t")
            }
            throw AmountError(text: shown, reason: "expected a unit t, kg, g or mg")
        }
        let decimal = try ExactDecimal(number)
        guard decimal.isNonNegative else { throw AmountError(text: shown, reason: "expected a mass ≥ 0") }
        guard let value = decimal.scaled(by: factor) else {
            throw AmountError(text: shown, reason: "more decimals than one \(rawValue), or too large; expected a whole number of \(rawValue)")
        }
        return value
    }

    /// Formats an amount in a larger unit without floating point: `format(12_500_000, in: "t")` is `"12.5"`.
    public func format(_ amount: Int64, in unit: String) -> String {
        guard let factor = ExactUnit.multiplier(of: unit, in: self) else { return "\(amount)" }
        return ExactDecimal.format(amount, divisor: factor)
    }

    /// The natural display unit: tonnes for grams, kilograms for milligrams.
    public var displayUnit: String { self == .gram ? "t" : "kg" }

    /// An exact amount for messages: in the display unit, with the stored integer beside it,
    /// e.g. `47 t (47000000 g)`, so a refusal reads naturally and still shows the exact number.
    public func show(_ amount: Int64) -> String {
        "\(format(amount, in: displayUnit)) \(displayUnit) (\(amount) \(rawValue))"
    }
}

/// A quantity that cannot be turned into an exact ledger amount.
public struct AmountError: Error, CustomStringConvertible, Sendable, Equatable {
    public var text: String
    public var reason: String
    public init(text: String, reason: String) { self.text = text; self.reason = reason }
    public var description: String { "\"\(text)\": \(reason)" }
}

/// A decimal number held as digits and a scale (`12.5` = 125 × 10⁻¹).
public struct ExactDecimal: Sendable {
    public var digits: Int64
    public var scale: Int
    public var negative: Bool

    public var isNonNegative: Bool { !negative || digits == 0 }

    public init(_ text: String) throws(AmountError) {
        var s = Substring(text)
        negative = s.hasPrefix("-")
        if negative || s.hasPrefix("+") { s = s.dropFirst() }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !s.isEmpty,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              !(parts[0].isEmpty && (parts.count == 1 || parts[1].isEmpty)) else {
            throw AmountError(text: text, reason: "expected a decimal number such as 12.5")
        }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let all = String(parts[0]) + fraction
        guard fraction.count <= 18, let value = Int64(all.isEmpty ? "0" : all) else {
            throw AmountError(text: text, reason: "too many digits")
        }
        digits = value
        scale = fraction.count
    }

    /// `self × factor` if that is a whole number that fits in Int64.
    public func scaled(by factor: Int64) -> Int64? {
        var power: Int64 = 1
        for _ in 0..<scale {
            let (p, o) = power.multipliedReportingOverflow(by: 10)
            if o { return nil }
            power = p
        }
        let (product, overflow) = digits.multipliedReportingOverflow(by: factor)
        guard !overflow, product % power == 0 else { return nil }
        return (negative ? -1 : 1) * product / power
    }

    /// `amount / divisor` as a decimal string with only the digits needed (divisor a power of ten).
    public static func format(_ amount: Int64, divisor: Int64) -> String {
        if divisor == 1 { return "\(amount)" }
        let sign = amount < 0 ? "-" : ""
        let magnitude = amount.magnitude
        let whole = magnitude / UInt64(divisor)
        var fraction = String(magnitude % UInt64(divisor))
        let width = String(divisor).count - 1
        fraction = String(repeating: "0", count: width - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return sign + "\(whole)" + (fraction.isEmpty ? "" : "." + fraction)
    }
}
