import CirculaCore
import CirculaLedger
import CirculaTestSupport
import Foundation
import Testing

/// The ledger model's typed fields (`Element`, `MaterialCategory`, `AmountUnit`) are stored by their old string
/// spellings, so the canonical event JSON is byte for byte what it was; a stored spelling outside the vocabulary is
/// a typed error naming the field, and `verify` reports it on the event instead of crashing.
@Suite("Typed ledger model")
struct TypedModelTests {
    static let t: Int64 = 1_000_000

    @Test("typed receipts, products and credits give the canonical payloads written out by hand")
    func canonicalPayloadsAreUnchanged() throws {
        let receipt = LedgerEvent.receive(Receipt(lot: "L-1", site: "s1", supplier: "Collector", date: "2024-04-02", category: .postConsumer,
                                                  documents: ["BL-1"], evidence: "assay A-1", elements: ["Cu": 12_500_000, "Au": 1_200],
                                                  ringFencedFor: "Alpha"))
        #expect(try receipt.payload().canonical == #"{"category":"post-consumer","date":"2024-04-02","documents":["BL-1"],"elements":{"Au":1200,"Cu":12500000},"evidence":"assay A-1","lot":"L-1","origin":"external","ringFencedFor":"Alpha","site":"s1","supplier":"Collector"}"#)
        let product = LedgerEvent.addProduct(Product(id: "au", element: "Au", form: "bar", unit: .milligram))
        #expect(try product.payload().canonical == #"{"element":"Au","form":"bar","id":"au","unit":"mg"}"#)
        let credit = LedgerEvent.issueCredit(CreditIssue(lot: "R3", element: "Au", account: "gold", factor: ConversionFactor(ppm: 950_000),
                                                         factorSource: "test yield", amount: 1_900_000, date: "2024-04-05"))
        #expect(try credit.payload().canonical == #"{"account":"gold","amount":1900000,"date":"2024-04-05","element":"Au","factor":950000,"factorSource":"test yield","lot":"R3"}"#)
        for event in [receipt, product, credit] {
            #expect(try LedgerEvent(type: event.type, payload: event.payload().canonical) == event)
        }
    }

