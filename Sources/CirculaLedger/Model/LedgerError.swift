import CirculaCore

/// Why the ledger refused an event. Every message names the account, delivery, lot or event and the numbers;
/// a refused event changes nothing. Every rule of `LedgerState.apply` has its own case; `docs/ledger-rules.md`
/// lists them in the order they are checked, with the scheme clause each comes from.
public enum LedgerError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Input that is not a ledger rule (a URL, an unknown event type in storage).
    case invalidInput(String)
    case notInitialized
    case alreadyInitialized
    case invalidMaximumPeriod(months: Int)
    case periodTooLong(kind: PeriodKind, months: Int, maximum: Int)
    case emptyField(String)
    case invalidIdentifier(field: String, id: String, reason: String)
    case unknown(kind: String, id: String)
    case duplicate(kind: String, id: String)
    case wrongProductUnit(product: String, element: Element, expected: AmountUnit, stated: AmountUnit)
    /// A product's element as given (CLI, HTTP) that is not exactly a symbol.
    case unknownElement(product: String, element: String)
    case nonPositiveFactor(account: String)
    case factorAboveOne(account: String, factor: ConversionFactor)
    case notRecycled(lot: String, reason: String)
    case negativeElementMass(lot: String, element: Element, amount: Int64)
    case noRecycledMass(lot: String)
    case amountTooLarge(what: String, amount: Int64, limit: Int64, unit: AmountUnit)
    case nonPositiveAmount(what: String)
    case alreadyCredited(lot: String, element: Element, event: String)
    case elementNotInReceipt(lot: String, element: Element)
    case productMismatch(String)
    case factorMismatch(String)
    case ringFence(String)
    case siteMismatch(String)
    case transferToSelf(account: String)
    case creditBeforeReceipt(lot: String, credit: String, receipt: String)
    case creditAmountMismatch(lot: String, element: Element, recycled: Int64, factor: ConversionFactor, expected: Int64, stated: Int64, unit: AmountUnit)
    case insufficientCredits(account: String, period: String, available: Int64, requested: Int64, unit: AmountUnit)
    case overClaim(delivery: String, mass: Int64, claimed: Int64, requested: Int64, unit: AmountUnit)
    case nothingToCertify(delivery: String)
    case malformedBodyHash(certificate: String)
    case certificateNotValid(certificate: String, status: String)
    case supersedeMismatch(String)
    case certificateExists(delivery: String, certificate: String)
    case invalidDate(date: String, reason: String)
    case invalidPeriod(period: String, expected: String)
    case dateBeyondHorizon(date: String, recorded: String, days: Int)
    case periodClosed(period: String, what: String)
    case periodOutOfOrder(period: String, expected: String)
    case wrongCarryOverRule(configured: CarryOverRule, requested: CarryOverRule)
    case cannotCorrect(target: String, reason: String)
    case replayMismatch(String)
    case storage(String)
    // Scheme profiles (`Scheme/`, `LedgerState+Scheme.swift`, `LedgerState+BookAndClaim.swift`).
    case invalidScheme(String)
    case periodAboveSchemeMaximum(months: Int, scheme: String, maximum: Int, clause: String)
    case carryOverNotAllowed(rule: CarryOverRule, scheme: String, allowed: [CarryOverRule], clause: String)
    case missingDocuments(what: String, scheme: String, clause: String)
    case transferNotAllowed(scheme: String, clause: String)
    case negativeBalanceAtClose(account: String, period: String, balance: Int64, unit: AmountUnit, clause: String)
    case negativePhysicalStock(product: String, amount: Int64)
    case claimMethodNotAllowed(event: String, method: ClaimMethod, scheme: String, clause: String)
    case noAssessedVolume(period: String, product: String)
    case bookingCapExceeded(period: String, product: String, volume: Int64, booked: Int64, requested: Int64, unit: AmountUnit)
    case creditAlreadyTransferred(credit: String, to: String, event: String)
    case creditAlreadyRetired(credit: String, beneficiary: String, event: String)
    case creditHeldByOther(credit: String, holder: String, beneficiary: String)
    case creditExpired(credit: String, period: String)
    case noPeriodInput(period: String, product: String)
    case aboveInputShare(delivery: String, mass: Int64, recycled: Int64, total: Int64, limit: Int64, requested: Int64, unit: AmountUnit)

    /// The case's name, as listed in `docs/ledger-rules.md` (`LedgerErrorDocumentationTests` checks every one is there).
    public enum Code: String, CaseIterable, Sendable {
        case invalidInput, notInitialized, alreadyInitialized, invalidMaximumPeriod, periodTooLong, emptyField, invalidIdentifier
        case unknown, duplicate, wrongProductUnit, unknownElement, nonPositiveFactor, factorAboveOne, notRecycled, negativeElementMass
        case noRecycledMass, amountTooLarge, nonPositiveAmount, alreadyCredited, elementNotInReceipt, productMismatch, factorMismatch
        case ringFence, siteMismatch, transferToSelf, creditBeforeReceipt, creditAmountMismatch, insufficientCredits, overClaim
        case nothingToCertify, malformedBodyHash, certificateNotValid, supersedeMismatch, certificateExists, invalidDate, invalidPeriod, dateBeyondHorizon, periodClosed, periodOutOfOrder
        case wrongCarryOverRule, cannotCorrect, replayMismatch, storage
        case invalidScheme, periodAboveSchemeMaximum, carryOverNotAllowed, missingDocuments, transferNotAllowed, negativeBalanceAtClose
        case negativePhysicalStock, claimMethodNotAllowed, noAssessedVolume, bookingCapExceeded, creditAlreadyTransferred
        case creditAlreadyRetired, creditHeldByOther, creditExpired, noPeriodInput, aboveInputShare
    }

    public var code: Code {
        switch self {
        case .invalidInput: .invalidInput
        case .notInitialized: .notInitialized
        case .alreadyInitialized: .alreadyInitialized
        case .invalidMaximumPeriod: .invalidMaximumPeriod
        case .periodTooLong: .periodTooLong
        case .emptyField: .emptyField
        case .invalidIdentifier: .invalidIdentifier
        case .unknown: .unknown
        case .duplicate: .duplicate
        case .wrongProductUnit: .wrongProductUnit
        case .unknownElement: .unknownElement
        case .nonPositiveFactor: .nonPositiveFactor
        case .factorAboveOne: .factorAboveOne
        case .notRecycled: .notRecycled
        case .negativeElementMass: .negativeElementMass
        case .noRecycledMass: .noRecycledMass
        case .amountTooLarge: .amountTooLarge
        case .nonPositiveAmount: .nonPositiveAmount
        case .alreadyCredited: .alreadyCredited
        case .elementNotInReceipt: .elementNotInReceipt
        case .productMismatch: .productMismatch
        case .factorMismatch: .factorMismatch
        case .ringFence: .ringFence
        case .siteMismatch: .siteMismatch
        case .transferToSelf: .transferToSelf
        case .creditBeforeReceipt: .creditBeforeReceipt
        case .creditAmountMismatch: .creditAmountMismatch
        case .insufficientCredits: .insufficientCredits
        case .overClaim: .overClaim
        case .nothingToCertify: .nothingToCertify
        case .malformedBodyHash: .malformedBodyHash
        case .certificateNotValid: .certificateNotValid
        case .supersedeMismatch: .supersedeMismatch
        case .certificateExists: .certificateExists
        case .invalidDate: .invalidDate
        case .invalidPeriod: .invalidPeriod
        case .dateBeyondHorizon: .dateBeyondHorizon
        case .periodClosed: .periodClosed
        case .periodOutOfOrder: .periodOutOfOrder
        case .wrongCarryOverRule: .wrongCarryOverRule
        case .cannotCorrect: .cannotCorrect
        case .replayMismatch: .replayMismatch
        case .storage: .storage
        case .invalidScheme: .invalidScheme
        case .periodAboveSchemeMaximum: .periodAboveSchemeMaximum
        case .carryOverNotAllowed: .carryOverNotAllowed
        case .missingDocuments: .missingDocuments
        case .transferNotAllowed: .transferNotAllowed
        case .negativeBalanceAtClose: .negativeBalanceAtClose
        case .negativePhysicalStock: .negativePhysicalStock
        case .claimMethodNotAllowed: .claimMethodNotAllowed
        case .noAssessedVolume: .noAssessedVolume
        case .bookingCapExceeded: .bookingCapExceeded
        case .creditAlreadyTransferred: .creditAlreadyTransferred
        case .creditAlreadyRetired: .creditAlreadyRetired
        case .creditHeldByOther: .creditHeldByOther
        case .creditExpired: .creditExpired
        case .noPeriodInput: .noPeriodInput
        case .aboveInputShare: .aboveInputShare
        }
    }

    public var description: String {
        switch self {
        case .invalidInput(let text): return text
        case .notInitialized: return "the ledger is not initialised; run `circula ledger init` first"
        case .alreadyInitialized: return "the ledger is already initialised"
        case .invalidMaximumPeriod: return "maximum period must be at least 1 month"
        case let .periodTooLong(kind, months, maximum):
            return "balancing period \(kind.rawValue) lasts \(months) months, longer than the configured maximum of \(maximum) months"
        case .emptyField(let field): return "\(field) must not be empty"
        case let .invalidIdentifier(field, id, reason): return "\(field) \"\(Identifier.escaped(id))\": \(reason)"
        case let .unknown(kind, id): return "unknown \(kind) \"\(Identifier.escaped(id))\""
        case let .duplicate(kind, id): return "\(kind) \"\(Identifier.escaped(id))\" already exists"
        case let .wrongProductUnit(product, element, expected, stated):
            return "product \(product): \(element) is booked in \(expected.rawValue) (grams for base metals, milligrams for precious metals), not \(stated.rawValue)"
        case let .unknownElement(product, element):
            return "product \(product): \"\(Identifier.escaped(element))\" is not an element symbol such as Cu or Au"
        case .nonPositiveFactor(let account): return "account \(account): conversion factor must be above 0"
        case let .factorAboveOne(account, factor):
            return "account \(account): conversion factor \(factor) is above 1; credits can never exceed the recycled input"
        case let .notRecycled(lot, reason): return "lot \(lot) refused: not recycled content: \(reason)"
        case let .negativeElementMass(lot, element, amount): return "lot \(lot): \(element) mass \(amount) is negative"
        case .noRecycledMass(let lot): return "lot \(lot): no recycled element mass above zero"
        case let .amountTooLarge(what, amount, limit, unit):
            return "\(what): \(unit.show(amount)) is more than the ledger's limit of \(unit.show(limit)) per amount"
        case .nonPositiveAmount(let what): return "\(what) must be above 0"
        case let .alreadyCredited(lot, element, event):
            return "lot \(lot) \(element): credits were already issued by event \(event); each input's recycled attribute is used once"
        case let .elementNotInReceipt(lot, element): return "lot \(lot) has no recycled \(element) on its receipt"
        case .productMismatch(let text), .factorMismatch(let text), .ringFence(let text), .siteMismatch(let text), .replayMismatch(let text):
            return text
        case .transferToSelf(let account): return "transfer from account \(account) to itself"
        case let .creditBeforeReceipt(lot, credit, receipt):
            return "credits for lot \(lot) dated \(credit) come before its receipt dated \(receipt); a credit is never dated before its input arrived"
        case let .creditAmountMismatch(lot, element, recycled, factor, expected, stated, unit):
            return "lot \(lot) \(element): credits must be floor(\(unit.show(recycled)) × \(factor)) = \(unit.show(expected)), the event states \(unit.show(stated))"
        case let .insufficientCredits(account, period, available, requested, unit):
            return "account \(account) holds \(unit.show(available)) of credits for period \(period); \(unit.show(requested)) requested would take it below zero"
        case let .overClaim(delivery, mass, claimed, requested, unit):
            return "delivery \(delivery) weighs \(unit.show(mass)) with \(unit.show(claimed)) already claimed; claiming \(unit.show(requested)) more would exceed its physical mass"
        case .nothingToCertify(let delivery):
            return "delivery \(delivery) has no recycled credits allocated; there is nothing to certify"
        case .malformedBodyHash(let certificate): return "certificate \(certificate): body hash must be 64 hex digits"
        case .certificateNotValid(let certificate, let status): return "certificate \(certificate) is \(status); only a valid certificate can be revoked or superseded"
        case .supersedeMismatch(let text): return "supersede: \(text)"
        case let .certificateExists(delivery, certificate):
            return "delivery \(delivery) already has the valid certificate \(certificate); supersede it (`circula certificate supersede`) or revoke it first"
        case let .invalidDate(date, reason): return "date \"\(Identifier.escaped(date))\": \(reason)"
        case let .invalidPeriod(period, expected): return "period \"\(Identifier.escaped(period))\": expected \(expected)"
        case let .dateBeyondHorizon(date, recorded, days):
            return "date \(date) is more than \(days) days after the event is recorded (\(recorded)); the ledger books what happened, not plans"
        case let .periodClosed(period, what): return "period \(period) is closed; \(what) is refused"
        case let .periodOutOfOrder(period, expected):
            return "period \(period) cannot be closed yet: periods close in order and \(expected) is the earliest open period"
        case let .wrongCarryOverRule(configured, requested):
            return "the ledger's configured period-close rule is \(configured.rawValue), not \(requested.rawValue)"
        case let .cannotCorrect(target, reason): return "event \(target) cannot be corrected: \(reason)"
        case .storage(let text): return "storage: \(text)"
        case .invalidScheme(let text): return "scheme profile: \(text)"
        case let .periodAboveSchemeMaximum(months, scheme, maximum, clause):
            return "maximum period of \(months) months is longer than \(scheme) allows (\(maximum) months, \(clause))"
        case let .carryOverNotAllowed(rule, scheme, allowed, clause):
            return "period-close rule \(rule.rawValue) is not allowed by \(scheme) (\(allowed.map(\.rawValue).joined(separator: " or ")), \(clause))"
        case let .missingDocuments(what, scheme, clause):
            return "\(what) has no document reference (shipping note, weighbridge ticket, assay certificate); \(scheme) requires one (\(clause))"
        case let .transferNotAllowed(scheme, clause):
            return "\(scheme) does not allow credits to move between accounts (\(clause))"
        case let .negativeBalanceAtClose(account, period, balance, unit, clause):
            return "account \(account) is at \(unit.show(balance)) for period \(period); a period closes only with no negative balance (\(clause))"
        case let .negativePhysicalStock(product, amount): return "physical stock of \(product): \(amount) is negative"
        case let .claimMethodNotAllowed(event, method, scheme, clause):
            return "\(event) is refused: \(scheme) claims by the \(method.rawValue) method (\(clause))"
        case let .noAssessedVolume(period, product):
            return "no assessed volume for \(product) in period \(period); record the certifier's assessment (`circula ledger assess`) before booking"
        case let .bookingCapExceeded(period, product, volume, booked, requested, unit):
            return "period \(period) \(product): the certifier assessed \(unit.show(volume)) and \(unit.show(booked)) is booked; booking \(unit.show(requested)) more would exceed the assessed volume"
        case let .creditAlreadyTransferred(credit, to, event):
            return "credit \(credit) was already transferred to \(to) by event \(event); a credit id is transferred once"
        case let .creditAlreadyRetired(credit, beneficiary, event):
            return "credit \(credit) was already retired for \(beneficiary) by event \(event); a credit is retired once, never for two buyers"
        case let .creditHeldByOther(credit, holder, beneficiary):
            return "credit \(credit) is held by \(holder); it cannot be retired for \(beneficiary)"
        case let .creditExpired(credit, period): return "credit \(credit) expired when period \(period) closed"
        case let .noPeriodInput(period, product):
            return "no total input recorded for \(product) in period \(period); the percentage method needs it (`circula ledger input`)"
        case let .aboveInputShare(delivery, mass, recycled, total, limit, requested, unit):
            return "delivery \(delivery) weighs \(unit.show(mass)); at the period's input share \(unit.show(recycled)) / \(unit.show(total)) at most \(unit.show(limit)) may be claimed, \(unit.show(requested)) requested"
        }
    }
}
