import ArgumentParser
import CirculaCore

/// Shows input errors one per line and exits with status 1, without ArgumentParser's usage text.
func failWith(_ errors: InputErrors) -> ExitCode {
    for error in errors.errors { printError("error: \(error)") }
    if errors.errors.count > 1 { printError("\(errors.errors.count) errors; nothing was imported.") }
    return ExitCode(1)
}
