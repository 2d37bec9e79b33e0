import ArgumentParser
import CirculaCore
import CirculaLedger
import CirculaWorkspace

extension LedgerCommand {
    struct Statement: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A customer's co-creation statement: scrap received, credits created and at which factor, deliveries, allocations, certificates.",
            discussion: "The same statement the server's customer portal shows (/statement, /api/v1/statement.csv). --period takes a ledger period (2024-04), a quarter (FY2024-Q1) or a fiscal year (FY2024); without it, every period.")

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, csv, html, json }

        @OptionGroup var store: StoreOptions
        @Option(help: "The customer, as named on its deliveries or ring-fenced account.") var customer: String
        @Option(help: "A ledger period, quarter or fiscal year (all periods when left out).") var period: String?
        @Option(help: "text, csv, html (printable, self-contained) or json.") var format: Format = .text
        @Option(help: "Write to this file instead of standard output.") var out: String?
        @Flag(help: "Replace --out when it exists.") var force = false

        func run() async throws {
            let (statement, head) = try await store.withLedger(readOnly: true) { ledger in
                (try await Workspace.customerStatement(customer: customer, period: period, in: ledger), try await ledger.store.head())
            }
            let source = "Read from the ledger at event \(head.seq), head hash \(head.hash.prefix(16))…; amounts exact (g, mg for precious metals), shown in the display unit."
            let text: String
            switch format {
            case .text: text = StatementText.render(statement) + "\n" + source + "\n"
            case .csv: text = statement.csv()
            case .html: text = statement.html(footer: source)
            case .json: text = try jsonString(statement) + "\n"
            }
            guard let out else { print(text, terminator: ""); return }
            do { try SecureFile.write(text, to: out, mode: 0o644, overwrite: force) } catch { throw fail(error) }
            print("wrote \(out): co-creation statement of \(statement.customer)\(statement.period.map { ", \($0)" } ?? ""), \(statement.periods.count) period\(statement.periods.count == 1 ? "" : "s") (\(format.rawValue))")
        }
    }
}
