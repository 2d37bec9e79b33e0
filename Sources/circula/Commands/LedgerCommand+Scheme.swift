import ArgumentParser
import CirculaLedger
import CirculaWorkspace

extension LedgerCommand {
    struct Scheme: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the scheme rules the ledger is kept under (or a bundled profile's), each with its clause.",
            discussion: "Example: circula ledger scheme --name ul2809")

        @OptionGroup var store: StoreOptions
        @Option(help: "A bundled profile instead of the ledger's: iscc-plus, asi, ul2809, untp-mass-balance, untp-book-and-claim.") var name: String?
        @Option(help: "A custom profile file to check and show instead of the ledger's.") var file: String?

        func run() async throws {
            if name != nil || file != nil {
                guard let profile = try Workspace.schemeProfile(named: file != nil ? "custom" : name, file: file) else { return }
                printScheme(profile)
                return
            }
            try await store.withLedger { ledger in printScheme(try await Workspace.scheme(of: ledger)) }
        }

        func printScheme(_ profile: SchemeProfile) {
            print("\(profile.name) (\(profile.id)): \(profile.source)")
            var table = TextTable(["rule", "value", "clause"])
            for line in profile.ruleLines { table.add([line.rule, line.value, line.clause]) }
            print(table.render())
        }
    }
}
