import ArgumentParser
import CirculaBalance
import CirculaCore
import CirculaLedger
import CirculaPlan

/// The one place where an error becomes a message on standard error and an exit status.
///
/// Exit statuses of `circula`:
/// - 0: done;
/// - 1: refused: bad input (every problem with its file, line and column), a ledger rule, a certificate, a store;
/// - 2: `plan`: the scenario has no optimal plan (infeasible, unbounded), set by the command itself;
/// - 64: usage (unknown option, missing argument), printed by ArgumentParser with the usage text.
///
/// Commands call it as `catch { throw fail(error) }`; whatever it returns is what the command throws.
func fail(_ error: any Error) -> any Error {
    switch error {
    case is ExitCode, is CleanExit:
        return error
    case let error as InputErrors:
        for located in error.errors { printError("error: \(located)") }
        if error.errors.count > 1 { printError("\(error.errors.count) errors; nothing was imported.") }
    case let error as LedgerError:
        printError("refused: \(error.description.terminalSafe)")
    case let error as BalanceError:
        printError("error: \(error)")
        if case .missingCoefficients = error {
            printError("hint: add the row to the model, or run with --allow-missing-rows to book it as stock with a warning")
        }
    case let error as PlanError:
        if case .input(let errors) = error {
            for located in errors { printError("error: \(located)") }
        } else {
            printError("error: \(error)")
        }
    case let error as ValidationError:
        printError("error: \(error.message)")
    default:
        printError("error: \(error)")
    }
    return ExitCode.failure
}
