/// The published figures of the ledger's ratio report, each under its one name and number in `docs/ratios.md`,
/// so that every command that prints one of them prints the same label.
public enum RatioFigure: String, CaseIterable, Sendable, Codable {
    /// The scheme's ratio: credits claimed on the period's deliveries / delivered mass (docs/ratios.md #4).
    case claimedOutputShare = "recycled_share_of_output_claimed"
    /// The plant's input side: recycled element received / all of the element in the period's lots (#1).
    case inputRecycledShare = "recycled_share_of_input"
    /// The plant's output side: recycled element reaching the product stream by attribution / all of the element
    /// in the product stream, from the period's balance (#2, for the product stream).
    case productAttributionShare = "attribution_share_of_product"

    /// The row number in the table of `docs/ratios.md`.
    public var number: Int {
        switch self {
        case .claimedOutputShare: 4
        case .inputRecycledShare: 1
        case .productAttributionShare: 2
        }
    }

    /// The name `docs/ratios.md` gives the figure.
    public var name: String {
        switch self {
        case .claimedOutputShare: "recycled share of output claimed"
        case .inputRecycledShare: "recycled share of input"
        case .productAttributionShare: "attribution share of a stream"
        }
    }

    /// Whose figure it is: the custody scheme's claim or the plant's physical measure.
    public var side: String {
        self == .claimedOutputShare ? "scheme" : "plant"
    }

    /// `#4 recycled share of output claimed`: the label every front end prints.
    public var label: String { "#\(number) \(name)" }
}
