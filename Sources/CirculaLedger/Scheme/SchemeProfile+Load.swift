import CirculaCore
import Foundation

/// Reading scheme profiles: the bundled ones by name, a custom one from a file the user passes.
///
/// The file form (YAML; JSON is YAML too), every rule a value and its clause:
/// ```yaml
/// id: my-scheme
/// name: My scheme
/// source: "Scheme document v1.0 (2025)"
/// rules:
///   claim_method: {value: credit, clause: "§4.1"}
///   max_period_months: {value: 3, clause: "§4.2"}
///   negative_balance: {value: within-period, clause: "§4.3"}
///   stock_tolerance: {value: 0.5%, clause: "§4.4"}
///   documents_required: {value: [receive, deliver], clause: "§5"}
///   credit_transfer: {value: same-product-and-factor, clause: "§4.5"}
///   carry_over: {value: [carry, expire], clause: "§4.6"}
/// ```
extension SchemeProfile {
    /// The names `--scheme` accepts for bundled profiles (`custom` takes a file instead).
    public static let bundledNames = ["iscc-plus", "asi", "ul2809", "untp-mass-balance", "untp-book-and-claim"]

    /// Every rule key of the file form, in the order `docs/ledger-rules.md` lists them.
    public static let ruleKeys = ["claim_method", "max_period_months", "negative_balance", "stock_tolerance", "documents_required",
                                  "credit_transfer", "carry_over"]

    /// A bundled profile by name.
    /// - Throws: `InputErrors` naming the known profiles for an unknown name (or the file's errors, which a test
    ///   keeps from happening).
    public static func bundled(_ name: String) throws(InputErrors) -> SchemeProfile {
        guard bundledNames.contains(name) else {
            throw InputErrors([LocatedError(SourceLocation(file: "--scheme"),
                                            "unknown scheme \"\(name)\"; expected one of \(bundledNames.joined(separator: ", ")) or custom with --scheme-file")])
        }
        let url = LedgerResources.url("schemes/\(name).yaml")
        let text: String
        do { text = try TextFile.read(url, displayName: "schemes/\(name).yaml") } catch { throw InputErrors([error]) }
        return try load(text, file: "schemes/\(name).yaml")
    }

    /// A profile from a file the user passes (`--scheme custom --scheme-file my-scheme.yaml`).
    public static func read(_ url: URL, displayName: String? = nil) throws(InputErrors) -> SchemeProfile {
        let text: String
        do { text = try TextFile.read(url, displayName: displayName) } catch { throw InputErrors([error]) }
        return try load(text, file: displayName ?? url.path)
    }

