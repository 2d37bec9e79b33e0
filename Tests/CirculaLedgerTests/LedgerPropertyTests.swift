import CirculaCore
@testable import CirculaLedger
import Foundation
import PropertyBased
import Testing

/// Random sequences of receipts, credits, transfers, deliveries, allocations, closes and corrections (each seed from
/// swift-property-based drives a SplitMix64 generator, so a failure names its seed and replays exactly).
/// Properties after every event: balances never negative; credits never exceed receipt × factor; credits are
/// conserved (issued = remaining + claimed + expired); claims never exceed a delivery's mass; a refusal changes
/// nothing; replaying the accepted events reproduces the state exactly.
@Suite("Ledger properties")
struct LedgerPropertyTests {
    static let timestamp = "2024-04-24T23:06:40Z"

    @Test func randomSequencesKeepTheInvariants() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...Int.max)) { seed in
            var random = SplitMix64(seed: UInt64(seed))
            var state = LedgerState()
            var accepted: [(id: String, event: LedgerEvent)] = []
            for event in Fixture.setup() {
                let id = HashChain.eventID(seq: Int64(accepted.count + 1))
                accepted.append((id, (try? state.apply(event, id: id, recordedAt: Self.timestamp)) ?? event))
            }
            for _ in 0..<150 {
                let event = LedgerPropertyTests.randomEvent(&random, state: state, accepted: accepted.map(\.id))
                let id = HashChain.eventID(seq: Int64(accepted.count + 1))
                let before = state
                do {
                    let stored = try state.apply(event, id: id, recordedAt: Self.timestamp)
                    accepted.append((id, stored))
                } catch {
                    #expect(state == before, "refused \(event) (\(error)) but the state changed; seed \(seed)")
                }
                LedgerPropertyTests.checkInvariants(state, seed: seed)
            }
            var replayed = LedgerState()
            for (id, event) in accepted {
                do { try replayed.apply(event, id: id, recordedAt: Self.timestamp) } catch {
                    Issue.record("replay refused \(id): \(error); seed \(seed)")
                }
            }
            let replayedRows = try replayed.allRows(), rows = try state.allRows()
            #expect(replayedRows == rows, "replay differs; seed \(seed)")
        }
    }

    /// The same random sequences through real stores: every accepted event verifies, and the stored state equals
    /// the in-memory replay.
    @Test(arguments: [StoreKind.sqlite, .postgres])
    func randomSequencesThroughTheStore(_ kind: StoreKind) async throws {
        if kind == .postgres && postgresURL == nil { return }
        for seed in [UInt64(7), 2024, 90_210] {
            try await withDatabase(kind) { db in
                let ledger = try await Fixture.ledger(db)
                var random = SplitMix64(seed: seed)
                var ids = try await ledger.history().map(\.id)
                for _ in 0..<60 {
                    let state = try await ledger.fullState()
                    let event = LedgerPropertyTests.randomEvent(&random, state: state, accepted: ids)
                    if let stored = try? await ledger.append(event) { ids.append(stored.id) }
                }
                let report = try await ledger.verify()
                #expect(report.isValid, "seed \(seed): \(report)")
                LedgerPropertyTests.checkInvariants(try await ledger.fullState(), seed: Int(seed))
            }
        }
    }

    static func checkInvariants(_ state: LedgerState, seed: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        var issued: [String: Int64] = [:], accounted: [String: Int64] = [:]
        for account in state.accounts.values {
            #expect(account.balance >= 0, "account \(account.account.id) negative; seed \(seed)", sourceLocation: sourceLocation)
            let product = account.account.product
            for batch in account.batches {
                #expect(batch.remaining >= 0, "batch \(batch.id) negative; seed \(seed)", sourceLocation: sourceLocation)
                if !batch.id.contains(">") && !batch.reversed {
                    issued[product, default: 0] += batch.issued
                    let recycled = state.receipts[batch.lot]?.receipt.elements[batch.element] ?? 0
                    #expect(batch.issued <= account.account.factor.apply(to: recycled),
                            "batch \(batch.id) exceeds its receipt × factor; seed \(seed)", sourceLocation: sourceLocation)
                }
                accounted[product, default: 0] += batch.remaining + batch.claimed + batch.expired
            }
        }
        #expect(issued.filter { $0.value != 0 } == accounted.filter { $0.value != 0 }, "credits not conserved; seed \(seed)", sourceLocation: sourceLocation)
        for delivery in state.deliveries.values {
            #expect(delivery.claimed <= delivery.delivery.mass, "delivery \(delivery.delivery.delivery) over-claimed; seed \(seed)", sourceLocation: sourceLocation)
            #expect(delivery.claimed == delivery.allocations.reduce(0) { $0 + $1.amount }, sourceLocation: sourceLocation)
        }
    }

    /// One plausible (often valid, sometimes not) event for the fixture's sites, products and accounts.
    static func randomEvent(_ random: inout SplitMix64, state: LedgerState, accepted: [String]) -> LedgerEvent {
        let t = Fixture.t
        let accounts = ["pool", "pool2", "pool90", "alpha", "gold"]
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        func day() -> String { pick(["2024-04-0\(Int(random.next() % 9) + 1)", "2024-04-2\(Int(random.next() % 9) + 1)", "2024-05-1\(Int(random.next() % 9) + 1)", "2024-06-01"]) }
        func amount(_ scale: Int64) -> Int64 { Int64(random.next() % UInt64(scale)) + 1 }
        let lots = state.receipts.keys.sorted()
        let deliveries = state.deliveries.keys.sorted()
        switch random.next() % 10 {
        case 0, 1:
            let gold = random.next() % 4 == 0
            return .receive(Receipt(lot: "P\(random.next() % 40)", site: pick(["s1", "s2"]), supplier: "x", date: day(),
                                    category: pick([MaterialCategory.postConsumer, .preConsumer, .primary]),
                                    elements: gold ? ["Au": amount(5_000_000)] : ["Cu": amount(50 * t)],
                                    ringFencedFor: random.next() % 5 == 0 ? "Alpha" : nil))
        case 2, 3:
            guard !lots.isEmpty else { return .closePeriod(PeriodClose(period: "2024-04", rule: .carry)) }
            let lot = pick(lots), account = pick(accounts)
            let receipt = state.receipts[lot]?.receipt
            let element = receipt?.elements.keys.sorted().first ?? "Cu"
            let factor = state.accounts[account]?.account.factor ?? Fixture.f("0.97")
            let exact = factor.apply(to: receipt?.elements[element] ?? 0)
            return .issueCredit(CreditIssue(lot: lot, element: element, account: account, factor: factor, factorSource: "random",
                                            amount: random.next() % 8 == 0 ? exact + 1 : exact, date: day()))
        case 4:
            return .transfer(Transfer(from: pick(accounts), to: pick(accounts), amount: amount(20 * t), date: day()))
        case 5:
            return .deliver(Delivery(delivery: "PD\(random.next() % 30)", customer: pick(["Alpha", "Beta"]), site: pick(["s1", "s2"]),
                                     product: pick(["cu", "cu", "au"]), mass: amount(60 * t), date: day()))
        case 6, 7:
            guard !deliveries.isEmpty else { return .closePeriod(PeriodClose(period: "2024-04", rule: .carry)) }
            return .allocate(Allocation(delivery: pick(deliveries), account: pick(accounts), amount: amount(30 * t)))
        case 8:
            return .closePeriod(PeriodClose(period: pick(["2024-04", "2024-05", "2024-06"]), rule: pick([.carry, .carry, .expire])))
        default:
            // A correction of a random earlier event (most are refused: wrong type, subject or state).
            guard let target = accepted.randomElement(using: &random) else { return .closePeriod(PeriodClose(period: "2024-04", rule: .carry)) }
            let subject = pick(deliveries + lots + accounts + ["x"])
            return .correct(Correction(target: target, targetType: pick(CorrectionTarget.allCases), subject: subject, reason: "random"))
        }
    }
}

/// A small seeded generator (SplitMix64, Steele et al. 2014) so every sequence replays from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
