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
            let report = try await store.withLedger(readOnly: true) { ledger in
                try await Workspace.verify(ledger, expectedHead: anchors.expectHead, anchors: chainAnchors)
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
            }
            if !report.isValid { throw ExitCode(1) }
        }
    }

    struct Ratio: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recycling ratio per product and period: recycled output (claimed credits) / total output (deliveries), and its trend.",
            discussion: "With --lots (or --sample-lots), also the input-side recycled share of --element: recycled receipts / all lots' input.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: FormatOption
        @Option(help: "Only this product.") var product: String?
        @Option(help: "Lot file with every input (recycled and primary) for the input-side share.") var lots: String?
        @Flag(help: "Use the bundled sample lots for the input-side share.") var sampleLots = false
        @Option(help: "Element symbol for the input-side share.", transform: elementSymbol) var element: Element = "Cu"

        struct Row: Encodable {
            var product: String, period: String, deliveries: Int, delivered: String, recycled: String, unit: String
            var recycled_share_ppm: Int64, recycled_share_percent: String, change_points: String?
        }
        struct InputRow: Encodable {
            var element: String, period: String, recycled_input: String, total_input: String, unit: String, recycled_share_ppm: Int64, recycled_share_percent: String
        }
        struct Output: Encodable { var output: [Row]; var input: [InputRow] }

        func run() async throws {
            try await store.withLedger { ledger in
                let report = try await Workspace.recyclingRatios(product: product, lots: lots != nil || sampleLots ? LotSource(path: lots) : nil,
                                                                 element: element, in: ledger)
                let rows = report.output.map { r, change in
                    Row(product: r.product, period: r.period, deliveries: r.deliveries, delivered: plain(r.delivered, r.unit),
                        recycled: plain(r.recycled, r.unit), unit: r.unit.displayUnit, recycled_share_ppm: r.sharePpm,
                        recycled_share_percent: percent(ppm: r.sharePpm), change_points: change.map { ($0 < 0 ? "-" : "+") + percent(ppm: abs($0)) })
                }
                let inputs = report.input.map { s in
                    InputRow(element: s.element.symbol, period: s.period, recycled_input: plain(s.recycledInput, s.unit),
                             total_input: plain(s.totalInput, s.unit), unit: s.unit.displayUnit,
                             recycled_share_ppm: s.sharePpm, recycled_share_percent: percent(ppm: s.sharePpm))
                }
                var table = TextTable(["product", "period", "deliveries", "delivered", "recycled", "unit", "recycled share [%]", "trend [pp]"], rightAligned: [2, 3, 4, 6, 7])
                for r in rows { table.add([r.product, r.period, "\(r.deliveries)", r.delivered, r.recycled, r.unit, r.recycled_share_percent, r.change_points ?? "-"]) }
                var inputTable = TextTable(["element", "period", "recycled input", "total input", "unit", "input recycled share [%]"], rightAligned: [2, 3, 5])
                for r in inputs { inputTable.add([r.element, r.period, r.recycled_input, r.total_input, r.unit, r.recycled_share_percent]) }
                switch output.format {
                case .json: print(try jsonString(Output(output: rows, input: inputs)))
                case .csv:
                    print(table.csv())
                    if !inputs.isEmpty { print(""); print(inputTable.csv()) }
                case .table:
                    print("Recycling ratio = recycled output (credits claimed on deliveries) / total output (deliveries)")
                    print(table.render())
                    if !inputs.isEmpty {
                        print("\nInput side: recycled \(element) received / all \(element) input in \(lots ?? "sample-lots.csv")")
                        print(inputTable.render())
                    }
                }
            }
        }
    }
}