    @Test("a stored payload with a spelling outside the vocabulary is refused naming the event type and the field")
    func unknownSpellingsAreTypedErrors() throws {
        let receipt = #"{"category":"post-consumer","date":"2024-04-02","documents":[],"elements":{"Cu":5,"Xq":1},"evidence":"","lot":"L","origin":"external","site":"s1","supplier":"S"}"#
        #expect(message { try LedgerEvent(type: "receive", payload: receipt) }
            .hasPrefix(#"receive event: field elements: key "Xq" is not an element symbol; expected a symbol of the periodic table such as Cu or Au."#))
        let category = receipt.replacingOccurrences(of: #""Xq":1"#, with: #""Au":1"#).replacingOccurrences(of: "post-consumer", with: "recycled")
        #expect(throws: LedgerError.invalidInput(#"receive event: field category: "recycled": expected one of primary, pre-consumer, post-consumer"#)) {
            try LedgerEvent(type: "receive", payload: category)
        }
        // A symbol in another case is not the stored spelling: refused, with the symbol it resembles.
        let lowerCase = message { try LedgerEvent(type: "add-product", payload: #"{"element":"cu","form":"cathode","id":"cu","unit":"g"}"#) }
        #expect(lowerCase.hasPrefix(#"add-product event: field element: "cu" is not an element symbol; expected a symbol of the periodic table such as Cu or Au. Did you mean Cu?"#), "\(lowerCase)")
        #expect(throws: LedgerError.invalidInput(#"add-product event: field unit: "kg": expected one of g, mg"#)) {
            try LedgerEvent(type: "add-product", payload: #"{"element":"Cu","form":"cathode","id":"cu","unit":"kg"}"#)
        }
        #expect(throws: LedgerError.invalidInput(#"issue-credit event: field element: expected a string"#)) {
            try LedgerEvent(type: "issue-credit", payload: #"{"account":"a","amount":1,"date":"2024-04-05","element":29,"factor":1,"factorSource":"s","lot":"L"}"#)
        }
        #expect(throws: LedgerError.invalidInput(#"receive event: field origin: "\u{1B}[31m": expected one of external, run-around, ore-by-product"#)) {
            try LedgerEvent(type: "receive", payload: receipt.replacingOccurrences(of: #""Xq":1"#, with: #""Au":1"#).replacingOccurrences(of: "external", with: #"\u001b[31m"#))
        }
        #expect(throws: LedgerError.invalidInput(#"correct event: field targetType: "delete": expected one of allocate, issue-credit, deliver, receive"#)) {
            try LedgerEvent(type: "correct", payload: #"{"reason":"r","subject":"L","target":"E000001","targetType":"delete"}"#)
        }
    }

    @Test("typed inputs refuse what is not in the vocabulary, naming the field and every spelling expected")
    func vocabularyParsing() throws {
        #expect(try MaterialCategory.parse("pre-consumer", field: "category") == .preConsumer)
        #expect(throws: VocabularyError(field: "category", found: "Post-Consumer", expected: ["primary", "pre-consumer", "post-consumer"])) {
            try MaterialCategory.parse("Post-Consumer", field: "category")
        }
        #expect(VocabularyError(field: "--unit", found: "kg", expected: AmountUnit.spellings).description == #"--unit "kg": expected one of g, mg"#)
        #expect(try PeriodicTable.standard.element(symbol: "Au").z == 79)
        #expect(throws: ElementError.self) { try PeriodicTable.standard.element(symbol: "gold") }
        #expect(message { try PeriodicTable.standard.element(symbol: "gold") }.hasPrefix(#""gold" is not an element symbol"#))
    }

    /// A receipt rewritten to an unknown element, with every hash from there on recomputed: the chain is consistent,
    /// and verify names the event and the field instead of trapping on the symbol.
    static func verifyNamesTheField(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { db in
            let ledger = try await Fixture.ledger(db)
            var events = try await ledger.store.events(after: 0, limit: 1000)
            guard let index = events.firstIndex(where: { $0.type == "receive" && $0.payload.contains(#""lot":"R1""#) }) else {
                Issue.record("the fixture has no receipt R1"); return
            }
            let target = events[index].id
            events[index].payload = events[index].payload.replacingOccurrences(of: #"{"Cu":"#, with: #"{"Xq":"#)
            #expect(events[index].payload.contains(#""elements":{"Xq":100000000}"#))
            var previous = index == 0 ? HashChain.genesis : events[index - 1].hash
            for i in index..<events.count {
                events[i].prevHash = previous
                events[i].hash = HashChain.hash(seq: events[i].seq, id: events[i].id, type: events[i].type, timestamp: events[i].timestamp,
                                                actor: events[i].actor, payload: events[i].payload, prevHash: events[i].prevHash)
                previous = events[i].hash
            }
            let table = kind == .sqlite ? "events" : "ledger_events"
            for e in events[index...] {
                try await db.tamper("UPDATE \(table) SET payload = '\(e.payload)', prev_hash = '\(e.prevHash)', hash = '\(e.hash)' WHERE seq = \(e.seq)")
            }
            if kind == .postgres { try await db.tamper("UPDATE ledger_head SET hash = '\(previous)' WHERE id = 1") }
            let report = try await ledger.verify()
            #expect(report.firstBroken?.event == target)
            let reason = report.firstBroken?.reason ?? "valid"
            #expect(reason.hasPrefix(#"replay refused it: receive event: field elements: key "Xq" is not an element symbol; expected a symbol of the periodic table such as Cu or Au."#), "\(reason)")
        }
    }

    @Test("verify on SQLite names the event and field of an unknown stored element")
    func verifySQLite() async throws { try await Self.verifyNamesTheField(.sqlite) }

    @Test("verify on PostgreSQL names the event and field of an unknown stored element", .enabled(if: postgresURL != nil, "set CIRCULA_TEST_POSTGRES_URL"))
    func verifyPostgres() async throws { try await Self.verifyNamesTheField(.postgres) }
}

/// The description of the error `body` throws ("no error" when it does not throw).
func message(_ body: () throws -> Any) -> String {
    do { _ = try body(); return "no error" } catch { return "\(error)" }
}

/// The CLI reads elements and categories as typed values: a text outside the vocabulary is refused with the option
/// and what was expected, and records nothing.
@Suite("circula ledger typed options (subprocess)", .enabled(if: CLI.isBuilt, "build the circula binary first"))
struct TypedOptionsCLITests {
    @Test func typedOptions() throws {
        let cli = try CLI()
        defer { cli.remove() }
        var r = try cli.run("ledger", "init", "--site", "s1=Smelter", "--product", "cu=Cu:cathode", "--account", "pool=s1:cu:0.97")
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run("ledger", "init", "--product", "bad=copper:cathode")
        #expect(r.status == 1 && r.err.contains(#"product bad: "copper" is not an element symbol such as Cu or Au"#), "\(r.err)")
        r = try cli.run("ledger", "receive", "--site", "s1", "--lot", "L1", "--supplier", "x", "--date", "2024-04-02",
                        "--category", "post-consumer", "--mass", "cu=10t")
        #expect(r.status == 1 && r.err.contains(#"--mass cu: "cu" is not an element symbol"#) && r.err.contains("Did you mean Cu?"), "\(r.err)")
        r = try cli.run("ledger", "receive", "--site", "s1", "--lot", "L1", "--supplier", "x", "--date", "2024-04-02",
                        "--category", "recycled", "--mass", "Cu=10t")
        #expect(r.status != 0 && r.err.contains("recycled") && r.err.contains("post-consumer"), "\(r.err)")
        // A hostile symbol is shown escaped, never sent to the terminal.
        r = try cli.run("ledger", "receive", "--site", "s1", "--lot", "L1", "--supplier", "x", "--date", "2024-04-02",
                        "--category", "post-consumer", "--mass", "\u{1B}[2J=10t")
        #expect(r.status == 1 && r.err.contains(#""\u{1B}[2J" is not an element symbol"#) && !r.err.contains("\u{1B}"), "\(r.err)")
        r = try cli.run("ledger", "issue", "--all", "--element", "Kk", "--factor", "0.97", "--source", "test")
        #expect(r.status != 0 && r.err.contains(#""Kk" is not an element symbol"#), "\(r.err)")
        // Nothing of the refused commands was recorded: the ledger holds the init events only.
        r = try cli.run("ledger", "history", "--format", "csv")
        // (Whole words of the "what" column: a 12-digit hash prefix may itself spell "bad".)
        #expect(r.status == 0 && !r.out.contains(",receive,") && !r.out.contains("product bad"), "\(r.out)")
    }
}
