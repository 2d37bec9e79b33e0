/// A product whose physical stock counted at close differs from its book stock by more than the scheme's tolerance:
/// recorded in the close event for the auditor (the close is not refused; ISCC 203 accepts up to 0.5 %).
///
/// Book stock is the product's unclaimed credits of the period across all accounts before carry-over or expiry:
/// recycled material received and not yet shipped under a claim.
public struct StockFlag: Codable, Sendable, Equatable, CustomStringConvertible {
    public var product: String
    public var book: Int64
    public var physical: Int64
    /// |physical − book| / book in ppm, rounded up (a book stock of 0 with any physical stock counts as 1 000 000).
    public var deviationPpm: Int64
    public var tolerancePpm: Int64
    public init(product: String, book: Int64, physical: Int64, deviationPpm: Int64, tolerancePpm: Int64) {
        self.product = product; self.book = book; self.physical = physical; self.deviationPpm = deviationPpm; self.tolerancePpm = tolerancePpm
    }

    public var description: String {
        "\(product): physical \(physical) vs book \(book) (deviation \(deviationPpm) ppm, tolerance \(tolerancePpm) ppm)"
    }

    /// Flags as one line for messages; `none` for none.
    public static func describe(_ flags: [StockFlag]?) -> String {
        let flags = flags ?? []
        return flags.isEmpty ? "none" : flags.map(\.description).joined(separator: "; ")
    }

    /// The deviation in ppm of book stock, exactly (128-bit), rounded up so a deviation just over the limit is
    /// never rounded into it.
    public static func deviationPpm(book: Int64, physical: Int64) -> Int64 {
        let difference = (Int128(physical) - Int128(book)).magnitude
        if difference == 0 { return 0 }
        guard book > 0 else { return 1_000_000 }
        let scaled = difference * 1_000_000
        let ppm = (scaled + UInt128(book) - 1) / UInt128(book)
        return Int64(clamping: ppm)
    }
}
