import ArgumentParser

/// The `circula` command line: a thin shell over the Circula libraries.
@main
struct Circula: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circula",
        abstract: "Metals resource circulation: elements, lots, balances, recycled-content ledger, feed plans.",
        version: "0.1.0",
        subcommands: [
            ElementsCommand.self, LotsCommand.self, ModelCommand.self, BalanceCommand.self,
            LedgerCommand.self, CertificateCommand.self, PlanCommand.self, OutlookCommand.self,
            YearCommand.self, BatteryCommand.self, RareEarthCommand.self,
        ]
    )
}
