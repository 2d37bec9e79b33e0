import CirculaBalance
import CirculaCore
import CirculaLedger

/// Refusals of the use cases themselves (the libraries' own errors pass through unchanged).
public enum WorkspaceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Credits from a balance must be issued for exactly the lots that were balanced.
    case lotSetMismatch(element: Element, balanced: String, received: String, balancedNotReceived: [String],
                        receivedNotBalanced: [String], massDiffers: [String])
    /// An amount given by the user could not be read in the unit of its product.
    case invalidAmount(field: String, message: String)
    /// A file is there already and is not replaced.
    case wouldOverwrite(path: String, what: String)
    /// A unit that the ledger does not book in.
    case unknownUnit(String, context: String)
    /// A lot file whose lots the model cannot take (a feed without an entry process).
    case lotsNotBalanceable(file: String, BalanceError)
    /// An option that is missing or names something the input does not have (`--product`, `--product-stream`).
    case invalidOption(option: String, message: String)
    /// An element given by the user (`--mass Xx=1t`, `--elements`) that is not a symbol.
    case invalidElement(field: String, ElementError)

    public var description: String {
        switch self {
        case .lotSetMismatch(let element, let balanced, let received, let balancedNotReceived, let receivedNotBalanced, let massDiffers):
            var parts: [String] = []
            if !balancedNotReceived.isEmpty { parts.append("balanced but not received: \(Self.list(balancedNotReceived))") }
            if !receivedNotBalanced.isEmpty { parts.append("received without credits but not balanced: \(Self.list(receivedNotBalanced))") }
            if !massDiffers.isEmpty { parts.append("\(element) mass differs between lot file and receipt: \(Self.list(massDiffers))") }
            return "the received lots and the balanced lots differ (balanced \(balanced), received \(received)): "
                + parts.joined(separator: "; ")
                + "; expected credits from a balance for exactly the lots that were balanced: balance the lot file the receipts came from (--lots)"
        case .invalidAmount(let field, let message):
            return "\(field) \(message)"
        case .wouldOverwrite(let path, let what):
            return "\(path) exists; refusing to overwrite \(what)"
        case .lotsNotBalanceable(let file, let error):
            return "\(file): \(error)"
        case .invalidOption(let option, let message):
            return "\(option): \(message)"
        case .invalidElement(let field, let error):
            return "\(field.controlEscaped): \(error)"
        case .unknownUnit(let unit, let context):
            return "\(context): unknown unit \"\(unit)\"; expected one of \(AmountUnit.allCases.map(\.rawValue).joined(separator: ", "))"
        }
    }

    /// At most ten ids, then a count.
    static func list(_ ids: [String]) -> String {
        ids.count <= 10 ? ids.joined(separator: ", ") : ids.prefix(10).joined(separator: ", ") + " and \(ids.count - 10) more"
    }
}
