/// The application core: one function per use case, over CirculaCore, CirculaBalance, CirculaLedger and CirculaPlan.
///
/// Every front end (the `circula` CLI, the HTTP server) calls these functions and nothing else for domain work, so
/// both do exactly the same thing. A use case takes typed input, returns a typed report and throws typed errors
/// (`InputErrors` with file, line and column; `LedgerError`; `WorkspaceError`); it never prints: the front end
/// decides how a report looks.
///
/// Why a target of its own: the use cases join libraries that must not depend on each other (a credit factor comes
/// from CirculaBalance and is booked by CirculaLedger), and the four-library graph stays free of cycles.
///
/// ```swift
/// let ledger = Ledger(store: try SQLiteStore(path: "circula.sqlite"), actor: "operator")
/// let report = try await Workspace.importLots(LotImportRequest(source: .sample, site: "saganoseki", recycledOnly: true), into: ledger)
/// print("imported \(report.stored.count) events from \(report.file)")
/// ```
public enum Workspace {}
