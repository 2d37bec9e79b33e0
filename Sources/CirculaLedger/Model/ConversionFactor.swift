import CirculaCore

/// A yield or conversion factor held exactly as parts per million (`0.97` = 970 000 ppm).
///
/// Credits = recycled mass × factor, rounded down to the whole unit so a credit never exceeds the input.
/// ```
/// let yield = try ConversionFactor("0.97")
/// yield.apply(to: 1_000_000)   // 970_000
/// ```
public struct ConversionFactor: Hashable, Codable, Sendable, CustomStringConvertible, Comparable {
    public static let scale: Int64 = 1_000_000
    public var ppm: Int64

    public init(ppm: Int64) { self.ppm = ppm }

    /// Parses a decimal factor from 0 to 1 (`"0.97"`, `"1"`); at most six decimals.
    public init(_ text: String) throws(AmountError) {
        let decimal = try ExactDecimal(text)
        guard decimal.isNonNegative, let ppm = decimal.scaled(by: ConversionFactor.scale), ppm <= ConversionFactor.scale else {
            throw AmountError(text: text, reason: "expected a factor from 0 to 1 with at most 6 decimals, such as 0.97")
        }
        self.ppm = ppm
    }

    /// floor(amount × factor).
    public func apply(to amount: Int64) -> Int64 {
        Int64((Int128(amount) * Int128(ppm)) / Int128(ConversionFactor.scale))
    }

    public var description: String { ExactDecimal.format(ppm, divisor: ConversionFactor.scale) }

    public static func < (a: Self, b: Self) -> Bool { a.ppm < b.ppm }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(ppm)
    }

    public init(from decoder: any Decoder) throws {
        ppm = try decoder.singleValueContainer().decode(Int64.self)
    }
}
