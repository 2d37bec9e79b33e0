import CirculaCore

/// The conversion factor by which recycled input of an element becomes recycled-content credits of the product a
/// stream carries, derived from a balance's attribution.
///
/// Definition (UL 2809 §6: the yield, "100 % minus all losses"; ISO 22095 §5.4 mass balance, credit method):
///
///     yield  = recycled element reaching the product stream / recycled element in the inputs
///     factor = ⌊yield × 10⁶⌋ / 10⁶        (rounding rule: down to 6 decimals, `roundingRule`)
///
/// Rounding down means credits (receipt × factor, themselves rounded down to the gram by the ledger) never exceed
/// what the balance supports. The factor is held exactly as parts per million, so it reaches the ledger without a
/// detour through text.
///
/// ```swift
/// let result = try ForwardBalance(flowsheet: model.flowsheet).run(lots: lots)
/// let factor = try CreditFactor(result, element: "Cu", productStream: "electrorefining.cathode",
///                               model: "metallurgy.yaml", lots: "sample-lots.csv")
/// print(factor.text)        // 0.995492
/// print(factor.derivation)  // balance attribution: recycled Cu in electrorefining.cathode 8,329.374 t / recycled Cu input 8,367.092 t (…)
/// ```
public struct CreditFactor: Sendable, Hashable, CustomStringConvertible {
    /// Decimals the ledger keeps of a factor (its `ConversionFactor` is exact parts per million).
    public static let decimals = 6
    public static let scale: Int64 = 1_000_000
    /// How the yield becomes the factor, in words (stated with every factor this type prints).
    public static let roundingRule = "rounded down to 6 decimals, so credits never exceed what the balance supports"

    public let element: String
    public let productStream: String
    /// Recycled element mass reaching the product stream.
    public let recycledOutput: Mass
    /// Recycled element mass in all recycled lots.
    public let recycledInput: Mass
    /// The unrounded yield, recycledOutput / recycledInput.
    public let yield: Double
    /// The factor as exact parts per million: ⌊yield × 10⁶⌋.
    public let partsPerMillion: Int64
    /// The model and lot files it came from, as the user named them.
    public let model: String
    public let lots: String

    /// Derives the factor from a balance.
    /// - Throws: `CreditFactorError.noRecycledInput` when no recycled lot carries the element.
    public init(_ result: BalanceResult, element: String, productStream: String, model: String, lots: String) throws(CreditFactorError) {
        let input = result.sources.filter(\.isRecycled).reduce(0) { $0 + ($1.elementMass[element] ?? 0) }
        guard input > 0, let yield = result.recycledYield(stream: productStream, element: element) else {
            throw .noRecycledInput(element: element, lots: lots)
        }
        self.element = element
        self.productStream = productStream
        self.recycledOutput = Mass(kilograms: result.recycledMassByLot(stream: productStream, element: element).values.reduce(0, +))
        self.recycledInput = Mass(kilograms: input)
        self.yield = yield
        // Clamped to [0, 1]: a yield can only exceed 1 through rounding noise in a closed balance.
        self.partsPerMillion = min(CreditFactor.scale, max(0, Int64((yield * Double(CreditFactor.scale)).rounded(.down))))
        self.model = model
        self.lots = lots
    }

    /// The factor with six decimals: `0.995492`.
    public var text: String {
        let whole = partsPerMillion / CreditFactor.scale
        let fraction = String(partsPerMillion % CreditFactor.scale)
        return "\(whole).\(String(repeating: "0", count: CreditFactor.decimals - fraction.count))\(fraction)"
    }

    /// Where the factor comes from, stated on every credit it produces.
    public var derivation: String {
        "balance attribution: recycled \(element) in \(productStream) \(recycledOutput.formatted(.tonne)) / "
            + "recycled \(element) input \(recycledInput.formatted(.tonne)) (\(model), \(lots))"
    }

    public var description: String { "\(text) (\(derivation); \(CreditFactor.roundingRule))" }
}

/// Why no credit factor can be derived.
public enum CreditFactorError: Error, Sendable, Hashable, CustomStringConvertible {
    case noRecycledInput(element: String, lots: String)

    public var description: String {
        switch self {
        case .noRecycledInput(let element, let lots):
            "no recycled lot in \(lots) carries \(element); expected recycled lots to derive a conversion factor"
        }
    }
}
