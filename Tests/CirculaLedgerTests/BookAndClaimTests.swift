import CirculaCore
import CirculaLedger
import Foundation
import Testing

/// UNTP book and claim on a real ledger (SQLite and PostgreSQL): credits booked up to the certifier's assessed
/// volume, a credit id transferred once and retired once, never for two buyers; unretired credits expire at close.
@Suite("Book and claim")
struct BookAndClaimTests {
    static let stores = [StoreKind.sqlite, .postgres]
    let t = SchemeFixture.t

    func assess(_ volume: Int64, period: String = "2024-04") -> LedgerEvent {
        .assessVolume(VolumeAssessment(period: period, product: "cu", volume: volume, certifier: "CB Ltd", document: "AR-\(period)"))
    }

    func book(_ id: String, _ amount: Int64, date: String = "2024-04-10") -> LedgerEvent {
        .bookCredit(BookedCredit(credit: id, product: "cu", amount: amount, date: date))
    }

    @Test(arguments: stores) func bookingIsCappedByTheAssessedVolume(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        try await withDatabase(kind) { db in
            let ledger = try await SchemeFixture.ledger(db, "untp-book-and-claim")
            try await expectRefusal(ledger, book("BC-1", t), LedgerError.noAssessedVolume(period: "2024-04", product: "cu").description)
            let volume = 100 * t
            try await ledger.append(assess(volume))
            try await expectRefusal(ledger, assess(volume), "assessed volume (event E000008) of period and product \"2024-04:cu\" already exists")
            try await ledger.append([book("BC-1", 60 * t), book("BC-2", volume - 60 * t)])
            try await expectRefusal(ledger, book("BC-3", 1),
                                    LedgerError.bookingCapExceeded(period: "2024-04", product: "cu", volume: volume, booked: volume, requested: 1, unit: .gram).description)
            try await expectRefusal(ledger, book("BC-1", 1), "credit (booked by event E000009) \"BC-1\" already exists")
            // The cap is per period: May has no assessment yet.
            try await expectRefusal(ledger, book("BC-3", 1, date: "2024-05-02"), LedgerError.noAssessedVolume(period: "2024-05", product: "cu").description)
            #expect(try await ledger.verify().isValid)
        }
    }

    @Test(arguments: stores) func aCreditIsTransferredOnceAndRetiredOnce(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        try await withDatabase(kind) { db in
            let ledger = try await SchemeFixture.ledger(db, "untp-book-and-claim")
            try await ledger.append([assess(100 * t), book("BC-1", 10 * t), book("BC-2", 10 * t)])
            let transfer = try await ledger.append(.transferCredit(CreditTransfer(credit: "BC-1", to: "Beta", date: "2024-04-11")))
            try await expectRefusal(ledger, .transferCredit(CreditTransfer(credit: "BC-1", to: "Gamma", date: "2024-04-12")),
                                    LedgerError.creditAlreadyTransferred(credit: "BC-1", to: "Beta", event: transfer.id).description)
            try await expectRefusal(ledger, .retireCredit(CreditRetirement(credit: "BC-1", beneficiary: "Gamma", date: "2024-04-12")),
                                    LedgerError.creditHeldByOther(credit: "BC-1", holder: "Beta", beneficiary: "Gamma").description)
            let retire = try await ledger.append(.retireCredit(CreditRetirement(credit: "BC-1", beneficiary: "Beta", date: "2024-04-13")))
            // Never to two buyers: a second retirement, for anyone, is refused; so is a transfer after it.
            for beneficiary in ["Beta", "Gamma"] {
                try await expectRefusal(ledger, .retireCredit(CreditRetirement(credit: "BC-1", beneficiary: beneficiary, date: "2024-04-14")),
                                        LedgerError.creditAlreadyRetired(credit: "BC-1", beneficiary: "Beta", event: retire.id).description)
            }
            try await expectRefusal(ledger, .transferCredit(CreditTransfer(credit: "BC-2", to: "", date: "2024-04-14")), "buyer must not be empty")
            try await expectRefusal(ledger, .retireCredit(CreditRetirement(credit: "BC-9", beneficiary: "Beta", date: "2024-04-14")),
                                    LedgerError.unknown(kind: "credit", id: "BC-9").description)
            // A credit the company still holds is retired for its own customer directly.
            try await ledger.append(.retireCredit(CreditRetirement(credit: "BC-2", beneficiary: "Delta", date: "2024-04-14")))
            #expect(try await ledger.verify().isValid)
        }
    }

    /// UNTP book and claim: a credit belongs to its assessment period; unretired credits expire at its close.
    @Test(arguments: stores) func unretiredCreditsExpireAtClose(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        try await withDatabase(kind) { db in
            let ledger = try await SchemeFixture.ledger(db, "untp-book-and-claim")
            try await ledger.append([assess(100 * t), book("BC-1", 10 * t), book("BC-2", 10 * t)])
            try await ledger.append(.retireCredit(CreditRetirement(credit: "BC-1", beneficiary: "Beta", date: "2024-04-13")))
            try await ledger.append(try await SchemeFixture.close(ledger, "2024-04"))
            try await expectRefusal(ledger, .retireCredit(CreditRetirement(credit: "BC-2", beneficiary: "Beta", date: "2024-05-02")),
                                    LedgerError.creditExpired(credit: "BC-2", period: "2024-04").description)
            let state = try await ledger.fullState()
            #expect(state.schemeRows.bookedCredits["BC-1"]?.expired == false)
            #expect(state.schemeRows.bookedCredits["BC-2"]?.expired == true)
            // Booking into the closed period is refused by the period rule.
            try await expectRefusal(ledger, assess(t, period: "2024-04"),
                                    LedgerError.periodClosed(period: "2024-04", what: "assessing the volume of cu").description)
            #expect(try await ledger.verify().isValid)
        }
    }

    /// Book-and-claim events are refused on a mass-balance ledger.
    @Test func massBalanceLedgersRefuseBooking() async throws {
        try await withDatabase(.sqlite) { db in
            let ledger = try await SchemeFixture.ledger(db, "untp-mass-balance")
            let mb = try SchemeFixture.profile("untp-mass-balance")
            try await expectRefusal(ledger, assess(t),
                                    LedgerError.claimMethodNotAllowed(event: "assess-volume for cu in 2024-04", method: .credit, scheme: mb.name,
                                                                      clause: mb.claimMethod.clause).description)
            try await expectRefusal(ledger, book("BC-1", t),
                                    LedgerError.claimMethodNotAllowed(event: "book-credit BC-1", method: .credit, scheme: mb.name,
                                                                      clause: mb.claimMethod.clause).description)
        }
    }
}
