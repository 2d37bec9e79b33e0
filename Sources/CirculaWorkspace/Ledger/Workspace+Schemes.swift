import CirculaCore
import CirculaLedger
import Foundation

extension Workspace {
    /// The scheme profile `--scheme NAME` names: a bundled one, or with `custom` the file `--scheme-file` gives
    /// (validated, every error with its line and key). Nil when no scheme is named (Circula's default rules).
    /// - Throws: `InputErrors` (unknown name, a custom scheme without a file, a bad file).
    ///
    /// ```swift
    /// let profile = try Workspace.schemeProfile(named: "iscc-plus", file: nil)
    /// ```
    public static func schemeProfile(named name: String?, file: String?) throws(InputErrors) -> SchemeProfile? {
        guard let name else {
            if let file { throw InputErrors([LocatedError(SourceLocation(file: file), "--scheme-file needs --scheme custom")]) }
            return nil
        }
        if name == "custom" {
            guard let file else { throw InputErrors([LocatedError(SourceLocation(file: "--scheme"), "--scheme custom needs --scheme-file FILE")]) }
            return try SchemeProfile.read(URL(fileURLWithPath: file), displayName: file)
        }
        if let file { throw InputErrors([LocatedError(SourceLocation(file: file), "--scheme-file is only for --scheme custom, not \(name)")]) }
        return try SchemeProfile.bundled(name)
    }

    /// The ledger's scheme profile (recorded at init, or Circula's default rules).
    public static func scheme(of ledger: Ledger) async throws -> SchemeProfile {
        guard let scheme = try await ledger.state().scheme else { throw LedgerError.notInitialized }
        return scheme
    }
}
