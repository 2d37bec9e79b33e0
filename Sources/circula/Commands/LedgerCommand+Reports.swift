import ArgumentParser
import CirculaCore
import CirculaLedger
import CirculaWorkspace
import Foundation

extension LedgerCommand {
    struct Balance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Credits available per account and period.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: FormatOption

        struct Row: Encodable {
            var account: String, site: String, product: String, factor: String, ring_fenced_for: String?
            var period: String, available: String, unit: String
        }

        func run() async throws {
            try await store.withLedger { ledger in
                let rows = try await Workspace.accountBalances(in: ledger).map { b in
                    Row(account: b.account.id, site: b.account.site, product: b.account.product, factor: b.account.factor.description,
                        ring_fenced_for: b.account.ringFencedFor, period: b.period, available: plain(b.available, b.unit), unit: b.unit.displayUnit)
                }
                var table = TextTable(["account", "site", "product", "factor", "ring-fenced for", "period", "available", "unit"], rightAligned: [3, 6])
                for r in rows { table.add([r.account, r.site, r.product, r.factor, r.ring_fenced_for ?? "(pool)", r.period, r.available, r.unit]) }
                switch output.format {
                case .json: print(try jsonString(rows))
                case .csv: print(table.csv())
                case .table: print(table.render())
                }
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The event history with its hash chain.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: FormatOption
        @Option(help: "Start after this sequence number.") var after: Int64 = 0
        @Option(help: "At most this many events; when more follow, stderr says `more: …` with the --after to continue.") var limit: Int = 100
        @Flag(help: "Every event after --after, however many (for an audit trail; see also `ledger export`).") var all = false

        struct Row: Encodable {
            var seq: Int64, id: String, type: String, timestamp: String, actor: String, summary: String, payload: JSONValue, prev_hash: String, hash: String
        }

        func run() async throws {
            try await store.withLedger { ledger in
                var page = try await Workspace.history(after: after, limit: all ? 1000 : max(0, limit) + 1, in: ledger)
                var events = page.events
                var more = false
                if all {
                    while page.events.count == 1000, let last = events.last {
                        page = try await Workspace.history(after: last.seq, limit: 1000, in: ledger)
                        events += page.events
                    }
                } else {
                    // One past the limit tells whether the listing stops early; it is never silent about it.
                    more = events.count > max(0, limit)
                    events = Array(events.prefix(max(0, limit)))
                }
                let units = UnitLookup(page.units)
                switch output.format {
                case .json:
                    print(try jsonString(try events.map {
                        Row(seq: $0.seq, id: $0.id, type: $0.type, timestamp: $0.timestamp, actor: $0.actor, summary: summary($0, units: units),
                            payload: try JSONValue.parse($0.payload), prev_hash: $0.prevHash, hash: $0.hash)
                    }))
                case .csv, .table:
                    var table = TextTable(["seq", "id", "type", "timestamp", "actor", "hash", "what"], rightAligned: [0])
                    for e in events { table.add(["\(e.seq)", e.id, e.type, e.timestamp, e.actor, String(e.hash.prefix(12)), summary(e, units: units)]) }
                    print(output.format == .csv ? table.csv() : table.render())
                }
                if more, let last = events.last {
                    printError("more: events after seq \(last.seq) not listed (limit \(limit)); continue with --after \(last.seq), or list all with --all")
                }
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the hash chain and every balance; report the first broken event. Exit status 1 if broken.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var anchors: VerifyAnchorOptions

        func run() async throws {
            let chainAnchors = try anchors.load()
            let (report, units) = try await store.withLedger(readOnly: true) { ledger in
                (try await Workspace.verify(ledger, expectedHead: anchors.expectHead, anchors: chainAnchors), (try? await UnitLookup(ledger)) ?? UnitLookup())
            }
            switch output.format {
            case .json: print(try jsonString(report))
            case .csv:
                print("valid,events,head_hash,first_broken_seq,first_broken_event,reason")
                print([report.isValid ? "true" : "false", "\(report.events)", report.headHash, report.firstBroken.map { "\($0.seq)" } ?? "",
                       report.firstBroken?.event ?? "", (report.firstBroken?.reason ?? report.stateMismatches.first ?? "").csvEscaped].joined(separator: ","))
            case .table:
                if let broken = report.firstBroken {
                    print("BROKEN at event \(broken.event) (seq \(broken.seq)): \(broken.reason)")
                    print("\(report.events) events before it verify; head of the intact part \(report.headHash)")
                } else if !report.stateMismatches.isEmpty {
                    print("chain intact (\(report.events) events) but the stored state differs from the replay:")
                    for line in report.stateMismatches { print("  \(line)") }
                } else {
                    print("ok: \(report.events) events, hash chain intact, every invariant holds on replay, balances match")
                    print("head \(report.headHash)")
                }
                printFlaggedCloses(report.flaggedCloses, units: units)
            }
            if !report.isValid { throw ExitCode(1) }
        }
    }
}
