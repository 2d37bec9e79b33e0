/// Why the ledger refused an event. Every message names the account, delivery, lot or event and the numbers;
/// a refused event changes nothing.
public enum LedgerError: Error, CustomStringConvertible, Sendable, Equatable {
    case invalidInput(String)
    case notInitialized
    case alreadyInitialized
    case periodTooLong(kind: PeriodKind, months: Int, maximum: Int)
    case unknown(kind: String, id: String)
    case duplicate(kind: String, id: String)
    case notRecycled(lot: String, reason: String)
    case alreadyCredited(lot: String, element: String, event: String)
    case elementNotInReceipt(lot: String, element: String)
    case productMismatch(String)
    case factorMismatch(String)
    case ringFence(String)
    case siteMismatch(String)
    case creditAmountMismatch(lot: String, element: String, recycled: Int64, factor: ConversionFactor, expected: Int64, stated: Int64, unit: AmountUnit)
    case insufficientCredits(account: String, period: String, available: Int64, requested: Int64, unit: AmountUnit)
    case overClaim(delivery: String, mass: Int64, claimed: Int64, requested: Int64, unit: AmountUnit)
    case periodClosed(period: String, what: String)
    case wrongCarryOverRule(configured: CarryOverRule, requested: CarryOverRule)
    case cannotCorrect(target: String, reason: String)
    case replayMismatch(String)
    case storage(String)

    public var description: String {
        switch self {
        case .invalidInput(let text): return text
        case .notInitialized: return "the ledger is not initialised; run `circula ledger init` first"
        case .alreadyInitialized: return "the ledger is already initialised"
        case let .periodTooLong(kind, months, maximum):
            return "balancing period \(kind.rawValue) lasts \(months) months, longer than the configured maximum of \(maximum) months"
        case let .unknown(kind, id): return "unknown \(kind) \"\(id)\""
        case let .duplicate(kind, id): return "\(kind) \"\(id)\" already exists"
        case let .notRecycled(lot, reason): return "lot \(lot) refused: not recycled content: \(reason)"
        case let .alreadyCredited(lot, element, event):
            return "lot \(lot) \(element): credits were already issued by event \(event); each input's recycled attribute is used once"
        case let .elementNotInReceipt(lot, element): return "lot \(lot) has no recycled \(element) on its receipt"
        case .productMismatch(let text), .factorMismatch(let text), .ringFence(let text), .siteMismatch(let text), .replayMismatch(let text):
            return text
        case let .creditAmountMismatch(lot, element, recycled, factor, expected, stated, unit):
            return "lot \(lot) \(element): credits must be floor(\(unit.show(recycled)) × \(factor)) = \(unit.show(expected)), the event states \(unit.show(stated))"
        case let .insufficientCredits(account, period, available, requested, unit):
            return "account \(account) holds \(unit.show(available)) of credits for period \(period); \(unit.show(requested)) requested would take it below zero"
        case let .overClaim(delivery, mass, claimed, requested, unit):
            return "delivery \(delivery) weighs \(unit.show(mass)) with \(unit.show(claimed)) already claimed; claiming \(unit.show(requested)) more would exceed its physical mass"
        case let .periodClosed(period, what): return "period \(period) is closed; \(what) is refused"
        case let .wrongCarryOverRule(configured, requested):
            return "the ledger's configured period-close rule is \(configured.rawValue), not \(requested.rawValue)"
        case let .cannotCorrect(target, reason): return "event \(target) cannot be corrected: \(reason)"
        case .storage(let text): return "storage: \(text)"
        }
    }
}
