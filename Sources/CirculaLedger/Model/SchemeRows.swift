import CirculaCore

/// The state rows scheme rules keep, apart from the core rows so a store's layout of those can change freely:
/// booked credits (`booked-credit:ID`), assessed volumes (`assessment:PERIOD:PRODUCT`) and the percentage method's
/// input tallies (`input:PERIOD:ELEMENT`, the element by symbol). A ledger that uses none of them has none of these rows.
public struct SchemeRows: Sendable, Equatable {
    public var bookedCredits: [String: BookedCreditState] = [:]
    /// "PERIOD:PRODUCT" → assessment.
    public var assessments: [String: AssessmentState] = [:]
    /// "PERIOD:ELEMENT" → tally.
    public var inputs: [String: InputTally] = [:]

    public init() {}

    mutating func load(kind: String, id: String, text: String) throws {
        switch kind {
        case "booked-credit": bookedCredits[id] = try JSONValue.decode(BookedCreditState.self, from: text)
        case "assessment": assessments[id] = try JSONValue.decode(AssessmentState.self, from: text)
        case "input": inputs[id] = try JSONValue.decode(InputTally.self, from: text)
        default: throw LedgerError.storage("unknown state row \"\(kind):\(id)\"")
        }
    }

    func value(kind: String, id: String) -> (any Encodable)? {
        switch kind {
        case "booked-credit": bookedCredits[id]
        case "assessment": assessments[id]
        case "input": inputs[id]
        default: nil
        }
    }

    var keys: [String] {
        bookedCredits.keys.map { "booked-credit:" + $0 } + assessments.keys.map { "assessment:" + $0 } + inputs.keys.map { "input:" + $0 }
    }
}

/// The percentage method's input of one element in one period: recycled (from the receipts) and total (recorded).
public struct InputTally: Codable, Sendable, Equatable {
    public var period: String
    public var element: Element
    /// Recycled element mass received in the period (receipts not reversed), in the element's unit.
    public var recycled: Int64 = 0
    /// All input of the element in the period, recycled and primary (`record-input`); nil until recorded.
    public var total: Int64?
    public var totalEvent: String?
}

/// The total input of an element in a period, recycled and primary, for the percentage method: the period's input
/// share is recycled / total (ASI CoC V2 criterion 8). Recorded once per period and element, before its close.
public struct PeriodInput: Codable, Sendable, Equatable {
    public var period: String
    public var element: Element
    /// In the element's unit (g, or mg for precious metals).
    public var total: Int64
    /// Where the figure comes from (the plant balance, weighbridge totals).
    public var source: String
    public init(period: String, element: Element, total: Int64, source: String) {
        self.period = period; self.element = element; self.total = total; self.source = source
    }
}
