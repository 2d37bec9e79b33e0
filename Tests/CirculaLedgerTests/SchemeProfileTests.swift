import CirculaCore
import CirculaLedger
import Foundation
import Testing

/// The bundled profiles say what their schemes publish, and a custom profile is validated with located errors.
@Suite("Scheme profiles")
struct SchemeProfileTests {
    /// ISCC 203 / ISCC PLUS §9.4.3: at most three months, negative only within the period, 0.5 % stock deviation,
    /// weighbridge protocols and sustainability declarations, credit method.
    @Test func isccPlusCarriesItsPublishedRules() throws {
        let p = try SchemeProfile.bundled("iscc-plus")
        #expect(p.claimMethod.value == .credit)
        #expect(p.maxPeriodMonths.value == 3)
        #expect(p.negativeBalance.value == .withinPeriod)
        #expect(p.stockTolerancePpm.value == 5_000)
        #expect(Set(p.documentsRequired.value) == [.receive, .deliver])
        #expect(p.creditTransfer.value == .sameProductAndFactor)
        #expect(p.carryOver.value.contains(.carry))
    }

    /// ASI CoC V2 criterion 8: the input percentage of a period of at most 12 months applies to every output.
    @Test func asiCarriesItsPublishedRules() throws {
        let p = try SchemeProfile.bundled("asi")
        #expect(p.claimMethod.value == .percentage)
        #expect(p.maxPeriodMonths.value == 12)
        #expect(p.negativeBalance.value == .withinPeriod)
        #expect(p.creditTransfer.value == .sameGroupAndFactor)
    }

    /// UL 2809: documents for every input and output, never above the validated input, factor per product.
    @Test func ul2809CarriesItsPublishedRules() throws {
        let p = try SchemeProfile.bundled("ul2809")
        #expect(p.claimMethod.value == .credit)
        #expect(p.negativeBalance.value == .never)
        #expect(p.requiresDocuments(.receive) && p.requiresDocuments(.deliver))
        #expect(p.carryOver.value == [.expire])
        #expect(p.maxPeriodMonths.value == 12)
    }

    /// UNTP: mass balance per ISO 22095, and book and claim whose credit ids never pool between accounts.
    @Test func untpProfilesCarryTheirRules() throws {
        let mb = try SchemeProfile.bundled("untp-mass-balance")
        #expect(mb.claimMethod.value == .credit && mb.negativeBalance.value == .never)
        #expect(mb.requiresDocuments(.receive) && mb.requiresDocuments(.deliver))
        let bc = try SchemeProfile.bundled("untp-book-and-claim")
        #expect(bc.claimMethod.value == .bookAndClaim)
        #expect(bc.creditTransfer.value == .none)
        #expect(bc.documentsRequired.value.isEmpty)
    }

    /// Every rule of every bundled profile names its clause, and the file ids are the names `--scheme` takes.
    @Test func everyBundledRuleNamesItsClause() throws {
        for name in SchemeProfile.bundledNames {
            let p = try SchemeProfile.bundled(name)
            #expect(p.id == name)
            #expect(p.ruleLines.map(\.rule) == SchemeProfile.ruleKeys)
            for line in p.ruleLines { #expect(!line.clause.trimmingCharacters(in: .whitespaces).isEmpty, "\(name) \(line.rule)") }
        }
        #expect(throws: InputErrors.self) { try SchemeProfile.bundled("iscc") }
    }

    /// A custom file with five mistakes gets five errors, each with its line and key, and no profile.
    @Test func customProfileReportsEveryErrorWithItsPlace() throws {
        let text = """
            id: my-scheme
            name: My scheme
            source: "Scheme v1"
            rules:
              claim_method: {value: credits, clause: "§1"}
              max_period_months: {value: 0, clause: "§2"}
              negative_balance: {value: never}
              stock_tolerance: {value: 0.5, clause: "§4"}
              documents_required: {value: [receive], clause: "§5"}
              credit_transfer: {value: same-product-and-factor, clause: "§6"}
              carry_over: {value: [carry], clause: "§7"}
              carry_forward: {value: 1, clause: "§8"}
            """
        do {
            _ = try SchemeProfile.load(text, file: "my.yaml")
            Issue.record("expected the file to be refused")
        } catch {
            let messages = error.errors.map(\.description)
            #expect(messages.count == 5, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("my.yaml:12: key rules.carry_forward: unknown rule \"carry_forward\"") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("my.yaml:5: key rules.claim_method.value: \"credits\" is not one of credit, percentage, book-and-claim") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("my.yaml:6: key rules.max_period_months.value: expected a whole number of months") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("my.yaml:7: key rules.negative_balance: missing key \"clause\"") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("my.yaml:8: key rules.stock_tolerance.value: expected a percentage") }, "\(messages)")
        }
    }

    /// A correct custom file loads with its values; the tolerance is read exactly (0.25 % = 2 500 ppm).
    @Test func customProfileLoads() throws {
        let text = """
            id: my-scheme
            name: My scheme
            source: "Scheme v1"
            rules:
              claim_method: {value: credit, clause: "§1"}
              max_period_months: {value: 6, clause: "§2"}
              negative_balance: {value: never, clause: "§3"}
              stock_tolerance: {value: 0.25%, clause: "§4"}
              documents_required: {value: [deliver], clause: "§5"}
              credit_transfer: {value: same-group-and-factor, clause: "§6"}
              carry_over: {value: [expire, carry], clause: "§7"}
            """
        let p = try SchemeProfile.load(text, file: "my.yaml")
        #expect(p.maxPeriodMonths == SchemeRule(6, clause: "§2"))
        #expect(p.stockTolerancePpm.value == 2_500)
        #expect(p.documentsRequired.value == [.deliver])
        #expect(p.carryOver.value == [.expire, .carry])
        #expect(p.ruleLines.first { $0.rule == "stock_tolerance" }?.value == "0.25%")
    }

    /// `docs/ledger-rules.md` has a table per bundled scheme, one row per rule: `| rule | value | clause |`.
    @Test func everyBundledRuleIsInTheRulesDocument() throws {
        let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/ledger-rules.md")
        let text = try String(contentsOf: doc, encoding: .utf8)
        for name in SchemeProfile.bundledNames {
            let p = try SchemeProfile.bundled(name)
            #expect(text.contains("### \(p.name) (`--scheme \(name)`)"), "no section for \(name)")
            for line in p.ruleLines {
                let row = "| \(line.rule) | `\(line.value)` | \(line.clause) |"
                #expect(text.contains(row), "missing row: \(row)")
            }
        }
    }

    /// Deviation in ppm is exact and rounded up: a deviation just above the tolerance is never rounded into it.
    @Test func stockDeviationRoundsUp() {
        let book: Int64 = 97_000_000
        let allowed = book * 5_000 / 1_000_000 // 0.5 % of book, exactly 485 000 g
        #expect(StockFlag.deviationPpm(book: book, physical: book + allowed) == 5_000)
        #expect(StockFlag.deviationPpm(book: book, physical: book + allowed + 1) == 5_001)
        #expect(StockFlag.deviationPpm(book: book, physical: book - allowed) == 5_000)
        #expect(StockFlag.deviationPpm(book: 0, physical: 1) == 1_000_000)
        #expect(StockFlag.deviationPpm(book: 0, physical: 0) == 0)
    }
}