    /// Parses a profile, reporting every problem with its line and key path; nothing is returned unless all is right.
    public static func load(_ text: String, file: String) throws(InputErrors) -> SchemeProfile {
        let root: YAMLCursor
        do { root = try YAMLCursor.parse(text, file: file) } catch { throw InputErrors([error]) }
        var errors: [LocatedError] = []
        func attempt<T>(_ body: () throws(LocatedError) -> T) -> T? {
            do { return try body() } catch { errors.append(error); return nil }
        }
        if let entries = attempt({ () throws(LocatedError) in try root.entries() }) {
            for (key, value) in entries where !["id", "name", "source", "rules"].contains(key) {
                errors.append(value.error("unknown key \"\(key)\"; expected id, name, source and rules"))
            }
        }
        let id = attempt { () throws(LocatedError) -> String in
            let cursor = try root.required("id")
            let id = try cursor.string()
            if let problem = Identifier.problem(id) { throw cursor.error("scheme id \"\(Identifier.escaped(id))\": \(problem)") }
            return id
        }
        let name = attempt { () throws(LocatedError) in try nonEmpty(root.required("name")) }
        let source = attempt { () throws(LocatedError) in try nonEmpty(root.required("source")) }
        let rules = attempt { () throws(LocatedError) in try root.required("rules") }
        var claim: SchemeRule<ClaimMethod>?, months: SchemeRule<Int>?, negative: SchemeRule<NegativeBalance>?
        var tolerance: SchemeRule<Int64>?, documents: SchemeRule<[DocumentedEvent]>?, transfer: SchemeRule<CreditTransferRule>?
        var carry: SchemeRule<[CarryOverRule]>?
        if let rules {
            if let entries = attempt({ () throws(LocatedError) in try rules.entries() }) {
                for (key, value) in entries where !ruleKeys.contains(key) {
                    errors.append(value.error("unknown rule \"\(key)\"; expected \(ruleKeys.joined(separator: ", "))"))
                }
            }
            claim = attempt { () throws(LocatedError) in try rule(rules, "claim_method") { c throws(LocatedError) in try choice(c, ClaimMethod.self) } }
            months = attempt { () throws(LocatedError) in
                try rule(rules, "max_period_months") { c throws(LocatedError) -> Int in
                    let text = try c.string()
                    guard let n = Int(text), (1...120).contains(n) else { throw c.error("expected a whole number of months from 1 to 120, found \"\(text)\"") }
                    return n
                }
            }
            negative = attempt { () throws(LocatedError) in try rule(rules, "negative_balance") { c throws(LocatedError) in try choice(c, NegativeBalance.self) } }
            tolerance = attempt { () throws(LocatedError) in try rule(rules, "stock_tolerance") { c throws(LocatedError) in try percent(c) } }
            documents = attempt { () throws(LocatedError) in
                try rule(rules, "documents_required") { c throws(LocatedError) in try c.items().map { item throws(LocatedError) in try choice(item, DocumentedEvent.self) } }
            }
            transfer = attempt { () throws(LocatedError) in try rule(rules, "credit_transfer") { c throws(LocatedError) in try choice(c, CreditTransferRule.self) } }
            carry = attempt { () throws(LocatedError) in
                try rule(rules, "carry_over") { c throws(LocatedError) -> [CarryOverRule] in
                    let list = try c.items().map { item throws(LocatedError) in try choice(item, CarryOverRule.self) }
                    if list.isEmpty { throw c.error("expected at least one of carry, expire") }
                    return list
                }
            }
        }
        guard errors.isEmpty, let id, let name, let source, let claim, let months, let negative, let tolerance, let documents,
              let transfer, let carry else { throw InputErrors(errors) }
        return SchemeProfile(id: id, name: name, source: source, claimMethod: claim, maxPeriodMonths: months, negativeBalance: negative,
                             stockTolerancePpm: tolerance, documentsRequired: documents, creditTransfer: transfer, carryOver: carry)
    }

    private static func nonEmpty(_ cursor: YAMLCursor) throws(LocatedError) -> String {
        let text = try cursor.string()
        if text.trimmingCharacters(in: .whitespaces).isEmpty { throw cursor.error("expected a text, found an empty one") }
        return text
    }

    /// `key: {value: …, clause: "…"}`; the clause is required, since a rule without its source cannot be audited.
    private static func rule<T: Codable & Sendable & Equatable>(_ rules: YAMLCursor, _ key: String, _ value: (YAMLCursor) throws(LocatedError) -> T) throws(LocatedError) -> SchemeRule<T> {
        let cursor = try rules.required(key)
        for (name, child) in try cursor.entries() where name != "value" && name != "clause" {
            throw child.error("unknown key \"\(name)\"; a rule has value and clause")
        }
        let clause = try nonEmpty(try cursor.required("clause"))
        return SchemeRule(try value(try cursor.required("value")), clause: clause)
    }

    private static func choice<T: RawRepresentable & CaseIterable>(_ cursor: YAMLCursor, _ type: T.Type) throws(LocatedError) -> T where T.RawValue == String {
        let text = try cursor.string()
        guard let value = T(rawValue: text) else {
            throw cursor.error("\"\(text)\" is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// `0.5%` → 5 000 ppm; from 0 % to 100 %, at most four decimals.
    private static func percent(_ cursor: YAMLCursor) throws(LocatedError) -> Int64 {
        let text = try cursor.string()
        let bad = cursor.error("expected a percentage from 0% to 100% such as 0.5%, found \"\(text)\"")
        guard text.hasSuffix("%"), let decimal = try? ExactDecimal(String(text.dropLast()).trimmingCharacters(in: .whitespaces)),
              decimal.isNonNegative, let ppm = decimal.scaled(by: 10_000), ppm <= 1_000_000 else { throw bad }
        return ppm
    }
}
