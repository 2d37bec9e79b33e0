@testable import CirculaLedger
import Foundation
import PropertyBased
import Testing

/// The random sequences of `LedgerPropertyTests` under ISCC PLUS, whose accounts may go below zero inside a period
/// (ISCC 203): after every event credits are conserved (issued = remaining + claimed + expired, the overdraft batch
/// counting its negative remaining), claims never exceed a delivery's mass, no account is below zero in a closed
/// period, a refusal changes nothing, and replay reproduces the state; through the stores, every history verifies.
@Suite("Overdraft properties")
struct OverdraftPropertyTests {
    static let timestamp = LedgerPropertyTests.timestamp

    /// The fixture's events under ISCC PLUS, every receipt and delivery with a document reference.
    static func setup() throws -> [LedgerEvent] {
        let iscc = try SchemeProfile.bundled("iscc-plus")
        var events = Fixture.setup().map(documented)
        events[0] = .initialize(Setup(company: "Test Smelting", periodKind: .month, maxPeriodMonths: 3, carryOver: .carry, scheme: iscc))
        return events
    }

    static func documented(_ event: LedgerEvent) -> LedgerEvent {
        switch event {
        case .receive(var r): if r.documents.isEmpty { r.documents = ["WB-\(r.lot)"] }; return .receive(r)
        case .deliver(var d): d.documents = ["DN-\(d.delivery)"]; return .deliver(d)
        default: return event
        }
    }

    static func checkInvariants(_ state: LedgerState, seed: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        var issued: [String: Int64] = [:], accounted: [String: Int64] = [:]
        let closed = Set(state.config?.closedPeriods ?? [])
        for account in state.accounts.values {
            for period in closed {
                #expect(account.available(in: period) == 0, "account \(account.account.id) holds credits in closed \(period); seed \(seed)", sourceLocation: sourceLocation)
            }
            for batch in account.batches {
                if batch.id.hasPrefix("overdraft:") {
                    #expect(batch.remaining <= 0 && batch.issued == 0, "overdraft batch \(batch.id) positive; seed \(seed)", sourceLocation: sourceLocation)
                } else {
                    #expect(batch.remaining >= 0, "batch \(batch.id) negative; seed \(seed)", sourceLocation: sourceLocation)
                }
                if !batch.id.contains(">") && !batch.reversed { issued[account.account.product, default: 0] += batch.issued }
                accounted[account.account.product, default: 0] += batch.remaining + batch.claimed + batch.expired
            }
        }
        #expect(issued.filter { $0.value != 0 } == accounted.filter { $0.value != 0 }, "credits not conserved; seed \(seed)", sourceLocation: sourceLocation)
        for delivery in state.deliveries.values {
            #expect(delivery.claimed <= delivery.delivery.mass, "delivery \(delivery.delivery.delivery) over-claimed; seed \(seed)", sourceLocation: sourceLocation)
        }
    }

    @Test func withinPeriodSequencesKeepTheInvariants() async throws {
        let setup = try Self.setup()
        await propertyCheck(count: 60, input: Gen.int(in: 0...Int.max)) { seed in
            var random = SplitMix64(seed: UInt64(seed))
            var state = LedgerState()
            var accepted: [(id: String, event: LedgerEvent)] = []
            for event in setup {
                let id = HashChain.eventID(seq: Int64(accepted.count + 1))
                accepted.append((id, try state.apply(event, id: id, recordedAt: Self.timestamp)))
            }
            for _ in 0..<150 {
                let event = Self.documented(LedgerPropertyTests.randomEvent(&random, state: state, accepted: accepted.map(\.id)))
                let id = HashChain.eventID(seq: Int64(accepted.count + 1))
                let before = state
                do {
                    accepted.append((id, try state.apply(event, id: id, recordedAt: Self.timestamp)))
                } catch {
                    #expect(state == before, "refused \(event) (\(error)) but the state changed; seed \(seed)")
                }
                Self.checkInvariants(state, seed: seed)
            }
            var replayed = LedgerState()
            for (id, event) in accepted {
                do { try replayed.apply(event, id: id, recordedAt: Self.timestamp) } catch { Issue.record("replay refused \(id): \(error); seed \(seed)") }
            }
            #expect(try replayed.allRows() == state.allRows(), "replay differs; seed \(seed)")
        }
    }

    /// Overdrafts do happen in these sequences (the property above is not vacuous), and their histories verify on
    /// both stores.
    @Test(arguments: [StoreKind.sqlite, .postgres]) func withinPeriodSequencesVerify(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        var sawOverdraft = false
        for seed in [UInt64(7), 2024, 90_210, 31_337] {
            try await withDatabase(kind) { db in
                let ledger = try await db.ledger()
                try await ledger.append(try Self.setup())
                var random = SplitMix64(seed: seed)
                var ids = try await ledger.history().map(\.id)
                for _ in 0..<80 {
                    let state = try await ledger.fullState()
                    let event = Self.documented(LedgerPropertyTests.randomEvent(&random, state: state, accepted: ids))
                    if let stored = try? await ledger.append(event) { ids.append(stored.id) }
                    if try await ledger.fullState().accounts.values.contains(where: { $0.balance < 0 }) { sawOverdraft = true }
                }
                let report = try await ledger.verify()
                #expect(report.isValid, "seed \(seed): \(report)")
                Self.checkInvariants(try await ledger.fullState(), seed: Int(seed))
            }
        }
        #expect(sawOverdraft, "no random sequence overdrew an account")
    }
}
