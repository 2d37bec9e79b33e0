import Foundation

extension LedgerEvent {
    /// The payload alone (without the case name) as a JSON value; the type is stored next to it.
    public func payload() throws -> JSONValue {
        switch self {
        case .initialize(let p): try JSONValue.from(p)
        case .addSite(let p): try JSONValue.from(p)
        case .addProduct(let p): try JSONValue.from(p)
        case .openAccount(let p): try JSONValue.from(p)
        case .receive(let p): try JSONValue.from(p)
        case .issueCredit(let p): try JSONValue.from(p)
        case .transfer(let p): try JSONValue.from(p)
        case .deliver(let p): try JSONValue.from(p)
        case .allocate(let p): try JSONValue.from(p)
        case .issueCertificate(let p): try JSONValue.from(p)
        case .closePeriod(let p): try JSONValue.from(p)
        case .correct(let p): try JSONValue.from(p)
        case .certificateStatus(let p): try JSONValue.from(p)
        case .assessVolume(let p): try JSONValue.from(p)
        case .bookCredit(let p): try JSONValue.from(p)
        case .transferCredit(let p): try JSONValue.from(p)
        case .retireCredit(let p): try JSONValue.from(p)
        case .recordInput(let p): try JSONValue.from(p)
        }
    }

    /// The payload's canonical text (what the chain hashes): written directly for the events every import and
    /// allocation appends (`JSONTextWritable`), else through the tree.
    public func canonicalPayload() throws -> String {
        switch self {
        case .receive(let p): p.jsonText(.ledger)
        case .issueCredit(let p): p.jsonText(.ledger)
        case .deliver(let p): p.jsonText(.ledger)
        case .allocate(let p): p.jsonText(.ledger)
        default: try payload().canonical
        }
    }

    /// Rebuilds an event from its stored type and payload text.
    /// - Throws: `LedgerError.invalidInput` naming the event type and the field when the payload does not decode
    ///   (an unknown element symbol, category or unit spelling, a missing field), so `verify` says what is wrong.
    public init(type: String, payload text: String) throws {
        try self.init(type: type, source: .text(text))
    }

    /// Rebuilds an event from its stored type and its payload as already parsed (`verify`'s chain check parsed it).
    init(type: String, parsedPayload tree: JSONValue) throws {
        try self.init(type: type, source: .tree(tree))
    }

    private enum PayloadSource { case text(String), tree(JSONValue) }

    private init(type: String, source: PayloadSource) throws {
        func d<T: Decodable>(_ t: T.Type) throws -> T {
            do {
                switch source {
                case .text(let text): return try JSONValue.decode(t, from: text)
                case .tree(let tree): return try JSONValue.decode(t, from: tree)
                }
            } catch let error as DecodingError {
                throw LedgerError.invalidInput("\(type) event: \(error.fieldDescription)")
            }
        }
        switch type {
        case "initialize": self = .initialize(try d(Setup.self))
        case "add-site": self = .addSite(try d(Site.self))
        case "add-product": self = .addProduct(try d(Product.self))
        case "open-account": self = .openAccount(try d(Account.self))
        case "receive": self = .receive(try d(Receipt.self))
        case "issue-credit": self = .issueCredit(try d(CreditIssue.self))
        case "transfer": self = .transfer(try d(Transfer.self))
        case "deliver": self = .deliver(try d(Delivery.self))
        case "allocate": self = .allocate(try d(Allocation.self))
        case "issue-certificate": self = .issueCertificate(try d(CertificateRecord.self))
        case "close-period": self = .closePeriod(try d(PeriodClose.self))
        case "correct": self = .correct(try d(Correction.self))
        case "certificate-status": self = .certificateStatus(try d(CertificateStatusChange.self))
        case "assess-volume": self = .assessVolume(try d(VolumeAssessment.self))
        case "book-credit": self = .bookCredit(try d(BookedCredit.self))
        case "transfer-credit": self = .transferCredit(try d(CreditTransfer.self))
        case "retire-credit": self = .retireCredit(try d(CreditRetirement.self))
        case "record-input": self = .recordInput(try d(PeriodInput.self))
        default: throw LedgerError.invalidInput("unknown event type \"\(type)\"")
        }
    }
}
