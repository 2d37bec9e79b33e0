import CirculaCore
@testable import CirculaLedger
import Foundation
import Testing

/// The tree coders (`JSONValueEncoder`, `JSONValueDecoder`) against the `JSONEncoder`/`JSONDecoder` route they
/// replace, on every event payload and every state row of real ledgers (a scheme ledger with closes and stock
/// flags, the worked example with corrections and carry-over, book and claim): the canonical text of each event
/// (its hash depends on it), the text of each row (stored rows must compare equal) and the decoded values must be
/// exactly those of Foundation's coders.
@Suite("Tree JSON coders equal Foundation's on every event and row")
struct JSONTreeCodingTests {
    /// Every character below U+0020 (backspace and form feed among them), quote, backslash, slash, DEL, é, 😀.
    static let hostile = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar($0)! })) + "\"\\/\u{7F}é😀"

    /// The old route's canonical text: `JSONEncoder` bytes parsed into a tree.
    static func foundationCanonical<T: Encodable>(_ value: T) throws -> String {
        try JSONValue.parse(String(decoding: JSONEncoder().encode(value), as: UTF8.self)).canonical
    }

    /// The old route's state row text.
    static func foundationRow<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Encodes both ways and decodes both ways; every result must agree.
    static func expectSame<T: Codable & Equatable>(_ value: T, row: Bool, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let tree = try JSONValueEncoder.encode(value)
        #expect(tree.canonical == (try foundationCanonical(value)), "canonical \(T.self)", sourceLocation: sourceLocation)
        if row { #expect(tree.serialized(.stateRows) == (try foundationRow(value)), "row \(T.self)", sourceLocation: sourceLocation) }
        if let writable = value as? any JSONTextWritable {
            #expect(writable.jsonText(.ledger) == tree.canonical, "direct canonical \(T.self)", sourceLocation: sourceLocation)
            if row { #expect(writable.jsonText(.stateRows) == (try foundationRow(value)), "direct row \(T.self)", sourceLocation: sourceLocation) }
        }
        let text = tree.canonical
        let fast = try JSONValueDecoder.decode(T.self, from: try JSONValue.parse(text))
        let slow = try JSONDecoder().decode(T.self, from: Data(text.utf8))
        #expect(fast == slow, "decoded \(T.self)", sourceLocation: sourceLocation)
        if let reader = T.self as? any JSONTreeDecodable.Type {
            let own = reader.init(tree: try JSONValue.parse(text)) as? T
            #expect(own == slow, "own tree reader \(T.self)", sourceLocation: sourceLocation)
        }
        #expect(fast == value, "round trip \(T.self)", sourceLocation: sourceLocation)
    }

    static func expectSame(_ event: LedgerEvent) throws {
        #expect(try event.canonicalPayload() == event.payload().canonical)
        switch event {
        case .initialize(let p): try expectSame(p, row: false)
        case .addSite(let p): try expectSame(p, row: false)
        case .addProduct(let p): try expectSame(p, row: false)
        case .openAccount(let p): try expectSame(p, row: false)
        case .receive(let p): try expectSame(p, row: false)
        case .issueCredit(let p): try expectSame(p, row: false)
        case .transfer(let p): try expectSame(p, row: false)
        case .deliver(let p): try expectSame(p, row: false)
        case .allocate(let p): try expectSame(p, row: false)
        case .issueCertificate(let p): try expectSame(p, row: false)
        case .closePeriod(let p): try expectSame(p, row: false)
        case .correct(let p): try expectSame(p, row: false)
        case .certificateStatus(let p): try expectSame(p, row: false)
        case .assessVolume(let p): try expectSame(p, row: false)
        case .bookCredit(let p): try expectSame(p, row: false)
        case .transferCredit(let p): try expectSame(p, row: false)
        case .retireCredit(let p): try expectSame(p, row: false)
        case .recordInput(let p): try expectSame(p, row: false)
        }
    }

    /// Every row of the state, typed by its key's kind; returns the kinds seen.
    static func expectSameRows(_ state: LedgerState) throws -> Set<String> {
        var kinds: Set<String> = []
        if let config = state.config { try expectSame(config, row: true); kinds.insert("config") }
        for v in state.sites.values { try expectSame(v, row: true); kinds.insert("site") }
        for v in state.products.values { try expectSame(v, row: true); kinds.insert("product") }
        for v in state.accounts.values {
            // An account row is its summary (no batches): compare the summaries, and each batch as its own row.
            let tree = try JSONValueEncoder.encode(v)
            #expect(tree.serialized(.stateRows) == (try foundationRow(v)))
            #expect(v.jsonText(.stateRows) == (try foundationRow(v)))
            #expect(try JSONValueDecoder.decode(AccountState.self, from: tree) == JSONDecoder().decode(AccountState.self, from: Data(tree.canonical.utf8)))
            for batch in v.batches { try expectSame(batch, row: true); kinds.insert("batch") }
            kinds.insert("account")
        }
        for v in state.receipts.values { try expectSame(v, row: true); kinds.insert("receipt") }
        for v in state.deliveries.values { try expectSame(v, row: true); kinds.insert("delivery") }
        for v in state.certificates.values { try expectSame(v, row: true); kinds.insert("certificate") }
        for v in state.certificateStatus.values { try expectSame(v, row: true); kinds.insert("certificate-status") }
        for (key, text) in try state.allRows() where ["booked-credit:", "assessment:", "input:"].contains(where: key.hasPrefix) {
            let kind = String(key.prefix(while: { $0 != ":" }))
            switch kind {
            case "booked-credit": try expectSame(try JSONDecoder().decode(BookedCreditState.self, from: Data(text.utf8)), row: true)
            case "assessment": try expectSame(try JSONDecoder().decode(AssessmentState.self, from: Data(text.utf8)), row: true)
            default: try expectSame(try JSONDecoder().decode(InputTally.self, from: Data(text.utf8)), row: true)
            }
            kinds.insert(kind)
        }
        return kinds
    }

    @Test("every event and row of three real ledgers: same text, same values")
    func realLedgers() async throws {
        let t = Fixture.t
        var types: Set<String> = [], kinds: Set<String> = []
        try await withDatabase(.sqlite) { db in
            // The worked example: corrections, a carry-over close, a ring-fenced account.
            let ledger = try await Fixture.ledger(db)
            try await ledger.append(Fixture.allocate("D1", "pool", 50 * t))
            let wrong = try await ledger.append(Fixture.allocate("D3", "pool", 30 * t))
            try await ledger.correct(target: wrong.id, reason: "booked to the wrong delivery \(Self.hostile)")
            try await ledger.append(Fixture.allocate("D2", "alpha", 9_700_000))
            try await ledger.append(.transfer(Transfer(from: "pool", to: "pool2", amount: 5 * t, date: "2024-04-26")))
            try await ledger.append(.closePeriod(PeriodClose(period: "2024-04", rule: .carry)))
            for event in try await ledger.history() { try Self.expectSame(try event.event()); types.insert(event.type) }
            kinds.formUnion(try Self.expectSameRows(try await ledger.fullState()))
        }
        try await withDatabase(.sqlite) { db in
            // A scheme ledger: the whole profile in the config, documents, a close with physical stock and flags.
            let ledger = try await SchemeFixture.ledger(db, "iscc-plus")
            try await ledger.append([SchemeFixture.receive("L1", 100 * t), SchemeFixture.credit("L1", 100 * t), SchemeFixture.deliver("D1", 50 * t)])
            try await ledger.append(Fixture.allocate("D1", "pool", 40 * t))
            try await ledger.append(try await SchemeFixture.close(ledger, "2024-04", physical: ["cu": 1 * t]))
            for event in try await ledger.history() { try Self.expectSame(try event.event()); types.insert(event.type) }
            kinds.formUnion(try Self.expectSameRows(try await ledger.fullState()))
        }
        try await withDatabase(.sqlite) { db in
            let ledger = try await SchemeFixture.ledger(db, "untp-book-and-claim")
            try await ledger.append([
                .assessVolume(VolumeAssessment(period: "2024-04", product: "cu", volume: 100 * t, certifier: "CB Ltd", document: "AR-1")),
                .bookCredit(BookedCredit(credit: "BC-1", product: "cu", amount: 10 * t, date: "2024-04-10")),
                .bookCredit(BookedCredit(credit: "BC-2", product: "cu", amount: 10 * t, date: "2024-04-10")),
            ])
            try await ledger.append(.transferCredit(CreditTransfer(credit: "BC-1", to: "Beta", date: "2024-04-11")))
            try await ledger.append(.retireCredit(CreditRetirement(credit: "BC-1", beneficiary: "Beta", date: "2024-04-13")))
            for event in try await ledger.history() { try Self.expectSame(try event.event()); types.insert(event.type) }
            kinds.formUnion(try Self.expectSameRows(try await ledger.fullState()))
        }
        #expect(types.isSuperset(of: ["initialize", "add-site", "add-product", "open-account", "receive", "issue-credit", "transfer",
                                      "deliver", "allocate", "close-period", "correct", "assess-volume", "book-credit",
                                      "transfer-credit", "retire-credit"]), "\(types.sorted())")
        #expect(kinds.isSuperset(of: ["config", "site", "product", "account", "batch", "receipt", "delivery", "booked-credit", "assessment"]),
                "\(kinds.sorted())")
    }

    @Test("hostile text in every string position: control characters, quotes, astral letters")
    func hostileStrings() throws {
        let h = Self.hostile
        try Self.expectSame(Site(id: h, name: h), row: true)
        try Self.expectSame(CertificateRecord(certificate: h, delivery: h, keyId: h, bodyHash: h, supersedes: h, reason: h), row: true)
        try Self.expectSame(CertificateRecord(certificate: "C", delivery: "D", keyId: "k", bodyHash: "00"), row: true)
        try Self.expectSame(Allocation(delivery: h, account: h, amount: Int64.min, draws: [h: Int64.max, "😀": 1, "\u{FF61}": -1]), row: true)
        try Self.expectSame(Receipt(lot: h, site: h, supplier: h, date: h, category: .preConsumer, origin: .runAround, documents: [h, ""],
                                    evidence: h, elements: ["Au": 1, "Cu": Int64.max], ringFencedFor: h), row: true)
        try Self.expectSame(PeriodClose(period: h, rule: .expire, physicalStock: [h: 0], stockFlags: []), row: true)
        try Self.expectSame(CreditIssue(lot: h, element: "Au", account: h, factor: try ConversionFactor("0.95"), factorSource: h, amount: 7, date: h), row: true)
        try Self.expectSame(Delivery(delivery: h, customer: h, site: h, product: h, mass: 1, date: h, documents: [h]), row: true)
        try Self.expectSame(Delivery(delivery: "D", customer: "C", site: "s", product: "p", mass: 1, date: "2024-04-01"), row: true)
        try Self.expectSame(Account(id: h, site: h, product: h, factor: try ConversionFactor("1"), ringFencedFor: h), row: true)
        try Self.expectSame(DeliveryState(delivery: Delivery(delivery: h, customer: h, site: h, product: h, mass: 1, date: h), period: h, claimed: 3,
                                          allocations: [AllocationState(event: h, account: h, amount: 1, draws: [h: 1, "B": 2]),
                                                        AllocationState(event: "E", account: "a", amount: 2, draws: [:])],
                                          certificates: [h, "C"], reversed: true), row: true)
        try Self.expectSame(ReceiptState(receipt: Receipt(lot: h, site: h, supplier: h, date: h, category: .postConsumer, elements: [:]),
                                         credited: ["Cu": h, "Au": "E1"], reversed: true), row: true)
        var batch = CreditBatch(id: h, period: h, lot: h, element: "Te", issued: Int64.max, remaining: Int64.min)
        batch.claimed = 1; batch.transferredOut = 2; batch.carriedOut = 3; batch.expired = 4; batch.reversed = true; batch.ordinal = 5
        try Self.expectSame(batch, row: true)
        // An account summary whose sum is beyond 64 bits is written as a decimal string, both ways.
        var account = AccountState(account: Account(id: h, site: "s", product: "p", factor: try ConversionFactor("0.5")))
        account.batches.available = ["2024-04": Int128(Int64.max) * 3, "2024-05": 5]
        account.batches.totalCount = 9
        #expect(account.jsonText(.stateRows) == (try Self.foundationRow(account)))
        #expect(try JSONValueDecoder.decode(AccountState.self, from: try JSONValue.parse(account.jsonText(.stateRows))) == account)
    }

    /// Each variant of `value`'s tree with one field removed, nulled or of another type: the type's own tree reader
    /// must refuse every one `JSONDecoder` refuses, and read the others as it does.
    static func expectStrict<T: Codable & Equatable & JSONTreeDecodable>(_ value: T, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        guard case .object(let fields) = try JSONValueEncoder.encode(value) else { Issue.record("not an object"); return }
        var variants: [JSONValue] = []
        for key in fields.keys {
            var removed = fields; removed[key] = nil; variants.append(.object(removed))
            for other in [JSONValue.null, .integer(1), .string("x"), .bool(true), .array([.integer(1)]), .object(["Cu": .string("x")])] {
                var changed = fields; changed[key] = other; variants.append(.object(changed))
            }
        }
        variants.append(.object(fields.merging(["unknownExtra": .integer(1)]) { a, _ in a }))
        for variant in variants {
            let own = T(tree: variant)
            let slow = try? JSONDecoder().decode(T.self, from: Data(variant.canonical.utf8))
            if slow == nil { #expect(own == nil, "accepted what JSONDecoder refuses: \(variant.canonical)", sourceLocation: sourceLocation) }
            if let own { #expect(own == slow, "read differently: \(variant.canonical)", sourceLocation: sourceLocation) }
        }
    }

    @Test("the own tree readers refuse exactly what JSONDecoder refuses")
    func treeReadersAreStrict() throws {
        let t = Fixture.t
        try Self.expectStrict(Receipt(lot: "L", site: "s", supplier: "S", date: "2024-04-01", category: .postConsumer, documents: ["WB"],
                                      evidence: "e", elements: ["Cu": t], ringFencedFor: "Alpha"))
        try Self.expectStrict(ReceiptState(receipt: Receipt(lot: "L", site: "s", supplier: "S", date: "2024-04-01", category: .preConsumer, elements: [:]),
                                           credited: ["Cu": "E1"], reversed: false))
        try Self.expectStrict(CreditBatch(id: "E1", period: "2024-04", lot: "L", element: "Cu", issued: 5, remaining: 4))
        try Self.expectStrict(Account(id: "a", site: "s", product: "p", factor: try ConversionFactor("0.97"), ringFencedFor: "Alpha"))
        try Self.expectStrict(Delivery(delivery: "D", customer: "C", site: "s", product: "p", mass: 1, date: "2024-04-01", documents: ["DN"]))
        try Self.expectStrict(AllocationState(event: "E", account: "a", amount: 2, draws: ["E1": 2]))
        try Self.expectStrict(DeliveryState(delivery: Delivery(delivery: "D", customer: "C", site: "s", product: "p", mass: 1, date: "2024-04-01"),
                                            period: "2024-04", claimed: 1, allocations: [AllocationState(event: "E", account: "a", amount: 1, draws: [:])]))
        try Self.expectStrict(CreditIssue(lot: "L", element: "Cu", account: "a", factor: try ConversionFactor("0.97"), factorSource: "y", amount: 1, date: "2024-04-01"))
        try Self.expectStrict(Allocation(delivery: "D", account: "a", amount: 1, draws: ["E1": 1]))
        var account = AccountState(account: Account(id: "a", site: "s", product: "p", factor: try ConversionFactor("0.5")))
        account.batches.available = ["2024-04": 5]
        account.batches.totalCount = 1
        try Self.expectStrict(account)
    }

    @Test("a failure says exactly what JSONDecoder says, naming the field")
    func failuresKeepTheirMessages() throws {
        let cases = [
            #"{"id":"s1"}"#, // missing field
            #"{"id":1,"name":"x"}"#, // wrong type
            #"{"id":null,"name":"x"}"#, // null
        ]
        for text in cases {
            var fast = "", slow = ""
            do { _ = try JSONValue.decode(Site.self, from: text) } catch let e as DecodingError { fast = e.fieldDescription }
            do { _ = try JSONDecoder().decode(Site.self, from: Data(text.utf8)) } catch let e as DecodingError { slow = e.fieldDescription }
            #expect(!fast.isEmpty && fast == slow, "\(text): \(fast) vs \(slow)")
        }
        // A receipt's element key that is not a symbol names the field, through the tree route too.
        let receipt = #"{"category":"post-consumer","date":"2024-04-02","documents":[],"elements":{"Xx":1},"evidence":"","lot":"L","origin":"external","site":"s1","supplier":"S"}"#
        #expect(throws: DecodingError.self) { try JSONValueDecoder.decode(Receipt.self, from: try JSONValue.parse(receipt)) }
        // Integers beyond the type's range are an error, never a trap.
        #expect(throws: DecodingError.self) { try JSONValueDecoder.decode(Int32.self, from: .integer(Int64.max)) }
        #expect(throws: EncodingError.self) { try JSONValueEncoder.encode(UInt64.max) }
        #expect(throws: EncodingError.self) { try JSONValueEncoder.encode(0.5) }
        #expect(throws: (any Error).self) { try JSONValue.parse("92233720368547758070") }
        #expect(try JSONValue.parse("-9223372036854775808") == .integer(Int64.min))
    }
}
