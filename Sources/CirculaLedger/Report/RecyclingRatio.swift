import CirculaCore

/// Recycled output / total output for one product in one balancing period.
///
/// Recycled output is the credits allocated to deliveries; total output is the delivered mass (reversed
/// deliveries excluded). Amounts are exact integers in the product's unit.
public struct RecyclingRatio: Sendable, Equatable, Codable {
    public var product: String
    public var period: String
    public var unit: AmountUnit
    public var delivered: Int64
    public var recycled: Int64
    public var deliveries: Int
    /// Recycled / delivered in parts per million, rounded down.
    public var sharePpm: Int64 { ppm(recycled, of: delivered) }

    /// Per product and period, in period order (the trend).
    public static func compute(_ state: LedgerState) -> [RecyclingRatio] {
        var byKey: [String: RecyclingRatio] = [:]
        for d in state.deliveries.values where !d.reversed {
            let key = d.delivery.product + "\u{0}" + d.period
            var ratio = byKey[key] ?? RecyclingRatio(product: d.delivery.product, period: d.period,
                                                     unit: state.products[d.delivery.product]?.unit ?? .gram,
                                                     delivered: 0, recycled: 0, deliveries: 0)
            ratio.delivered = Int64(clamping: Int128(ratio.delivered) + Int128(d.delivery.mass))
            ratio.recycled = Int64(clamping: Int128(ratio.recycled) + Int128(d.claimed))
            ratio.deliveries += 1
            byKey[key] = ratio
        }
        return byKey.values.sorted { ($0.product, $0.period) < ($1.product, $1.period) }
    }
}

/// Input-side recycled share for one element and period: recycled mass received (the ledger's receipts) over
/// the element's total input in a lot file (recycled and primary lots).
public struct InputRecycledShare: Sendable, Equatable, Codable {
    public var element: Element
    public var period: String
    public var unit: AmountUnit
    public var recycledInput: Int64
    public var totalInput: Int64
    public var sharePpm: Int64 { ppm(recycledInput, of: totalInput) }

    public static func compute(_ state: LedgerState, lots: [Lot], element: Element) throws -> [InputRecycledShare] {
        guard let kind = state.config?.setup.periodKind else { throw LedgerError.notInitialized }
        let unit = AmountUnit.forElement(element)
        var byPeriod: [String: InputRecycledShare] = [:]
        for r in state.receipts.values where !r.reversed {
            let period = try kind.period(containing: r.receipt.date)
            byPeriod[period, default: .init(element: element, period: period, unit: unit, recycledInput: 0, totalInput: 0)].recycledInput.addClamped(r.receipt.elements[element] ?? 0)
        }
        for lot in lots {
            let period = try kind.period(containing: lot.date)
            let mass = try LotReceipts.containedMass(of: element, in: lot)
            byPeriod[period, default: .init(element: element, period: period, unit: unit, recycledInput: 0, totalInput: 0)].totalInput.addClamped(mass)
        }
        return byPeriod.values.sorted { $0.period < $1.period }
    }
}

/// `part / whole` in parts per million, rounded down, computed in Int128 (never overflows; 0 for an empty whole).
func ppm(_ part: Int64, of whole: Int64) -> Int64 {
    whole <= 0 ? 0 : Int64(clamping: Int128(part) * 1_000_000 / Int128(whole))
}

extension Int64 {
    /// `self += amount`, held at Int64.max instead of trapping (each amount is at most `LedgerState.amountLimit`,
    /// but a report sums many, and one over a hostile lot file must not crash).
    mutating func addClamped(_ amount: Int64) { self = Int64(clamping: Int128(self) + Int128(amount)) }
}
