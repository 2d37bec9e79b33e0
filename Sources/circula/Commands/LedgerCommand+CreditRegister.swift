import ArgumentParser
import CirculaCore
import CirculaLedger
import CirculaWorkspace

extension LedgerCommand {
    /// `circula ledger credit-register`: book and claim's register of assessed volumes and booked credit ids.
    struct CreditRegisterCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "credit-register",
            abstract: "Book and claim: the register of assessed volumes and booked credit ids (amount, holder, retired for whom, or expired).")

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, csv, json }

        @OptionGroup var store: StoreOptions
        @Option(help: "One balancing period (every period when left out).") var period: String?
        @Option(help: "text, csv (one row per credit id) or json.") var format: Format = .text

        func run() async throws {
            let register = try await store.withLedger(readOnly: true) { ledger in
                try await Workspace.creditRegister(period: period, in: ledger)
            }
            switch format {
            case .json: print(try jsonString(register))
            case .csv: print(creditTable(register).csv())
            case .text:
                var assessed = TextTable(["period", "product", "assessed", "booked", "remaining", "unit", "certifier", "document", "event"], rightAligned: [2, 3, 4])
                for a in register.assessments {
                    assessed.add([a.period, a.product, plain(a.assessed, a.unit), plain(a.booked, a.unit), plain(a.remaining, a.unit), a.unit.displayUnit,
                                  a.certifier, a.document, a.event])
                }
                print("Assessed volumes\(register.period.map { " of \($0)" } ?? "") (the cap on booking per period and product)")
                print(register.assessments.isEmpty ? "  none" : assessed.render())
                print("\nBooked credits (\(register.credits.count)): " + CreditRegister.Status.allCases.map { status in
                    "\(register.credits.filter { $0.status == status }.count) \(status.rawValue)"
                }.joined(separator: ", "))
                if !register.credits.isEmpty { print(creditTable(register).render()) }
            }
        }

        func creditTable(_ register: CreditRegister) -> TextTable {
            var table = TextTable(["credit", "period", "product", "amount", "unit", "booked", "status", "holder", "retired for", "events"], rightAligned: [3])
            for c in register.credits {
                table.add([c.credit, c.period, c.product, plain(c.amount, c.unit), c.unit.displayUnit, c.booked, c.status.rawValue,
                           c.holder ?? "", c.retiredFor ?? "", c.events.joined(separator: " ")])
            }
            return table
        }
    }
}
