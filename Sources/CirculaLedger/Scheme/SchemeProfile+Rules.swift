import CirculaCore

extension SchemeProfile {
    /// One line of a profile's rule table: the file key, the value as the file writes it, and its clause.
    public struct RuleLine: Sendable, Equatable {
        public var rule: String
        public var value: String
        public var clause: String
    }

    /// The rules in the order of `ruleKeys`, values written as in the profile files (`0.5%`, `[receive, deliver]`):
    /// what `circula ledger scheme` prints and `docs/ledger-rules.md` tabulates.
    public var ruleLines: [RuleLine] {
        func list(_ values: [String]) -> String { "[" + values.joined(separator: ", ") + "]" }
        let tolerance = ExactDecimal.format(stockTolerancePpm.value, divisor: 10_000) + "%" // ppm → percent
        return [
            RuleLine(rule: "claim_method", value: claimMethod.value.rawValue, clause: claimMethod.clause),
            RuleLine(rule: "max_period_months", value: "\(maxPeriodMonths.value)", clause: maxPeriodMonths.clause),
            RuleLine(rule: "negative_balance", value: negativeBalance.value.rawValue, clause: negativeBalance.clause),
            RuleLine(rule: "stock_tolerance", value: tolerance, clause: stockTolerancePpm.clause),
            RuleLine(rule: "documents_required", value: list(documentsRequired.value.map(\.rawValue)), clause: documentsRequired.clause),
            RuleLine(rule: "credit_transfer", value: creditTransfer.value.rawValue, clause: creditTransfer.clause),
            RuleLine(rule: "carry_over", value: list(carryOver.value.map(\.rawValue)), clause: carryOver.clause),
        ]
    }
}
