import ArgumentParser
import CirculaCore
import CirculaLedger
import Foundation

/// `circula ledger`: the recycled-content ledger (mass balance, credit method).
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Recycled-content ledger: receipts, credits, deliveries, claims, periods, verification.",
        subcommands: [Init.self, Receive.self, Issue.self, Transfer.self, Deliver.self, Allocate.self, ClosePeriod.self, Correct.self,
                      Balance.self, History.self, Verify.self, CheckpointCommand.self, Ratio.self, Statement.self, Export.self,
                      Scheme.self, Input.self, Assess.self, Book.self, TransferCredit.self, Retire.self, CreditRegisterCommand.self]
    )
}
