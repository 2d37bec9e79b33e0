import CirculaCore
import CirculaLedger
import Testing

@Suite("Exact amounts, factors, periods, canonical JSON")
struct ExactValueTests {
    @Test func parsesDecimalMassesExactly() throws {
        #expect(try AmountUnit.gram.parse("12.5 t") == 12_500_000)
        #expect(try AmountUnit.gram.parse("12.5t") == 12_500_000)
        #expect(try AmountUnit.gram.parse("0.000001 t") == 1)
        #expect(try AmountUnit.gram.parse("800 kg") == 800_000)
        #expect(try AmountUnit.milligram.parse("1.234567 kg") == 1_234_567)
        // 0.1 + 0.2 style values that Double would round: exact here
        #expect(try AmountUnit.gram.parse("1629.4 t") == 1_629_400_000)
        #expect(AmountUnit.gram.format(1_629_400_000, in: "t") == "1629.4")
        #expect(AmountUnit.milligram.format(231_450_431, in: "kg") == "231.450431")
    }

    @Test func refusesInexactOrInvalidMasses() {
        #expect(throws: AmountError(text: "0.0000001 t", reason: "more decimals than one g, or too large; expected a whole number of g")) {
            try AmountUnit.gram.parse("0.0000001 t")
        }
        #expect(throws: AmountError(text: "5 mg", reason: "this product is booked in whole grams; give the mass in g, kg or t")) {
            try AmountUnit.gram.parse("5 mg")
        }
        #expect(throws: AmountError(text: "-1 t", reason: "expected a mass ≥ 0")) { try AmountUnit.gram.parse("-1 t") }
        #expect(throws: AmountError(text: "1e3", reason: "expected a decimal number such as 12.5")) { try AmountUnit.gram.parse("1e3 t") }
        #expect(throws: AmountError(text: "12", reason: "expected a unit: t, kg, g or mg")) { try AmountUnit.gram.parse("12") }
    }

    @Test func conversionFactorsRoundDown() throws {
        let yield = try ConversionFactor("0.97")
        #expect(yield.ppm == 970_000)
        #expect(yield.apply(to: 1_000_001) == 970_000)
        #expect(yield.apply(to: 1_629_496_098) == 1_580_611_215)
        #expect(yield.description == "0.97")
        #expect(throws: AmountError.self) { try ConversionFactor("1.2") }
        #expect(throws: AmountError.self) { try ConversionFactor("0.1234567") }
    }

    @Test func periodsFollowTheAprilFiscalYear() throws {
        #expect(try PeriodKind.month.period(containing: "2024-04-30") == "2024-04")
        #expect(try PeriodKind.quarter.period(containing: "2024-05-10") == "FY2024-Q1")
        #expect(try PeriodKind.quarter.period(containing: "2025-02-01") == "FY2024-Q4")
        #expect(try PeriodKind.fiscalYear.period(containing: "2025-03-31") == "FY2024")
        #expect(try PeriodKind.fiscalYear.period(containing: "2025-04-01") == "FY2025")
        #expect(try PeriodKind.month.next(after: "2024-12") == "2025-01")
        #expect(try PeriodKind.quarter.next(after: "FY2024-Q3") == "FY2024-Q4")
        #expect(try PeriodKind.quarter.next(after: "FY2024-Q4") == "FY2025-Q1")
        #expect(try PeriodKind.quarter.firstDay(of: "FY2024-Q4") == "2025-01-01")
        #expect(throws: LedgerError.invalidDate(date: "2024-13-01", reason: "expected YYYY-MM-DD")) { try PeriodKind.month.period(containing: "2024-13-01") }
    }

    @Test func canonicalJSONAndHashAreStable() throws {
        let value = JSONValue.object(["b": .string("x\"\n"), "a": .integer(-1), "c": .array([.bool(true), .null])])
        #expect(value.canonical == #"{"a":-1,"b":"x\"\n","c":[true,null]}"#)
        #expect(throws: (any Error).self) { try JSONValue.parse("{\"a\":1.5}") }
        // The envelope hashed for an event; the expected digest was computed independently (Python hashlib).
        let hash = HashChain.hash(seq: 1, id: "E000001", type: "add-site", timestamp: "2024-04-30T09:00:00Z", actor: "ops",
                                  payload: #"{"a":1,"b":"x"}"#, prevHash: HashChain.genesis)
        #expect(hash == "4f99c04c9f9254db4dccff3cb7d14789be65d8bfea8a2e525160f0eb0bf016ac")
    }

    @Test func lotReceiptsHoldExactContainedMass() throws {
        let lots = try LotCSV.load(Resources.url("sample-lots.csv"))
        let lot = try #require(lots.first { $0.id == "L24-04-001" })
        // 933.4 t × (1 − 0.98 %) × 18.031 % = 166 652 000.73 g → 166 652 000 g; Au 250.419 g/t → 231 450 431.87 mg
        let receipt = try LotReceipts.receipt(for: lot, site: "s1")
        #expect(receipt.elements["Cu"] == 166_652_000)
        #expect(receipt.elements["Au"] == 231_450_431)
        #expect(receipt.ringFencedFor == nil)
        let alpha = try #require(lots.first { $0.id == "L24-04-010" })
        // Ring fences are explicit (issue 9 point 6): the supplier's name alone fences nothing.
        #expect(try LotReceipts.receipt(for: alpha, site: "s1").ringFencedFor == nil)
        #expect(try LotReceipts.receipt(for: alpha, site: "s1", ringFences: [alpha.supplier: "Customer Alpha"]).ringFencedFor == "Customer Alpha")
    }

    @Test func deliveryCSVReportsLocatedErrors() throws {
        let text = """
            delivery_id,date,customer,site,product,mass[t]
            D1,2024-04-01,Alpha,s1,cu,12.5
            D2,2024-04-02,Beta,s1,cu,0.0000001
            D1,2024-04-03,Beta,s1,cu,1
            D4,2024-04-04,Beta,s1,zinc,1
            """
        let units: (String) -> AmountUnit? = { $0 == "cu" ? .gram : nil }
        do {
            _ = try DeliveryCSV.parse(text, file: "d.csv", unitOf: units)
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.map(\.description) == [
                "d.csv:3: column 6 (mass[t]): \"0.0000001 t\": more decimals than one g, or too large; expected a whole number of g",
                "d.csv:4: column 1 (delivery_id): delivery \"D1\" already appears on line 2",
                "d.csv:5: column 5 (product): unknown product \"zinc\"; add it with `circula ledger init` first",
            ])
        }
        let ok = try DeliveryCSV.parse("delivery_id,date,customer,site,product,mass[kg]\nD1,2024-04-01,Alpha,s1,cu,12.5\n", file: "d.csv", unitOf: units)
        #expect(ok.map(\.delivery.mass) == [12_500])
    }
}

@Suite("Strict JSON for hashing")
struct JSONParserTests {
    @Test func parsesEscapesAndUnicode() throws {
        let value = try JSONValue.parse(#" { "k\u00e9y" : ["a\"b\\c\/d\n", "\ud83d\ude00", "Saganoseki 佐賀関", -42, true, false, null] } "#)
        #expect(value == .object(["kéy": .array([.string("a\"b\\c/d\n"), .string("😀"), .string("Saganoseki 佐賀関"), .integer(-42), .bool(true), .bool(false), .null])]))
        #expect(value.canonical == #"{"kéy":["a\"b\\c/d\n","😀","Saganoseki 佐賀関",-42,true,false,null]}"#)
        #expect(try JSONValue.parse(value.canonical) == value)
    }

    @Test func refusesWhatCouldHashTwoWays() {
        for text in [#"{"a":1.5}"#, #"{"a":1e3}"#, #"{"a":1,"a":2}"#, #"{"a":1} x"#, #"{"a":"#, "[1,]"] {
            #expect(throws: (any Error).self, "\(text)") { try JSONValue.parse(text) }
        }
    }
}
